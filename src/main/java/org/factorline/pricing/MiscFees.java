package org.factorline.pricing;

import java.util.Currency;
import org.factorline.shared.Money;
import org.factorline.shared.Validation;

/** Fixed charges besides the discount fee, deducted from what the client is paid. */
public record MiscFees(Money wire, Money ach, Money perInvoice, Money perSchedule, Money noa, Money creditCheck) {

    public static MiscFees none(Currency currency) {
        Money z = Money.zero(currency);
        return new MiscFees(z, z, z, z, z, z);
    }

    public void validate(Validation v, Currency currency) {
        check(v, "miscFees.wire", wire, currency);
        check(v, "miscFees.ach", ach, currency);
        check(v, "miscFees.perInvoice", perInvoice, currency);
        check(v, "miscFees.perSchedule", perSchedule, currency);
        check(v, "miscFees.noa", noa, currency);
        check(v, "miscFees.creditCheck", creditCheck, currency);
    }

    private static void check(Validation v, String field, Money m, Currency currency) {
        v.require(
                m != null && !m.isNegative() && m.currency().equals(currency),
                field,
                m,
                "must be a non-negative amount in " + currency);
    }
}
