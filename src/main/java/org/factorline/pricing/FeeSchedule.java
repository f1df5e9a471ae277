package org.factorline.pricing;

import java.util.Currency;
import org.factorline.shared.Money;
import org.factorline.shared.Rate;
import org.factorline.shared.Validation;

/**
 * The discount-fee terms of an agreement, in any of the shapes of {@link FeeShape}, with the settings
 * that change the number: minimum fee or days, cap, base, whether the purchase day counts as day 1, and
 * clearance days added to check receipts. Optional parts are null when the shape does not use them.
 */
public record FeeSchedule(
        FeeShape shape,
        Rate rate,
        int initialDays,
        Rate bracketRate,
        Integer bracketDays,
        Rate annualRate,
        int dayCountBasis,
        Money minimumFee,
        int minimumDays,
        Rate cap,
        FeeBase base,
        boolean purchaseDayCounts,
        int clearanceDays) {

    /** 2.5% for days 1–30, then 0.75% per 10 days or part: the schedule of the design guide's worked example. */
    public static FeeSchedule tiered(Rate rate, int initialDays, Rate bracketRate, int bracketDays) {
        return new FeeSchedule(
                FeeShape.TIERED,
                rate,
                initialDays,
                bracketRate,
                bracketDays,
                null,
                360,
                null,
                0,
                null,
                FeeBase.FACE,
                true,
                0);
    }

    public static FeeSchedule flat(Rate rate) {
        return new FeeSchedule(FeeShape.FLAT, rate, 0, null, null, null, 360, null, 0, null, FeeBase.FACE, true, 0);
    }

    /** Adds every problem with these terms to {@code v}, naming the field. */
    public void validate(Validation v, Currency currency) {
        v.require(shape != null, "fees.shape", shape, "is required (FLAT, TIERED, DAILY or PRIME_PLUS)");
        v.require(
                rate != null && !rate.isNegative() && rate.compareTo(Rate.percent("100")) <= 0,
                "fees.rate",
                rate,
                "must be a percentage from 0 to 100");
        v.require(initialDays >= 0 && initialDays <= 365, "fees.initialDays", initialDays, "must be 0 to 365");
        v.require(
                dayCountBasis == 360 || dayCountBasis == 365,
                "fees.dayCountBasis",
                dayCountBasis,
                "must be 360 or 365");
        v.require(minimumDays >= 0 && minimumDays <= 365, "fees.minimumDays", minimumDays, "must be 0 to 365");
        v.require(clearanceDays >= 0 && clearanceDays <= 10, "fees.clearanceDays", clearanceDays, "must be 0 to 10");
        v.require(base != null, "fees.base", base, "is required (FACE, ADVANCE or COLLECTED)");
        v.require(
                cap == null || (!cap.isNegative() && cap.compareTo(Rate.percent("100")) <= 0),
                "fees.cap",
                cap,
                "must be a percentage from 0 to 100");
        v.require(
                minimumFee == null
                        || (!minimumFee.isNegative() && minimumFee.currency().equals(currency)),
                "fees.minimumFee",
                minimumFee,
                "must be a non-negative amount in " + currency);
        if (shape == FeeShape.TIERED) {
            v.require(
                    bracketRate != null && !bracketRate.isNegative(),
                    "fees.bracketRate",
                    bracketRate,
                    "is required for a tiered fee");
            v.require(
                    bracketDays != null && bracketDays > 0 && bracketDays <= 90,
                    "fees.bracketDays",
                    bracketDays,
                    "must be 1 to 90 for a tiered fee");
            v.require(initialDays > 0, "fees.initialDays", initialDays, "must be at least 1 for a tiered fee");
        }
        if (shape == FeeShape.DAILY || shape == FeeShape.PRIME_PLUS) {
            v.require(
                    annualRate != null && !annualRate.isNegative(),
                    "fees.annualRate",
                    annualRate,
                    shape == FeeShape.DAILY ? "is required for a daily fee" : "the margin over prime is required");
        }
    }
}
