package org.factorline.invoices;

/**
 * Whether the debtor has confirmed the invoice: not asked (the agreement does not require it for this
 * invoice), asked and waiting, confirmed, or disputed. Runs beside the lifecycle, not inside it.
 */
public enum VerificationStatus {
    NOT_REQUIRED,
    PENDING,
    VERIFIED,
    DISPUTED
}
