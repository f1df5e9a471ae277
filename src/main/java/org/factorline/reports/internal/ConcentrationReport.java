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
 * Concentration as of a date: each client–debtor pair's open purchased balance (see {@link Book}) as a share
 * of the client's book, against the concentration limit of the client's agreement in force on that date, and
 * each debtor's share of the whole book across all clients.
 */
@Component
class ConcentrationReport implements ReportDefinition {

    private final JdbcClient jdbc;
    private final Names names;
    private final Clients clients;
    private final Clock clock;

    ConcentrationReport(JdbcClient jdbc, Names names, Clients clients, Clock clock) {
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
        record Pair(UUID client, UUID debtor, BigDecimal open) {}
        List<Pair> pairs = jdbc.sql("select o.client_id, o.debtor_id, sum(o.open_balance) as open_balance from ("
                        + Book.OPEN + ") o where o.open_balance > 0"
                        + " group by o.client_id, o.debtor_id")
                .param("asOf", asOf)
                .param("currency", currency.getCurrencyCode())
                .query((rs, n) -> new Pair(
                        rs.getObject("client_id", UUID.class),
                        rs.getObject("debtor_id", UUID.class),
                        rs.getBigDecimal("open_balance")))
                .list();
        BigDecimal book = BigDecimal.ZERO;
        Map<UUID, BigDecimal> byClient = new HashMap<>();
        Map<UUID, BigDecimal> byDebtor = new HashMap<>();
        for (Pair x : pairs) {
            book = book.add(x.open());
            byClient.merge(x.client(), x.open(), BigDecimal::add);
            byDebtor.merge(x.debtor(), x.open(), BigDecimal::add);
        }
        List<Pair> shown = pairs.stream()
                .filter(x -> onlyClient == null || x.client().equals(onlyClient))
                .sorted(Comparator.comparing(Pair::open).reversed())
                .toList();
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
            row.put("debtor_share_of_book", percent(byDebtor.get(x.debtor()), book));
            rows.add(row);
        }
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("client", "Total");
        totals.put("open_balance", Money.of(shownTotal, currency));
        totals.put("over_limit", over == 0 ? "" : over + " over");

        List<UUID> topDebtors = byDebtor.entrySet().stream()
                .sorted(Map.Entry.<UUID, BigDecimal>comparingByValue().reversed())
                .limit(10)
                .map(Map.Entry::getKey)
                .toList();
        Map<UUID, String> topNames = names.debtors(topDebtors);
        List<ReportTable.Chart.Value> bars = new ArrayList<>();
        for (UUID d : topDebtors) {
            BigDecimal share = percent(byDebtor.get(d), book);
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
                                + " book is " + Money.of(book, currency).display() + ".",
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
