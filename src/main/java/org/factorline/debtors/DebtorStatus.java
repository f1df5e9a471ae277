package org.factorline.debtors;

/** Whether the factor buys invoices on this debtor: active, on hold, insolvent (a credit loss), or closed. */
public enum DebtorStatus {
    ACTIVE,
    ON_HOLD,
    INSOLVENT,
    CLOSED
}
