package org.factorline.receipts;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * A forward-only walk over an XML file with the JDK's StAX reader, which knows the path and line of the
 * element it is in, for error messages. Document type declarations are refused outright, so neither
 * external entities (XXE) nor entity expansion (billion laughs) can happen; nothing is ever held as a
 * tree, so a file of a million entries takes the memory of one.
 *
 * <p>{@link #nextChild()} enters the next child element of the current one, or leaves the current one
 * and returns false; {@link #text}, {@link #skip} and {@link #leaves} read an entered element to its end.
 */
final class XmlCursor implements AutoCloseable {

    /** One value read from an element or attribute, with where it was. */
    record Leaf(String text, long line, String path) {}

    private static final class Frame {
        final String name;
        final String path;
        final long line;
        final Map<String, Integer> children = new HashMap<>();

        Frame(String name, String path, long line) {
            this.name = name;
            this.path = path;
            this.line = line;
        }
    }

    private static final int SNIFF_BYTES = 1024;
    private static final Pattern ENCODING =
            Pattern.compile("\\s*<\\?xml\\s[^>]*?encoding\\s*=\\s*[\"']([A-Za-z0-9._:\\-]{1,40})[\"']");

    private final XMLStreamReader reader;
    private final Set<String> repeatable;
    private final List<Frame> frames = new ArrayList<>();
    private long lastLine = 1;

    private XmlCursor(XMLStreamReader reader, Set<String> repeatable) {
        this.reader = reader;
        this.repeatable = repeatable;
    }

    /** @param repeatable names of elements that may repeat, shown with their position in paths: Ntry[3] */
    static XmlCursor open(InputStream in, Set<String> repeatable) {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory(); // the JDK's own, whatever the classpath holds
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        try {
            return new XmlCursor(factory.createXMLStreamReader(decoded(in)), repeatable);
        } catch (XMLStreamException | RuntimeException e) {
            if (e instanceof BankFileException b) {
                throw b;
            }
            throw malformed(e, 1, "Document");
        }
    }

    /**
     * The bytes as characters, decoded here rather than by the XML reader, which would print malformed
     * bytes to the console: UTF-16 or UTF-8 by the byte order mark, UTF-16 by the shape of "&lt;?", else
     * the encoding the XML declaration names, else UTF-8. Bytes that are not text in it are refused.
     */
    private static Reader decoded(InputStream in) {
        BufferedInputStream buffered = new BufferedInputStream(in, SNIFF_BYTES);
        byte[] head;
        try {
            buffered.mark(SNIFF_BYTES);
            head = buffered.readNBytes(SNIFF_BYTES);
            buffered.reset();
            int b0 = head.length > 0 ? head[0] & 0xFF : -1;
            int b1 = head.length > 1 ? head[1] & 0xFF : -1;
            int b2 = head.length > 2 ? head[2] & 0xFF : -1;
            Charset charset;
            if (b0 == 0xEF && b1 == 0xBB && b2 == 0xBF) {
                buffered.skipNBytes(3);
                charset = StandardCharsets.UTF_8;
            } else if (b0 == 0xFE && b1 == 0xFF) {
                buffered.skipNBytes(2);
                charset = StandardCharsets.UTF_16BE;
            } else if (b0 == 0xFF && b1 == 0xFE) {
                buffered.skipNBytes(2);
                charset = StandardCharsets.UTF_16LE;
            } else if (b0 == '<' && b1 == 0) {
                charset = StandardCharsets.UTF_16LE;
            } else if (b0 == 0 && b1 == '<') {
                charset = StandardCharsets.UTF_16BE;
            } else {
                charset = declared(new String(head, StandardCharsets.ISO_8859_1));
            }
            return new InputStreamReader(
                    buffered,
                    charset.newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT));
        } catch (IOException e) {
            throw BankFileException.at(1, "Document", null, "could not be read: " + e.getMessage());
        }
    }

    private static Charset declared(String head) {
        java.util.regex.Matcher declaration = ENCODING.matcher(head);
        if (!declaration.lookingAt()) {
            return StandardCharsets.UTF_8;
        }
        String name = declaration.group(1);
        try {
            return Charset.forName(name);
        } catch (IllegalArgumentException e) { // illegal or unsupported charset name
            throw BankFileException.at(1, "encoding", name, "is not a text encoding this reader knows");
        }
    }

    /** Moves to the root element and enters it; refuses a document type declaration. */
    String enterRoot() {
        while (true) {
            int event = next();
            switch (event) {
                case XMLStreamConstants.START_ELEMENT -> {
                    push();
                    return name();
                }
                case XMLStreamConstants.DTD ->
                    throw BankFileException.at(
                            lastLine,
                            "DOCTYPE",
                            null,
                            "is not allowed: a bank file has no document type declaration, and one could make the"
                                    + " reader fetch other files or expand entities without end");
                case XMLStreamConstants.END_DOCUMENT ->
                    throw BankFileException.at(lastLine, "Document", null, "the file holds no XML element");
                default -> {} // the XML declaration, comments, processing instructions, blanks
            }
        }
    }

    /** Enters the next child element and returns true, or leaves the current element and returns false. */
    boolean nextChild() {
        while (true) {
            int event = next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                push();
                return true;
            }
            if (event == XMLStreamConstants.END_ELEMENT) {
                pop();
                return false;
            }
            if (event == XMLStreamConstants.END_DOCUMENT) {
                throw endsInside();
            }
            // text between elements, comments and processing instructions are passed over
        }
    }

    /** The text of the entered element, stripped, and leaves it; refused if longer than {@code max} or if it holds elements. */
    String text(int max) {
        StringBuilder text = new StringBuilder();
        while (true) {
            int event = next();
            switch (event) {
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                    text.append(reader.getTextCharacters(), reader.getTextStart(), reader.getTextLength());
                    if (text.length() > max) {
                        throw BankFileException.at(
                                line(), path(), text.substring(0, 40), "is longer than " + max + " characters");
                    }
                }
                case XMLStreamConstants.START_ELEMENT ->
                    throw BankFileException.at(
                            lastLine, path(), null, "must hold text, not the element " + reader.getLocalName());
                case XMLStreamConstants.END_ELEMENT -> {
                    pop();
                    return text.toString().strip();
                }
                case XMLStreamConstants.END_DOCUMENT -> throw endsInside();
                default -> {}
            }
        }
    }

    /** Reads past the entered element and everything in it. */
    void skip() {
        int depth = 0;
        while (true) {
            int event = next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
                if (frames.size() + depth > BankFileLimits.MAX_XML_DEPTH) {
                    throw tooDeep();
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                if (depth == 0) {
                    pop();
                    return;
                }
                depth--;
            } else if (event == XMLStreamConstants.END_DOCUMENT) {
                throw endsInside();
            }
        }
    }

    /**
     * Reads the entered element to its end and returns every leaf in it by its path relative to the
     * element ("Id/IBAN", "Amt", attributes as "Amt/@Ccy", the element's own text as ""). Where a path
     * repeats, the first one is kept. Meant for small elements: an account, a party, a reference block.
     */
    Map<String, Leaf> leaves() {
        Map<String, Leaf> leaves = new LinkedHashMap<>();
        collect("", leaves);
        return leaves;
    }

    private void collect(String key, Map<String, Leaf> leaves) {
        Frame frame = frames.get(frames.size() - 1);
        for (int i = 0; i < reader.getAttributeCount(); i++) {
            String attribute = "@" + reader.getAttributeLocalName(i);
            leaves.putIfAbsent(
                    key.isEmpty() ? attribute : key + "/" + attribute,
                    new Leaf(reader.getAttributeValue(i), frame.line, frame.path + "/" + attribute));
        }
        StringBuilder text = new StringBuilder();
        boolean container = false;
        while (true) {
            int event = next();
            switch (event) {
                case XMLStreamConstants.START_ELEMENT -> {
                    container = true;
                    push();
                    String name = name();
                    collect(key.isEmpty() ? name : key + "/" + name, leaves);
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                    if (!container && text.length() <= BankFileLimits.MAX_TEXT_LENGTH) {
                        text.append(reader.getTextCharacters(), reader.getTextStart(), reader.getTextLength());
                    }
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    if (!container) {
                        if (text.length() > BankFileLimits.MAX_TEXT_LENGTH) {
                            throw BankFileException.at(
                                    frame.line,
                                    frame.path,
                                    text.substring(0, 40),
                                    "is longer than " + BankFileLimits.MAX_TEXT_LENGTH + " characters");
                        }
                        leaves.putIfAbsent(key, new Leaf(text.toString().strip(), frame.line, frame.path));
                    }
                    pop();
                    return;
                }
                case XMLStreamConstants.END_DOCUMENT -> throw endsInside();
                default -> {}
            }
        }
    }

    /** An attribute of the element just entered; null when absent. */
    String attribute(String name) {
        return reader.getAttributeValue(null, name);
    }

    /** The namespace of the element just entered. */
    String namespace() {
        return reader.getNamespaceURI();
    }

    /** The name of the element the cursor is in. */
    String name() {
        return frames.get(frames.size() - 1).name;
    }

    /** The path of the element the cursor is in, such as Document/BkToCstmrStmt/Stmt[1]/Ntry[2]/Amt. */
    String path() {
        return frames.isEmpty() ? "Document" : frames.get(frames.size() - 1).path;
    }

    /** The line the element the cursor is in starts on. */
    long line() {
        return frames.isEmpty() ? lastLine : frames.get(frames.size() - 1).line;
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (XMLStreamException e) {
            // nothing was written; the input stream is the caller's to close
        }
    }

    private void push() {
        if (frames.size() >= BankFileLimits.MAX_XML_DEPTH) {
            throw tooDeep();
        }
        String name = reader.getLocalName();
        String path;
        if (frames.isEmpty()) {
            path = name;
        } else {
            Frame parent = frames.get(frames.size() - 1);
            int index = parent.children.merge(name, 1, Integer::sum);
            path = parent.path + "/" + name + (repeatable.contains(name) ? "[" + index + "]" : "");
        }
        frames.add(new Frame(name, path, lastLine));
    }

    private void pop() {
        frames.remove(frames.size() - 1);
    }

    private int next() {
        try {
            if (!reader.hasNext()) {
                throw endsInside();
            }
            int event = reader.next();
            Location location = reader.getLocation();
            if (location != null && location.getLineNumber() > 0) {
                lastLine = location.getLineNumber();
            }
            return event;
        } catch (XMLStreamException e) {
            throw malformed(e, lastLine, path());
        } catch (BankFileException e) {
            throw e;
        } catch (RuntimeException e) {
            // The JDK's reader reports some broken input (a bad encoding, say) this way.
            throw malformed(e, lastLine, path());
        }
    }

    private BankFileException endsInside() {
        return BankFileException.at(lastLine, path(), null, "the file ends inside this element");
    }

    private BankFileException tooDeep() {
        return BankFileException.at(
                lastLine, path(), null, "elements are nested more than " + BankFileLimits.MAX_XML_DEPTH + " deep");
    }

    private static BankFileException malformed(Exception e, long line, String path) {
        long at = line;
        if (e instanceof XMLStreamException x
                && x.getLocation() != null
                && x.getLocation().getLineNumber() > 0) {
            at = x.getLocation().getLineNumber();
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof CharacterCodingException
                    || (cause instanceof XMLStreamException x
                            && x.getNestedException() instanceof CharacterCodingException)) {
                return BankFileException.at(
                        at,
                        path,
                        null,
                        "holds bytes that are not text in the file's encoding (UTF-8 unless it says otherwise)");
            }
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int cut = message.indexOf("Message: ");
        if (cut >= 0) {
            message = message.substring(cut + "Message: ".length());
        }
        return BankFileException.at(at, path, null, "is not well-formed XML: " + message.strip());
    }
}
