package org.factorline.receipts;

/** How much of a payment has been placed on invoices: none (unapplied cash), part, or all of it. */
public enum PaymentStatus {
    UNAPPLIED,
    PARTIALLY_APPLIED,
    APPLIED
}
