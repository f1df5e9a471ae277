package org.factorline.clients;

import java.time.LocalDate;
import java.util.Currency;
import org.factorline.pricing.FeeSchedule;
import org.factorline.pricing.MiscFees;
import org.factorline.shared.Money;
import org.factorline.shared.Rate;
import org.factorline.shared.Validation;

/**
 * The terms of a factoring agreement: how much is advanced, what it costs, who bears the credit risk
 * and for how long, the limits, how debtors are verified and whether they are told (notification) or
 * not (confidential).
 */
public record AgreementTerms(
        LocalDate effectiveFrom,
        Currency currency,
        Rate advanceRate,
        FeeSchedule fees,
        MiscFees miscFees,
        boolean recourse,
        Integer recourseDays,
        Money facilityLimit,
        Rate concentrationLimit,
        VerificationPolicy verification,
        boolean notification) {

    public Validation validate() {
        Validation v = new Validation();
        v.require(effectiveFrom != null, "effectiveFrom", null, "is required");
        v.require(currency != null, "currency", null, "is required");
        v.require(
                advanceRate != null
                        && advanceRate.compareTo(Rate.percent("50")) >= 0
                        && advanceRate.compareTo(Rate.percent("100")) <= 0,
                "advanceRate",
                advanceRate,
                "must be between 50% and 100%");
        if (recourse) {
            v.require(
                    recourseDays != null && recourseDays >= 15 && recourseDays <= 365,
                    "recourseDays",
                    recourseDays,
                    "must be 15 to 365 days for a recourse agreement");
        }
        v.require(
                concentrationLimit != null
                        && concentrationLimit.compareTo(Rate.ZERO) > 0
                        && concentrationLimit.compareTo(Rate.percent("100")) <= 0,
                "concentrationLimit",
                concentrationLimit,
                "must be more than 0% and at most 100%");
        if (currency != null) {
            v.require(
                    facilityLimit != null
                            && facilityLimit.isPositive()
                            && facilityLimit.currency().equals(currency),
                    "facilityLimit",
                    facilityLimit,
                    "must be a positive amount in " + currency);
            if (fees == null) {
                v.require(false, "fees", null, "are required");
            } else {
                fees.validate(v, currency);
            }
            if (miscFees == null) {
                v.require(false, "miscFees", null, "are required");
            } else {
                miscFees.validate(v, currency);
            }
            if (verification == null) {
                v.require(false, "verification", null, "is required");
            } else {
                verification.validate(v, currency);
            }
        }
        return v;
    }
}
