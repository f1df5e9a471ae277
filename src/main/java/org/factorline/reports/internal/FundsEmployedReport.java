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
import java.util.Optional;
import java.util.UUID;
import org.factorline.clients.Agreement;
import org.factorline.clients.ClientId;
import org.factorline.clients.Clients;
import org.factorline.reports.ReportInfo;
import org.factorline.reports.ReportTable;
import org.factorline.reports.ReportTable.Column;
import org.factorline.reports.ReportTable.Filter;
import org.factorline.reports.ReportTable.Kind;
import org.factorline.shared.Money;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Funds employed and availability per client as of a date: the facility limit of the agreement in force
 * then, the advances outstanding (see {@link Book#EMPLOYED}), and what was left to draw. As of today this is
 * the funding module's {@code Funding.availability} for every client at once.
 */
@Component
class FundsEmployedReport implements ReportDefinition {

    private final JdbcClient jdbc;
    private final Names names;
    private final Clients clients;
    private final Clock clock;

    FundsEmployedReport(JdbcClient jdbc, Names names, Clients clients, Clock clock) {
        this.jdbc = jdbc;
        this.names = names;
        this.clients = clients;
        this.clock = clock;
    }

    @Override
    public ReportInfo info() {
        return new ReportInfo(
                "funds-employed",
                "Funds employed and availability",
                "Per client: the facility limit in force, advances outstanding and what is left to draw");
    }

    @Override
    public ReportTable run(Map<String, String> params) {
        Params p = new Params(params);
        LocalDate asOf = p.date("asOf", LocalDate.now(clock));
        UUID onlyClient = p.uuid("clientId");
        Currency currency = p.currency();
        Map<UUID, BigDecimal> employed = new LinkedHashMap<>();
        jdbc.sql("select client_id, sum(advance_amount) as employed from (" + Book.EMPLOYED + ") e"
                        + " group by client_id")
                .param("asOf", asOf)
                .param("currency", currency.getCurrencyCode())
                .query((rs, n) -> employed.put(rs.getObject("client_id", UUID.class), rs.getBigDecimal("employed")))
                .list();
        // clients with a facility in this currency on the date, employed or not
        jdbc.sql("select distinct client_id from agreement where currency = :currency and effective_from <= :asOf")
                .param("asOf", asOf)
                .param("currency", currency.getCurrencyCode())
                .query(UUID.class)
                .list()
                .forEach(c -> employed.putIfAbsent(c, BigDecimal.ZERO));
        if (onlyClient != null) {
            employed.keySet().retainAll(List.of(onlyClient));
        }
        Map<UUID, String> clientNames = names.clients(employed.keySet());
        Money zero = Money.zero(currency);
        Money totalLimit = zero;
        Money totalEmployed = zero;
        Money totalAvailable = zero;
        List<Map<String, Object>> rows = new ArrayList<>();
        List<ReportTable.Chart.Value> bars = new ArrayList<>();
        List<Map.Entry<UUID, BigDecimal>> ordered = employed.entrySet().stream()
                .sorted(Map.Entry.<UUID, BigDecimal>comparingByValue()
                        .reversed()
                        .thenComparing(e -> clientNames.getOrDefault(e.getKey(), ""), Comparator.naturalOrder()))
                .toList();
        for (Map.Entry<UUID, BigDecimal> e : ordered) {
            Optional<Agreement> agreement = clients.agreementInForce(new ClientId(e.getKey()), asOf)
                    .filter(a -> a.terms().currency().equals(currency));
            Money used = Money.of(e.getValue(), currency);
            Money limit = agreement.map(a -> a.terms().facilityLimit()).orElse(zero);
            Money available = limit.minus(used).max(zero);
            BigDecimal utilisation = ConcentrationReport.percent(used.amount(), limit.amount());
            String label = clientNames.getOrDefault(e.getKey(), e.getKey().toString());
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("client", label);
            row.put("facility_limit", agreement.isPresent() ? limit : null);
            row.put("funds_employed", used);
            row.put("available", available);
            row.put("utilisation", agreement.isPresent() ? utilisation : null);
            row.put("over_limit", used.isGreaterThan(limit) ? "OVER" : "");
            rows.add(row);
            totalLimit = totalLimit.plus(limit);
            totalEmployed = totalEmployed.plus(used);
            totalAvailable = totalAvailable.plus(available);
            if (bars.size() < 15 && used.isPositive()) {
                bars.add(new ReportTable.Chart.Value(
                        label, used.amount(), used.display() + " of " + limit.display(), used.isGreaterThan(limit)));
            }
        }
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("client", "Total");
        totals.put("facility_limit", totalLimit);
        totals.put("funds_employed", totalEmployed);
        totals.put("available", totalAvailable);
        totals.put("utilisation", ConcentrationReport.percent(totalEmployed.amount(), totalLimit.amount()));
        return new ReportTable(
                "funds-employed",
                "Funds employed and availability as of " + asOf,
                List.of(
                        Filter.date("asOf", "As of", asOf),
                        Filter.text("clientId", "Client id (optional)", onlyClient),
                        Filter.text("currency", "Currency", currency.getCurrencyCode())),
                List.of(
                        new Column("client", "Client", Kind.TEXT),
                        new Column("facility_limit", "Facility limit", Kind.MONEY),
                        new Column("funds_employed", "Funds employed", Kind.MONEY),
                        new Column("available", "Available", Kind.MONEY),
                        new Column("utilisation", "Used %", Kind.PERCENT),
                        new Column("over_limit", "Over limit", Kind.TEXT)),
                rows,
                totals,
                List.of(
                        "Funds employed: the advance on every invoice bought on or before " + asOf
                                + " and neither closed out nor charged back by then (the funding module's rule, dated).",
                        "Facility limit: the agreement version in force on " + asOf
                                + "; available never goes below zero."),
                ReportTable.Chart.of("Funds employed by client (largest 15)", bars));
    }
}
