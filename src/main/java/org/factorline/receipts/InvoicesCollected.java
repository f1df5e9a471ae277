package org.factorline.receipts;

import java.util.List;

/**
 * Many invoices collected at once by a large bank file ({@link BulkCashApplication}), in file order: each is
 * what {@link InvoiceCollected} would have said of it alone. Published once, inside the transaction that
 * collected them, after their payments, postings and statuses are written; the settlement module closes
 * them out together, with the same outcome as one {@link InvoiceCollected} after another.
 */
public record InvoicesCollected(List<InvoiceCollected> invoices) {

    public InvoicesCollected {
        invoices = List.copyOf(invoices);
    }
}
