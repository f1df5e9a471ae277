package org.factorline.reports.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.factorline.outreach.ContactSettings;
import org.factorline.outreach.Intent;
import org.factorline.outreach.RelationshipHealth;
import org.factorline.reports.ReportInfo;
import org.factorline.reports.ReportTable;
import org.factorline.reports.ReportTable.Column;
import org.factorline.reports.ReportTable.Filter;
import org.factorline.reports.ReportTable.Kind;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.core.simple.JdbcClient.StatementSpec;
import org.springframework.stereotype.Component;

/**
 * What the factor said to debtors in a period and how the relationships are going, per client–debtor pair,
 * client or debtor: debtor e-mails by intent and by outcome, the contact log by channel, the busiest 7 days
 * of any debtor mailbox (against the contact policy's cap across all clients), and relationship health as
 * {@link RelationshipHealth} defines it — the rule the client portal shows for one customer, computed here
 * for the whole book at once.
 */
@Component
class ContactsReport implements ReportDefinition {

    private final JdbcClient jdbc;
    private final Names names;
    private final Clock clock;

    ContactsReport(JdbcClient jdbc, Names names, Clock clock) {
        this.jdbc = jdbc;
        this.names = names;
        this.clock = clock;
    }

    @Override
    public ReportInfo info() {
        return new ReportInfo(
                "contacts",
                "Debtor contacts and relationship health",
                "Messages to debtors in a period by intent and outcome, the contact log by channel, the busiest"
                        + " week of a debtor mailbox, replies and relationship health, per client and debtor");
    }

    /** Live debtor e-mails dated (debtor-local) in the period, with the busiest 7 days of their mailbox. */
    static final String MESSAGES = """
            with mailbox_day as (
              select mailbox, local_date, count(*) as n from outreach_message
              where audience = 'DEBTOR' and status <> 'CANCELLED' and local_date >= :weekFrom and local_date <= :to
              group by mailbox, local_date),
            mailbox_week as (
              select d.mailbox, d.local_date, sum(e.n) as n
              from mailbox_day d join mailbox_day e
                on e.mailbox = d.mailbox and e.local_date >= d.local_date - 6 and e.local_date <= d.local_date
              group by d.mailbox, d.local_date)
            select %s, count(*) as messages,
                   sum(case when g.status in ('SENT', 'CAPTURED', 'BOUNCED') then 1 else 0 end) as sent,
                   sum(case when g.status = 'BOUNCED' then 1 else 0 end) as bounced,
                   sum(case when g.status = 'FAILED' then 1 else 0 end) as failed,
                   sum(case when g.status in ('QUEUED', 'SENDING') then 1 else 0 end) as waiting,
                   sum(case when g.tags like '%%,RELEASE,%%' then 1 else 0 end) as i_release,
                   sum(case when g.tags like '%%,NOTICE,%%' then 1 else 0 end) as i_notice,
                   sum(case when g.tags like '%%,NOTICE_REMINDER,%%' then 1 else 0 end) as i_notice_reminder,
                   sum(case when g.tags like '%%,REMIT_NOTE,%%' then 1 else 0 end) as i_remit_note,
                   sum(case when g.tags like '%%,VERIFICATION,%%' then 1 else 0 end) as i_verification,
                   sum(case when g.tags like '%%,VERIFICATION_REMINDER,%%' then 1 else 0 end) as i_verification_reminder,
                   sum(case when g.tags like '%%,STATUS_CHECK,%%' then 1 else 0 end) as i_status_check,
                   sum(case when g.tags like '%%,FOLLOW_UP,%%' then 1 else 0 end) as i_follow_up,
                   max(g.week) as busiest_week
            from (select m.client_id, m.debtor_id, m.status, ',' || m.sections || ',' as tags, w.n as week
                  from outreach_message m
                  join mailbox_week w on w.mailbox = m.mailbox and w.local_date = m.local_date
                  where m.audience = 'DEBTOR' and m.status <> 'CANCELLED'
                    and m.local_date >= :from and m.local_date <= :to%s) g%s""";

