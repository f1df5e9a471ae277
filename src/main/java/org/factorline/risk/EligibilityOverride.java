package org.factorline.risk;

import java.time.Instant;
import java.util.UUID;
import org.factorline.invoices.InvoiceId;

/** A request to fund an invoice despite one policy's refusal, and what the second person decided. */
public record EligibilityOverride(
        UUID id,
        InvoiceId invoiceId,
        Policy policy,
        String reason,
        Status status,
        String requestedBy,
        Instant requestedAt,
        String decidedBy,
        Instant decidedAt,
        String decisionNote) {

    public enum Status {
        REQUESTED,
        APPROVED,
        REJECTED
    }
}
