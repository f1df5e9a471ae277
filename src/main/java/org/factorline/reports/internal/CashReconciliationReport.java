package org.factorline.reports.internal;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Currency;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.factorline.ledger.AccountCode;
import org.factorline.ledger.LedgerDayTotals;
import org.factorline.reports.ReportInfo;
import org.factorline.reports.ReportTable;
import org.factorline.reports.ReportTable.Column;
import org.factorline.reports.ReportTable.Filter;
import org.factorline.reports.ReportTable.Kind;
import org.factorline.shared.Money;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Cash reconciliation, day by day: what the bank side of Factorline recorded (receipts from bank files and by
 * hand, payout files sent to the bank, payouts the bank returned, refunds to payers) against the postings to
 * the cash account, and the unapplied cash the receipts leave against the ledger's unapplied-cash account.
 * Every day with a difference is flagged. Each side is read from its own tables, set-based, one pass per
 * period: the rows are the period's days, the opening unapplied balances one more pass up to the day before
 * (of the unapplied measures only). The ledger side is read by day ({@link LedgerDays}).
 */
@Component
class CashReconciliationReport implements ReportDefinition {

    /** What one amount in the daily pass is. */
    enum Measure {
        BANK_FILE_RECEIPTS,
        OTHER_RECEIPTS,
        PAYOUTS_RETURNED,
        PAYOUT_FILES_SENT,
        REFUNDS,
        LEDGER_CASH_IN,
        LEDGER_CASH_OUT,
        RECEIPTS_UNAPPLIED,
        LEDGER_UNAPPLIED
    }

    /**
     * Every amount of the bank side and the ledger side dated in {@code :lo}..{@code :hi} (dates) or
     * {@code :loAt}..{@code :hiAt} (instants, by their UTC date, as the modules date the entries they post then).
     * Receipts are dated by value date; what is applied or forwarded out of a payment counts on the payment's
     * value date (the date of the entry that moves it out of unapplied cash), a refund on the day it was made.
     */
    static final String DAILY = """
            select x.on_day, x.measure, sum(x.amount) as amount from (
              select p.value_date as on_day,
                     case when p.bank_file_id is null then 'OTHER_RECEIPTS' else 'BANK_FILE_RECEIPTS' end as measure,
                     p.amount
              from payment p where p.currency = :currency and p.value_date >= :lo and p.value_date <= :hi
              union all
              select cast((f.sent_at at time zone 'UTC') as date), 'PAYOUT_FILES_SENT', f.total_amount
              from payout_file f
              where f.status = 'SENT' and f.currency = :currency and f.sent_at >= :loAt and f.sent_at < :hiAt
              union all
              select cast((o.returned_at at time zone 'UTC') as date), 'PAYOUTS_RETURNED', o.amount
              from payout o
              where o.status = 'RETURNED' and o.currency = :currency and o.returned_at >= :loAt and o.returned_at < :hiAt
              union all
              select cast((r.created_at at time zone 'UTC') as date), 'REFUNDS', r.amount
              from payment_refund r where r.currency = :currency and r.created_at >= :loAt and r.created_at < :hiAt
              union all
              select p.value_date, 'RECEIPTS_UNAPPLIED', p.amount
              from payment p where p.currency = :currency and p.value_date >= :lo and p.value_date <= :hi
              union all
              select a.value_date, 'RECEIPTS_UNAPPLIED', -a.amount
              from payment_allocation a
              where a.currency = :currency and a.value_date >= :lo and a.value_date <= :hi
              union all
              select p.value_date, 'RECEIPTS_UNAPPLIED', -w.amount
              from payment_forward w join payment p on p.id = w.payment_id
              where p.currency = :currency and p.value_date >= :lo and p.value_date <= :hi
              union all
              select cast((r.created_at at time zone 'UTC') as date), 'RECEIPTS_UNAPPLIED', -r.amount
              from payment_refund r where r.currency = :currency and r.created_at >= :loAt and r.created_at < :hiAt
            ) x group by x.on_day, x.measure""";

    /**
     * The ledger side of {@link #DAILY}: per day, the debits and credits to cash and to unapplied cash, read by
     * day ({@link LedgerDays}); cash debits are cash in, its credits cash out, and unapplied cash is credits less
     * debits.
     */
    static final String LEDGER_DAILY = """
            select d.business_date, a.code, sum(d.debit) as debit, sum(d.credit) as credit
            from (""" + LedgerDays.DAYS + """
            ) d join ledger_account a on a.id = d.account_id
            where a.code in (:cash, :unapplied) and a.currency = :currency
            group by d.business_date, a.code""";

