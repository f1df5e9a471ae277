package org.factorline.reports.internal;

/**
 * The purchased book as of a business date, in set-based SQL shared by the reports. The rule, which is the
 * ledger's (every posting to purchased receivables carries the business date used here):
 *
 * <ul>
 *   <li>an invoice is in the book from its purchase date ({@code funded_invoice.funding_date}, the date of the
 *       purchase entry) for its face;
 *   <li>a payment applied to it counts from the payment's value date (the date of the payment-applied entry),
 *       whenever it was applied; a payment made to the client instead counts from the day it was paid;
 *   <li>a short pay counts from the business date of its entry;
 *   <li>a chargeback takes the whole open balance out of the book on the day it was charged back.
 * </ul>
 *
 * <p>So the open balance of the book as of a date equals the purchased-receivables balance in the trial
 * balance as of that date, client by client. Parameters: {@code :asOf} and {@code :currency}.
 */
final class Book {

    private Book() {}

    static final String OPEN = """
            select f.invoice_id, f.client_id, f.funding_date, f.face_amount, f.advance_amount,
                   f.face_amount - coalesce(pa.amount, 0) - coalesce(md.amount, 0) - coalesce(dd.amount, 0)
                       as open_balance
            from funded_invoice f
            left join (select a.invoice_id, sum(a.amount) as amount
                       from payment_allocation a join payment p on p.id = a.payment_id
                       where p.value_date <= :asOf group by a.invoice_id) pa on pa.invoice_id = f.invoice_id
            left join (select m.invoice_id, sum(m.amount) as amount
                       from misdirected_payment m
                       where m.paid_on <= :asOf group by m.invoice_id) md on md.invoice_id = f.invoice_id
            left join (select d.invoice_id, sum(d.amount) as amount
                       from invoice_deduction d join journal_entry j on j.id = d.journal_entry_id
                       where j.business_date <= :asOf group by d.invoice_id) dd on dd.invoice_id = f.invoice_id
            where f.funding_date <= :asOf and f.currency = :currency
              and not exists (select 1 from invoice_chargeback c
                              where c.invoice_id = f.invoice_id and c.charged_on <= :asOf)
            """;

    /**
     * Funds employed as of {@code :asOf}: the advance of every invoice bought on or before it and neither
     * closed out nor charged back on or before it — the funding module's definition (advances on funded
     * invoices not yet paid), dated.
     */
    static final String EMPLOYED = """
            select f.invoice_id, f.client_id, f.advance_amount
            from funded_invoice f
            where f.funding_date <= :asOf and f.currency = :currency
              and not exists (select 1 from invoice_settlement s
                              where s.invoice_id = f.invoice_id and s.closed_on <= :asOf)
              and not exists (select 1 from invoice_chargeback c
                              where c.invoice_id = f.invoice_id and c.charged_on <= :asOf)
            """;
}
