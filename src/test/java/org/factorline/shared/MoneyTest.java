package org.factorline.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MoneyTest {

    private static final Currency EUR = Currency.getInstance("EUR");
    private static final Currency JPY = Currency.getInstance("JPY");

    @Test
    void amountIsHeldAtTheCurrencysMinorUnits() {
        assertThat(Money.usd("5").amount()).isEqualByComparingTo("5").hasScaleOf(2);
        assertThat(Money.usd("5").amount().toPlainString()).isEqualTo("5.00");
        assertThat(Money.of("100", "JPY").amount().scale()).isZero();
        assertThat(Money.usd("5.1")).isEqualTo(Money.usd("5.10")).isEqualTo(Money.usd("5.100"));
        assertThat(Money.usd("5.1").hashCode()).isEqualTo(Money.usd("5.10").hashCode());
    }

    @ParameterizedTest
    @CsvSource({"1.005, USD", "0.001, USD", "100.5, JPY", "7970.999, EUR"})
    void moreDecimalsThanTheCurrencyHasAreRefused(String amount, String currency) {
        assertThatThrownBy(() -> Money.of(amount, currency))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(new BigDecimal(amount).toPlainString())
                .hasMessageContaining(currency);
    }

    @Test
    void nullsAreRefused() {
        assertThatThrownBy(() -> new Money(null, Money.USD)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Money(BigDecimal.ONE, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void plusAndMinus() {
        assertThat(Money.usd("8000.00").minus(Money.usd("25.00")).minus(Money.usd("5.00")))
                .isEqualTo(Money.usd("7970.00"));
        assertThat(Money.usd("0.10").plus(Money.usd("0.20"))).isEqualTo(Money.usd("0.30"));
        assertThat(Money.usd("1.00").minus(Money.usd("1.01"))).isEqualTo(Money.usd("-0.01"));
        assertThat(Money.usd("12.34").negate()).isEqualTo(Money.usd("-12.34"));
        assertThat(Money.zero(Money.USD).plus(Money.usd("0")))
                .satisfies(m -> assertThat(m.isZero()).isTrue());
    }

    @Test
    void mixingCurrenciesIsRefused() {
        Money usd = Money.usd("10.00");
        Money eur = Money.of("10.00", "EUR");
        assertThatThrownBy(() -> usd.plus(eur))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("USD")
                .hasMessageContaining("EUR");
        assertThatThrownBy(() -> usd.minus(eur)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> usd.compareTo(eur)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> usd.max(eur)).isInstanceOf(IllegalArgumentException.class);
        assertThat(usd).isNotEqualTo(eur);
    }

    @ParameterizedTest
    @CsvSource({
        // amount, rate %, mode, expected
        "10000.00, 2.5,  HALF_UP,   250.00",
        "10000.00, 4.0,  HALF_UP,   400.00",
        "100.01,   2.5,  HALF_UP,   2.50",
        "100.01,   2.5,  UP,        2.51",
        "5.00,     2.5,  HALF_UP,   0.13",
        "5.00,     2.5,  HALF_EVEN, 0.12",
        "5.00,     2.5,  DOWN,      0.12",
        "-5.00,    2.5,  HALF_UP,   -0.13",
        "10000.00, 80,   HALF_UP,   8000.00",
        "333.33,   33.333, HALF_UP, 111.11"
    })
    void timesRoundsOnceWithTheModeTheCallerGives(String amount, String percent, RoundingMode mode, String expected) {
        assertThat(Money.usd(amount).times(Rate.percent(percent), mode)).isEqualTo(Money.usd(expected));
    }

    @Test
    void roundedTakesAnAccrualOfHigherPrecisionToTheCurrencyOnce() {
        assertThat(Money.rounded(new BigDecimal("1.005"), Money.USD, RoundingMode.HALF_UP))
                .isEqualTo(Money.usd("1.01"));
        assertThat(Money.rounded(new BigDecimal("1.005"), Money.USD, RoundingMode.HALF_EVEN))
                .isEqualTo(Money.usd("1.00"));
        assertThat(Money.rounded(new BigDecimal("99.5"), JPY, RoundingMode.HALF_UP))
                .isEqualTo(Money.of("100", "JPY"));
        assertThatThrownBy(() -> Money.rounded(new BigDecimal("1.005"), Money.USD, RoundingMode.UNNECESSARY))
                .isInstanceOf(ArithmeticException.class);
    }

    @Test
    void minorUnits() {
        assertThat(Money.usd("12.34").minorUnits()).isEqualTo(1234L);
        assertThat(Money.usd("-0.05").minorUnits()).isEqualTo(-5L);
        assertThat(Money.ofMinor(797000, Money.USD)).isEqualTo(Money.usd("7970.00"));
        assertThat(Money.ofMinor(-1, Money.USD)).isEqualTo(Money.usd("-0.01"));
        assertThat(Money.of("1500", "JPY").minorUnits()).isEqualTo(1500L);
        assertThat(Money.ofMinor(1500, JPY)).isEqualTo(Money.of("1500", "JPY"));
        assertThat(Money.ofMinor(Money.usd("98765.43").minorUnits(), Money.USD)).isEqualTo(Money.usd("98765.43"));
    }

    @Test
    void comparisons() {
        Money small = Money.usd("1.00");
        Money large = Money.usd("2.00");
        assertThat(large.isGreaterThan(small)).isTrue();
        assertThat(small.isGreaterThan(small)).isFalse();
        assertThat(small.max(large)).isEqualTo(large);
        assertThat(small.min(large)).isEqualTo(small);
        assertThat(Money.usd("-0.01").isNegative()).isTrue();
        assertThat(Money.usd("0.01").isPositive()).isTrue();
        assertThat(Money.usd("0.00").isZero()).isTrue();
    }

    @Test
    void displayForPeopleAndToStringForLogs() {
        Locale previous = Locale.getDefault();
        Locale.setDefault(Locale.US);
        try {
            assertThat(Money.usd("7970").display()).isEqualTo("USD 7,970.00");
            assertThat(Money.usd("-1234567.5").display()).isEqualTo("USD -1,234,567.50");
            assertThat(Money.of("1500", "JPY").display()).isEqualTo("JPY 1,500");
            assertThat(Money.of("0.5", "EUR").display()).isEqualTo("EUR 0.50");
        } finally {
            Locale.setDefault(previous);
        }
        assertThat(Money.usd("7970").toString()).isEqualTo("USD 7970.00");
        assertThat(Money.of(new BigDecimal("1E+3"), EUR).toString()).isEqualTo("EUR 1000.00");
    }

    @Test
    void displayWritesWhatTheFormatWrote() {
        // display() groups the digits itself; it must write exactly what "%,.2f" (in the currency's digits)
        // wrote, as reasons, memos and audit summaries already written carry it
        java.util.Random random = new java.util.Random(20261207);
        List<Money> amounts = new java.util.ArrayList<>();
        for (String currency : List.of("USD", "EUR", "JPY", "BHD", "CLF")) {
            Currency c = Currency.getInstance(currency);
            for (String a : List.of("0", "1", "-1", "999", "-999", "1000", "-1000", "999999.99", "1000000", "0.01")) {
                if (new BigDecimal(a).scale() <= c.getDefaultFractionDigits()) {
                    amounts.add(Money.of(new BigDecimal(a), c));
                }
            }
            for (int i = 0; i < 2_000; i++) {
                long unscaled = random.nextLong() >> random.nextInt(64);
                amounts.add(Money.of(BigDecimal.valueOf(unscaled, c.getDefaultFractionDigits()), c));
            }
        }
        for (Money m : amounts) {
            assertThat(m.display())
                    .as(m.toString())
                    .isEqualTo(m.currency().getCurrencyCode() + " "
                            + String.format(
                                    Locale.US, "%,." + m.currency().getDefaultFractionDigits() + "f", m.amount()));
        }
    }

    @Test
    void displayIsTheSameWhateverTheMachinesLocale() {
        java.util.Locale before = java.util.Locale.getDefault();
        try {
            java.util.Locale.setDefault(java.util.Locale.GERMANY);
            org.assertj.core.api.Assertions.assertThat(Money.usd("7970.00").display())
                    .isEqualTo("USD 7,970.00");
        } finally {
            java.util.Locale.setDefault(before);
        }
    }
}
