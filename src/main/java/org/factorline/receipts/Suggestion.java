package org.factorline.receipts;

import java.math.BigDecimal;
import org.factorline.invoices.InvoiceId;
import org.factorline.shared.Money;

/** A proposed allocation the engine was not sure enough to apply: the invoice, the amount, why, how sure. */
public record Suggestion(
        InvoiceId invoiceId, String invoiceNumber, Money amount, BigDecimal confidence, String reason) {}
