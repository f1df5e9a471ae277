package org.factorline.reports.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.factorline.clients.ClientId;
import org.factorline.clients.Clients;
import org.factorline.reports.ReportInfo;
import org.factorline.reports.ReportTable;
import org.factorline.reports.ReportTable.Column;
import org.factorline.reports.ReportTable.Filter;
import org.factorline.reports.ReportTable.Kind;
import org.factorline.shared.Money;
import org.factorline.shared.Rate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Concentration as of a date: each client–debtor pair's open purchased balance (see {@link Book}; read per pair
 * through {@link BookDays#pairsAsOf}) as a share
 * of the client's book, against the concentration limit of the client's agreement in force on that date, and
 * each debtor's share of the whole book across all clients.
 */
@Component
class ConcentrationReport implements ReportDefinition {

    private final JdbcClient jdbc;
    private final Names names;
    private final Clients clients;
    private final Clock clock;
    private final BookDays days;

    ConcentrationReport(JdbcClient jdbc, Names names, Clients clients, Clock clock, BookDays days) {
        this.days = days;
        this.jdbc = jdbc;
        this.names = names;
        this.clients = clients;
        this.clock = clock;
    }

    @Override
    public ReportInfo info() {
        return new ReportInfo(
                "concentration",
                "Concentration",
                "Each debtor's open funded exposure as a share of the client's book and of the whole book,"
                        + " flagged above the agreement's concentration limit");
    }

    @Override
    public ReportTable run(Map<String, String> params) {
        Params p = new Params(params);
        LocalDate asOf = p.date("asOf", LocalDate.now(clock));
        UUID onlyClient = p.uuid("clientId");
        Currency currency = p.currency();
        // The table shows each client's ten largest debtors and every pair whose share could break the lowest
        // concentration limit in force; the shares and totals are worked out over all pairs in the database,
        // so a book of a million invoices sends back hundreds of rows, not one per client and debtor.
        BigDecimal lowestLimit = jdbc.sql("""
                        select min(a.concentration_limit_pct) from agreement a
                        where a.effective_from <= :asOf and not exists (
                            select 1 from agreement b where b.client_id = a.client_id
                              and b.effective_from <= :asOf and b.version > a.version)""")
                .param("asOf", asOf)
                .query(BigDecimal.class)
                .optional()
                .orElse(null);
        record Pair(UUID client, UUID debtor, BigDecimal open, BigDecimal clientTotal, BigDecimal debtorTotal) {}
        BigDecimal[] book = {BigDecimal.ZERO};
        long[] pairCount = {0};
        BookDays.Range pairs = days.pairsAsOf(asOf);
        List<Pair> shown = pairs
                .bind(jdbc.sql("select client_id, debtor_id, open_balance, client_total, debtor_total,"
                        + " book_total, pairs from (select client_id, debtor_id, open_balance,"
                        + " sum(open_balance) over (partition by client_id) as client_total,"
                        + " sum(open_balance) over (partition by debtor_id) as debtor_total,"
                        + " sum(open_balance) over () as book_total, count(*) over () as pairs,"
                        + " row_number() over (partition by client_id order by open_balance desc, debtor_id) as rank"
                        + " from (select q.client_id, q.debtor_id, sum(q.amount) as open_balance from ("
                        + pairs.text() + ") q group by q.client_id, q.debtor_id having sum(q.amount) > 0) p) x"
                        + " where (rank <= 10 or open_balance * 100 > client_total * :lowest)"
                        + (onlyClient == null ? "" : " and client_id = :client")))
                .param("currency", currency.getCurrencyCode())
                .param("lowest", lowestLimit == null ? BigDecimal.ZERO : lowestLimit)
                .param("client", onlyClient)
                .query((rs, n) -> {
                    book[0] = rs.getBigDecimal("book_total");
                    pairCount[0] = rs.getLong("pairs");
                    return new Pair(
                            rs.getObject("client_id", UUID.class),
                            rs.getObject("debtor_id", UUID.class),
                            rs.getBigDecimal("open_balance"),
                            rs.getBigDecimal("client_total"),
                            rs.getBigDecimal("debtor_total"));
                })
                .list()
                .stream()
                .sorted(Comparator.comparing(Pair::open).reversed())
                .toList();
        Map<UUID, BigDecimal> byClient = new HashMap<>();
        Map<UUID, BigDecimal> byDebtor = new HashMap<>();
        for (Pair x : shown) {
            byClient.put(x.client(), x.clientTotal());
            byDebtor.put(x.debtor(), x.debtorTotal());
        }
        Map<UUID, Optional<Rate>> limits = new HashMap<>();
        for (Pair x : shown) {
            limits.computeIfAbsent(
                    x.client(),
                    c -> clients.agreementInForce(new ClientId(c), asOf)
                            .map(a -> a.terms().concentrationLimit()));
        }
        Map<UUID, String> clientNames =
                names.clients(shown.stream().map(Pair::client).distinct().toList());
        Map<UUID, String> debtorNames =
                names.debtors(shown.stream().map(Pair::debtor).distinct().toList());

        List<Map<String, Object>> rows = new ArrayList<>();
        BigDecimal shownTotal = BigDecimal.ZERO;
        int over = 0;
        for (Pair x : shown) {
            BigDecimal shareOfClient = percent(x.open(), byClient.get(x.client()));
            Optional<Rate> limit = limits.get(x.client());
            boolean above =
                    limit.isPresent() && shareOfClient.compareTo(limit.get().percent()) > 0;
            over += above ? 1 : 0;
            shownTotal = shownTotal.add(x.open());
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("client", clientNames.getOrDefault(x.client(), x.client().toString()));
            row.put("debtor", debtorNames.getOrDefault(x.debtor(), x.debtor().toString()));
            row.put("open_balance", Money.of(x.open(), currency));
            row.put("share_of_client", shareOfClient);
            row.put("limit", limit.map(Rate::percent).orElse(null));
            row.put("over_limit", above ? "OVER" : "");
            row.put("debtor_share_of_book", percent(byDebtor.get(x.debtor()), book[0]));
            rows.add(row);
        }
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("client", "Total");
        totals.put("open_balance", Money.of(shownTotal, currency));
        totals.put("over_limit", over == 0 ? "" : over + " over");

        // the largest debtors of the book are among the rows shown: each is some client's largest
        List<UUID> topDebtors = byDebtor.entrySet().stream()
                .sorted(Map.Entry.<UUID, BigDecimal>comparingByValue().reversed())
                .limit(10)
                .map(Map.Entry::getKey)
                .toList();
        Map<UUID, String> topNames = names.debtors(topDebtors);
        List<ReportTable.Chart.Value> bars = new ArrayList<>();
        for (UUID d : topDebtors) {
            BigDecimal share = percent(byDebtor.get(d), book[0]);
            bars.add(new ReportTable.Chart.Value(topNames.getOrDefault(d, d.toString()), share, share + " %", false));
        }
        return new ReportTable(
                "concentration",
                "Concentration as of " + asOf,
                List.of(
                        Filter.date("asOf", "As of", asOf),
                        Filter.text("clientId", "Client id (optional)", onlyClient),
                        Filter.text("currency", "Currency", currency.getCurrencyCode())),
                List.of(
                        new Column("client", "Client", Kind.TEXT),
                        new Column("debtor", "Debtor", Kind.TEXT),
                        new Column("open_balance", "Open balance", Kind.MONEY),
                        new Column("share_of_client", "Share of client's book %", Kind.PERCENT),
                        new Column("limit", "Limit %", Kind.PERCENT),
                        new Column("over_limit", "Over limit", Kind.TEXT),
                        new Column("debtor_share_of_book", "Debtor's share of whole book %", Kind.PERCENT)),
                rows,
                totals,
                List.of(
                        "Open balance of purchased invoices as of " + asOf + " (the aging report's rule); the whole"
                                + " book is " + Money.of(book[0], currency).display() + ".",
                        "Shown: each client's ten largest debtors and every pair above "
                                + (lowestLimit == null
                                        ? "0"
                                        : lowestLimit.stripTrailingZeros().toPlainString())
                                + " % of its client's book (the lowest limit in force), " + shown.size() + " of "
                                + pairCount[0] + " client and debtor pairs; shares are of all of them.",
                        "The limit is the concentration limit of the client's agreement in force on " + asOf + "."),
                ReportTable.Chart.of("Ten largest debtors, share of the whole book %", bars));
    }

    static BigDecimal percent(BigDecimal part, BigDecimal whole) {
        if (whole == null || whole.signum() == 0) {
            return BigDecimal.ZERO.setScale(2);
        }
        return part.multiply(BigDecimal.valueOf(100)).divide(whole, 2, RoundingMode.HALF_UP);
    }
}