    /** Contact log lines about a debtor in the period, by channel. */
    static final String LOG = """
            select %s, count(*) as lines,
                   sum(case when g.channel = 'EMAIL' then 1 else 0 end) as c_email,
                   sum(case when g.channel = 'LETTER' then 1 else 0 end) as c_letter,
                   sum(case when g.channel = 'CALL' then 1 else 0 end) as c_call,
                   sum(case when g.channel = 'TASK' then 1 else 0 end) as c_task,
                   sum(case when g.channel = 'RESPONSE' then 1 else 0 end) as c_response,
                   sum(case when g.channel = 'CLIENT' then 1 else 0 end) as c_client
            from (select l.client_id, l.debtor_id, l.channel from contact_log l
                  where l.debtor_id is not null and l.at >= :start and l.at < :end%s) g%s""";

    /**
     * Replies, by {@link RelationshipHealth}'s rule: in each pair's log, oldest first, an answer (a RESPONSE
     * that is not an opening of the link) right after an e-mail — with only e-mails and answers in the stream —
     * is a reply to it, in whole hours; later answers to the same e-mail are not replies.
     */
    static final String REPLIES = """
            select %s, count(*) as replies,
                   percentile_disc(0.5) within group (order by g.hours) as median_reply_hours
            from (select s.client_id, s.debtor_id,
                         floor((extract(epoch from s.at) - extract(epoch from s.prev_at)) / 3600) as hours
                  from (select l.client_id, l.debtor_id, l.channel, l.at,
                               lag(l.channel) over (partition by l.client_id, l.debtor_id order by l.at, l.id)
                                   as prev_channel,
                               lag(l.at) over (partition by l.client_id, l.debtor_id order by l.at, l.id) as prev_at
                        from contact_log l
                        where l.debtor_id is not null and l.at >= :start and l.at < :end
                          and (l.channel = 'EMAIL' or (l.channel = 'RESPONSE' and l.summary not like :opening))%s) s
                  where s.channel = 'RESPONSE' and s.prev_channel = 'EMAIL') g%s""";

    /**
     * Health from the invoices: disputed among those submitted in the period, days to pay of those closed in it
     * (from the purchased book's row, which carries the debtor, the issue date and the close-out day).
     */
    static final String INVOICES = """
            select %s, sum(g.disputed) as disputed, sum(g.closed) as closed, sum(g.days) as days_to_pay
            from (select i.client_id, i.debtor_id,
                         case when i.verification_status = 'DISPUTED' then 1 else 0 end as disputed,
                         0 as closed, 0 as days
                  from invoice i
                  where i.created_at >= :start and i.created_at < :end%s
                  union all
                  select i.client_id, i.debtor_id, 0, 1,
                         (extract(epoch from i.closed_on) - extract(epoch from i.issue_date)) / 86400
                  from funded_invoice i
                  where i.closed_on >= :from and i.closed_on <= :to%s) g%s""";

    static final List<Intent> INTENTS = List.of(Intent.values());

    /** The counts every row has, zero where nothing was found. */
    static final List<String> COUNTS = List.of(
            "messages",
            "sent",
            "bounced",
            "failed",
            "waiting",
            "c_email",
            "c_letter",
            "c_call",
            "c_task",
            "c_response",
            "c_client",
            "replies",
            "disputed",
            "closed");

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

