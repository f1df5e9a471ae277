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
import java.util.TreeMap;
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
 * Days sales outstanding as of a date, per client and for the book, by the countback method: the open
 * balance ({@link Book#OPEN}) is matched against the face bought month by month, newest first, and the days
 * of the months it uses up are counted. The simple DSO (open ÷ face bought in the last 90 days × 90) is shown
 * beside it. Two grouped queries, whatever the size of the book.
 */
@Component
class DsoReport implements ReportDefinition {

    static final int SIMPLE_DAYS = 90;

    private final JdbcClient jdbc;
    private final Names names;
    private final Clock clock;

    DsoReport(JdbcClient jdbc, Names names, Clock clock) {
        this.jdbc = jdbc;
        this.names = names;
        this.clock = clock;
    }

    @Override
    public ReportInfo info() {
        return new ReportInfo(
                "dso",
                "Days sales outstanding",
                "DSO per client and for the book as of a date, by the countback method, beside the simple"
                        + " 90-day DSO");
    }

    private static final class Acc {
        BigDecimal open = BigDecimal.ZERO;
        long invoices;
        BigDecimal recent = BigDecimal.ZERO;
        final Map<YearMonth, BigDecimal> bought = new TreeMap<>();

        void add(Acc o) {
            open = open.add(o.open);
            invoices += o.invoices;
            recent = recent.add(o.recent);
            o.bought.forEach((m, v) -> bought.merge(m, v, BigDecimal::add));
        }
    }

    @Override
    public ReportTable run(Map<String, String> params) {
        Params p = new Params(params);
        LocalDate asOf = p.date("asOf", LocalDate.now(clock));
        UUID onlyClient = p.uuid("clientId");
        Currency currency = p.currency();
        String code = currency.getCurrencyCode();
        Map<UUID, Acc> byClient = new HashMap<>();
        jdbc.sql("select o.client_id, sum(o.open_balance) as open_balance,"
                        + " sum(case when o.open_balance > 0 then 1 else 0 end) as n from (" + Book.OPEN + ") o"
                        + " group by o.client_id")
                .param("asOf", asOf)
                .param("currency", code)
                .query((rs, n) -> {
                    Acc a = byClient.computeIfAbsent(rs.getObject("client_id", UUID.class), c -> new Acc());
                    a.open = rs.getBigDecimal("open_balance");
                    a.invoices = rs.getLong("n");
                    return null;
                })
                .list();
        // face bought per client and purchase month, and in the last 90 days, on or before the date
        jdbc.sql("""
                        select client_id, y, m, sum(face_amount) as face,
                               sum(case when funding_date > :since then face_amount else 0 end) as recent
                        from (select client_id, funding_date, face_amount,
                                     extract(year from funding_date) as y, extract(month from funding_date) as m
                              from funded_invoice where currency = :currency and funding_date <= :asOf) f
                        group by client_id, y, m""")
                .param("asOf", asOf)
                .param("since", asOf.minusDays(SIMPLE_DAYS))
                .param("currency", code)
                .query((rs, n) -> {
                    Acc a = byClient.computeIfAbsent(rs.getObject("client_id", UUID.class), c -> new Acc());
                    a.bought.put(YearMonth.of(rs.getInt("y"), rs.getInt("m")), rs.getBigDecimal("face"));
                    a.recent = a.recent.add(rs.getBigDecimal("recent"));
                    return null;
                })
                .list();
        // a client is shown while it has a balance open or bought in the last 90 days
        byClient.values().removeIf(a -> a.open.signum() == 0 && a.recent.signum() == 0);
        if (onlyClient != null) {
            byClient.keySet().retainAll(List.of(onlyClient));
        }
        Map<UUID, String> clientNames = names.clients(byClient.keySet());
        Acc total = new Acc();
        List<Map<String, Object>> rows = new ArrayList<>();
        List<ReportTable.Chart.Value> bars = new ArrayList<>();
        List<Map.Entry<UUID, Acc>> ordered = byClient.entrySet().stream()
                .sorted((x, y) -> y.getValue().open.compareTo(x.getValue().open))
                .toList();
        for (Map.Entry<UUID, Acc> e : ordered) {
            Acc a = e.getValue();
            total.add(a);
            String label = clientNames.getOrDefault(e.getKey(), e.getKey().toString());
            Map<String, Object> row = row(label, a, asOf, currency);
            rows.add(row);
            if (bars.size() < 15 && row.get("dso_countback") instanceof BigDecimal dso) {
                bars.add(new ReportTable.Chart.Value(label, dso, dso.toPlainString() + " days", false));
            }
        }
        return new ReportTable(
                "dso",
                "Days sales outstanding as of " + asOf,
                List.of(
                        Filter.date("asOf", "As of", asOf),
                        Filter.text("clientId", "Client id (optional)", onlyClient),
                        Filter.text("currency", "Currency", code)),
                List.of(
                        new Column("client", "Client", Kind.TEXT),
                        new Column("invoices", "Open invoices", Kind.COUNT),
                        new Column("open_balance", "Open balance", Kind.MONEY),
                        new Column("bought_90", "Bought in last 90 days", Kind.MONEY),
                        new Column("dso_simple", "Simple DSO (days)", Kind.NUMBER),
                        new Column("dso_countback", "Countback DSO (days)", Kind.NUMBER),
                        new Column("months", "Months counted back", Kind.COUNT)),
                rows,
                row("Total", total, asOf, currency),
                List.of(
                        "Open balance as of " + asOf + " by the aging report's rule (it equals purchased receivables"
                                + " in the trial balance); bought = the face of the invoices bought, by purchase date.",
                        "Countback DSO: starting with " + YearMonth.from(asOf) + " (its days up to " + asOf
                                + ") and going back a calendar month at a time, each month whose face bought the"
                                + " remaining open balance covers adds all its days and takes its face off; the first"
                                + " month it does not cover adds remaining ÷ that month's face bought × its days."
                                + " DSO = the days of the months used up + that fraction.",
                        "Simple DSO = open balance ÷ the face bought in the " + SIMPLE_DAYS + " days up to " + asOf
                                + " × " + SIMPLE_DAYS + "; blank when nothing was bought then.",
                        "The total row counts back the whole book's open balance against the whole book's purchases,"
                                + " so it is not an average of the clients'."),
                ReportTable.Chart.of("Countback DSO by client, days (largest 15 books)", bars));
    }

    private static Map<String, Object> row(String label, Acc a, LocalDate asOf, Currency currency) {
        Countback c = countback(a.open, a.bought, asOf);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("client", label);
        row.put("invoices", a.invoices);
        row.put("open_balance", Money.of(a.open, currency));
        row.put("bought_90", Money.of(a.recent, currency));
        row.put("dso_simple", simple(a.open, a.recent));
        row.put("dso_countback", c.days());
        row.put("months", (long) c.months());
        return row;
    }

    /** The countback's days (one decimal) and how many months it reached into. */
    record Countback(BigDecimal days, int months) {}

    /**
     * Counts {@code open} back through {@code bought} (face per purchase month, none after {@code asOf}): the
     * month of {@code asOf} has the days up to it, earlier months all theirs.
     */
    static Countback countback(BigDecimal open, Map<YearMonth, BigDecimal> bought, LocalDate asOf) {
        YearMonth month = YearMonth.from(asOf);
        YearMonth first = bought.keySet().stream().min(YearMonth::compareTo).orElse(month);
        BigDecimal remaining = open;
        long fullDays = 0;
        int months = 0;
        while (remaining.signum() > 0 && !month.isBefore(first)) {
            int days = month.equals(YearMonth.from(asOf)) ? asOf.getDayOfMonth() : month.lengthOfMonth();
            BigDecimal face = bought.getOrDefault(month, BigDecimal.ZERO);
            months++;
            if (remaining.compareTo(face) >= 0) {
                fullDays += days;
                remaining = remaining.subtract(face);
            } else {
                // (full days × face + remaining × days) ÷ face, rounded once
                BigDecimal dso = BigDecimal.valueOf(fullDays)
                        .multiply(face)
                        .add(remaining.multiply(BigDecimal.valueOf(days)))
                        .divide(face, 1, RoundingMode.HALF_UP);
                return new Countback(dso, months);
            }
            month = month.minusMonths(1);
        }
        return new Countback(BigDecimal.valueOf(fullDays).setScale(1), months);
    }

    static BigDecimal simple(BigDecimal open, BigDecimal recent) {
        if (recent.signum() == 0) {
            return null;
        }
        return open.multiply(BigDecimal.valueOf(SIMPLE_DAYS)).divide(recent, 1, RoundingMode.HALF_UP);
    }
}
