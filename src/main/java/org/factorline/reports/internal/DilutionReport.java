package org.factorline.reports.internal;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
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
 * Dilution in a period, per client or per debtor: how much of the purchased book went away other than by
 * cash. From the movements dated in the period ({@link BookDays#between}: the book's day totals, and
 * {@link Book#MOVEMENTS_BETWEEN} after them), in one grouped query: face bought, cash collected
 * (payments applied, and payments the debtor made to the client), short pays accepted (deductions) and the
 * open balance charged back to the client. Dilution % = (short pays + charged back) ÷ (cash collected + short
 * pays + charged back) × 100.
 */
@Component
class DilutionReport implements ReportDefinition {

    enum GroupBy {
        CLIENT,
        DEBTOR
    }

    private final JdbcClient jdbc;
    private final Names names;
    private final Clock clock;
    private final BookDays days;

    DilutionReport(JdbcClient jdbc, Names names, Clock clock, BookDays days) {
        this.jdbc = jdbc;
        this.names = names;
        this.clock = clock;
        this.days = days;
    }

    @Override
    public ReportInfo info() {
        return new ReportInfo(
                "dilution",
                "Dilution",
                "Face bought, cash collected and the reductions that were not cash (short pays, charge-backs)"
                        + " in a period, per client or per debtor");
    }

    private static final class Acc {
        BigDecimal bought = BigDecimal.ZERO;
        BigDecimal cash = BigDecimal.ZERO;
        BigDecimal shortPays = BigDecimal.ZERO;
        BigDecimal chargedBack = BigDecimal.ZERO;

        BigDecimal nonCash() {
            return shortPays.add(chargedBack);
        }

        void add(String kind, BigDecimal amount) {
            switch (kind.strip()) {
                case "PURCHASE" -> bought = bought.add(amount);
                case "PAYMENT", "TO_CLIENT" -> cash = cash.subtract(amount);
                case "SHORT_PAY" -> shortPays = shortPays.subtract(amount);
                case "CHARGEBACK" -> chargedBack = chargedBack.subtract(amount);
                default -> throw new IllegalStateException("unknown movement " + kind);
            }
        }

        void add(Acc o) {
            bought = bought.add(o.bought);
            cash = cash.add(o.cash);
            shortPays = shortPays.add(o.shortPays);
            chargedBack = chargedBack.add(o.chargedBack);
        }
    }

    @Override
    public ReportTable run(Map<String, String> params) {
        Params p = new Params(params);
        LocalDate today = LocalDate.now(clock);
        LocalDate[] period = p.period(today.withDayOfMonth(1), today);
        LocalDate from = period[0];
        LocalDate to = period[1];
        GroupBy groupBy = p.choice("groupBy", GroupBy.class, GroupBy.CLIENT);
        UUID onlyClient = p.uuid("clientId");
        UUID onlyDebtor = p.uuid("debtorId");
        Currency currency = p.currency();
        String code = currency.getCurrencyCode();

        String key = groupBy == GroupBy.CLIENT ? "client_id" : "debtor_id";
        BookDays.Range range = days.between(from, to);
        String sql = "select m." + key + " as group_id, m.kind, sum(m.amount) as amount from (" + range.text()
                + ") m where 1 = 1"
                + (onlyClient == null ? "" : " and m.client_id = :client")
                + (onlyDebtor == null ? "" : " and m.debtor_id = :debtor")
                + " group by m." + key + ", m.kind";
        var statement = range.bind(jdbc.sql(sql)).param("currency", code);
        if (onlyClient != null) {
            statement = statement.param("client", onlyClient);
        }
        if (onlyDebtor != null) {
            statement = statement.param("debtor", onlyDebtor);
        }
        Map<UUID, Acc> groups = new HashMap<>();
        statement
                .query((rs, n) -> {
                    UUID group = rs.getObject("group_id", UUID.class);
                    groups.computeIfAbsent(group, k -> new Acc()).add(rs.getString("kind"), rs.getBigDecimal("amount"));
                    return null;
                })
                .list();
        Map<UUID, String> groupNames =
                groupBy == GroupBy.CLIENT ? names.clients(groups.keySet()) : names.debtors(groups.keySet());
        String labelKey = groupBy == GroupBy.CLIENT ? "client" : "debtor";
        Acc total = new Acc();
        List<Map<String, Object>> rows = new ArrayList<>();
        List<ReportTable.Chart.Value> bars = new ArrayList<>();
        List<Map.Entry<UUID, Acc>> ordered = groups.entrySet().stream()
                .sorted((x, y) -> {
                    int c = y.getValue().nonCash().compareTo(x.getValue().nonCash());
                    return c != 0 ? c : y.getValue().bought.compareTo(x.getValue().bought);
                })
                .toList();
        for (Map.Entry<UUID, Acc> e : ordered) {
            Acc a = e.getValue();
            total.add(a);
            String label = groupNames.getOrDefault(e.getKey(), e.getKey().toString());
            rows.add(row(labelKey, label, a, currency));
            BigDecimal dilution = dilution(a);
            if (bars.size() < 15 && dilution != null && a.nonCash().signum() > 0) {
                bars.add(new ReportTable.Chart.Value(label, dilution, dilution.toPlainString() + " %", false));
            }
        }
        return new ReportTable(
                "dilution",
                "Dilution " + from + " to " + to + " by " + labelKey,
                List.of(
                        Filter.date("from", "From", from),
                        Filter.date("to", "To", to),
                        Filter.choice(
                                "groupBy",
                                "Group by",
                                groupBy,
                                List.of(new Option("CLIENT", "Client"), new Option("DEBTOR", "Debtor"))),
                        Filter.text("clientId", "Client id (optional)", onlyClient),
                        Filter.text("debtorId", "Debtor id (optional)", onlyDebtor),
                        Filter.text("currency", "Currency", code)),
                List.of(
                        new Column(labelKey, groupBy == GroupBy.CLIENT ? "Client" : "Debtor", Kind.TEXT),
                        new Column("bought", "Face bought", Kind.MONEY),
                        new Column("cash", "Cash collected", Kind.MONEY),
                        new Column("short_pays", "Short pays", Kind.MONEY),
                        new Column("charged_back", "Charged back", Kind.MONEY),
                        new Column("non_cash", "Non-cash reductions", Kind.MONEY),
                        new Column("dilution", "Dilution %", Kind.PERCENT)),
                rows,
                row(labelKey, "Total", total, currency),
                List.of(
                        "What reduced the purchased book from " + from + " to " + to + ", on the dates the ledger"
                                + " takes it out of purchased receivables: cash collected = payments applied (by"
                                + " value date) and payments the debtor made to the client (by the day paid); short"
                                + " pays = deductions accepted (by the business date of their entry); charged back ="
                                + " the balance still open when an invoice was charged back to the client at the end"
                                + " of its recourse period (by the day charged back). Face bought = the face of the"
                                + " invoices bought in the period.",
                        "Dilution % = non-cash reductions (short pays + charged back) ÷ (cash collected + non-cash"
                                + " reductions) × 100: the share of the receivables that left the book in the period"
                                + " without being paid. The base is what left the book, not the face bought, so a"
                                + " period of heavy buying does not hide dilution.",
                        "Factorline records no credit notes and no write-offs apart from charge-backs; payments"
                                + " after a charge-back are the client's and do not count."),
                ReportTable.Chart.of("Dilution % (largest non-cash reductions, 15)", bars));
    }

    private static Map<String, Object> row(String key, String label, Acc a, Currency currency) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put(key, label);
        row.put("bought", Money.of(a.bought, currency));
        row.put("cash", Money.of(a.cash, currency));
        row.put("short_pays", Money.of(a.shortPays, currency));
        row.put("charged_back", Money.of(a.chargedBack, currency));
        row.put("non_cash", Money.of(a.nonCash(), currency));
        row.put("dilution", dilution(a));
        return row;
    }

    /** Non-cash reductions ÷ all reductions × 100; blank when nothing left the book. */
    private static BigDecimal dilution(Acc a) {
        BigDecimal reductions = a.cash.add(a.nonCash());
        return reductions.signum() == 0 ? null : ConcentrationReport.percent(a.nonCash(), reductions);
    }
}
