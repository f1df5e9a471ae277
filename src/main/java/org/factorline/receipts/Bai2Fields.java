package org.factorline.receipts;

import java.util.List;

/**
 * The fields of one logical BAI2 record: its first physical record and the 88 continuations after it,
 * read from left to right as one list. A field ends at a comma; a slash ends the physical record (blanks
 * may follow it, nothing else), and the fields go on in the next continuation, if any. The text field of
 * a transaction detail (16) is different: it runs to the end of the record and into every continuation,
 * and may hold commas and slashes.
 */
final class Bai2Fields {

    private final String type;
    private final List<Bai2Lines.Line> segments;
    private int segment;
    private int position = 3; // past "NN,"
    private boolean closed; // the current physical record's "/" was read

    Bai2Fields(String type, List<Bai2Lines.Line> segments) {
        this.type = type;
        this.segments = segments;
    }

    String type() {
        return type;
    }

    /** The line of the first physical record. */
    long firstLine() {
        return segments.get(0).number();
    }

    /** The line the field read last is on (or the next field, when none was read yet). */
    long line() {
        return segments.get(Math.min(segment, segments.size() - 1)).number();
    }

    /** How many physical records (this one and its continuations) the record takes up. */
    int physicalRecords() {
        return segments.size();
    }

    /** The next field, "" when left empty, null when the record has no more fields. A slash ends it. */
    String next() {
        if (!advance()) {
            return null;
        }
        String text = segments.get(segment).text();
        int end = position;
        while (end < text.length() && text.charAt(end) != ',' && text.charAt(end) != '/') {
            end++;
        }
        String value = text.substring(position, end);
        if (end == text.length()) {
            position = end;
        } else if (text.charAt(end) == ',') {
            position = end + 1;
        } else {
            close(text, end);
        }
        return value;
    }

    /**
     * The next field, which may hold a slash: it ends at a comma only, or at the end of the physical
     * record, less the record's closing slash. Banks put slashes in references.
     */
    String nextAllowingSlash() {
        if (!advance()) {
            return null;
        }
        String text = segments.get(segment).text();
        int comma = text.indexOf(',', position);
        if (comma >= 0) {
            String value = text.substring(position, comma);
            position = comma + 1;
            return value;
        }
        String value = text.substring(position);
        position = text.length();
        if (value.endsWith("/")) {
            closed = true;
            value = value.substring(0, value.length() - 1);
        }
        return value;
    }

    /**
     * The rest of the record as text: what is left of this physical record and every continuation, each
     * less one closing slash, joined by a space. Stops with an error past {@code maxLength} characters.
     */
    String rest(int maxLength, String field) {
        StringBuilder text = new StringBuilder();
        boolean first = true;
        while (segment < segments.size()) {
            String physical = segments.get(segment).text();
            String piece = first && !closed
                    ? physical.substring(Math.min(position, physical.length()))
                    : first ? "" : physical.substring(3);
            if (piece.endsWith("/")) {
                piece = piece.substring(0, piece.length() - 1);
            }
            piece = piece.strip();
            if (!piece.isEmpty()) {
                if (text.length() > 0) {
                    text.append(' ');
                }
                text.append(piece);
                if (text.length() > maxLength) {
                    throw BankFileException.at(
                            segments.get(segment).number(),
                            field,
                            text.substring(0, Math.min(text.length(), 40)),
                            "is longer than " + maxLength + " characters");
                }
            }
            first = false;
            segment++;
        }
        segment = segments.size();
        return text.toString();
    }

    /** Checks that no field is left and that the record ends with a slash, as every BAI2 record but 16 must. */
    void end() {
        String extra;
        while ((extra = next()) != null) {
            if (!extra.isEmpty()) {
                throw BankFileException.at(
                        line(),
                        "recordType",
                        type,
                        "has more fields than a " + type + " record has: \"" + extra + "\"");
            }
        }
        Bai2Lines.Line last = segments.get(segments.size() - 1);
        if (!last.text().endsWith("/")) {
            throw BankFileException.at(last.number(), "record", last.text(), "does not end with \"/\"");
        }
    }

    /** Moves to the next physical record when this one is used up; false when the whole record is. */
    private boolean advance() {
        while (segment < segments.size()) {
            String text = segments.get(segment).text();
            if (!closed && position < text.length()) {
                return true;
            }
            segment++;
            position = 3; // past "88,"
            closed = false;
        }
        return false;
    }

    private void close(String text, int slash) {
        for (int i = slash + 1; i < text.length(); i++) {
            if (!Character.isWhitespace(text.charAt(i))) {
                throw BankFileException.at(
                        segments.get(segment).number(),
                        "record",
                        text.substring(slash),
                        "has characters after the \"/\" that ends the record");
            }
        }
        closed = true;
        position = text.length();
    }
}
