package org.factorline.receipts;

import java.time.LocalDate;
import org.factorline.invoices.InvoiceId;
import org.factorline.pricing.ReceiptKind;
import org.factorline.shared.Money;

/**
 * An invoice has nothing left to collect: payments and accepted deductions cover its face. Published
 * inside the transaction that collected it; the settlement module closes it out.
 *
 * @param lastPaidOn the value date of the payment that completed it (the fee runs to this day)
 */
public record InvoiceCollected(
        InvoiceId invoiceId, Money collected, Money deductions, LocalDate lastPaidOn, ReceiptKind lastKind) {}
