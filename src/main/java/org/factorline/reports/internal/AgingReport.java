package org.factorline.reports.internal;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.factorline.reports.ReportInfo;
import org.factorline.reports.ReportTable;
import org.factorline.reports.ReportTable.Column;
import org.factorline.reports.ReportTable.Filter;
import org.factorline.reports.ReportTable.Kind;
import org.factorline.reports.ReportTable.Option;
import org.factorline.shared.Money;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Aging of the purchased book as of any business date (see {@link Book} for what "as of" means), by due
 * date, invoice date or purchase date, in configurable day buckets, grouped by client or by debtor.
 */
@Component
class AgingReport implements ReportDefinition {

    enum Basis {
        DUE,
        INVOICE,
        PURCHASE
    }

    enum GroupBy {
        CLIENT,
        DEBTOR
    }

    static final List<Integer> DEFAULT_BUCKETS = List.of(30, 60, 90);

    /**
     * The book as of {@code :asOf} by group and bucket, without summing every reduction dated after it per invoice
     * (as {@link Book#OPEN} does): each invoice in the book then counts first with its balance after every reduction
     * recorded ({@code face - reduced}, when above zero); then only the invoices with reductions dated after the
     * date, whose late reductions are read through a join with the book then summed per invoice, are corrected to
     * their balance as of the date (counted if it is above zero, less what they counted with). So the sum per
     * invoice runs over the few invoices paid since, never over every payment made since, and the result is
     * {@link Book#OPEN}'s: invoices with an open balance above zero, their face and their balance. Formatted with
     * the group column, the bucket expression and the book's filter, twice, then {@link Book#LATE} and the column
     * the buckets read.
     */
    private static final String AS_OF = """
            select group_id, bucket, sum(n) as n, sum(face) as face, sum(open_balance) as open_balance from (
              select m.group_id, m.bucket, count(*) as n, sum(m.face_amount) as face, sum(m.open_now) as open_balance
              from (select %s as group_id, %s as bucket, f.face_amount, f.face_amount - f.reduced_amount as open_now
                    from funded_invoice f where %s and f.face_amount - f.reduced_amount > 0) m
              group by m.group_id, m.bucket
              union all
              select l.group_id, l.bucket,
                     sum(case when l.open_then > 0 then 1 else 0 end - case when l.open_now > 0 then 1 else 0 end),
                     sum(case when l.open_then > 0 then l.face_amount else 0 end
                         - case when l.open_now > 0 then l.face_amount else 0 end),
                     sum(case when l.open_then > 0 then l.open_then else 0 end
                         - case when l.open_now > 0 then l.open_now else 0 end)
              from (select %s as group_id, %s as bucket, f.face_amount, f.face_amount - f.reduced_amount as open_now,
                           f.face_amount - f.reduced_amount + sum(r.amount) as open_then
                    from (%s) r join funded_invoice f on f.invoice_id = r.invoice_id
                    where %s
                    group by f.invoice_id, f.client_id, f.debtor_id, %s, f.face_amount, f.reduced_amount) l
              group by l.group_id, l.bucket
            ) x group by group_id, bucket having sum(n) > 0""";

    private final JdbcClient jdbc;
    private final Names names;
    private final Clock clock;

    AgingReport(JdbcClient jdbc, Names names, Clock clock) {
        this.jdbc = jdbc;
        this.names = names;
        this.clock = clock;
    }

    @Override
    public ReportInfo info() {
        return new ReportInfo(
                "aging",
                "Aging",
                "Open balance of the purchased book as of any date, by due, invoice or purchase date, in day"
                        + " buckets, by client or by debtor");
    }

