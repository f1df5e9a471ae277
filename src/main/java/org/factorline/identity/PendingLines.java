package org.factorline.identity;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The audit lines one transaction has recorded and not yet appended, in the order recorded. Up to
 * {@code holdAtMost} are held in memory; past that they are written out to a file of their own in the
 * temporary directory and read back, {@code holdAtMost} at a time, when the transaction appends them. A
 * bank file of a million payments records about four million lines, several gigabytes with the records
 * before and after: held whole, they would fill any heap. The file is deleted when the transaction ends,
 * committed or not; it holds nothing the database does not get, and nothing is lost with it in a crash,
 * since the transaction it belongs to never committed.
 */
final class PendingLines {

    private final int holdAtMost;
    private final Path directory;
    private List<AuditChain.Line> held = new ArrayList<>();
    private Path file;
    private DataOutputStream out;
    private long written;

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
        if (file != null) {
            try {
                out.close();
                try (DataInputStream in =
                        new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
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
                }
            } catch (IOException e) {
                throw new UncheckedIOException("the audit lines written out to " + file + " could not be read back", e);
            }
        }
        if (!held.isEmpty()) {
            chunk.accept(held);
        }
    }

    /** Deletes the file, if there is one; the lines are gone. */
    void discard() {
        held = new ArrayList<>();
        if (file == null) {
            return;
        }
        try {
            out.close();
        } catch (IOException e) {
            // closing only to delete
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("the audit lines' file " + file + " could not be deleted", e);
        } finally {
            file = null;
            out = null;
            written = 0;
        }
    }

    private void writeOut() {
        try {
            if (file == null) {
                Files.createDirectories(directory);
                file = Files.createTempFile(directory, "factorline-audit-", ".lines");
                out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
            }
            for (AuditChain.Line line : held) {
                write(out, line);
            }
            written += held.size();
            held = new ArrayList<>();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "the transaction's audit lines could not be written out to " + (file == null ? directory : file)
                            + " (is the temporary directory full?)",
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
