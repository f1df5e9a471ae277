package org.factorline.reports.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
 * The reserve per client as of a date: what the ledger holds on the client's reserve sub-account
 * ({@link AccountCode#CLIENT_RESERVE}) and what the client owes ({@link AccountCode#CLIENT_RECEIVABLE}), both
 * by business date as the trial balance has them (read by day, {@link LedgerDays}), against the reserve the agreements require on the open
 * book ({@link Book#OPEN}: each open invoice's balance × (100 − the advance rate of the agreement version it
 * was bought under) %). Two grouped queries.
 */
@Component
class ReserveReport implements ReportDefinition {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private final JdbcClient jdbc;
    private final Names names;
    private final Clock clock;
    private final LedgerDayTotals dayTotals;

    ReserveReport(JdbcClient jdbc, Names names, Clock clock, LedgerDayTotals dayTotals) {
        this.jdbc = jdbc;
        this.names = names;
        this.clock = clock;
        this.dayTotals = dayTotals;
    }

    @Override
    public ReportInfo info() {
        return new ReportInfo(
                "reserve",
                "Reserve",
                "Per client as of a date: the reserve held in the ledger, the reserve the agreement requires on"
                        + " the open book, the excess that may be released or the shortfall");
    }

    private static final class Acc {
        final int scale;
        long invoices;
        BigDecimal open = BigDecimal.ZERO;
        // open balance × reserve percentage: divided by 100 and rounded once, per client
        BigDecimal requiredTimes100 = BigDecimal.ZERO;
        BigDecimal held = BigDecimal.ZERO;
        BigDecimal owed = BigDecimal.ZERO;

        Acc(Currency currency) {
            this.scale = currency.getDefaultFractionDigits();
        }

        BigDecimal required() {
            return requiredTimes100.divide(HUNDRED, scale, RoundingMode.HALF_UP);
        }

        void add(Acc o) {
            invoices += o.invoices;
            open = open.add(o.open);
            requiredTimes100 = requiredTimes100.add(o.required().multiply(HUNDRED));
            held = held.add(o.held);
            owed = owed.add(o.owed);
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
        jdbc.sql("select o.client_id, count(*) as n, sum(o.open_balance) as open_balance,"
                        + " sum(o.open_balance * (100 - a.advance_rate_pct)) as required from (" + Book.OPEN
                        + ") o join agreement a on a.id = o.agreement_id"
                        + " where o.open_balance > 0 group by o.client_id")
                .param("asOf", asOf)
                .param("currency", code)
                .query((rs, n) -> {
                    Acc a = byClient.computeIfAbsent(rs.getObject("client_id", UUID.class), c -> new Acc(currency));
                    a.invoices = rs.getLong("n");
                    a.open = rs.getBigDecimal("open_balance");
                    a.requiredTimes100 = rs.getBigDecimal("required");
                    return null;
                })
                .list();
        // the two sub-accounts as the trial balance has them on the date, each on its normal side
        jdbc.sql("select a.client_id, a.code, sum(d.credit - d.debit) as credit_balance from (" + LedgerDays.DAYS
                        + ") d join ledger_account a on a.id = d.account_id"
                        + " where a.code in (:codes) and a.currency = :currency group by a.client_id, a.code")
                .param("codes", List.of(AccountCode.CLIENT_RESERVE.name(), AccountCode.CLIENT_RECEIVABLE.name()))
                .param("currency", code)
                .param("lo", LedgerDays.BEGINNING)
                .param("hi", asOf)
                .param("through", LedgerDays.through(dayTotals))
                .query((rs, n) -> {
                    Acc a = byClient.computeIfAbsent(rs.getObject("client_id", UUID.class), c -> new Acc(currency));
                    BigDecimal credit = rs.getBigDecimal("credit_balance");
                    if (AccountCode.CLIENT_RESERVE.name().equals(rs.getString("code"))) {
                        a.held = credit;
                    } else {
                        a.owed = credit.negate();
                    }
                    return null;
                })
                .list();
        byClient.values().removeIf(a -> a.invoices == 0 && a.held.signum() == 0 && a.owed.signum() == 0);
        if (onlyClient != null) {
            byClient.keySet().retainAll(List.of(onlyClient));
        }
        Map<UUID, String> clientNames = names.clients(byClient.keySet());
        Acc total = new Acc(currency);
        List<Map<String, Object>> rows = new ArrayList<>();
        List<ReportTable.Chart.Value> bars = new ArrayList<>();
        List<Map.Entry<UUID, Acc>> ordered = byClient.entrySet().stream()
                .sorted((x, y) -> y.getValue().held.compareTo(x.getValue().held))
                .toList();
        for (Map.Entry<UUID, Acc> e : ordered) {
            Acc a = e.getValue();
            total.add(a);
            String label = clientNames.getOrDefault(e.getKey(), e.getKey().toString());
            rows.add(row(label, a, currency));
            if (bars.size() < 15 && (a.held.signum() > 0 || a.required().signum() > 0)) {
                Money held = Money.of(a.held, currency);
                Money required = Money.of(a.required(), currency);
                bars.add(new ReportTable.Chart.Value(
                        label,
                        a.held,
                        held.display() + " held, " + required.display() + " required",
                        required.isGreaterThan(held)));
            }
        }
        return new ReportTable(
                "reserve",
                "Reserve as of " + asOf,
                List.of(
                        Filter.date("asOf", "As of", asOf),
                        Filter.text("clientId", "Client id (optional)", onlyClient),
                        Filter.text("currency", "Currency", code)),
                List.of(
                        new Column("client", "Client", Kind.TEXT),
                        new Column("invoices", "Open invoices", Kind.COUNT),
                        new Column("open_balance", "Open balance", Kind.MONEY),
                        new Column("required", "Reserve required", Kind.MONEY),
                        new Column("held", "Reserve held", Kind.MONEY),
                        new Column("excess", "Excess (shortfall −)", Kind.MONEY),
                        new Column("owed", "Owed by client", Kind.MONEY),
                        new Column("releasable", "Releasable", Kind.MONEY),
                        new Column("shortfall", "Shortfall", Kind.MONEY)),
                rows,
                row("Total", total, currency),
                List.of(
                        "Reserve held = the client's reserve sub-account (" + AccountCode.CLIENT_RESERVE.number()
                                + " " + AccountCode.CLIENT_RESERVE.title() + ") in the ledger as of " + asOf
                                + " by business date, as in the trial balance; owed by client = its "
                                + AccountCode.CLIENT_RECEIVABLE.number() + " "
                                + AccountCode.CLIENT_RECEIVABLE.title() + " balance then.",
                        "Reserve required = the sum over its open invoices (the aging report's rule) of open balance"
                                + " × (100 − advance rate) % of the agreement version each was bought under.",
                        "Excess = held − required. Releasable = held − required − owed when that is positive (a"
                                + " rebate the factor may pay early; what the client owes is netted first, as a"
                                + " settlement run does); shortfall = required − held when that is positive.",
                        "Discount fees still to be charged at close-out come out of the reserve too and are not"
                                + " deducted here."),
                ReportTable.Chart.of("Reserve held by client (largest 15; red: below required)", bars));
    }

    private static Map<String, Object> row(String label, Acc a, Currency currency) {
        BigDecimal required = a.required();
        BigDecimal excess = a.held.subtract(required);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("client", label);
        row.put("invoices", a.invoices);
        row.put("open_balance", Money.of(a.open, currency));
        row.put("required", Money.of(required, currency));
        row.put("held", Money.of(a.held, currency));
        row.put("excess", Money.of(excess, currency));
        row.put("owed", Money.of(a.owed, currency));
        row.put(
                "releasable",
                Money.of(excess.subtract(a.owed.max(BigDecimal.ZERO)).max(BigDecimal.ZERO), currency));
        row.put("shortfall", Money.of(excess.negate().max(BigDecimal.ZERO), currency));
        return row;
    }
}