        Map<Grouping.Key, Map<String, Object>> groups = new LinkedHashMap<>();
        Map<Grouping.Key, Map<String, Object>> totals = new LinkedHashMap<>();
        for (Grouping g : List.of(grouping, Grouping.TOTAL)) {
            Map<Grouping.Key, Map<String, Object>> into = g == Grouping.TOTAL ? totals : groups;
            read(g, MESSAGES, "m", from, to, client, debtor, into);
            read(g, LOG, "l", from, to, client, debtor, into);
            read(g, REPLIES, "l", from, to, client, debtor, into);
            read(g, INVOICES, "i", from, to, client, debtor, into);
        }
        int cap = ContactSettings.MAX_PER_WEEK_CEILING;
        groups.values().forEach(r -> finish(r, cap));
        totals.values().forEach(r -> finish(r, cap));

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
        columns.add(new Column("messages", "Debtor e-mails", Kind.COUNT));
        for (Intent i : INTENTS) {
            columns.add(new Column("i_" + i.name().toLowerCase(java.util.Locale.ROOT), i.label(), Kind.COUNT));
        }
        columns.addAll(List.of(
                new Column("sent", "Sent", Kind.COUNT),
                new Column("bounced", "Bounced", Kind.COUNT),
                new Column("failed", "Failed", Kind.COUNT),
                new Column("waiting", "In the outbox", Kind.COUNT),
                new Column("c_email", "Log: e-mails", Kind.COUNT),
                new Column("c_letter", "Log: letters", Kind.COUNT),
                new Column("c_call", "Log: calls", Kind.COUNT),
                new Column("c_task", "Log: tasks", Kind.COUNT),
                new Column("c_response", "Log: debtor responses", Kind.COUNT),
                new Column("c_client", "Log: said to the client", Kind.COUNT),
                new Column("busiest_week", "Most to one mailbox in 7 days", Kind.COUNT),
                new Column("over_cap", "Over the weekly cap", Kind.TEXT),
                new Column("replies", "Replies to e-mails", Kind.COUNT),
                new Column("median_reply_hours", "Median hours to reply", Kind.COUNT),
                new Column("disputed", "Disputed invoices", Kind.COUNT),
                new Column("closed", "Invoices closed", Kind.COUNT),
                new Column("average_days_to_pay", "Average days to pay", Kind.COUNT)));

