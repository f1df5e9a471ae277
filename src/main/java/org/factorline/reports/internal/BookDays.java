package org.factorline.reports.internal;

import static java.time.temporal.ChronoUnit.DAYS;

import java.time.LocalDate;
import java.util.List;
import org.factorline.ledger.LedgerDayTotals;
import org.factorline.ledger.LedgerDaysFilled;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The purchased book by day ({@code book_day_total} per client, debtor, day and kind; {@code book_client_day} per
 * client, day, due date and kind) and each pair's open balance as of the last filled day ({@code book_pair_open}),
 * so that dilution, collection effectiveness and concentration read a few rows per day instead of every invoice
 * and payment: the same movements as {@link Book#MOVEMENTS}, summed.
 *
 * <ul>
 *   <li>They are filled when the ledger's day totals are ({@link LedgerDaysFilled}, in that transaction: on
 *       PostgreSQL it holds the lock that keeps postings from moving the ledger's horizon meanwhile), up to the
 *       same day. Every movement of the book is a posting to purchased receivables dated on or before the
 *       movement's day, so a movement recorded later but dated on or before the filled day moves the ledger's
 *       horizon back before it.
 *   <li>Readers trust these up to {@link #through}: the earlier of this horizon and the ledger's, and read the
 *       movements themselves after it. The pairs' open balances are good only while this horizon is not after
 *       the ledger's ({@link #pairsAsOf}).
 * </ul>
 */
@Component
class BookDays {

    static final LocalDate NOTHING = LedgerDayTotals.NOTHING;

    /** {@link Book#MOVEMENTS_BETWEEN} with its dates named {@code :tailFrom} and {@code :tailTo}. */
    static final String TAIL =
            Book.MOVEMENTS_BETWEEN.replaceAll(":from\\b", ":tailFrom").replaceAll(":to\\b", ":tailTo");

    private final JdbcClient jdbc;
    private final LedgerDayTotals ledgerDays;
    private final SortMemory sortMemory;

    BookDays(JdbcClient jdbc, LedgerDayTotals ledgerDays, SortMemory sortMemory) {
        this.jdbc = jdbc;
        this.ledgerDays = ledgerDays;
        this.sortMemory = sortMemory;
    }

    /** This horizon: the last day filled, and the date the pairs' open balances are as of. */
    LocalDate filled() {
        return jdbc.sql("select through from book_day_horizon where id = 1")
                .query(LocalDate.class)
                .single();
    }

    /** The last day whose movements may be read from the tables: the earlier of this horizon and the ledger's. */
    LocalDate through() {
        LocalDate filled = filled();
        LocalDate ledger = ledgerDays.horizon();
        return filled.isBefore(ledger) ? filled : ledger;
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    public void onLedgerDaysFilled(LedgerDaysFilled e) {
        fill(e.unchangedThrough(), e.through());
    }

    /**
     * Fills the days after the last good one ({@code unchangedThrough} or this horizon, the earlier) up to
     * {@code upTo}, and brings the pairs' open balances to {@code upTo}: by adding the new days when they were good
     * through this horizon, else summed again from the days.
     */
    void fill(LocalDate unchangedThrough, LocalDate upTo) {
        LocalDate filled = jdbc.sql("select through from book_day_horizon where id = 1 for update")
                .query(LocalDate.class)
                .single();
        LocalDate good = filled.isBefore(unchangedThrough) ? filled : unchangedThrough;
        if (!good.isBefore(upTo)) {
            monthEnds(good);
            return;
        }
        // the days' groupings sort hundreds of thousands of rows: in memory up to the reports' work_mem, for the
        // rest of the fill's transaction, instead of spilling at the server's default (4 MB)
        sortMemory.inThisTransaction();
        jdbc.sql("delete from book_day_total where moved_on > ?").param(good).update();
        jdbc.sql("delete from book_client_day where moved_on > ?").param(good).update();
        List<String> currencies = jdbc.sql("select distinct currency from funded_invoice")
                .query(String.class)
                .list();
        for (String currency : currencies) {
            jdbc.sql("insert into book_day_total (currency, client_id, debtor_id, moved_on, kind, amount)"
                            + " select :currency, m.client_id, m.debtor_id, m.moved_on, m.kind, sum(m.amount) from ("
                            + TAIL + ") m group by m.client_id, m.debtor_id, m.moved_on, m.kind")
                    .param("currency", currency)
                    .param("tailFrom", good.plusDays(1))
                    .param("tailTo", upTo)
                    .update();
            jdbc.sql("insert into book_client_day (currency, client_id, moved_on, due_date, kind, amount)"
                            + " select :currency, m.client_id, m.moved_on, m.due_date, m.kind, sum(m.amount) from ("
                            + TAIL + ") m group by m.client_id, m.moved_on, m.due_date, m.kind")
                    .param("currency", currency)
                    .param("tailFrom", good.plusDays(1))
                    .param("tailTo", upTo)
                    .update();
        }
        if (good.equals(filled)) {
            jdbc.sql("""
                            merge into book_pair_open o
                            using (select t.currency, t.client_id, t.debtor_id, sum(t.amount) as amount
                                   from book_day_total t where t.moved_on > :after
                                   group by t.currency, t.client_id, t.debtor_id) s
                            on (o.currency = s.currency and o.client_id = s.client_id and o.debtor_id = s.debtor_id)
                            when matched then update set open_balance = o.open_balance + s.amount
                            when not matched then insert (currency, client_id, debtor_id, open_balance)
                                values (s.currency, s.client_id, s.debtor_id, s.amount)""").param("after", good).update();
        } else {
            jdbc.sql("delete from book_pair_open").update();
            jdbc.sql("""
                            insert into book_pair_open (currency, client_id, debtor_id, open_balance)
                            select t.currency, t.client_id, t.debtor_id, sum(t.amount) from book_day_total t
                            group by t.currency, t.client_id, t.debtor_id""").update();
        }
        jdbc.sql("delete from book_pair_month where as_of > ?").param(good).update();
        monthEnds(upTo);
        jdbc.sql("update book_day_horizon set through = ? where id = 1")
                .param(upTo)
                .update();
    }

    /**
     * Makes the pairs' balances at each month's end up to {@code upTo} not made yet: the month end before plus the
     * days since, or, for the first, every day up to it. After an upgrade the first fill makes every month's end
     * of the days already filled.
     */
    private void monthEnds(LocalDate upTo) {
        LocalDate first = jdbc.sql("select min(moved_on) from book_day_total")
                .query(LocalDate.class)
                .optional()
                .orElse(null);
        if (first == null) {
            return;
        }
        LocalDate before = jdbc.sql("select max(as_of) from book_pair_month")
                .query(LocalDate.class)
                .optional()
                .orElse(null);
        LocalDate from = before == null ? first : before.plusDays(1);
        for (LocalDate end = from.withDayOfMonth(from.lengthOfMonth());
                !end.isAfter(upTo);
                end = end.plusDays(1).withDayOfMonth(end.plusDays(1).lengthOfMonth())) {
            if (before == null) {
                jdbc.sql("""
                                insert into book_pair_month (as_of, currency, client_id, debtor_id, open_balance)
                                select cast(:end as date), t.currency, t.client_id, t.debtor_id, sum(t.amount) from book_day_total t
                                where t.moved_on <= :end
                                group by t.currency, t.client_id, t.debtor_id having sum(t.amount) <> 0""").param("end", end).update();
            } else {
                jdbc.sql("""
                                insert into book_pair_month (as_of, currency, client_id, debtor_id, open_balance)
                                select cast(:end as date), x.currency, x.client_id, x.debtor_id, sum(x.amount) from (
                                  select m.currency, m.client_id, m.debtor_id, m.open_balance as amount
                                  from book_pair_month m where m.as_of = :before
                                  union all
                                  select t.currency, t.client_id, t.debtor_id, t.amount from book_day_total t
                                  where t.moved_on > :before and t.moved_on <= :end) x
                                group by x.currency, x.client_id, x.debtor_id having sum(x.amount) <> 0""").param("end", end).param("before", before).update();
            }
            before = end;
        }
    }

    /**
     * The movements dated {@code from} to {@code to} as rows {@code client_id, debtor_id, kind, amount}, several
     * per client, debtor and kind (to be summed): the days filled, and the movements after them. Parameters:
     * {@code :currency} and those of {@link Range#bind}.
     */
    Range between(LocalDate from, LocalDate to) {
        LocalDate through = through();
        LocalDate tailFrom = from.isAfter(through) ? from : through.plusDays(1);
        StringBuilder sql = new StringBuilder("""
                select t.client_id, t.debtor_id, t.kind, t.amount from book_day_total t
                where t.currency = :currency and t.moved_on >= :from and t.moved_on <= :to and t.moved_on <= :through
                """);
        if (!tailFrom.isAfter(to)) {
            sql.append(" union all select m.client_id, m.debtor_id, m.kind, m.amount from (")
                    .append(TAIL)
                    .append(") m");
        }
        return new Range(sql.toString(), from, to, through, tailFrom, to);
    }

    /**
     * The movements dated on or before {@code to} per client, day, due date and kind, as rows {@code client_id,
     * moved_on, due_date, kind, amount} (to be summed): the days filled, and the movements after them.
     */
    Range byDueDateUpTo(LocalDate to) {
        LocalDate through = through();
        LocalDate tailFrom = through.plusDays(1);
        StringBuilder sql = new StringBuilder("""
                select t.client_id, t.moved_on, t.due_date, t.kind, t.amount from book_client_day t
                where t.currency = :currency and t.moved_on >= :from and t.moved_on <= :to and t.moved_on <= :through
                """);
        if (!tailFrom.isAfter(to)) {
            sql.append(" union all select m.client_id, m.moved_on, m.due_date, m.kind, m.amount from (")
                    .append(TAIL)
                    .append(") m");
        }
        return new Range(sql.toString(), NOTHING, to, through, tailFrom, to);
    }

    /**
     * Each client and debtor pair's open balance as of {@code asOf} as rows {@code client_id, debtor_id, amount}
     * (several per pair, to be summed), from whichever of these reads the fewest days: the pairs' balances at this
     * horizon with the movements since (or, before it, less the days after {@code asOf}) when they are good; the
     * balances at the nearest month's end filled ({@code book_pair_month}, up to {@link #through}) with the days
     * between; or the days up to {@code asOf} summed, with the movements after the days filled.
     */
    Range pairsAsOf(LocalDate asOf) {
        LocalDate filled = filled();
        LocalDate ledger = ledgerDays.horizon();
        LocalDate through = filled.isBefore(ledger) ? filled : ledger;
        boolean pairsGood = !filled.equals(NOTHING) && !filled.isAfter(ledger);
        if (pairsGood && !asOf.isBefore(filled)) {
            StringBuilder sql =
                    new StringBuilder("select o.client_id, o.debtor_id, o.open_balance as amount from book_pair_open o"
                            + " where o.currency = :currency");
            if (asOf.isAfter(filled)) {
                sql.append(" union all select m.client_id, m.debtor_id, m.amount from (")
                        .append(TAIL)
                        .append(") m");
            }
            return new Range(sql.toString(), NOTHING, NOTHING, filled, filled.plusDays(1), asOf);
        }
        if (!filled.equals(NOTHING) && !asOf.isAfter(through)) {
            LocalDate first = jdbc.sql("select min(moved_on) from book_day_total")
                    .query(LocalDate.class)
                    .optional()
                    .orElse(asOf);
            LocalDate below = jdbc.sql("select max(as_of) from book_pair_month where as_of <= ?")
                    .param(asOf)
                    .query(LocalDate.class)
                    .optional()
                    .orElse(null);
            LocalDate above = jdbc.sql("select min(as_of) from book_pair_month where as_of > ? and as_of <= ?")
                    .param(asOf)
                    .param(through)
                    .query(LocalDate.class)
                    .optional()
                    .orElse(null);
            long fromFirst = DAYS.between(first, asOf);
            long toFilled = pairsGood ? DAYS.between(asOf, filled) : Long.MAX_VALUE;
            long fromBelow = below == null ? Long.MAX_VALUE : DAYS.between(below, asOf);
            long toAbove = above == null ? Long.MAX_VALUE : DAYS.between(asOf, above);
            long fewest = Math.min(Math.min(fromFirst, toFilled), Math.min(fromBelow, toAbove));
            if (fewest == fromBelow && fromBelow < fromFirst) {
                return new Range("""
                        select o.client_id, o.debtor_id, o.open_balance as amount from book_pair_month o
                        where o.as_of = :monthEnd and o.currency = :currency
                        union all
                        select t.client_id, t.debtor_id, t.amount from book_day_total t
                        where t.currency = :currency and t.moved_on > :monthEnd and t.moved_on <= :to
                        """, NOTHING, asOf, through, NOTHING, NOTHING, below);
            }
            if (fewest == toAbove && toAbove < fromFirst) {
                return new Range("""
                        select o.client_id, o.debtor_id, o.open_balance as amount from book_pair_month o
                        where o.as_of = :monthEnd and o.currency = :currency
                        union all
                        select t.client_id, t.debtor_id, -t.amount from book_day_total t
                        where t.currency = :currency and t.moved_on > :from and t.moved_on <= :monthEnd
                        """, asOf, NOTHING, through, NOTHING, NOTHING, above);
            }
            if (fewest == toFilled && toFilled < fromFirst) {
                return new Range("""
                        select o.client_id, o.debtor_id, o.open_balance as amount from book_pair_open o
                        where o.currency = :currency
                        union all
                        select t.client_id, t.debtor_id, -t.amount from book_day_total t
                        where t.currency = :currency and t.moved_on > :from and t.moved_on <= :to
                          and t.moved_on <= :through
                        """, asOf, filled, filled, NOTHING, NOTHING);
            }
        }
        StringBuilder sql = new StringBuilder("""
                select t.client_id, t.debtor_id, t.amount from book_day_total t
                where t.currency = :currency and t.moved_on >= :from and t.moved_on <= :to and t.moved_on <= :through
                """);
        LocalDate tailFrom = through.plusDays(1);
        if (!tailFrom.isAfter(asOf)) {
            sql.append(" union all select m.client_id, m.debtor_id, m.amount from (")
                    .append(TAIL)
                    .append(") m");
        }
        return new Range(sql.toString(), NOTHING, asOf, through, tailFrom, asOf);
    }

    /** A query over the book's days and the parameters it takes besides {@code :currency}. */
    record Range(
            String text,
            LocalDate from,
            LocalDate to,
            LocalDate through,
            LocalDate tailFrom,
            LocalDate tailTo,
            LocalDate monthEnd) {

        Range(String text, LocalDate from, LocalDate to, LocalDate through, LocalDate tailFrom, LocalDate tailTo) {
            this(text, from, to, through, tailFrom, tailTo, null);
        }

        JdbcClient.StatementSpec bind(JdbcClient.StatementSpec statement) {
            JdbcClient.StatementSpec s = statement;
            if (text.contains(":monthEnd")) {
                s = s.param("monthEnd", monthEnd);
            }
            if (text.contains(":from")) {
                s = s.param("from", from);
            }
            if (text.contains(":through")) {
                s = s.param("through", through);
            }
            if (text.contains(":tailFrom")) {
                s = s.param("tailFrom", tailFrom).param("tailTo", tailTo);
            }
            return text.contains(":to") ? s.param("to", to) : s;
        }
    }
}
