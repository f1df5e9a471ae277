package org.factorline.reports.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Currency;
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
 * Fees earned in a period and the annualized yield on the funds employed, per client. Fees are counted where
 * they are earned, on the business date the ledger posts them: charges at funding (funding date), discount
 * fees fixed at close-out (close-out date), and the fee to date in a chargeback (chargeback date). Average
 * funds employed is the day-weighted mean of {@link Book#EMPLOYED} over the period.
 */
@Component
class FeesReport implements ReportDefinition {

    static final BigDecimal DAYS_A_YEAR = BigDecimal.valueOf(365);

    private final JdbcClient jdbc;
    private final Names names;
    private final Clock clock;

    FeesReport(JdbcClient jdbc, Names names, Clock clock) {
        this.jdbc = jdbc;
        this.names = names;
        this.clock = clock;
    }

    @Override
    public ReportInfo info() {
        return new ReportInfo(
                "fees",
                "Fees earned and yield",
                "Fees earned in a period per client, the average funds employed and the annualized yield");
    }

    private static final class Acc {
        BigDecimal funding = BigDecimal.ZERO;
        BigDecimal discount = BigDecimal.ZERO;
        BigDecimal chargeback = BigDecimal.ZERO;
        BigDecimal advanceDays = BigDecimal.ZERO;
        BigDecimal accrued = BigDecimal.ZERO;
        LocalDate accruedThrough;

        BigDecimal fees() {
            return funding.add(discount).add(chargeback);
        }
    }

    @Override
    public ReportTable run(Map<String, String> params) {
        Params p = new Params(params);
        LocalDate today = LocalDate.now(clock);
        LocalDate[] period = p.period(today.withDayOfMonth(1), today);
        LocalDate from = period[0];
        LocalDate to = period[1];
        LocalDate after = to.plusDays(1);
        UUID onlyClient = p.uuid("clientId");
        Currency currency = p.currency();
        String code = currency.getCurrencyCode();
        long days = ChronoUnit.DAYS.between(from, after);

        Map<UUID, Acc> byClient = new TreeMap<>();
        jdbc.sql("""
                        select client_id, sum(charges) as amount from funding_request
                        where funding_date >= :from and funding_date <= :to and currency = :currency
                          and status = 'FUNDED' group by client_id""")
                .param("from", from)
                .param("to", to)
                .param("currency", code)
                .query((rs, n) ->
                        byClient.computeIfAbsent(rs.getObject("client_id", UUID.class), c -> new Acc()).funding =
                                rs.getBigDecimal("amount"))
                .list();
        jdbc.sql("""
                        select client_id, sum(fee) as amount from invoice_settlement
                        where closed_on >= :from and closed_on <= :to and currency = :currency
                        group by client_id""")
                .param("from", from)
                .param("to", to)
                .param("currency", code)
                .query((rs, n) ->
                        byClient.computeIfAbsent(rs.getObject("client_id", UUID.class), c -> new Acc()).discount =
                                rs.getBigDecimal("amount"))
                .list();
        jdbc.sql("""
                        select client_id, sum(fee) as amount from invoice_chargeback
                        where charged_on >= :from and charged_on <= :to and currency = :currency
                        group by client_id""")
                .param("from", from)
                .param("to", to)
                .param("currency", code)
                .query((rs, n) ->
                        byClient.computeIfAbsent(rs.getObject("client_id", UUID.class), c -> new Acc()).chargeback =
                                rs.getBigDecimal("amount"))
                .list();
        // each invoice is employed from its funding date until (not including) the day it was closed out or
        // charged back; clipped to the period and grouped by the clipped days, so the database returns few rows
        jdbc.sql("""
                        select client_id, s, e, sum(advance_amount) as advance from (
                          select f.client_id, f.advance_amount,
                                 greatest(f.funding_date, cast(:from as date)) as s,
                                 least(coalesce(f.closed_on, cast(:after as date)),
                                       coalesce(f.charged_on, cast(:after as date)), cast(:after as date)) as e
                          from funded_invoice f
                          where f.currency = :currency and f.funding_date <= :to
                            and (f.closed_on is null or f.closed_on > :from)
                            and (f.charged_on is null or f.charged_on > :from)) x
                        where e > s group by client_id, s, e""")
                .param("from", from)
                .param("to", to)
                .param("after", after)
                .param("currency", code)
                .query((rs, n) -> {
                    long employedDays = ChronoUnit.DAYS.between(
                            rs.getObject("s", LocalDate.class), rs.getObject("e", LocalDate.class));
                    Acc a = byClient.computeIfAbsent(rs.getObject("client_id", UUID.class), c -> new Acc());
                    a.advanceDays =
                            a.advanceDays.add(rs.getBigDecimal("advance").multiply(BigDecimal.valueOf(employedDays)));
                    return null;
                })
                .list();
        // the fee earned so far on invoices still open, as the daily accrual last worked it out: not yet fixed,
        // so not among the fees earned, whatever the period asked
        jdbc.sql("""
                        select client_id, sum(accrued_fee) as amount, max(accrued_through) as through
                        from funded_invoice
                        where currency = :currency and closed_on is null and charged_on is null
                          and accrued_fee is not null
                        group by client_id""")
                .param("currency", code)
                .query((rs, n) -> {
                    Acc a = byClient.computeIfAbsent(rs.getObject("client_id", UUID.class), c -> new Acc());
                    a.accrued = rs.getBigDecimal("amount");
                    a.accruedThrough = rs.getObject("through", LocalDate.class);
                    return null;
                })
                .list();
        if (onlyClient != null) {
            byClient.keySet().retainAll(List.of(onlyClient));
        }
        LocalDate[] accruedThrough = new LocalDate[1];
        byClient.values().stream()
                .map(a -> a.accruedThrough)
                .filter(java.util.Objects::nonNull)
                .max(LocalDate::compareTo)
                .ifPresent(d -> accruedThrough[0] = d);
        Map<UUID, String> clientNames = names.clients(byClient.keySet());
        Acc total = new Acc();
        List<Map<String, Object>> rows = new ArrayList<>();
        List<ReportTable.Chart.Value> bars = new ArrayList<>();
        byClient.entrySet().stream()
                .sorted(Map.Entry.comparingByValue((a, b) -> b.fees().compareTo(a.fees())))
                .forEach(e -> {
                    Acc a = e.getValue();
                    total.funding = total.funding.add(a.funding);
                    total.discount = total.discount.add(a.discount);
                    total.chargeback = total.chargeback.add(a.chargeback);
                    total.advanceDays = total.advanceDays.add(a.advanceDays);
                    total.accrued = total.accrued.add(a.accrued);
                    String label =
                            clientNames.getOrDefault(e.getKey(), e.getKey().toString());
                    rows.add(row("client", label, a, days, currency));
                    if (bars.size() < 15 && a.fees().signum() > 0) {
                        Money fees = Money.of(a.fees(), currency);
                        bars.add(new ReportTable.Chart.Value(label, fees.amount(), fees.display(), false));
                    }
                });
        return new ReportTable(
                "fees",
                "Fees earned " + from + " to " + to,
                List.of(
                        Filter.date("from", "From", from),
                        Filter.date("to", "To", to),
                        Filter.text("clientId", "Client id (optional)", onlyClient),
                        Filter.text("currency", "Currency", code)),
                List.of(
                        new Column("client", "Client", Kind.TEXT),
                        new Column("funding_fees", "Charges at funding", Kind.MONEY),
                        new Column("discount_fees", "Discount fees", Kind.MONEY),
                        new Column("chargeback_fees", "Fees in chargebacks", Kind.MONEY),
                        new Column("fees", "Fees earned", Kind.MONEY),
                        new Column("average_employed", "Average funds employed", Kind.MONEY),
                        new Column("annualized_yield", "Annualized yield %", Kind.PERCENT),
                        new Column("accrued_fees", "Accrued, not yet fixed", Kind.MONEY)),
                rows,
                row("client", "Total", total, days, currency),
                List.of(
                        "Fees on the business date the ledger posts them; their total equals the funding and"
                                + " discount fee income posted in the period.",
                        "Annualized yield = fees ÷ average funds employed × 365 ÷ " + days + " days. Average funds"
                                + " employed = the sum of advance × days employed in the period ÷ " + days + ".",
                        "Accrued, not yet fixed: the discount fee earned so far on the invoices still open, as the"
                                + " daily fee accrual worked it out"
                                + (accruedThrough[0] == null ? " (it has not run)" : " through " + accruedThrough[0])
                                + "; whatever the period, and not in the fees earned until it is fixed at"
                                + " close-out or in a chargeback."),
                ReportTable.Chart.of("Fees earned by client (largest 15)", bars));
    }

    private static Map<String, Object> row(String key, String label, Acc a, long days, Currency currency) {
        BigDecimal average = a.advanceDays.divide(BigDecimal.valueOf(days), 2, RoundingMode.HALF_UP);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put(key, label);
        row.put("funding_fees", Money.of(a.funding, currency));
        row.put("discount_fees", Money.of(a.discount, currency));
        row.put("chargeback_fees", Money.of(a.chargeback, currency));
        row.put("fees", Money.of(a.fees(), currency));
        row.put("average_employed", Money.of(average, currency));
        row.put("annualized_yield", annualizedYield(a.fees(), a.advanceDays));
        row.put("accrued_fees", Money.of(a.accrued, currency));
        return row;
    }

    /** fees ÷ (advance-days ÷ days) × 365 ÷ days × 100 = fees × 365 × 100 ÷ advance-days; null without funds employed. */
    static BigDecimal annualizedYield(BigDecimal fees, BigDecimal advanceDays) {
        if (advanceDays.signum() == 0) {
            return null;
        }
        return fees.multiply(DAYS_A_YEAR)
                .multiply(BigDecimal.valueOf(100))
                .divide(advanceDays, 2, RoundingMode.HALF_UP);
    }
}
