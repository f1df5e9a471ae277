package org.factorline.receipts;

import java.util.ArrayList;
import java.util.List;
import org.factorline.invoices.Invoices;

/**
 * Many invoices collected at once by a large bank file ({@link BulkCashApplication}), in file order: each is
 * what {@link InvoiceCollected} would have said of it alone. Published once, inside the transaction that
 * collected them, after their payments, postings and purchased-book reductions are written; the settlement
 * module closes them out together, with the same outcome as one {@link InvoiceCollected} after another.
 *
 * <p>The invoices' own status moves (to paid or partly paid) are not written yet when it is published: a
 * listener that moves them on (the close-out, to closed) hands those moves to {@link #thenMove} instead of
 * recording them, and the publisher records them after its own, in one write — each invoice's row updated
 * once however many moves it makes, with every move's history row and audit line.
 */
public final class InvoicesCollected {

    private final List<InvoiceCollected> invoices;
    private final List<Invoices.MoneyMove> movesAfter = new ArrayList<>();

    public InvoicesCollected(List<InvoiceCollected> invoices) {
        this.invoices = List.copyOf(invoices);
    }

    public List<InvoiceCollected> invoices() {
        return invoices;
    }

    /** Moves to record, in this order, after the moves the collecting payments make. */
    public void thenMove(List<Invoices.MoneyMove> moves) {
        movesAfter.addAll(moves);
    }

    /** What listeners handed to {@link #thenMove}, in the order given. */
    List<Invoices.MoneyMove> movesAfter() {
        return List.copyOf(movesAfter);
    }
}
