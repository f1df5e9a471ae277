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
 *   <li>a close-out or a chargeback takes the invoice out of the book on its day (a close-out comes only once
 *       nothing is open; a chargeback takes the whole open balance).
 * </ul>
 *
 * <p>So the open balance of the book as of a date equals the purchased-receivables balance in the trial
 * balance as of that date, client by client. It reads one row per bought invoice ({@code funded_invoice} keeps
 * its debtor, dates, exit days and the running total of its reductions) and adds back only the reductions
 * dated after the date asked, read through the date indexes: as of today there are none. Parameters:
 * {@code :asOf} and {@code :currency}; columns: invoice, client, debtor, agreement version, purchase, issue and
 * due dates, face, advance and open balance.
 */
final class Book {

    private Book() {}

    /** The reductions of bought invoices dated after {@code :asOf}: rows {@code invoice_id, amount}. */
    static final String LATE = """
            select a.invoice_id, a.amount from payment_allocation a where a.value_date > :asOf
            union all
            select m.invoice_id, m.amount from misdirected_payment m where m.paid_on > :asOf
            union all
            select d.invoice_id, d.amount from invoice_deduction d where d.business_date > :asOf
            """;

    static final String OPEN = """
            select f.invoice_id, f.client_id, f.debtor_id, f.agreement_id, f.funding_date, f.issue_date, f.due_date,
                   f.face_amount, f.advance_amount,
                   f.face_amount - f.reduced_amount + coalesce(late.amount, 0) as open_balance
            from funded_invoice f
            left join (select r.invoice_id, sum(r.amount) as amount from (""" + Book.LATE + """
                       ) r group by r.invoice_id) late on late.invoice_id = f.invoice_id
            where f.funding_date <= :asOf and f.currency = :currency
              and (f.closed_on is null or f.closed_on > :asOf)
              and (f.charged_on is null or f.charged_on > :asOf)
            """;

    /** Every reduction of a bought invoice with its own date: payments, payments made to the client, short pays. */
    private static final String REDUCTIONS = """
            select a.invoice_id, a.value_date as moved_on, a.amount, cast('PAYMENT' as varchar(12)) as kind
            from payment_allocation a
            union all
            select m.invoice_id, m.paid_on, m.amount, cast('TO_CLIENT' as varchar(12)) from misdirected_payment m
            union all
            select d.invoice_id, d.business_date, d.amount, cast('SHORT_PAY' as varchar(12))
            from invoice_deduction d
            """;

    /**
     * {@link #OPEN} as movements, so that the book at many dates takes one pass: rows {@code kind, invoice_id,
     * client_id, moved_on, amount} such that an invoice's open balance as of any date is the sum of its rows with
     * {@code moved_on} on or before it (and the book's, of all rows). {@code PURCHASE} adds the face on the purchase
     * date; {@code PAYMENT}, {@code TO_CLIENT} and {@code SHORT_PAY} take their amounts off on their dates (not
     * before the purchase date); {@code CHARGEBACK} takes off, on the day it was charged back, what was still
     * open then (the face less the reductions up to that day), and reductions dated after it never count.
     * Each row also carries the invoice's debtor and due date (from its purchased-book row). Parameter:
     * {@code :currency}.
     */
    static final String MOVEMENTS = """
            select cast('PURCHASE' as varchar(12)) as kind, f.invoice_id, f.client_id, f.debtor_id, f.due_date,
                   f.funding_date as moved_on, f.face_amount as amount
            from funded_invoice f where f.currency = :currency
            union all
            select r.kind, f.invoice_id, f.client_id, f.debtor_id, f.due_date, greatest(r.moved_on, f.funding_date),
                   -r.amount
            from (""" + REDUCTIONS + """
            ) r join funded_invoice f on f.invoice_id = r.invoice_id
            where f.currency = :currency and (f.charged_on is null or r.moved_on <= f.charged_on)
            union all
            select cast('CHARGEBACK' as varchar(12)), f.invoice_id, f.client_id, f.debtor_id, f.due_date, f.charged_on,
                   -f.face_amount
            from funded_invoice f
            where f.currency = :currency and f.charged_on is not null
            union all
            select cast('CHARGEBACK' as varchar(12)), f.invoice_id, f.client_id, f.debtor_id, f.due_date, f.charged_on,
                   r.amount
            from (""" + REDUCTIONS + """
            ) r join funded_invoice f on f.invoice_id = r.invoice_id
            where f.currency = :currency and f.charged_on is not null and r.moved_on <= f.charged_on
            """;