    /**
     * The opening of the unapplied-cash measures (all the opening balance needs): receipts less what was applied,
     * forwarded and refunded, and the ledger's unapplied cash, up to {@code :hi} / {@code :hiAt}; the same sums
     * as {@link #DAILY}'s rows for those two measures over all earlier days.
     */
    static final String OPENING = """
            select x.measure, sum(x.amount) as amount from (
              select 'RECEIPTS_UNAPPLIED' as measure, p.amount
              from payment p where p.currency = :currency and p.value_date <= :hi
              union all
              select 'RECEIPTS_UNAPPLIED', -a.amount
              from payment_allocation a where a.currency = :currency and a.value_date <= :hi
              union all
              select 'RECEIPTS_UNAPPLIED', -w.amount
              from payment_forward w join payment p on p.id = w.payment_id
              where p.currency = :currency and p.value_date <= :hi
              union all
              select 'RECEIPTS_UNAPPLIED', -r.amount
              from payment_refund r where r.currency = :currency and r.created_at < :hiAt
              union all
              select 'LEDGER_UNAPPLIED', d.credit - d.debit
              from (""" + LedgerDays.DAYS + """
              ) d join ledger_account a on a.id = d.account_id
              where a.code = :unapplied and a.currency = :currency
            ) x group by x.measure""";

    private final JdbcClient jdbc;
    private final Clock clock;
    private final LedgerDayTotals dayTotals;

