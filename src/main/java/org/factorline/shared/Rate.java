package org.factorline.shared;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Objects;

/**
 * A rate as a percentage with an explicit scale (2.5% is {@code Rate.percent("2.5")}; 75 basis points
 * is {@code Rate.bps(75)}). Applying a rate to an amount keeps full precision; the caller rounds once.
 */
public record Rate(BigDecimal percent) implements Comparable<Rate> {

    public static final Rate ZERO = new Rate(BigDecimal.ZERO);
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    public Rate {
        Objects.requireNonNull(percent, "percent");
        percent = percent.stripTrailingZeros();
        if (percent.scale() < 0) {
            percent = percent.setScale(0);
        }
    }

    public static Rate percent(String percent) {
        return new Rate(new BigDecimal(percent));
    }

    public static Rate percent(BigDecimal percent) {
        return new Rate(percent);
    }

    public static Rate bps(long basisPoints) {
        return new Rate(BigDecimal.valueOf(basisPoints, 2));
    }

    public BigDecimal fraction() {
        return percent.divide(HUNDRED, MathContext.DECIMAL128);
    }

    public BigDecimal basisPoints() {
        return percent.multiply(HUNDRED);
    }

    public BigDecimal applyTo(BigDecimal amount) {
        return amount.multiply(percent).divide(HUNDRED, MathContext.DECIMAL128);
    }

    public Rate plus(Rate other) {
        return new Rate(percent.add(other.percent));
    }

    public Rate times(long factor) {
        return new Rate(percent.multiply(BigDecimal.valueOf(factor)));
    }

    public boolean isNegative() {
        return percent.signum() < 0;
    }

    @Override
    public int compareTo(Rate other) {
        return percent.compareTo(other.percent);
    }

    @Override
    public String toString() {
        return percent.toPlainString() + "%";
    }
}
