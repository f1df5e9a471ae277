package org.factorline.invoices;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InvoiceNumbersTest {

    @ParameterizedTest(name = "\"{0}\" -> \"{1}\"")
    @CsvSource(
            delimiter = '|',
            value = {
                "INV-00123    | INV123",
                "inv 123      | INV123",
                "00123        | 123",
                "123          | 123",
                "A/0012-0034  | A1234",
                "12-003       | 123",
                "12003        | 12003",
                "INV-000      | INV0",
                "0            | 0",
                "'  ---  '    | ''",
                "Fac.2026/007 | FAC20267",
                "ré-42        | RÉ42"
            })
    void normalizesCasePunctuationAndLeadingZeros(String number, String key) {
        assertThat(InvoiceNumbers.normalize(number)).isEqualTo(key);
    }

    /** Found by fuzzing the schedule import: "ﬃ" × 40 made a key of 120 characters, too long for its column. */
    @org.junit.jupiter.api.Test
    void aKeyIsNeverLongerThanItsColumnEvenWhenUpperCasingLengthensTheNumber() {
        assertThat(InvoiceNumbers.normalize("ﬃ".repeat(40)))
                .isEqualTo("FFI".repeat(14).substring(0, 40));
        assertThat(InvoiceNumbers.normalize("ß".repeat(40))).hasSize(InvoiceNumbers.MAX_KEY_LENGTH);
        assertThat(InvoiceNumbers.normalize("Straße-7")).isEqualTo("STRASSE7"); // shorter keys are unchanged
    }

    @ParameterizedTest(name = "{0} ~ {1}: {2}")
    @CsvSource({
        "INV123, INV123, true",
        "INV123, 123, true", // one contains the other
        "123, INV123, true",
        "INV123, INV124, true", // one character changed
        "INV123, INV1234, true", // one inserted
        "INV123, INV12, true", // one deleted (and contained)
        "INV123, IVN123, false", // two changes (a swap)
        "INV123, INV456, false",
        "INV123, '', false",
        "1001, 2002, false",
        "AB10, BA10, false"
    })
    void similarMeansEqualContainedOrOneEditApart(String a, String b, boolean similar) {
        assertThat(InvoiceNumbers.similar(a, b)).isEqualTo(similar);
        assertThat(InvoiceNumbers.similar(b, a)).isEqualTo(similar);
    }

    @ParameterizedTest
    @CsvSource({"kitten, sitting, 3", "INV1, INV1, 0", "INV1, INV2, 1", "'', ABC, 3", "ABC, AC, 1"})
    void distanceIsLevenshtein(String a, String b, int d) {
        assertThat(InvoiceNumbers.distance(a, b)).isEqualTo(d);
        assertThat(InvoiceNumbers.withinOneEdit(a, b)).isEqualTo(d <= 1);
    }
}
