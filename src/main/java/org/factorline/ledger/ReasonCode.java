package org.factorline.ledger;

/** Why an entry was posted; every entry carries one, and reports group by it. */
public enum ReasonCode {
    CAPITAL_CONTRIBUTED,
    PURCHASE,
    PAYOUT_SENT,
    PAYOUT_RETURNED,
    PAYMENT_APPLIED,
    SHORT_PAY,
    DISCOUNT_FEE,
    REBATE,
    REBATE_PAID,
    CHARGEBACK,
    UNAPPLIED_CASH,
    ADJUSTMENT,
    REVERSAL
}
