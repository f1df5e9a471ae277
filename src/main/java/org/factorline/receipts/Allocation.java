package org.factorline.receipts;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import org.factorline.invoices.InvoiceId;
import org.factorline.shared.Money;

/** Part of a payment placed on one invoice, by the matching engine (with its confidence) or by a person. */
public record Allocation(
        UUID id,
        UUID paymentId,
        InvoiceId invoiceId,
        Money amount,
        BigDecimal confidence,
        Method method,
        String createdBy,
        Instant createdAt) {

    public enum Method {
        AUTO,
        MANUAL
    }
}
