package org.factorline.identity;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The audit lines one transaction has recorded and not yet appended, in the order recorded. Up to
 * {@code holdAtMost} are held in memory; past that they are written out to a file of their own in the
 * temporary directory and read back, {@code holdAtMost} at a time, when the transaction appends them. A
 * bank file of a million payments records about four million lines, some 4 GB with the records before and
 * after: held whole, they would fill any heap. The file's name is removed as soon as it is made; its space
 * is freed when the transaction ends, committed or not, or when the process does, however it ends — a
 * crash leaves nothing behind, and loses nothing, since the transaction the lines belong to never committed.
 */
final class PendingLines {

    private final int holdAtMost;
    private final Path directory;
    private List<AuditChain.Line> held = new ArrayList<>();
    /** The file's channel, open from the first line written out until {@link #discard}; its name is gone. */
    private FileChannel file;

    private DataOutputStream out;
    private long written;
    /** Set when writing out failed part way: what is in the file can no longer be read back line by line. */
    private IOException broken;

    PendingLines(int holdAtMost, Path directory) {
        if (holdAtMost < 1) {
            throw new IllegalArgumentException("holdAtMost must be at least 1, not " + holdAtMost);
        }
        this.holdAtMost = holdAtMost;
        this.directory = directory;
    }

    void add(AuditChain.Line line) {
        held.add(line);
        if (held.size() >= holdAtMost) {
            writeOut();
        }
    }

    void addAll(List<AuditChain.Line> lines) {
        for (AuditChain.Line line : lines) {
            add(line);
        }
    }

    /** How many lines in all, written out or held. */
    long size() {
        return written + held.size();
    }

    /** Whether any line went to the file. */
    boolean writtenOut() {
        return file != null;
    }

    /** Every line, when they were all held (none written out). */
    List<AuditChain.Line> held() {
        if (file != null) {
            throw new IllegalStateException("lines were written out: read them with forEachChunk");
        }
        return held;
    }

    /** Hands every line over in order, at most {@code holdAtMost} at a time: those written out, then those held. */
    void forEachChunk(Consumer<List<AuditChain.Line>> chunk) {
        if (broken != null) {
            throw new UncheckedIOException(
                    "the audit lines could not all be written out, so they cannot be read back", broken);
        }
        if (file != null) {
            try {
                out.flush();
                file.position(0);
                // not closed here: closing the stream would close the channel, which discard() does
                DataInputStream in =
                        new DataInputStream(new BufferedInputStream(Channels.newInputStream(file), 1 << 16));
                List<AuditChain.Line> lines = new ArrayList<>(holdAtMost);
                for (long i = 0; i < written; i++) {
                    lines.add(read(in));
                    if (lines.size() == holdAtMost) {
                        chunk.accept(lines);
                        lines = new ArrayList<>(holdAtMost);
                    }
                }
                if (!lines.isEmpty()) {
                    chunk.accept(lines);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("the audit lines written out could not be read back", e);
            }
        }
        if (!held.isEmpty()) {
            chunk.accept(held);
        }
    }

    /** Closes the file, if there is one, which frees its space; the lines are gone. */
    void discard() {
        held = new ArrayList<>();
        FileChannel open = file;
        file = null;
        out = null;
        written = 0;
        if (open != null) {
            try {
                open.close();
            } catch (IOException e) {
                throw new UncheckedIOException("the audit lines' file could not be closed", e);
            }
        }
    }

    private void writeOut() {
        if (broken != null) {
            throw new UncheckedIOException("the audit lines could not all be written out", broken);
        }
        try {
            if (file == null) {
                Files.createDirectories(directory);
                Path name = Files.createTempFile(directory, "factorline-audit-", ".lines");
                FileChannel channel = FileChannel.open(
                        name, StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.DELETE_ON_CLOSE);
                // the name goes at once: the space stays in use until the channel is closed, and a process
                // that dies with the transaction open (out of memory, killed) leaves no file behind
                try {
                    Files.deleteIfExists(name);
                } catch (IOException e) {
                    // a file system that keeps open files' names: DELETE_ON_CLOSE removes it at the end
                }
                out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16));
                file = channel;
            }
            for (AuditChain.Line line : held) {
                write(out, line);
            }
            written += held.size();
            held = new ArrayList<>();
        } catch (IOException e) {
            broken = e;
            throw new UncheckedIOException(
                    "the transaction's audit lines could not be written out to a file in " + directory
                            + " (is the disk full?)",
                    e);
        }
    }

    private static void write(DataOutputStream out, AuditChain.Line l) throws IOException {
        out.writeLong(l.id().getMostSignificantBits());
        out.writeLong(l.id().getLeastSignificantBits());
        out.writeLong(l.occurredAt().getEpochSecond());
        out.writeInt(l.occurredAt().getNano());
        text(out, l.actor());
        text(out, l.action());
        text(out, l.entityType());
        uuid(out, l.entityId());
        uuid(out, l.clientId());
        text(out, l.summary());
        text(out, l.beforeJson());
        text(out, l.afterJson());
        text(out, l.reason());
    }

    private static AuditChain.Line read(DataInputStream in) throws IOException {
        UUID id = new UUID(in.readLong(), in.readLong());
        Instant at = Instant.ofEpochSecond(in.readLong(), in.readInt());
        return new AuditChain.Line(
                id, at, text(in), text(in), text(in), uuid(in), uuid(in), text(in), text(in), text(in), text(in));
    }

    private static void text(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String text(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void uuid(DataOutputStream out, UUID id) throws IOException {
        out.writeBoolean(id != null);
        if (id != null) {
            out.writeLong(id.getMostSignificantBits());
            out.writeLong(id.getLeastSignificantBits());
        }
    }

    private static UUID uuid(DataInputStream in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        return new UUID(in.readLong(), in.readLong());
    }
}
