package org.factorline.settlement;

import java.time.LocalDate;
import java.util.UUID;
import org.factorline.invoices.InvoiceId;
import org.factorline.shared.Money;

/**
 * An invoice the client bought back at the end of its recourse period: the advance not yet recovered
 * plus the discount fee to the recourse date.
 */
public record Chargeback(
        InvoiceId invoiceId,
        String invoiceNumber,
        UUID clientId,
        LocalDate recourseDate,
        LocalDate chargedOn,
        Money advanceUnrecovered,
        Money fee,
        Money amount) {}