    /** {@link #REDUCTIONS} dated {@code :from} to {@code :to}, read through the date indexes. */
    private static final String REDUCTIONS_BETWEEN = """
            select a.invoice_id, a.value_date as moved_on, a.amount, cast('PAYMENT' as varchar(12)) as kind
            from payment_allocation a where a.value_date >= :from and a.value_date <= :to
            union all
            select m.invoice_id, m.paid_on, m.amount, cast('TO_CLIENT' as varchar(12)) from misdirected_payment m
            where m.paid_on >= :from and m.paid_on <= :to
            union all
            select d.invoice_id, d.business_date, d.amount, cast('SHORT_PAY' as varchar(12))
            from invoice_deduction d where d.business_date >= :from and d.business_date <= :to
            """;

    /**
     * The rows of {@link #MOVEMENTS} with {@code moved_on} from {@code :from} to {@code :to}, read for the period
     * only: purchases by their date; reductions dated in the period (of invoices bought by its end), and those
     * dated before it of invoices bought in it (they count from the purchase date); and the invoices charged back
     * in the period with the reductions that count before their charge-back. (An invoice with no reduction at all has
     * none dated before the period: its running total of reductions is zero, which spares reading them.) Parameters {@code :from},
     * {@code :to}, {@code :currency}; the same columns.
     */
    static final String MOVEMENTS_BETWEEN = """
            select cast('PURCHASE' as varchar(12)) as kind, f.invoice_id, f.client_id, f.debtor_id, f.due_date,
                   f.funding_date as moved_on, f.face_amount as amount
            from funded_invoice f
            where f.currency = :currency and f.funding_date >= :from and f.funding_date <= :to
            union all
            select r.kind, f.invoice_id, f.client_id, f.debtor_id, f.due_date, greatest(r.moved_on, f.funding_date),
                   -r.amount
            from (""" + REDUCTIONS_BETWEEN + """
            ) r join funded_invoice f on f.invoice_id = r.invoice_id
            where f.currency = :currency and f.funding_date <= :to
              and (f.charged_on is null or r.moved_on <= f.charged_on)
            union all
            select r.kind, f.invoice_id, f.client_id, f.debtor_id, f.due_date, f.funding_date, -r.amount
            from funded_invoice f join (""" + REDUCTIONS + """
            ) r on r.invoice_id = f.invoice_id
            where f.currency = :currency and f.funding_date >= :from and f.funding_date <= :to
              and f.reduced_amount <> 0
              and r.moved_on < :from and (f.charged_on is null or r.moved_on <= f.charged_on)
            union all
            select cast('CHARGEBACK' as varchar(12)), f.invoice_id, f.client_id, f.debtor_id, f.due_date, f.charged_on,
                   -f.face_amount
            from funded_invoice f
            where f.currency = :currency and f.charged_on >= :from and f.charged_on <= :to
            union all
            select cast('CHARGEBACK' as varchar(12)), f.invoice_id, f.client_id, f.debtor_id, f.due_date, f.charged_on,
                   r.amount
            from funded_invoice f join (""" + REDUCTIONS + """
            ) r on r.invoice_id = f.invoice_id
            where f.currency = :currency and f.charged_on >= :from and f.charged_on <= :to
              and r.moved_on <= f.charged_on
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
              and (f.closed_on is null or f.closed_on > :asOf)
              and (f.charged_on is null or f.charged_on > :asOf)
            """;
}
