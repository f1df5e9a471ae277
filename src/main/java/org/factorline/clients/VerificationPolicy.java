package org.factorline.clients;

import java.util.Currency;
import org.factorline.shared.Money;
import org.factorline.shared.Rate;
import org.factorline.shared.Validation;

/** Which invoices the debtor is asked to confirm before funding: all, those above an amount, a sample, or none. */
public record VerificationPolicy(Kind kind, Money threshold, Rate samplePercent) {

    public enum Kind {
        ALL,
        ABOVE_AMOUNT,
        SAMPLE,
        NONE
    }

    public static VerificationPolicy all() {
        return new VerificationPolicy(Kind.ALL, null, null);
    }

    public void validate(Validation v, Currency currency) {
        v.require(kind != null, "verification.kind", kind, "is required (ALL, ABOVE_AMOUNT, SAMPLE or NONE)");
        if (kind == Kind.ABOVE_AMOUNT) {
            v.require(
                    threshold != null
                            && threshold.isPositive()
                            && threshold.currency().equals(currency),
                    "verification.threshold",
                    threshold,
                    "must be a positive amount in " + currency);
        }
        if (kind == Kind.SAMPLE) {
            v.require(
                    samplePercent != null
                            && samplePercent.compareTo(Rate.ZERO) > 0
                            && samplePercent.compareTo(Rate.percent("100")) <= 0,
                    "verification.samplePercent",
                    samplePercent,
                    "must be more than 0 and at most 100");
        }
    }

    /**
     * Whether an invoice of this amount needs verification. A sample is drawn deterministically from the
     * invoice's own number, so the answer never changes between two looks at the same invoice.
     */
    public boolean requires(Money faceAmount, String invoiceNumber) {
        return switch (kind) {
            case ALL -> true;
            case NONE -> false;
            case ABOVE_AMOUNT -> faceAmount.compareTo(threshold) > 0;
            case SAMPLE ->
                Math.floorMod(invoiceNumber.hashCode(), 10_000)
                        < samplePercent.basisPoints().intValue();
        };
    }
}
