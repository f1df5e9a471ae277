package org.factorline.reports.internal;

import java.time.LocalDate;
import org.factorline.ledger.LedgerDayTotals;

/**
 * The ledger per account and business day, in set-based SQL shared by the reports: the ledger's day totals
 * ({@code ledger_day_total}) for the days up to their horizon, and the postings themselves after it, so that a
 * balance as of a date reads one row per account and closed day instead of every posting. Rows
 * {@code account_id, business_date, debit, credit} (several rows for one account and day may come, to be
 * summed); parameters {@code :lo} and {@code :hi} (the days, inclusive) and {@code :through} (the horizon, read
 * first with {@link #through}).
 */
final class LedgerDays {

    private LedgerDays() {}

    /** The first day a balance "as of" sums from. */
    static final LocalDate BEGINNING = LocalDate.of(1900, 1, 1);

    static final String DAYS = """
            select t.account_id, t.business_date, t.debit, t.credit
            from ledger_day_total t
            where t.business_date >= :lo and t.business_date <= :hi and t.business_date <= :through
            union all
            select p.account_id, e.business_date,
                   case when p.side = 'D' then p.amount else 0 end, case when p.side = 'C' then p.amount else 0 end
            from journal_entry e join ledger_posting p on p.entry_id = e.id
            where e.business_date >= :lo and e.business_date <= :hi and e.business_date > :through
            """;

    /** The horizon of the day totals, read before the query that uses it (an older one is still right). */
    static LocalDate through(LedgerDayTotals totals) {
        return totals.horizon();
    }
}
