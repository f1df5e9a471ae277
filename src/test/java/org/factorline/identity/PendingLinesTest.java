package org.factorline.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A transaction's audit lines past what it holds go to a file and come back whole, in order, in parts. */
class PendingLinesTest {

    @TempDir
    Path dir;

    @Test
    void linesWrittenOutComeBackWholeInOrderAPartAtATime() throws Exception {
        PendingLines pending = new PendingLines(3, dir);
        List<AuditChain.Line> recorded = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            AuditChain.Line line = line(i);
            recorded.add(line);
            pending.add(line);
        }
        assertThat(pending.size()).isEqualTo(8);
        assertThat(pending.writtenOut()).isTrue();
        // the file has no name from the start: a process that dies now leaves nothing in the directory
        assertThat(Files.list(dir)).isEmpty();

        List<List<AuditChain.Line>> parts = new ArrayList<>();
        pending.forEachChunk(part -> parts.add(List.copyOf(part)));
        assertThat(parts).extracting(List::size).containsExactly(3, 3, 2);
        assertThat(parts.stream().flatMap(List::stream).toList()).containsExactlyElementsOf(recorded);

        pending.discard();
        assertThat(pending.writtenOut()).isFalse();
        assertThat(pending.size()).isZero();
    }

    @Test
    void fewLinesStayInMemoryAndNoFileIsMade() throws Exception {
        PendingLines pending = new PendingLines(3, dir);
        pending.addAll(List.of(line(0), line(1)));
        assertThat(pending.writtenOut()).isFalse();
        assertThat(pending.held()).containsExactly(line(0), line(1));
        assertThat(Files.list(dir)).isEmpty();
        pending.discard();
    }

    @Test
    void aDirectoryThatCannotBeWrittenIsNamed() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("a-file"), "x");
        PendingLines pending = new PendingLines(1, notADirectory);
        assertThatThrownBy(() -> pending.add(line(0)))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(notADirectory.toString());
    }

    @Test
    void afterAFailedWriteTheLinesAreNotReadBack() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("a-file"), "x");
        PendingLines pending = new PendingLines(1, notADirectory);
        assertThatThrownBy(() -> pending.add(line(0))).isInstanceOf(UncheckedIOException.class);
        assertThatThrownBy(() -> pending.forEachChunk(part -> {}))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("cannot be read back");
    }

    /** Every field set, empty ones and text beyond ASCII included, so the round trip checks each. */
    private static AuditChain.Line line(int i) {
        return new AuditChain.Line(
                new UUID(i, 42),
                Instant.parse("2026-12-07T10:15:30.123456Z").plusSeconds(i),
                "officer",
                "payment.applied",
                "payment",
                i % 2 == 0 ? new UUID(7, i) : null,
                i % 3 == 0 ? null : new UUID(9, i),
                "R-2026-" + i + " 1,234.50 applied → invoice Ünï " + i,
                i % 2 == 0 ? null : "{\"status\":\"FUNDED\"}",
                "{\"status\":\"PAID\",\"n\":" + i + "}",
                i % 4 == 0 ? null : "");
    }
}
