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

    /**
     * What one funding charges besides the discount fee: one transfer fee for the payout, the per-invoice
     * and per-schedule admin fees, an NOA fee per debtor notified for the first time and a credit-check
     * fee per debtor checked.
     */
    public Money atFunding(PayoutMethod method, int invoices, int schedules, int noticesSent, int creditChecks) {
        if (invoices < 0 || schedules < 0 || noticesSent < 0 || creditChecks < 0) {
            throw new IllegalArgumentException(
                    "counts of invoices, schedules, notices and credit checks must not be negative");
        }
        Money transfer = method == PayoutMethod.WIRE ? wire : ach;
        return transfer.plus(times(perInvoice, invoices))
                .plus(times(perSchedule, schedules))
                .plus(times(noa, noticesSent))
                .plus(times(creditCheck, creditChecks));
    }

    private static Money times(Money m, int n) {
        return Money.of(m.amount().multiply(java.math.BigDecimal.valueOf(n)), m.currency());
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
