package org.factorline.reports.internal;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
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
 * Verification turnaround and dispute rate of the invoices submitted in a period, per client–debtor pair,
 * client or debtor. The cohort is every invoice created (submitted) in the period; what is counted about it
 * is what is on record now:
 *
 * <ul>
 *   <li>verified: the invoice's verification status is VERIFIED; it was verified at the last
 *       {@code invoice.verification_recorded} line of the audit log for it (the invoices module writes one for
 *       every confirmation or dispute, through the debtor's link, a verifier's call or a closed phone task);
 *   <li>asked: the first live debtor e-mail that carried the invoice in a VERIFICATION section;
 *   <li>disputed: the verification status is DISPUTED, or the debtor disputed it through its link (which opens
 *       a RESOLVE_DISPUTE task, also after funding); resolved: every such task is closed.
 * </ul>
 */
@Component
class VerificationReport implements ReportDefinition {

    private final JdbcClient jdbc;
    private final Names names;
    private final Clock clock;

    VerificationReport(JdbcClient jdbc, Names names, Clock clock) {
        this.jdbc = jdbc;
        this.names = names;
        this.clock = clock;
    }

    @Override
    public ReportInfo info() {
        return new ReportInfo(
                "verification",
                "Verification turnaround and dispute rate",
                "Invoices submitted in a period: how many needed verification, how fast they were verified (median"
                        + " and 90th percentile hours), how many wait, and how many were disputed and resolved");
    }

    static final String PER_INVOICE = """
            select i.client_id, i.debtor_id, i.face_amount, i.verification_status, a.asked_at,
                   case when v.verified_at is not null
                        then floor((extract(epoch from v.verified_at) - extract(epoch from i.created_at)) / 3600)
                   end as hours_from_submission,
                   case when v.verified_at is not null and a.asked_at is not null and a.asked_at <= v.verified_at
                        then floor((extract(epoch from v.verified_at) - extract(epoch from a.asked_at)) / 3600)
                   end as hours_from_request,
                   case when i.verification_status = 'DISPUTED' or t.opened_at is not null then 1 else 0 end
                       as disputed,
                   case when t.open_tasks = 0
                        then floor((extract(epoch from t.done_at) - extract(epoch from t.opened_at)) / 86400)
                   end as days_to_resolve
            from invoice i
            left join (select e.entity_id, max(e.occurred_at) as verified_at from audit_event e
                       where e.action = 'invoice.verification_recorded' and e.occurred_at >= :start
                       group by e.entity_id) v on v.entity_id = i.id and i.verification_status = 'VERIFIED'
            left join (select mi.invoice_id, min(m.created_at) as asked_at
                       from outreach_message_invoice mi join outreach_message m on m.id = mi.message_id
                       where mi.section = 'VERIFICATION' and m.audience = 'DEBTOR' and m.status <> 'CANCELLED'
                         and m.created_at >= :start
                       group by mi.invoice_id) a on a.invoice_id = i.id
            left join (select k.invoice_id, min(k.opened_at) as opened_at, max(k.done_at) as done_at,
                              sum(case when k.done_at is null then 1 else 0 end) as open_tasks
                       from outreach_task k
                       where k.kind = 'RESOLVE_DISPUTE' and k.invoice_id is not null and k.opened_at >= :start
                       group by k.invoice_id) t on t.invoice_id = i.id
            where i.created_at >= :start and i.created_at < :end and i.currency = :currency
            """;

    static final String AGGREGATES = """
            count(*) as submitted, sum(g.face_amount) as face,
            sum(case when g.verification_status <> 'NOT_REQUIRED' then 1 else 0 end) as required,
            sum(case when g.asked_at is not null then 1 else 0 end) as asked,
            sum(case when g.verification_status = 'VERIFIED' then 1 else 0 end) as verified,
            percentile_disc(0.5) within group (order by g.hours_from_submission) as median_submission,
            percentile_disc(0.9) within group (order by g.hours_from_submission) as p90_submission,
            percentile_disc(0.5) within group (order by g.hours_from_request) as median_request,
            percentile_disc(0.9) within group (order by g.hours_from_request) as p90_request,
            sum(case when g.verification_status = 'PENDING' then 1 else 0 end) as waiting,
            sum(g.disputed) as disputed,
            sum(case when g.disputed = 1 then g.face_amount else 0 end) as disputed_face,
            sum(case when g.days_to_resolve is not null then 1 else 0 end) as resolved,
            percentile_disc(0.5) within group (order by g.days_to_resolve) as median_days_to_resolve
            """;

