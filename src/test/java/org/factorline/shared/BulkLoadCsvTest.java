package org.factorline.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The CSV that COPY reads: every value quoted, quotes inside doubled wherever they stand, null left empty. */
class BulkLoadCsvTest {

    static String csv(Object v) {
        StringBuilder b = new StringBuilder();
        BulkLoad.csv(b, v);
        return b.toString();
    }

    @Test
    void quotesAreDoubledWhereverTheyStand() {
        assertThat(csv("plain")).isEqualTo("\"plain\"");
        assertThat(csv("")).isEqualTo("\"\"");
        assertThat(csv("\"")).isEqualTo("\"\"\"\"");
        assertThat(csv("{\"id\":\"a,b\"}")).isEqualTo("\"{\"\"id\"\":\"\"a,b\"\"}\"");
        assertThat(csv("a\"\"b\"")).isEqualTo("\"a\"\"\"\"b\"\"\"");
        assertThat(csv("line\nbreak, comma")).isEqualTo("\"line\nbreak, comma\"");
    }

    @Test
    void valuesAreWrittenAsCopyReadsThem() {
        assertThat(csv(null)).isEmpty();
        assertThat(csv(new BigDecimal("1E+3"))).isEqualTo("\"1000\"");
        assertThat(csv(Instant.parse("2026-03-02T14:00:00.123456Z"))).isEqualTo("\"2026-03-02T14:00:00.123456Z\"");
        assertThat(csv(42)).isEqualTo("\"42\"");
    }
}
