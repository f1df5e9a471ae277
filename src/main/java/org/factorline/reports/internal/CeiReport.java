package org.factorline.reports.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import org.factorline.reports.ReportInfo;
import org.factorline.reports.ReportTable;
import org.factorline.reports.ReportTable.Column;
import org.factorline.reports.ReportTable.Filter;
import org.factorline.reports.ReportTable.Kind;
import org.factorline.shared.Money;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Collection effectiveness index for a period, per client, and month by month over the last months as the
 * chart. Receivables are the book as of a date ({@link Book#OPEN}), taken at every date the report needs in
 * one pass over the book's movements per client, day and due date ({@link BookDays#byDueDateUpTo}: the days
 * filled, and {@link Book#MOVEMENTS_BETWEEN} after them): each movement is put in the first of those dates it counts for, and
 * each invoice is marked with the last of them on which it was not yet past due.
 */
@Component
class CeiReport implements ReportDefinition {

    static final int DEFAULT_MONTHS = 12;
    static final int MAX_MONTHS = 24;

    private final JdbcClient jdbc;
    private final Names names;
    private final Clock clock;
    private final BookDays days;

    CeiReport(JdbcClient jdbc, Names names, Clock clock, BookDays days) {
        this.jdbc = jdbc;
        this.names = names;
        this.clock = clock;
        this.days = days;
    }

    @Override
    public ReportInfo info() {
        return new ReportInfo(
                "cei",
                "Collection effectiveness",
                "Collection effectiveness index (CEI) per client for a period, and month by month for the book");
    }

    /** One client's book at each of the report's dates: open, not yet past due, and bought since the date before. */
    static final class Snapshots {
        final BigDecimal[] open;
        final BigDecimal[] current;
        final BigDecimal[] bought;

        Snapshots(int n) {
            open = zeros(n);
            current = zeros(n);
            bought = zeros(n);
        }

        private static BigDecimal[] zeros(int n) {
            BigDecimal[] a = new BigDecimal[n];
            java.util.Arrays.fill(a, BigDecimal.ZERO);
            return a;
        }

        /** A sum of movements first counting at date {@code ev}, of invoices current up to date {@code cur}. */
        void add(int ev, int cur, boolean purchase, BigDecimal amount) {
            for (int k = ev; k < open.length; k++) {
                open[k] = open[k].add(amount);
                if (cur >= k) {
                    current[k] = current[k].add(amount);
                }
            }
            if (purchase) {
                bought[ev] = bought[ev].add(amount);
            }
        }

        void add(Snapshots o) {
            for (int k = 0; k < open.length; k++) {
                open[k] = open[k].add(o.open[k]);
                current[k] = current[k].add(o.current[k]);
                bought[k] = bought[k].add(o.bought[k]);
            }
        }

        /** The period after date {@code a} up to date {@code b}. */
        Period period(int a, int b) {
            BigDecimal purchases = BigDecimal.ZERO;
            for (int k = a + 1; k <= b; k++) {
                purchases = purchases.add(bought[k]);
            }
            return new Period(open[a], purchases, open[b], current[b]);
        }
    }

    /** The figures of the formula for one period. */
    record Period(BigDecimal beginning, BigDecimal bought, BigDecimal ending, BigDecimal endingCurrent) {

        BigDecimal collected() {
            return beginning.add(bought).subtract(ending);
        }

        /** (beginning + bought − ending) ÷ (beginning + bought − ending current) × 100; null without a base. */
        BigDecimal cei() {
            BigDecimal base = beginning.add(bought).subtract(endingCurrent);
            if (base.signum() <= 0) {
                return null;
            }
            return collected().multiply(BigDecimal.valueOf(100)).divide(base, 2, RoundingMode.HALF_UP);
        }

        boolean empty() {
            return beginning.signum() == 0 && bought.signum() == 0 && ending.signum() == 0;
        }
    }

    @Override
    public ReportTable run(Map<String, String> params) {
        Params p = new Params(params);
        LocalDate today = LocalDate.now(clock);
        LocalDate[] period = p.period(today.withDayOfMonth(1), today);
        LocalDate from = period[0];
        LocalDate to = period[1];
        int months = p.whole("months", DEFAULT_MONTHS, 1, MAX_MONTHS);
        UUID onlyClient = p.uuid("clientId");
        Currency currency = p.currency();
        String code = currency.getCurrencyCode();

        // the dates: the day before the period and its last day; the day before the first month of the series
        // and the last day of each month of it (the last month ends on 'to')
        YearMonth last = YearMonth.from(to);
        YearMonth firstMonth = last.minusMonths(months - 1L);
        List<LocalDate> series = new ArrayList<>();
        series.add(firstMonth.atDay(1).minusDays(1));
        for (YearMonth m = firstMonth; m.isBefore(last); m = m.plusMonths(1)) {
            series.add(m.atEndOfMonth());
        }
        series.add(to);
        TreeSet<LocalDate> all = new TreeSet<>(series);
        all.add(from.minusDays(1));
        List<LocalDate> dates = List.copyOf(all);
        int n = dates.size();

        StringBuilder ev = new StringBuilder("case");
        for (int k = 0; k < n; k++) {
            ev.append(" when m.moved_on <= :d").append(k).append(" then ").append(k);
        }
        ev.append(" end");
        StringBuilder cur = new StringBuilder("case");
        for (int k = n - 1; k >= 0; k--) {
            cur.append(" when m.due_date >= :d").append(k).append(" then ").append(k);
        }
        cur.append(" else -1 end");
        BookDays.Range range = days.byDueDateUpTo(dates.get(n - 1));
        String sql = "select client_id, ev, cur, purchase, sum(amount) as amount from (select m.client_id, " + ev
                + " as ev, " + cur + " as cur, case when m.kind = 'PURCHASE' then 1 else 0 end as purchase,"
                + " m.amount from (" + range.text() + ") m"
                + " where m.moved_on <= :d" + (n - 1)
                + (onlyClient == null ? "" : " and m.client_id = :client")
                + ") x group by client_id, ev, cur, purchase";
        var statement = range.bind(jdbc.sql(sql)).param("currency", code);
        for (int k = 0; k < n; k++) {
            statement = statement.param("d" + k, dates.get(k));
        }
        if (onlyClient != null) {
            statement = statement.param("client", onlyClient);
        }
        Map<UUID, Snapshots> byClient = new HashMap<>();
        statement
                .query((rs, i) -> {
                    byClient.computeIfAbsent(rs.getObject("client_id", UUID.class), c -> new Snapshots(n))
                            .add(
                                    rs.getInt("ev"),
                                    rs.getInt("cur"),
                                    rs.getInt("purchase") == 1,
                                    rs.getBigDecimal("amount"));
                    return null;
                })
                .list();

        int a = dates.indexOf(from.minusDays(1));
        int b = dates.indexOf(to);
        Snapshots book = new Snapshots(n);
        byClient.values().forEach(book::add);
        List<Map.Entry<UUID, Period>> shown = byClient.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue().period(a, b)))
                .filter(e -> !e.getValue().empty())
                .sorted((x, y) -> y.getValue()
                        .beginning()
                        .add(y.getValue().bought())
                        .compareTo(x.getValue().beginning().add(x.getValue().bought())))
                .toList();
        Map<UUID, String> clientNames =
                names.clients(shown.stream().map(Map.Entry::getKey).toList());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map.Entry<UUID, Period> e : shown) {
            rows.add(row(clientNames.getOrDefault(e.getKey(), e.getKey().toString()), e.getValue(), currency));
        }

        List<ReportTable.Chart.Value> bars = new ArrayList<>();
        for (int k = 1; k < series.size(); k++) {
            Period month = book.period(dates.indexOf(series.get(k - 1)), dates.indexOf(series.get(k)));
            BigDecimal cei = month.cei();
            String label = YearMonth.from(series.get(k)).toString()
                    + (k == series.size() - 1 && !to.equals(last.atEndOfMonth()) ? " (to " + to + ")" : "");
            bars.add(new ReportTable.Chart.Value(
                    label, cei == null ? BigDecimal.ZERO : cei, cei == null ? "—" : cei.toPlainString() + " %", false));
        }
        return new ReportTable(
                "cei",
                "Collection effectiveness " + from + " to " + to,
                List.of(
                        Filter.date("from", "From", from),
                        Filter.date("to", "To", to),
                        Filter.text("months", "Months in the chart (1–" + MAX_MONTHS + ")", months),
                        Filter.text("clientId", "Client id (optional)", onlyClient),
                        Filter.text("currency", "Currency", code)),
                List.of(
                        new Column("client", "Client", Kind.TEXT),
                        new Column("beginning", "Receivables at start", Kind.MONEY),
                        new Column("bought", "Bought in period", Kind.MONEY),
                        new Column("ending", "Receivables at end", Kind.MONEY),
                        new Column("ending_current", "Of which current at end", Kind.MONEY),
                        new Column("collected", "Reduced in period", Kind.MONEY),
                        new Column("cei", "CEI %", Kind.PERCENT)),
                rows,
                row("Total", book.period(a, b), currency),
                List.of(
                        "CEI = (receivables at start + bought in period − receivables at end) ÷ (receivables at"
                                + " start + bought in period − current receivables at end) × 100; blank when the"
                                + " divisor is not positive. 100 means everything that could be collected was.",
                        "Receivables are the open balance of the purchased book (the aging report's rule, equal to"
                                + " purchased receivables in the trial balance) as of " + from.minusDays(1)
                                + " (start) and " + to + " (end); current = not yet past due on " + to
                                + " (due on or after it); bought = the face of the invoices bought in the period.",
                        "Reduced in period = start + bought − end: cash collected, and also short pays and"
                                + " charge-backs, which take receivables out of the book too.",
                        "The chart: the same index for the whole book"
                                + (onlyClient == null ? "" : " (this client)") + ", month by month, each month"
                                + " from its first day (the last one up to " + to + ")."),
                ReportTable.Chart.of("CEI % by month", bars));
    }

    private static Map<String, Object> row(String label, Period x, Currency currency) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("client", label);
        row.put("beginning", Money.of(x.beginning(), currency));
        row.put("bought", Money.of(x.bought(), currency));
        row.put("ending", Money.of(x.ending(), currency));
        row.put("ending_current", Money.of(x.endingCurrent(), currency));
        row.put("collected", Money.of(x.collected(), currency));
        row.put("cei", x.cei());
        return row;
    }
}
