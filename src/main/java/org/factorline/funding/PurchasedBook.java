package org.factorline.funding;

import java.time.LocalDate;
import org.factorline.funding.internal.FundingRepository;
import org.factorline.invoices.InvoiceId;
import org.factorline.shared.Money;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Keeps each bought invoice's row of the purchased book current as money moves elsewhere: what reduced it and
 * the day it left the book. Called by the modules that move the money, inside their own transaction (so the
 * row changes with the posting or not at all); the callers check who may act. Reports read the book from this
 * one row per invoice; each reduction's own record still carries its business date.
 */
@Service
public class PurchasedBook {

    private final FundingRepository rows;
    private final org.factorline.shared.BulkLoad bulk;

    PurchasedBook(FundingRepository rows, org.factorline.shared.BulkLoad bulk) {
        this.rows = rows;
        this.bulk = bulk;
    }

    /**
     * What {@link #reduced} does, for many invoices at once (a large bank file): each invoice's reductions
     * added up first, so every row is updated once.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void reducedAll(java.util.Map<InvoiceId, Money> amounts) {
        java.util.List<Object[]> rows = new java.util.ArrayList<>(amounts.size());
        amounts.forEach((id, amount) -> rows.add(new Object[] {id.value(), amount.amount()}));
        this.rows.addReductions(rows, bulk);
    }

    /** A payment applied, a payment the debtor made to the client instead, or a short pay accepted. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void reduced(InvoiceId invoice, Money amount) {
        rows.addReduction(invoice.value(), amount.amount());
    }

    /** The invoice was closed out after collection on this business date. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void closed(InvoiceId invoice, LocalDate on) {
        rows.markClosed(invoice.value(), on);
    }

    /** What {@link #closed} does, for many invoices closed out together on the same business date. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void closedAll(java.util.Collection<InvoiceId> invoices, LocalDate on) {
        rows.markAllClosed(invoices.stream().map(InvoiceId::value).toList(), on, bulk);
    }

    /** The invoice was charged back to the client on this business date. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void chargedBack(InvoiceId invoice, LocalDate on) {
        rows.markChargedBack(invoice.value(), on);
    }

    /** What {@link #chargedBack} does, for many invoices charged back on the same business date (a sweep). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void chargedBackAll(java.util.Collection<InvoiceId> invoices, LocalDate on) {
        rows.markChargedBackAll(invoices.stream().map(InvoiceId::value).toList(), on);
    }
}
