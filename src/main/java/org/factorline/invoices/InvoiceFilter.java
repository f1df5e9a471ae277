package org.factorline.invoices;

import org.factorline.clients.ClientId;
import org.factorline.debtors.DebtorId;

/** Narrows a list of invoices; every part is optional. {@code number} matches part of the invoice number. */
public record InvoiceFilter(
        ClientId client, DebtorId debtor, ScheduleId schedule, InvoiceStatus status, Boolean flagged, String number) {

    public static InvoiceFilter none() {
        return new InvoiceFilter(null, null, null, null, null, null);
    }

    public static InvoiceFilter ofSchedule(ScheduleId schedule) {
        return new InvoiceFilter(null, null, schedule, null, null, null);
    }
}
