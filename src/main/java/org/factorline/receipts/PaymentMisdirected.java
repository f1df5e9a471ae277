package org.factorline.receipts;

import java.time.LocalDate;
import java.util.UUID;
import org.factorline.debtors.DebtorId;
import org.factorline.invoices.InvoiceId;
import org.factorline.shared.Money;

/**
 * The debtor paid the client instead of the factor. Published in the transaction that records it; the
 * outreach module sends the debtor one friendly note with the correct remit-to.
 */
public record PaymentMisdirected(
        InvoiceId invoiceId, UUID clientId, DebtorId debtorId, Money amount, LocalDate paidOn) {}
