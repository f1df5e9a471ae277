package org.factorline.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RateTest {

    @Test
    void percentAndBasisPointsAreTheSameRate() {
        assertThat(Rate.percent("2.5")).isEqualTo(Rate.bps(250));
        assertThat(Rate.percent("0.75")).isEqualTo(Rate.bps(75));
        assertThat(Rate.percent("2.50")).isEqualTo(Rate.percent("2.5"));
        assertThat(Rate.percent(new BigDecimal("80.000"))).isEqualTo(Rate.percent("80"));
        assertThat(Rate.percent("100")).isEqualTo(Rate.bps(10_000));
        assertThat(Rate.bps(0)).isEqualTo(Rate.ZERO);
    }

    @Test
    void readsBackAsPercentBasisPointsAndFraction() {
        Rate rate = Rate.percent("2.5");
        assertThat(rate.percent()).isEqualByComparingTo("2.5");
        assertThat(rate.basisPoints()).isEqualByComparingTo("250");
        assertThat(rate.fraction()).isEqualByComparingTo("0.025");
        assertThat(Rate.bps(1).percent()).isEqualByComparingTo("0.01");
        assertThat(Rate.percent("100").percent().scale()).isZero();
    }

    @ParameterizedTest
    @CsvSource({
        "10000.00, 2.5,  250",
        "10000.00, 0.75, 75",
        "100.01,   0.75, 0.750075",
        "1,        0.01, 0.0001",
        "8000,     100,  8000"
    })
    void applyToKeepsFullPrecision(String amount, String percent, String expected) {
        assertThat(Rate.percent(percent).applyTo(new BigDecimal(amount))).isEqualByComparingTo(expected);
    }

    @Test
    void tieredFeeOfTheWorkedExample() {
        // 2.5% for days 1-30, then 0.75% per 10-day bracket or part: day 47 is two more brackets.
        Rate fee = Rate.percent("2.5").plus(Rate.percent("0.75").times(2));
        assertThat(fee).isEqualTo(Rate.percent("4.0"));
        assertThat(Money.usd("10000.00").times(fee, RoundingMode.HALF_UP)).isEqualTo(Money.usd("400.00"));
        Rate toDay90 = Rate.percent("2.5").plus(Rate.bps(75).times(6));
        assertThat(Money.usd("10000.00").times(toDay90, RoundingMode.HALF_UP)).isEqualTo(Money.usd("700.00"));
    }

    @Test
    void orderingSignAndText() {
        assertThat(Rate.percent("2.5")).isGreaterThan(Rate.percent("0.75"));
        assertThat(Rate.percent("-1").isNegative()).isTrue();
        assertThat(Rate.ZERO.isNegative()).isFalse();
        assertThat(Rate.percent("2.50")).hasToString("2.5%");
        assertThat(Rate.percent("100")).hasToString("100%");
        assertThat(Rate.bps(75)).hasToString("0.75%");
    }
}