        List<Map<String, Object>> rows = new ArrayList<>();
        List<ReportTable.Chart.Value> bars = new ArrayList<>();
        groups.entrySet().stream()
                .sorted((a, b) -> Long.compare(count(b.getValue(), "messages"), count(a.getValue(), "messages")))
                .forEach(e -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    grouping.label(row, e.getKey(), clientNames, debtorNames);
                    row.putAll(e.getValue());
                    rows.add(row);
                    long messages = count(row, "messages");
                    if (bars.size() < 15 && messages > 0) {
                        Object busiest = row.get("busiest_week");
                        bars.add(new ReportTable.Chart.Value(
                                grouping.text(e.getKey(), clientNames, debtorNames),
                                BigDecimal.valueOf(messages),
                                messages + " (busiest 7 days: " + busiest + ")",
                                busiest != null && ((Long) busiest) > cap));
                    }
                });
        Map<String, Object> total = new LinkedHashMap<>();
        total.put(columns.get(0).key(), "Total");
        totals.values().stream().findFirst().ifPresent(total::putAll);
        return new ReportTable(
                "contacts",
                "Debtor contacts " + from + " to " + to,
                List.of(
                        Filter.date("from", "From", from),
                        Filter.date("to", "To", to),
                        Filter.choice("groupBy", "Group by", grouping, Grouping.OPTIONS),
                        Filter.text("clientId", "Client id (optional)", client),
                        Filter.text("debtorId", "Debtor id (optional)", debtor)),
                List.copyOf(columns),
                rows,
                total,
                List.of(
                        "Debtor e-mails: messages from the outbox to a debtor's mailbox, not cancelled, dated (the"
                                + " debtor's local date) from " + from + " to " + to + ". A digest counts once under"
                                + " each intent it carries, so the intent columns may add up to more than the e-mails."
                                + " Sent: delivered, captured (the sandbox) or bounced afterwards; failed: delivery"
                                + " gave up; in the outbox: not yet delivered.",
                        "Log columns: contact log lines about a debtor from " + from + " 00:00 to " + to
                                + " 24:00 UTC by channel (an e-mail with the notice attached also logs a letter)."
                                + " Debtors' opt-outs and complaints are not recorded as such: a customer that must"
                                + " not be e-mailed is the client's contact rule, and the planner refuses e-mail then.",
                        "Most to one mailbox in 7 days: the most debtor e-mails, from any client, that one mailbox of"
                                + " the group's debtors had in 7 days ending on the day of one of the group's e-mails;"
                                + " over " + cap + " is over the contact policy's cap.",
                        "Health (the client portal's rule): a reply is a debtor's answer through its link (not an"
                                + " opening of the link) that comes right after an e-mail in the pair's log, in whole"
                                + " hours; only lines in the period count. Disputed: invoices submitted in the period"
                                + " whose verification status is DISPUTED. Days to pay: invoice date to close-out of"
                                + " the invoices closed out in the period, averaged and rounded."),
                ReportTable.Chart.of("Debtor e-mails (largest 15)", bars));
    }

    private void read(
            Grouping g,
            String template,
            String alias,
            LocalDate from,
            LocalDate to,
            UUID client,
            UUID debtor,
            Map<Grouping.Key, Map<String, Object>> into) {
        String filter = (client == null ? "" : " and " + alias + ".client_id = :client")
                + (debtor == null ? "" : " and " + alias + ".debtor_id = :debtor");
        String sql = template.equals(INVOICES)
                ? INVOICES.formatted(g.select, filter, filter, g.groupBy)
                : template.formatted(g.select, filter, g.groupBy);
        StatementSpec s = jdbc.sql(sql);
        if (sql.contains(":weekFrom")) {
            s = s.param("weekFrom", from.minusDays(6));
        }
        if (sql.contains(":from")) {
            s = s.param("from", from);
        }
        if (sql.contains(":to")) {
            s = s.param("to", to);
        }
        if (sql.contains(":start")) {
            s = s.param("start", OffsetDateTime.of(from.atStartOfDay(), ZoneOffset.UTC));
            s = s.param("end", OffsetDateTime.of(to.plusDays(1).atStartOfDay(), ZoneOffset.UTC));
        }
        if (sql.contains(":opening")) {
            s = s.param("opening", RelationshipHealth.OPENED + "%");
        }
        if (client != null) {
            s = s.param("client", client);
        }
        if (debtor != null) {
            s = s.param("debtor", debtor);
        }
        s.query((rs, n) -> {
                    Grouping.Key key = new Grouping.Key(
                            rs.getObject("client_id", UUID.class), rs.getObject("debtor_id", UUID.class));
                    Map<String, Object> row = into.computeIfAbsent(key, k -> new LinkedHashMap<>());
                    var meta = rs.getMetaData();
                    for (int c = 1; c <= meta.getColumnCount(); c++) {
                        String name = meta.getColumnLabel(c).toLowerCase(java.util.Locale.ROOT);
                        if (!name.equals("client_id") && !name.equals("debtor_id")) {
                            Object v = rs.getObject(c);
                            row.put(name, v instanceof Number num ? (Object) num : null);
                        }
                    }
                    return null;
                })
                .list();
    }

    /** Turns the database's numbers into counts, works out the average days to pay and the cap flag. */
    private static void finish(Map<String, Object> row, int cap) {
        BigDecimal days = row.get("days_to_pay") == null
                ? null
                : new BigDecimal(row.remove("days_to_pay").toString());
        row.remove("days_to_pay");
        row.remove("lines");
        row.replaceAll((k, v) -> v == null
                ? (k.startsWith("median") || k.equals("busiest_week") ? null : 0L)
                : (Object) ((Number) v).longValue());
        for (String key : COUNTS) {
            row.putIfAbsent(key, 0L);
        }
        for (Intent i : INTENTS) {
            row.putIfAbsent("i_" + i.name().toLowerCase(java.util.Locale.ROOT), 0L);
        }
        long closed = count(row, "closed");
        row.put(
                "average_days_to_pay",
                closed == 0 || days == null
                        ? null
                        : days.divide(BigDecimal.valueOf(closed), 0, RoundingMode.HALF_UP)
                                .longValue());
        Object busiest = row.get("busiest_week");
        row.put("over_cap", busiest != null && ((Long) busiest) > cap ? "OVER" : "");
    }

    private static long count(Map<String, Object> row, String key) {
        Object v = row.get(key);
        return v instanceof Number n ? n.longValue() : 0L;
    }
}