    @Override
    public ReportTable run(Map<String, String> params) {
        Params p = new Params(params);
        LocalDate today = LocalDate.now(clock);
        LocalDate[] period = p.period(today.withDayOfMonth(1), today);
        LocalDate from = period[0];
        LocalDate to = period[1];
        Grouping grouping = p.choice("groupBy", Grouping.class, Grouping.CLIENT);
        if (grouping == Grouping.TOTAL) {
            throw org.factorline.shared.FactorlineException.invalid(
                    "groupBy", params.get("groupBy"), "is one of PAIR, CLIENT, DEBTOR");
        }
        UUID client = p.uuid("clientId");
        UUID debtor = p.uuid("debtorId");
        Currency currency = p.currency();

        Map<Grouping.Key, Map<String, Object>> groups = new LinkedHashMap<>();
        query(grouping, from, to, client, debtor, currency, groups);
        Map<Grouping.Key, Map<String, Object>> total = new LinkedHashMap<>();
        query(Grouping.TOTAL, from, to, client, debtor, currency, total);

        Set<UUID> clientIds = new HashSet<>();
        Set<UUID> debtorIds = new HashSet<>();
        groups.keySet().forEach(k -> {
            if (k.client() != null) {
                clientIds.add(k.client());
            }
            if (k.debtor() != null) {
                debtorIds.add(k.debtor());
            }
        });
        Map<UUID, String> clientNames = names.clients(clientIds);
        Map<UUID, String> debtorNames = names.debtors(debtorIds);

        List<Column> columns = new ArrayList<>(grouping.labelColumns());
        columns.addAll(List.of(
                new Column("submitted", "Invoices submitted", Kind.COUNT),
                new Column("face", "Face submitted", Kind.MONEY),
                new Column("required", "Needing verification", Kind.COUNT),
                new Column("asked", "Asked by e-mail", Kind.COUNT),
                new Column("verified", "Verified", Kind.COUNT),
                new Column("median_hours_submission", "Median hours from submission", Kind.COUNT),
                new Column("p90_hours_submission", "90th pct hours from submission", Kind.COUNT),
                new Column("median_hours_request", "Median hours from request", Kind.COUNT),
                new Column("p90_hours_request", "90th pct hours from request", Kind.COUNT),
                new Column("waiting", "Still waiting", Kind.COUNT),
                new Column("disputed", "Disputed", Kind.COUNT),
                new Column("disputed_pct", "Disputed % of invoices", Kind.PERCENT),
                new Column("disputed_face", "Disputed face", Kind.MONEY),
                new Column("disputed_face_pct", "Disputed % of face", Kind.PERCENT),
                new Column("resolved", "Disputes resolved", Kind.COUNT),
                new Column("median_days_to_resolve", "Median days to resolve", Kind.COUNT)));

        List<Map<String, Object>> rows = new ArrayList<>();
        List<ReportTable.Chart.Value> bars = new ArrayList<>();
        groups.entrySet().stream()
                .sorted((a, b) -> Long.compare((Long) b.getValue().get("submitted"), (Long)
                        a.getValue().get("submitted")))
                .forEach(e -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    grouping.label(row, e.getKey(), clientNames, debtorNames);
                    row.putAll(e.getValue());
                    rows.add(row);
                });
        rows.stream()
                .filter(r -> ((Long) r.get("disputed")) > 0)
                .sorted((a, b) ->
                        ((BigDecimal) b.get("disputed_face_pct")).compareTo((BigDecimal) a.get("disputed_face_pct")))
                .limit(15)
                .forEach(r -> {
                    String label = grouping == Grouping.DEBTOR
                            ? (String) r.get("debtor")
                            : grouping == Grouping.CLIENT
                                    ? (String) r.get("client")
                                    : r.get("client") + " / " + r.get("debtor");
                    BigDecimal pct = (BigDecimal) r.get("disputed_face_pct");
                    bars.add(new ReportTable.Chart.Value(label, pct, pct + " %", false));
                });
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put(columns.get(0).key(), "Total");
        Map<String, Object> all = total.values().stream().findFirst().orElse(null);
        if (all != null && ((Long) all.get("submitted")) > 0) {
            totals.putAll(all);
        }
        List<Filter> filters = List.of(
                Filter.date("from", "Submitted from", from),
                Filter.date("to", "Submitted to", to),
                Filter.choice("groupBy", "Group by", grouping, Grouping.OPTIONS),
                Filter.text("clientId", "Client id (optional)", client),
                Filter.text("debtorId", "Debtor id (optional)", debtor),
                Filter.text("currency", "Currency", currency.getCurrencyCode()));
        return new ReportTable(
                "verification",
                "Verification and disputes of invoices submitted " + from + " to " + to,
                filters,
                List.copyOf(columns),
                rows,
                totals,
                List.of(
                        "Invoices submitted (created) from " + from + " 00:00 to " + to + " 24:00 UTC in "
                                + currency.getCurrencyCode() + ", counted as they stand now. Needing verification:"
                                + " the agreement asked for it (verification status other than NOT_REQUIRED)."
                                + " Asked by e-mail: a debtor e-mail (not cancelled) carried the invoice in a"
                                + " verification section.",
                        "Verified: the status is VERIFIED. Hours to verification run from the invoice's submission,"
                                + " and from the first verification e-mail, to the last verification recorded for it in"
                                + " the audit log, in whole hours (rounded down). Median and 90th percentile are the"
                                + " nearest-rank values (the smallest value at or above that share of the invoices).",
                        "Still waiting: the status is PENDING. Disputed: the status is DISPUTED, or the debtor disputed"
                                + " it through its link (also after funding); % of invoices = disputed ÷ submitted, %"
                                + " of face = disputed face ÷ face submitted.",
                        "Resolved: every dispute task opened by the debtor's dispute is closed; days to resolve run"
                                + " from the first task's opening to the last one's closing, in whole days. A dispute a"
                                + " verifier recorded by phone opens no task, so its resolution is not on record."),
                ReportTable.Chart.of("Disputed % of face (largest 15)", bars));
    }

    private void query(
            Grouping grouping,
            LocalDate from,
            LocalDate to,
            UUID client,
            UUID debtor,
            Currency currency,
            Map<Grouping.Key, Map<String, Object>> out) {
        String sql = "select " + grouping.select + ", " + AGGREGATES + " from (" + PER_INVOICE
                + (client == null ? "" : " and i.client_id = :client")
                + (debtor == null ? "" : " and i.debtor_id = :debtor")
                + ") g" + grouping.groupBy;
        var statement = jdbc.sql(sql)
                .param("start", OffsetDateTime.of(from.atStartOfDay(), ZoneOffset.UTC))
                .param("end", OffsetDateTime.of(to.plusDays(1).atStartOfDay(), ZoneOffset.UTC))
                .param("currency", currency.getCurrencyCode());
        if (client != null) {
            statement = statement.param("client", client);
        }
        if (debtor != null) {
            statement = statement.param("debtor", debtor);
        }
        statement
                .query((rs, n) -> {
                    Grouping.Key key = new Grouping.Key(
                            rs.getObject("client_id", UUID.class), rs.getObject("debtor_id", UUID.class));
                    long submitted = rs.getLong("submitted");
                    BigDecimal face = Objects.requireNonNullElse(rs.getBigDecimal("face"), BigDecimal.ZERO);
                    long disputed = rs.getLong("disputed");
                    BigDecimal disputedFace =
                            Objects.requireNonNullElse(rs.getBigDecimal("disputed_face"), BigDecimal.ZERO);
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("submitted", submitted);
                    row.put("face", Money.of(face, currency));
                    row.put("required", rs.getLong("required"));
                    row.put("asked", rs.getLong("asked"));
                    row.put("verified", rs.getLong("verified"));
                    row.put("median_hours_submission", whole(rs.getObject("median_submission")));
                    row.put("p90_hours_submission", whole(rs.getObject("p90_submission")));
                    row.put("median_hours_request", whole(rs.getObject("median_request")));
                    row.put("p90_hours_request", whole(rs.getObject("p90_request")));
                    row.put("waiting", rs.getLong("waiting"));
                    row.put("disputed", disputed);
                    row.put(
                            "disputed_pct",
                            ConcentrationReport.percent(BigDecimal.valueOf(disputed), BigDecimal.valueOf(submitted)));
                    row.put("disputed_face", Money.of(disputedFace, currency));
                    row.put("disputed_face_pct", ConcentrationReport.percent(disputedFace, face));
                    row.put("resolved", rs.getLong("resolved"));
                    row.put("median_days_to_resolve", whole(rs.getObject("median_days_to_resolve")));
                    out.put(key, row);
                    return null;
                })
                .list();
    }

    /** A whole number from the database (a count, hours or days), or null when there is none. */
    static Long whole(Object v) {
        return v == null ? null : ((Number) v).longValue();
    }
}
