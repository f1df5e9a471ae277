package org.factorline.shared;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Objects;

/**
 * An amount of one currency, held exactly at the currency's minor units. Arithmetic between two
 * currencies is refused; anything that would need rounding asks for the rounding mode at the call site.
 */
public record Money(BigDecimal amount, Currency currency) implements Comparable<Money> {

    public static final Currency USD = Currency.getInstance("USD");

    public Money {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
        int scale = currency.getDefaultFractionDigits();
        if (amount.scale() > scale && amount.setScale(scale, RoundingMode.DOWN).compareTo(amount) != 0) {
            throw new IllegalArgumentException(
                    "amount " + amount.toPlainString() + " has more than " + scale + " decimals for " + currency);
        }
        amount = amount.setScale(scale, RoundingMode.UNNECESSARY);
    }

    public static Money of(String amount, String currencyCode) {
        return of(new BigDecimal(amount), Currency.getInstance(currencyCode));
    }

    public static Money of(BigDecimal amount, Currency currency) {
        return new Money(amount, currency);
    }

    public static Money usd(String amount) {
        return of(new BigDecimal(amount), USD);
    }

    public static Money zero(Currency currency) {
        return new Money(BigDecimal.ZERO, currency);
    }

    public static Money ofMinor(long minorUnits, Currency currency) {
        return new Money(BigDecimal.valueOf(minorUnits, currency.getDefaultFractionDigits()), currency);
    }

    /** Rounds an amount of higher precision (an accrual, say) to the currency once, with the mode given. */
    public static Money rounded(BigDecimal amount, Currency currency, RoundingMode mode) {
        return new Money(amount.setScale(currency.getDefaultFractionDigits(), mode), currency);
    }

    public long minorUnits() {
        return amount.movePointRight(currency.getDefaultFractionDigits()).longValueExact();
    }

    public Money plus(Money other) {
        return new Money(amount.add(sameCurrency(other).amount), currency);
    }

    public Money minus(Money other) {
        return new Money(amount.subtract(sameCurrency(other).amount), currency);
    }

    public Money negate() {
        return new Money(amount.negate(), currency);
    }

    public Money times(Rate rate, RoundingMode mode) {
        return rounded(rate.applyTo(amount), currency, mode);
    }

    public Money max(Money other) {
        return compareTo(other) >= 0 ? this : other;
    }

    public Money min(Money other) {
        return compareTo(other) <= 0 ? this : other;
    }

    public boolean isZero() {
        return amount.signum() == 0;
    }

    public boolean isNegative() {
        return amount.signum() < 0;
    }

    public boolean isPositive() {
        return amount.signum() > 0;
    }

    public boolean isGreaterThan(Money other) {
        return compareTo(other) > 0;
    }

    @Override
    public int compareTo(Money other) {
        return amount.compareTo(sameCurrency(other).amount);
    }

    private Money sameCurrency(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("cannot combine " + currency + " with " + other.currency);
        }
        return other;
    }

    /** For people: "USD 7,970.00", whatever the machine's locale (letters and statements must not vary). */
    public String display() {
        int digits = currency.getDefaultFractionDigits();
        if (digits < 0) {
            return currency.getCurrencyCode() + " " + amount.toPlainString();
        }
        // what String.format(Locale.US, "%,.<digits>f", amount) writes — the amount is held at exactly that
        // scale, so nothing is rounded — without parsing a format for every amount: a large bank file writes
        // hundreds of thousands of them into reasons, memos and audit summaries
        String plain = amount.abs().toPlainString();
        int point = plain.indexOf('.');
        int whole = point < 0 ? plain.length() : point;
        StringBuilder b = new StringBuilder(plain.length() + whole / 3 + 6)
                .append(currency.getCurrencyCode())
                .append(' ');
        if (amount.signum() < 0) {
            b.append('-');
        }
        for (int i = 0; i < whole; i++) {
            if (i > 0 && (whole - i) % 3 == 0) {
                b.append(',');
            }
            b.append(plain.charAt(i));
        }
        return b.append(plain, whole, plain.length()).toString();
    }

    @Override
    public String toString() {
        return currency.getCurrencyCode() + " " + amount.toPlainString();
    }
}
