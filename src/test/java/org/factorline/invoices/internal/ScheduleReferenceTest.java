package org.factorline.invoices.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScheduleReferenceTest {

    @ParameterizedTest
    @ValueSource(longs = {1, 9, 10, 123, 99_999, 100_000, 999_999, 1_000_000, 12_345_678, Long.MAX_VALUE})
    void aReferenceReadsAsTheFormattedOneDid(long n) {
        assertThat(ScheduleRepository.reference(2026, n)).isEqualTo(String.format("S-%d-%06d", 2026, n));
    }

    @Test
    void theNumberIsPaddedToSixDigits() {
        assertThat(ScheduleRepository.reference(2026, 123)).isEqualTo("S-2026-000123");
    }
}
