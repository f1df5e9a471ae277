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
        // concentration limit in force; the shares and totals are worked out over all pairs, so a book of a
        // million invoices shows hundreds of rows, not one per client and debtor.
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
        record Key(UUID client, UUID debtor) {}
        // every pair's open balance, summed here from the rows the book's days give (a pair's balance at the
        // filled day or at a month's end, and the days between): one row per pair and day moved, no sort in SQL
        // (summing them in the database first is slower: a sort of them all)
        Map<Key, BigDecimal> open = new HashMap<>();
        BookDays.Range pairs = days.pairsAsOf(asOf);
        pairs.bind(jdbc.sql(pairs.text()))
                .param("currency", currency.getCurrencyCode())
                .query(rs -> {
                    open.merge(
                            new Key(rs.getObject("client_id", UUID.class), rs.getObject("debtor_id", UUID.class)),
                            rs.getBigDecimal("amount"),
                            BigDecimal::add);
                });
        open.values().removeIf(v -> v.signum() <= 0);
        Map<UUID, BigDecimal> clientTotals = new HashMap<>();
        Map<UUID, BigDecimal> debtorTotals = new HashMap<>();
        Map<UUID, List<Map.Entry<Key, BigDecimal>>> perClient = new HashMap<>();
        BigDecimal bookTotal = BigDecimal.ZERO;
        for (Map.Entry<Key, BigDecimal> e : open.entrySet()) {
            clientTotals.merge(e.getKey().client(), e.getValue(), BigDecimal::add);
            debtorTotals.merge(e.getKey().debtor(), e.getValue(), BigDecimal::add);
            perClient
                    .computeIfAbsent(e.getKey().client(), c -> new ArrayList<>())
                    .add(e);
            bookTotal = bookTotal.add(e.getValue());
        }
        BigDecimal lowest = lowestLimit == null ? BigDecimal.ZERO : lowestLimit;
        // largest first; equal balances by debtor id as the database orders them (its bytes, unsigned)
        Comparator<Map.Entry<Key, BigDecimal>> largest = Comparator.<Map.Entry<Key, BigDecimal>, BigDecimal>comparing(
                        Map.Entry::getValue)
                .reversed()
                .thenComparing(e -> e.getKey().debtor().toString());
        List<Pair> selected = new ArrayList<>();
        for (Map.Entry<UUID, List<Map.Entry<Key, BigDecimal>>> c : perClient.entrySet()) {
            if (onlyClient != null && !onlyClient.equals(c.getKey())) {
                continue;
            }
            BigDecimal clientTotal = clientTotals.get(c.getKey());
            List<Map.Entry<Key, BigDecimal>> ranked = c.getValue();
            ranked.sort(largest);
            for (int rank = 0; rank < ranked.size(); rank++) {
                Map.Entry<Key, BigDecimal> e = ranked.get(rank);
                if (rank < 10
                        || e.getValue().multiply(BigDecimal.valueOf(100)).compareTo(clientTotal.multiply(lowest)) > 0) {
                    selected.add(new Pair(
                            c.getKey(),
                            e.getKey().debtor(),
                            e.getValue(),
                            clientTotal,
                            debtorTotals.get(e.getKey().debtor())));
                }
            }
        }
        BigDecimal[] book = {bookTotal};
        long[] pairCount = {open.size()};
        List<Pair> shown = selected.stream()
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
