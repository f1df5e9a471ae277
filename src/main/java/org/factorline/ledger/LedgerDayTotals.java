package org.factorline.ledger;

import java.sql.DatabaseMetaData;
import java.time.Clock;
import java.time.LocalDate;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Each account's debits and credits per business date ({@code ledger_day_total}), for the closed days up to a
 * horizon ({@code ledger_day_horizon}), so that reports read a balance as of a date, or a day's movement, from one
 * row per account and day: the totals up to the horizon, and the postings after it.
 *
 * <ul>
 *   <li>The totals are filled set-based by a job ({@link #fillThrough}), for the days up to {@link #lagDays} before
 *       today, never row by row as entries are posted.
 *   <li>Every posting calls {@link #posted} in its own transaction: one dated on or before the horizon moves the
 *       horizon back to the day before it, so the totals of that day and after count for nothing until the job
 *       fills them again. A posting dated after the horizon (every usual one) changes no row.
 *   <li>On PostgreSQL the job first locks the horizon table against postings ({@code share row exclusive}, which
 *       the posting's statement on it conflicts with): postings in flight finish first and are in the totals, and
 *       postings started meanwhile wait and then move the horizon back. On the embedded H2 database the job is
 *       not scheduled.
 * </ul>
 */
@Service
public class LedgerDayTotals {

    /** The horizon before anything is filled: every balance is read from the postings. */
    public static final LocalDate NOTHING = LocalDate.of(1900, 1, 1);

    private final JdbcClient jdbc;
    private final Clock clock;
    private final org.springframework.context.ApplicationEventPublisher events;
    private final int lagDays;
    private final boolean postgres;

    LedgerDayTotals(
            JdbcClient jdbc,
            DataSource dataSource,
            Clock clock,
            org.springframework.context.ApplicationEventPublisher events,
            @Value("${factorline.ledger.day-totals.lag-days:5}") int lagDays) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.events = events;
        this.lagDays = lagDays;
        this.postgres = isPostgres(dataSource);
    }

    private static boolean isPostgres(DataSource dataSource) {
        try {
            String name = JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
            return name != null && name.toLowerCase(java.util.Locale.ROOT).contains("postgres");
        } catch (org.springframework.jdbc.support.MetaDataAccessException e) {
            return false;
        }
    }

    /** Whether the job runs on this database (PostgreSQL: the lock it needs exists there). */
    public boolean scheduled() {
        return postgres;
    }

    /** The last business date whose totals are complete. */
    @Transactional(readOnly = true)
    public LocalDate horizon() {
        return jdbc.sql("select through from ledger_day_horizon where id = 1")
                .query(LocalDate.class)
                .single();
    }

    /** A posting dated {@code businessDate}, in the posting's transaction: moves the horizon back before it. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void posted(LocalDate businessDate) {
        jdbc.sql("update ledger_day_horizon set through = ? where id = 1 and through >= ?")
                .params(businessDate.minusDays(1), businessDate)
                .update();
    }

    /**
     * The job: fills the days up to {@link #lagDays} before today, in a transaction of its own (the table lock
     * it takes on PostgreSQL exists only inside one).
     */
    @Transactional
    public LocalDate fill() {
        return fillThrough(LocalDate.now(clock).minusDays(lagDays));
    }

    /**
     * Fills the totals of the days after the horizon up to {@code upTo}, in one grouped statement, and moves the
     * horizon there; returns the horizon. Nothing to do when it is already there. Either way announces
     * {@link LedgerDaysFilled} in the transaction, for totals kept elsewhere from the same postings.
     */
    @Transactional
    public LocalDate fillThrough(LocalDate upTo) {
        if (postgres) {
            jdbc.sql("lock table ledger_day_horizon in share row exclusive mode")
                    .update();
        }
        LocalDate through = jdbc.sql("select through from ledger_day_horizon where id = 1 for update")
                .query(LocalDate.class)
                .single();
        if (!upTo.isAfter(through)) {
            events.publishEvent(new LedgerDaysFilled(through, through));
            return through;
        }
        jdbc.sql("delete from ledger_day_total where business_date > ?")
                .param(through)
                .update();
        jdbc.sql("""
                        insert into ledger_day_total (business_date, account_id, debit, credit)
                        select e.business_date, p.account_id,
                               sum(case when p.side = 'D' then p.amount else 0 end),
                               sum(case when p.side = 'C' then p.amount else 0 end)
                        from journal_entry e join ledger_posting p on p.entry_id = e.id
                        where e.business_date > ? and e.business_date <= ?
                        group by e.business_date, p.account_id""").params(through, upTo).update();
        jdbc.sql("update ledger_day_horizon set through = ? where id = 1")
                .param(upTo)
                .update();
        events.publishEvent(new LedgerDaysFilled(through, upTo));
        return upTo;
    }
}