    @Override
    public ReportTable run(Map<String, String> params) {
        Params p = new Params(params);
        LocalDate asOf = p.date("asOf", LocalDate.now(clock));
        Basis basis = p.choice("basis", Basis.class, Basis.DUE);
        GroupBy groupBy = p.choice("groupBy", GroupBy.class, GroupBy.CLIENT);
        List<Integer> buckets = p.buckets("buckets", DEFAULT_BUCKETS);
        UUID client = p.uuid("clientId");
        UUID debtor = p.uuid("debtorId");
        Currency currency = p.currency();

        // age <= limit  <=>  date >= asOf - limit; by due date a bucket "current" (not yet past due) comes first
        List<Integer> limits = new ArrayList<>();
        if (basis == Basis.DUE) {
            limits.add(0);
        }
        limits.addAll(buckets);
        List<String> labels = labels(basis, buckets);
        String column = switch (basis) {
            case DUE -> "f.due_date";
            case INVOICE -> "f.issue_date";
            case PURCHASE -> "f.funding_date";
        };
        StringBuilder bucket = new StringBuilder("case");
        for (int k = 0; k < limits.size(); k++) {
            bucket.append(" when ")
                    .append(column)
                    .append(" >= :d")
                    .append(k)
                    .append(" then ")
                    .append(k);
        }
        bucket.append(" else ").append(limits.size()).append(" end");
        // grouped in the database by what was asked: a few hundred rows come back, not one per client and debtor
        String groupColumn = groupBy == GroupBy.CLIENT ? "f.client_id" : "f.debtor_id";
        String inBook = " f.funding_date <= :asOf and f.currency = :currency"
                + " and (f.closed_on is null or f.closed_on > :asOf) and (f.charged_on is null or f.charged_on > :asOf)"
                + (client == null ? "" : " and f.client_id = :client")
                + (debtor == null ? "" : " and f.debtor_id = :debtor");
        String sql = String.format(AS_OF, groupColumn, bucket, inBook, groupColumn, bucket, Book.LATE, inBook, column);
        var statement = jdbc.sql(sql).param("asOf", asOf).param("currency", currency.getCurrencyCode());
        for (int k = 0; k < limits.size(); k++) {
            statement = statement.param("d" + k, asOf.minusDays(limits.get(k)));
        }
        if (client != null) {
            statement = statement.param("client", client);
        }
        if (debtor != null) {
            statement = statement.param("debtor", debtor);
        }

        int n = labels.size();
        Map<UUID, Acc> groups = new LinkedHashMap<>();
        Acc total = new Acc(n, currency);
        statement
                .query((rs, i) -> {
                    UUID key = rs.getObject("group_id", UUID.class);
                    int b = rs.getInt("bucket");
                    long count = rs.getLong("n");
                    BigDecimal face = rs.getBigDecimal("face");
                    BigDecimal open = rs.getBigDecimal("open_balance");
                    groups.computeIfAbsent(key, k -> new Acc(n, currency)).add(b, count, face, open);
                    total.add(b, count, face, open);
                    return null;
                })
                .list();
        Map<UUID, String> groupNames =
                groupBy == GroupBy.CLIENT ? names.clients(groups.keySet()) : names.debtors(groups.keySet());

        List<Column> columns = new ArrayList<>();
        columns.add(new Column(
                groupBy == GroupBy.CLIENT ? "client" : "debtor",
                groupBy == GroupBy.CLIENT ? "Client" : "Debtor",
                Kind.TEXT));
        columns.add(new Column("invoices", "Invoices", Kind.COUNT));
        columns.add(new Column("open_face", "Open face", Kind.MONEY));
        for (int k = 0; k < n; k++) {
            columns.add(new Column("bucket_" + k, labels.get(k), Kind.MONEY));
        }
        columns.add(new Column("open_balance", "Open balance", Kind.MONEY));

        List<Map<String, Object>> rows = new ArrayList<>();
        groups.entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<UUID, Acc> e) -> e.getValue().open)
                        .reversed())
                .forEach(e -> rows.add(e.getValue()
                        .row(
                                columns.get(0).key(),
                                groupNames.getOrDefault(e.getKey(), e.getKey().toString()))));
        Map<String, Object> totals = total.row(columns.get(0).key(), "Total");

        List<ReportTable.Chart.Value> bars = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            Money m = Money.of(total.buckets[k], currency);
            bars.add(new ReportTable.Chart.Value(labels.get(k), m.amount(), m.display(), k == n - 1 && m.isPositive()));
        }
        List<Filter> filters = List.of(
                Filter.date("asOf", "As of", asOf),
                Filter.choice(
                        "basis",
                        "Age by",
                        basis,
                        List.of(
                                new Option("DUE", "Due date (days past due)"),
                                new Option("INVOICE", "Invoice date"),
                                new Option("PURCHASE", "Purchase date"))),
                Filter.text("buckets", "Buckets (days, rising)", join(buckets)),
                Filter.choice(
                        "groupBy",
                        "Group by",
                        groupBy,
                        List.of(new Option("CLIENT", "Client"), new Option("DEBTOR", "Debtor"))),
                Filter.text("clientId", "Client id (optional)", client),
                Filter.text("debtorId", "Debtor id (optional)", debtor),
                Filter.text("currency", "Currency", currency.getCurrencyCode()));
        return new ReportTable(
                "aging",
                "Aging as of " + asOf + " by " + basis.name().toLowerCase() + " date",
                filters,
                List.copyOf(columns),
                rows,
                totals,
                List.of(
                        "Purchased invoices with an open balance as of " + asOf + ". Open balance = face - payments"
                                + " with a value date on or before it - payments made to the client on or before it -"
                                + " short pays posted on or before it; an invoice charged back on or before it is out"
                                + " of the book. Later payments are not counted.",
                        "The total open balance equals purchased receivables in the trial balance as of the same date."),
                ReportTable.Chart.of("Open balance by bucket", bars));
    }

    static List<String> labels(Basis basis, List<Integer> buckets) {
        List<String> out = new ArrayList<>();
        int from;
        if (basis == Basis.DUE) {
            out.add("Current");
            from = 1;
        } else {
            from = 0;
        }
        for (int b : buckets) {
            out.add(from + "–" + b);
            from = b + 1;
        }
        out.add("Over " + buckets.get(buckets.size() - 1));
        return out;
    }

    private static String join(List<Integer> buckets) {
        return String.join(",", buckets.stream().map(String::valueOf).toList());
    }

    private static final class Acc {
        final BigDecimal[] buckets;
        final Currency currency;
        long count;
        BigDecimal face = BigDecimal.ZERO;
        BigDecimal open = BigDecimal.ZERO;

        Acc(int n, Currency currency) {
            this.buckets = new BigDecimal[n];
            java.util.Arrays.fill(buckets, BigDecimal.ZERO);
            this.currency = currency;
        }

        void add(int bucket, long n, BigDecimal face, BigDecimal open) {
            count += n;
            this.face = this.face.add(face);
            this.open = this.open.add(open);
            buckets[bucket] = buckets[bucket].add(open);
        }

        Map<String, Object> row(String labelKey, String label) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put(labelKey, label);
            row.put("invoices", count);
            row.put("open_face", Money.of(face, currency));
            for (int k = 0; k < buckets.length; k++) {
                row.put("bucket_" + k, Money.of(buckets[k], currency));
            }
            row.put("open_balance", Money.of(open, currency));
            return row;
        }
    }
}
