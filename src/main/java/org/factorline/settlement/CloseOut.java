package org.factorline.settlement;

import java.time.LocalDate;
import java.util.UUID;
import org.factorline.invoices.InvoiceId;
import org.factorline.shared.Money;

/** How an invoice was closed out: what it collected, the fee fixed for the days it ran, the rebate left. */
public record CloseOut(
        InvoiceId invoiceId,
        UUID clientId,
        LocalDate closedOn,
        LocalDate fundingDate,
        Money face,
        Money advance,
        Money collected,
        Money deductions,
        Money fee,
        int daysCharged,
        Money rebate,
        UUID settlementRunId) {}
