package org.factorline.pricing;

import java.time.LocalDate;
import java.util.Objects;
import org.factorline.shared.Money;

/**
 * The amounts and the day a fee is reckoned from: face value, the advance paid, what the debtor paid
 * (null while unpaid: a quote then assumes the face will be collected) and the purchase date.
 */
public record FeeBasis(Money face, Money advance, Money collected, LocalDate purchasedOn) {

    public FeeBasis {
        Objects.requireNonNull(face, "face");
        Objects.requireNonNull(advance, "advance");
        Objects.requireNonNull(purchasedOn, "purchasedOn");
        if (!advance.currency().equals(face.currency())
                || (collected != null && !collected.currency().equals(face.currency()))) {
            throw new IllegalArgumentException("face, advance and collected must be in one currency");
        }
    }

    public static FeeBasis unpaid(Money face, Money advance, LocalDate purchasedOn) {
        return new FeeBasis(face, advance, null, purchasedOn);
    }

    public FeeBasis collected(Money amount) {
        return new FeeBasis(face, advance, amount, purchasedOn);
    }

    /** The amount the fee percentage is taken of. */
    Money amountFor(FeeBase base) {
        return switch (base) {
            case FACE -> face;
            case ADVANCE -> advance;
            case COLLECTED -> collected != null ? collected : face;
        };
    }
}
