package org.factorline.pricing;

/** The shapes of a discount fee a factoring agreement can choose. */
public enum FeeShape {
    /** One percentage of the fee base, whatever the days outstanding. */
    FLAT,
    /** {@code rate} for the first {@code initialDays}, then {@code bracketRate} per further {@code bracketDays} or part. */
    TIERED,
    /** {@code rate} for the first {@code initialDays}, then {@code annualRate} pro rata per day (360 or 365 basis). */
    DAILY,
    /** {@code rate} as an admin fee, plus interest on the advance at prime + {@code annualRate}. */
    PRIME_PLUS
}