    CashReconciliationReport(JdbcClient jdbc, Clock clock, LedgerDayTotals dayTotals) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.dayTotals = dayTotals;
    }

    @Override
    public ReportInfo info() {
        return new ReportInfo(
                "cash-reconciliation",
                "Cash reconciliation",
                "Day by day: bank files and other receipts, payout files sent, returns and refunds against the"
                        + " ledger's cash postings, and unapplied cash against the ledger, with every difference flagged");
    }

    @Override
    public ReportTable run(Map<String, String> params) {
        Params p = new Params(params);
        LocalDate today = LocalDate.now(clock);
        LocalDate[] period = p.period(today.withDayOfMonth(1), today);
        LocalDate from = period[0];
        LocalDate to = period[1];
        Currency currency = p.currency();

        LocalDate through = LedgerDays.through(dayTotals);
        Map<Measure, BigDecimal> opening = opening(from.minusDays(1), currency, through);
        Map<LocalDate, Map<Measure, BigDecimal>> days = new TreeMap<>();
        daily(from, to, currency, through, days);

        BigDecimal receiptsUnapplied = opening.getOrDefault(Measure.RECEIPTS_UNAPPLIED, BigDecimal.ZERO);
        BigDecimal ledgerUnapplied = opening.getOrDefault(Measure.LEDGER_UNAPPLIED, BigDecimal.ZERO);
        Map<Measure, BigDecimal> sums = new EnumMap<>(Measure.class);
        BigDecimal sumDiffIn = BigDecimal.ZERO;
        BigDecimal sumDiffOut = BigDecimal.ZERO;
        int flagged = 0;
        List<Map<String, Object>> rows = new ArrayList<>();
        List<ReportTable.Chart.Value> bars = new ArrayList<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            Map<Measure, BigDecimal> m = days.getOrDefault(d, Map.of());
            receiptsUnapplied = receiptsUnapplied.add(m.getOrDefault(Measure.RECEIPTS_UNAPPLIED, BigDecimal.ZERO));
            ledgerUnapplied = ledgerUnapplied.add(m.getOrDefault(Measure.LEDGER_UNAPPLIED, BigDecimal.ZERO));
            if (m.isEmpty()) {
                continue; // a day nothing happened on either side: both balances carry over unchanged
            }
            m.forEach((k, v) -> sums.merge(k, v, BigDecimal::add));
            BigDecimal bankIn = get(m, Measure.BANK_FILE_RECEIPTS)
                    .add(get(m, Measure.OTHER_RECEIPTS))
                    .add(get(m, Measure.PAYOUTS_RETURNED));
            BigDecimal bankOut = get(m, Measure.PAYOUT_FILES_SENT).add(get(m, Measure.REFUNDS));
            BigDecimal diffIn = get(m, Measure.LEDGER_CASH_IN).subtract(bankIn);
            BigDecimal diffOut = get(m, Measure.LEDGER_CASH_OUT).subtract(bankOut);
            BigDecimal diffUnapplied = ledgerUnapplied.subtract(receiptsUnapplied);
            boolean off = diffIn.signum() != 0 || diffOut.signum() != 0 || diffUnapplied.signum() != 0;
            flagged += off ? 1 : 0;
            sumDiffIn = sumDiffIn.add(diffIn);
            sumDiffOut = sumDiffOut.add(diffOut);
            Map<String, Object> row = row(m, currency);
            row.put("day", d);
            row.put("difference_in", Money.of(diffIn, currency));
            row.put("difference_out", Money.of(diffOut, currency));
            row.put("receipts_unapplied", Money.of(receiptsUnapplied, currency));
            row.put("ledger_unapplied", Money.of(ledgerUnapplied, currency));
            row.put("difference_unapplied", Money.of(diffUnapplied, currency));
            row.put("flag", off ? "DIFFERENCE" : "");
            rows.add(new LinkedHashMap<>(row));
            if (off && bars.size() < 31) {
                BigDecimal size = diffIn.abs().add(diffOut.abs()).add(diffUnapplied.abs());
                bars.add(new ReportTable.Chart.Value(
                        d.toString(),
                        size,
                        "in " + Money.of(diffIn, currency).display() + ", out "
                                + Money.of(diffOut, currency).display() + ", unapplied "
                                + Money.of(diffUnapplied, currency).display(),
                        true));
            }
        }
        Map<String, Object> totals = row(sums, currency);
        totals.put("day", "Total");
        totals.put("difference_in", Money.of(sumDiffIn, currency));
        totals.put("difference_out", Money.of(sumDiffOut, currency));
        totals.put("receipts_unapplied", Money.of(receiptsUnapplied, currency));
        totals.put("ledger_unapplied", Money.of(ledgerUnapplied, currency));
        totals.put("difference_unapplied", Money.of(ledgerUnapplied.subtract(receiptsUnapplied), currency));
        totals.put("flag", flagged == 0 ? "" : flagged + (flagged == 1 ? " day" : " days") + " with a difference");
        return new ReportTable(
                "cash-reconciliation",
                "Cash reconciliation " + from + " to " + to + " (" + currency.getCurrencyCode() + ")",
                List.of(
                        Filter.date("from", "From", from),
                        Filter.date("to", "To", to),
                        Filter.text("currency", "Currency", currency.getCurrencyCode())),
                List.of(
                        new Column("day", "Day", Kind.DATE),
                        new Column("bank_file_receipts", "Bank-file receipts", Kind.MONEY),
                        new Column("other_receipts", "Receipts entered by hand", Kind.MONEY),
                        new Column("payouts_returned", "Payouts returned", Kind.MONEY),
                        new Column("ledger_cash_in", "Ledger cash in", Kind.MONEY),
                        new Column("difference_in", "Difference in", Kind.MONEY),
                        new Column("payout_files_sent", "Payout files sent", Kind.MONEY),
                        new Column("refunds", "Refunds to payers", Kind.MONEY),
                        new Column("ledger_cash_out", "Ledger cash out", Kind.MONEY),
                        new Column("difference_out", "Difference out", Kind.MONEY),
                        new Column("receipts_unapplied", "Unapplied per receipts", Kind.MONEY),
                        new Column("ledger_unapplied", "Unapplied per ledger", Kind.MONEY),
                        new Column("difference_unapplied", "Difference unapplied", Kind.MONEY),
                        new Column("flag", "Flag", Kind.TEXT)),
                rows,
                totals,
                List.of(
                        "One row per day with activity on either side, in " + currency.getCurrencyCode()
                                + ". Bank side:"
                                + " receipts by value date (from imported BAI2, camt and lockbox files, or entered by"
                                + " hand), payout files sent to the bank and payouts the bank returned, and refunds to"
                                + " payers, each on its UTC date. Ledger side: debits (in) and credits (out) to "
                                + AccountCode.CASH.title() + " (" + AccountCode.CASH.number() + ") by business date.",
                        "Difference = ledger − bank side; a day with any difference is flagged. A manual journal entry"
                                + " to cash (capital paid in, an adjustment) has no bank-side record here and shows as"
                                + " a difference on its day. Payout files released but not yet sent are not cash yet.",
                        "Unapplied per receipts, at the end of each day: payments with a value date up to then less"
                                + " what was applied to invoices or forwarded to clients out of them (on the payment's"
                                + " value date) and refunds made up to then; per ledger: the balance of "
                                + AccountCode.UNAPPLIED_CASH.title() + " (" + AccountCode.UNAPPLIED_CASH.number()
                                + ") on that business date.",
                        "The files do not record which of the factor's bank accounts a payment reached, so the"
                                + " reconciliation is one series per currency."),
                ReportTable.Chart.of("Days with a difference (size of the differences)", bars));
    }

    private Map<Measure, BigDecimal> opening(LocalDate hi, Currency currency, LocalDate through) {
        Map<Measure, BigDecimal> opening = new EnumMap<>(Measure.class);
        jdbc.sql(OPENING)
                .param("currency", currency.getCurrencyCode())
                .param("lo", LedgerDays.BEGINNING)
                .param("hi", hi)
                .param("through", through)
                .param("hiAt", OffsetDateTime.of(hi.plusDays(1).atStartOfDay(), ZoneOffset.UTC))
                .param("unapplied", AccountCode.UNAPPLIED_CASH.name())
                .query((rs, n) -> {
                    opening.merge(
                            Measure.valueOf(rs.getString("measure").trim()),
                            rs.getBigDecimal("amount"),
                            BigDecimal::add);
                    return null;
                })
                .list();
        return opening;
    }

    private void daily(
            LocalDate lo,
            LocalDate hi,
            Currency currency,
            LocalDate through,
            Map<LocalDate, Map<Measure, BigDecimal>> into) {
        jdbc.sql(DAILY)
                .param("currency", currency.getCurrencyCode())
                .param("lo", lo)
                .param("hi", hi)
                .param("through", through)
                .param("loAt", OffsetDateTime.of(lo.atStartOfDay(), ZoneOffset.UTC))
                .param("hiAt", OffsetDateTime.of(hi.plusDays(1).atStartOfDay(), ZoneOffset.UTC))
                .param("cash", AccountCode.CASH.name())
                .param("unapplied", AccountCode.UNAPPLIED_CASH.name())
                .query((rs, n) -> {
                    LocalDate day = rs.getObject("on_day", LocalDate.class);
                    Measure m = Measure.valueOf(rs.getString("measure").trim());
                    into.computeIfAbsent(day, d -> new EnumMap<>(Measure.class))
                            .merge(m, rs.getBigDecimal("amount"), BigDecimal::add);
                    return null;
                })
                .list();
        jdbc.sql(LEDGER_DAILY)
                .param("currency", currency.getCurrencyCode())
                .param("lo", lo)
                .param("hi", hi)
                .param("through", through)
                .param("cash", AccountCode.CASH.name())
                .param("unapplied", AccountCode.UNAPPLIED_CASH.name())
                .query((rs, n) -> {
                    Map<Measure, BigDecimal> m = into.computeIfAbsent(
                            rs.getObject("business_date", LocalDate.class), d -> new EnumMap<>(Measure.class));
                    BigDecimal debit = rs.getBigDecimal("debit");
                    BigDecimal credit = rs.getBigDecimal("credit");
                    if (AccountCode.CASH.name().equals(rs.getString("code"))) {
                        if (debit.signum() != 0) {
                            m.merge(Measure.LEDGER_CASH_IN, debit, BigDecimal::add);
                        }
                        if (credit.signum() != 0) {
                            m.merge(Measure.LEDGER_CASH_OUT, credit, BigDecimal::add);
                        }
                    } else {
                        m.merge(Measure.LEDGER_UNAPPLIED, credit.subtract(debit), BigDecimal::add);
                    }
                    return null;
                })
                .list();
    }

    private static BigDecimal get(Map<Measure, BigDecimal> m, Measure k) {
        return m.getOrDefault(k, BigDecimal.ZERO);
    }

    private static Map<String, Object> row(Map<Measure, BigDecimal> m, Currency currency) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (Measure k : List.of(
                Measure.BANK_FILE_RECEIPTS,
                Measure.OTHER_RECEIPTS,
                Measure.PAYOUTS_RETURNED,
                Measure.LEDGER_CASH_IN,
                Measure.PAYOUT_FILES_SENT,
                Measure.REFUNDS,
                Measure.LEDGER_CASH_OUT)) {
            row.put(k.name().toLowerCase(java.util.Locale.ROOT), Money.of(get(m, k), currency));
        }
        return row;
    }
}
