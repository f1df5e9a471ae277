package org.factorline.notifications.internal;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.factorline.notifications.DigestSettings;
import org.factorline.notifications.EventType;
import org.factorline.notifications.WebhookDelivery;
import org.factorline.notifications.WebhookEndpoint;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The notification tables, and the set-based reads of the facts they report. */
@Repository
public class NotificationRepository {

    /** The id a cursor starts from: every real id sorts after it. */
    public static final UUID NO_ID = new UUID(0, 0);

    private final JdbcClient jdbc;

    public NotificationRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // ---- digest settings and recipients ----

    public Optional<DigestSettings> settings(UUID clientId) {
        return jdbc.sql("select * from notification_settings where client_id = ?")
                .param(clientId)
                .query((rs, n) -> new DigestSettings(
                        uuid(rs, "client_id"),
                        rs.getBoolean("digest_funded"),
                        rs.getBoolean("digest_paid"),
                        rs.getBoolean("digest_disputes"),
                        rs.getBoolean("digest_planned"),
                        instant(rs, "updated_at"),
                        rs.getString("updated_by")))
                .optional();
    }

    public void saveSettings(DigestSettings s) {
        int updated = jdbc.sql("""
                        update notification_settings set digest_funded = ?, digest_paid = ?, digest_disputes = ?,
                            digest_planned = ?, updated_at = ?, updated_by = ?
                        where client_id = ?""")
                .params(s.funded(), s.paid(), s.disputes(), s.planned(), ts(s.updatedAt()), s.updatedBy(), s.clientId())
                .update();
        if (updated == 0) {
            jdbc.sql("""
                            insert into notification_settings (client_id, digest_funded, digest_paid, digest_disputes,
                                digest_planned, updated_at, updated_by)
                            values (?, ?, ?, ?, ?, ?, ?)""")
                    .params(
                            s.clientId(),
                            s.funded(),
                            s.paid(),
                            s.disputes(),
                            s.planned(),
                            ts(s.updatedAt()),
                            s.updatedBy())
                    .update();
        }
    }

    public Set<UUID> recipients(UUID clientId) {
        return new HashSet<>(jdbc.sql("select user_id from notification_recipient where client_id = ?")
                .param(clientId)
                .query(UUID.class)
                .list());
    }

    public void setRecipient(UUID userId, UUID clientId, boolean wanted, Instant now) {
        jdbc.sql("delete from notification_recipient where user_id = ?")
                .param(userId)
                .update();
        if (wanted) {
            jdbc.sql("insert into notification_recipient (user_id, client_id, created_at) values (?, ?, ?)")
                    .params(userId, clientId, ts(now))
                    .update();
        }
    }

    /** Clients with at least one person who asked for the digest and who can still sign in. */
    public List<UUID> clientsWithRecipients() {
        return jdbc.sql("""
                        select distinct r.client_id from notification_recipient r
                        join app_user u on u.id = r.user_id and u.enabled = true and u.client_id = r.client_id
                        order by r.client_id""").query(UUID.class).list();
    }

    public String clientName(UUID clientId) {
        return jdbc.sql("select coalesce(trade_name, legal_name) from client where id = ?")
                .param(clientId)
                .query(String.class)
                .single();
    }

    // ---- digest runs ----

    public boolean digestSent(UUID clientId, LocalDate day) {
        return jdbc.sql("select count(*) from digest_run where client_id = ? and local_date = ?")
                        .params(clientId, day)
                        .query(Integer.class)
                        .single()
                > 0;
    }

    /** Where the last digest's facts ended. */
    public Optional<Instant> lastCovered(UUID clientId) {
        return jdbc.sql("select max(covered_until) from digest_run where client_id = ?")
                .param(clientId)
                .query((rs, n) -> instant(rs, 1))
                .optional()
                .filter(java.util.Objects::nonNull);
    }

    /** Records the day's digest; false when another run already did (the caller then sends nothing). */
    public boolean recordDigest(
            UUID clientId, LocalDate day, Instant from, Instant until, int recipients, Instant now) {
        return jdbc.sql("""
                                insert into digest_run (client_id, local_date, covered_from, covered_until, recipients, created_at)
                                values (?, ?, ?, ?, ?, ?) on conflict do nothing""")
                        .params(clientId, day, ts(from), ts(until), recipients, ts(now))
                        .update()
                == 1;
    }

    /** One line of a digest section. */
    public record Line(
            UUID invoiceId,
            String invoiceNumber,
            String debtor,
            BigDecimal amount,
            String currency,
            Instant at,
            String note) {}

    /** Invoices funded in the window. */
    public List<Line> funded(UUID clientId, Instant from, Instant until) {
        return jdbc.sql("""
                        select i.id, i.invoice_number, d.name as debtor, i.face_amount as amount, i.currency,
                               c.occurred_at as at, null as note
                        from invoice_status_change c
                        join invoice i on i.id = c.invoice_id
                        join debtor d on d.id = i.debtor_id
                        where i.client_id = ? and c.to_status = 'FUNDED' and c.occurred_at > ? and c.occurred_at <= ?
                        order by c.occurred_at, c.id""")
                .params(clientId, ts(from), ts(until))
                .query(NotificationRepository::line)
                .list();
    }

    /** Payments applied to the client's invoices in the window, one line per invoice. */
    public List<Line> paid(UUID clientId, Instant from, Instant until) {
        return jdbc.sql("""
                        select i.id, i.invoice_number, d.name as debtor, sum(a.amount) as amount, a.currency,
                               max(a.created_at) as at, max(i.status) as note
                        from payment_allocation a
                        join invoice i on i.id = a.invoice_id
                        join debtor d on d.id = i.debtor_id
                        where a.client_id = ? and a.created_at > ? and a.created_at <= ?
                        group by i.id, i.invoice_number, d.name, a.currency
                        order by max(a.created_at), i.invoice_number""")
                .params(clientId, ts(from), ts(until))
                .query(NotificationRepository::line)
                .list();
    }

    /**
     * Invoices disputed in the window: the debtor's answer to a status check, or a verification recorded
     * as disputed (the invoice still stands disputed).
     */
    public List<Line> disputes(UUID clientId, Instant from, Instant until) {
        List<Line> lines = new ArrayList<>(jdbc.sql("""
                        select i.id, i.invoice_number, d.name as debtor, i.face_amount as amount, i.currency,
                               o.answered_at as at, 'answer' as note
                        from outreach_invoice o
                        join invoice i on i.id = o.invoice_id
                        join debtor d on d.id = i.debtor_id
                        where o.client_id = ? and o.answer = 'DISPUTED' and o.answered_at > ? and o.answered_at <= ?""")
                .params(clientId, ts(from), ts(until))
                .query(NotificationRepository::line)
                .list());
        lines.addAll(jdbc.sql("""
                        select i.id, i.invoice_number, d.name as debtor, i.face_amount as amount, i.currency,
                               max(e.occurred_at) as at, 'verification' as note
                        from audit_event e
                        join invoice i on i.id = e.entity_id
                        join debtor d on d.id = i.debtor_id
                        where e.client_id = ? and e.entity_type = 'invoice' and e.action = 'invoice.verification_recorded'
                          and i.verification_status = 'DISPUTED' and e.occurred_at > ? and e.occurred_at <= ?
                        group by i.id, i.invoice_number, d.name, i.face_amount, i.currency""")
                .params(clientId, ts(from), ts(until))
                .query(NotificationRepository::line)
                .list());
        Map<UUID, Line> byInvoice = new LinkedHashMap<>();
        lines.stream()
                .sorted(java.util.Comparator.comparing(Line::at))
                .forEach(l -> byInvoice.putIfAbsent(l.invoiceId(), l));
        return List.copyOf(byInvoice.values());
    }

    /**
     * One planned contact with a customer of the client: a message queued for later ({@code at} set), or one
     * the planner held back until the contact policy allows it ({@code reason} says why and until when).
     */
    public record Planned(String debtor, String kind, Instant at, String reason) {}

    /**
     * Contacts planned with the client's customers: messages queued between {@code from} and {@code to},
     * and what the planner held back since {@code heldSince} that has not gone out since.
     */
    public List<Planned> planned(UUID clientId, Instant from, Instant to, Instant heldSince) {
        List<Planned> out = new ArrayList<>(jdbc.sql("""
                        select d.name as debtor, m.kind, m.next_attempt_at as at
                        from outreach_message m join debtor d on d.id = m.debtor_id
                        where m.client_id = ? and m.audience = 'DEBTOR' and m.status = 'QUEUED'
                          and m.next_attempt_at >= ? and m.next_attempt_at < ?
                        order by m.next_attempt_at, d.name""")
                .params(clientId, ts(from), ts(to))
                .query((rs, n) -> new Planned(rs.getString("debtor"), rs.getString("kind"), instant(rs, "at"), null))
                .list());
        out.addAll(jdbc.sql("""
                        select d.name as debtor, c.intent as kind, max(c.reason) as reason
                        from contact_decision c join debtor d on d.id = c.debtor_id
                        where c.client_id = ? and c.outcome = 'DELAYED' and c.at > ?
                          and not exists (select 1 from outreach_message m
                                          where m.client_id = c.client_id and m.debtor_id = c.debtor_id
                                            and m.audience = 'DEBTOR' and m.created_at >= c.at)
                        group by d.name, c.intent
                        order by d.name, c.intent""")
                .params(clientId, ts(heldSince))
                .query((rs, n) ->
                        new Planned(rs.getString("debtor"), rs.getString("kind"), null, rs.getString("reason")))
                .list());
        return out;
    }

    // ---- webhook endpoints ----

    public void insertEndpoint(WebhookEndpoint e, String sealedSecret) {
        jdbc.sql("""
                        insert into webhook_endpoint (id, client_id, url, secret, secret_hint, event_types, enabled,
                            created_at, created_by)
                        values (?, ?, ?, ?, ?, ?, true, ?, ?)""")
                .params(
                        e.id(),
                        e.clientId(),
                        e.url(),
                        sealedSecret,
                        e.secretHint(),
                        types(e.eventTypes()),
                        ts(e.createdAt()),
                        e.createdBy())
                .update();
        for (EventType t : e.eventTypes()) {
            jdbc.sql("insert into webhook_cursor (endpoint_id, source, last_at, last_id) values (?, ?, ?, ?)")
                    .params(e.id(), t.source(), ts(e.createdAt()), NO_ID)
                    .update();
        }
    }

    private static final String ENDPOINT_COLUMNS =
            "id, client_id, url, secret_hint, event_types, enabled, created_at, created_by, disabled_at";

    public List<WebhookEndpoint> endpoints(UUID clientId) {
        return jdbc.sql("select " + ENDPOINT_COLUMNS
                        + " from webhook_endpoint where client_id = ? order by created_at, id")
                .param(clientId)
                .query(NotificationRepository::endpoint)
                .list();
    }

    public Optional<WebhookEndpoint> endpoint(UUID clientId, UUID id) {
        return jdbc.sql("select " + ENDPOINT_COLUMNS + " from webhook_endpoint where client_id = ? and id = ?")
                .params(clientId, id)
                .query(NotificationRepository::endpoint)
                .optional();
    }

    public List<WebhookEndpoint> enabledEndpoints() {
        return jdbc.sql("select " + ENDPOINT_COLUMNS + " from webhook_endpoint where enabled = true order by id")
                .query(NotificationRepository::endpoint)
                .list();
    }

    public String sealedSecret(UUID endpointId) {
        return jdbc.sql("select secret from webhook_endpoint where id = ?")
                .param(endpointId)
                .query(String.class)
                .single();
    }

    public void disableEndpoint(UUID clientId, UUID id, Instant now) {
        jdbc.sql("""
                        update webhook_endpoint set enabled = false, disabled_at = ?
                        where client_id = ? and id = ? and enabled = true""").params(ts(now), clientId, id).update();
    }

    // ---- cursors and the facts behind them ----

    public record Cursor(Instant at, UUID id) {}

    /** The endpoint's cursor on a source, locked until the transaction ends: one reader at a time. */
    public Optional<Cursor> lockCursor(UUID endpointId, String source) {
        return jdbc.sql("select last_at, last_id from webhook_cursor where endpoint_id = ? and source = ? for update")
                .params(endpointId, source)
                .query((rs, n) -> new Cursor(instant(rs, "last_at"), uuid(rs, "last_id")))
                .optional();
    }

    public void moveCursor(UUID endpointId, String source, Cursor to) {
        jdbc.sql("update webhook_cursor set last_at = ?, last_id = ? where endpoint_id = ? and source = ?")
                .params(ts(to.at()), to.id(), endpointId, source)
                .update();
    }

    /** A fact to report: its own id (the event id), when it was recorded, and what the event says. */
    public record Fact(UUID id, Instant at, Map<String, Object> data) {}

    private static final String NOT_QUEUED =
            " and %1$s >= ? and %1$s <= ? and not exists (select 1 from webhook_delivery w"
                    + " where w.endpoint_id = ? and w.event_id = %2$s) order by %1$s, %2$s limit ?";

    /**
     * The facts of one source recorded from {@code from} to {@code until} that the endpoint has no delivery
     * for yet, oldest first. Reading by what is not queued rather than by position lets a reader look again
     * behind its cursor for facts that committed late, without queueing (or sending) any event twice.
     */
    public List<Fact> factsNotQueued(
            EventType type, UUID clientId, UUID endpointId, Instant from, Instant until, int limit) {
        Object[] params = {clientId, ts(from), ts(until), endpointId, limit};
        return switch (type) {
            case INVOICE_STATUS_CHANGED ->
                jdbc.sql("""
                                    select c.id, c.occurred_at, c.invoice_id, c.from_status, c.to_status, i.invoice_number,
                                           i.debtor_id, d.name as debtor_name, i.face_amount, i.currency
                                    from invoice_status_change c
                                    join invoice i on i.id = c.invoice_id
                                    join debtor d on d.id = i.debtor_id
                                    where i.client_id = ?""" + NOT_QUEUED.formatted("c.occurred_at", "c.id"))
                        .params(params)
                        .query((rs, n) -> {
                            Map<String, Object> d = new LinkedHashMap<>();
                            d.put("invoiceId", rs.getString("invoice_id"));
                            d.put("invoiceNumber", rs.getString("invoice_number"));
                            d.put("debtorId", rs.getString("debtor_id"));
                            d.put("debtorName", rs.getString("debtor_name"));
                            d.put("fromStatus", rs.getString("from_status"));
                            d.put("toStatus", rs.getString("to_status"));
                            d.put("faceAmount", money(rs, "face_amount", "currency"));
                            d.put("occurredAt", instant(rs, "occurred_at").toString());
                            return new Fact(uuid(rs, "id"), instant(rs, "occurred_at"), d);
                        })
                        .list();
            case PAYMENT_APPLIED ->
                jdbc.sql("""
                                    select a.id, a.created_at, a.payment_id, a.invoice_id, a.amount, a.currency,
                                           i.invoice_number, i.status, i.debtor_id, d.name as debtor_name
                                    from payment_allocation a
                                    join invoice i on i.id = a.invoice_id
                                    join debtor d on d.id = i.debtor_id
                                    where a.client_id = ?""" + NOT_QUEUED.formatted("a.created_at", "a.id"))
                        .params(params)
                        .query((rs, n) -> {
                            Map<String, Object> d = new LinkedHashMap<>();
                            d.put("paymentId", rs.getString("payment_id"));
                            d.put("invoiceId", rs.getString("invoice_id"));
                            d.put("invoiceNumber", rs.getString("invoice_number"));
                            d.put("debtorId", rs.getString("debtor_id"));
                            d.put("debtorName", rs.getString("debtor_name"));
                            d.put("amount", money(rs, "amount", "currency"));
                            d.put("appliedAt", instant(rs, "created_at").toString());
                            return new Fact(uuid(rs, "id"), instant(rs, "created_at"), d);
                        })
                        .list();
            case CONTACT_LOGGED ->
                jdbc.sql("""
                                    select l.id, l.at, l.debtor_id, l.invoice_id, l.channel, l.summary,
                                           d.name as debtor_name
                                    from contact_log l left join debtor d on d.id = l.debtor_id
                                    where l.client_id = ?""" + NOT_QUEUED.formatted("l.at", "l.id"))
                        .params(params)
                        .query((rs, n) -> {
                            Map<String, Object> d = new LinkedHashMap<>();
                            d.put("contactId", rs.getString("id"));
                            d.put("debtorId", rs.getString("debtor_id"));
                            d.put("debtorName", rs.getString("debtor_name"));
                            d.put("invoiceId", rs.getString("invoice_id"));
                            d.put("channel", rs.getString("channel"));
                            d.put("summary", rs.getString("summary"));
                            d.put("at", instant(rs, "at").toString());
                            return new Fact(uuid(rs, "id"), instant(rs, "at"), d);
                        })
                        .list();
            case TEST -> List.of();
        };
    }

    private static Map<String, Object> money(ResultSet rs, String amount, String currency) throws SQLException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(
                "amount",
                rs.getBigDecimal(amount)
                        .setScale(2, java.math.RoundingMode.UNNECESSARY)
                        .toPlainString());
        m.put("currency", rs.getString(currency).strip());
        return m;
    }

    // ---- deliveries ----

    public record NewDelivery(
            UUID id, UUID endpointId, UUID clientId, UUID eventId, String eventType, String payload, Instant at) {}

    /** Queues deliveries; an event the endpoint already has is skipped. The number queued. */
    public int insertDeliveries(List<NewDelivery> ds) {
        int n = 0;
        for (NewDelivery d : ds) {
            n += jdbc.sql("""
                            insert into webhook_delivery (id, endpoint_id, client_id, event_id, event_type, payload,
                                status, attempts, next_attempt_at, created_at)
                            values (?, ?, ?, ?, ?, ?, 'PENDING', 0, ?, ?) on conflict do nothing""")
                    .params(
                            d.id(),
                            d.endpointId(),
                            d.clientId(),
                            d.eventId(),
                            d.eventType(),
                            d.payload(),
                            ts(d.at()),
                            ts(d.at()))
                    .update();
        }
        return n;
    }

    public List<UUID> due(Instant now, int limit) {
        return jdbc.sql("""
                        select id from webhook_delivery where status = 'PENDING' and next_attempt_at <= ?
                        order by next_attempt_at, id limit ?""").params(ts(now), limit).query(UUID.class).list();
    }

    /** Takes a due delivery for one attempt (PENDING → SENDING); false when another sender has it. */
    public boolean claim(UUID id, Instant now) {
        return jdbc.sql("""
                                update webhook_delivery set status = 'SENDING', attempts = attempts + 1, last_attempt_at = ?
                                where id = ? and status = 'PENDING' and next_attempt_at <= ?""").params(ts(now), id, ts(now)).update() == 1;
    }

    public void delivered(UUID id, int code, Instant at) {
        jdbc.sql("""
                        update webhook_delivery set status = 'DELIVERED', last_status_code = ?, last_error = null,
                            delivered_at = ?
                        where id = ? and status = 'SENDING'""").params(code, ts(at), id).update();
    }

    /** The attempt failed: wait until {@code next}, or give up (FAILED) when {@code next} is null. */
    public void attemptFailed(UUID id, Integer code, String error, Instant next) {
        jdbc.sql("""
                        update webhook_delivery set status = ?, last_status_code = ?, last_error = ?,
                            next_attempt_at = coalesce(?, next_attempt_at)
                        where id = ? and status = 'SENDING'""")
                .params(next == null ? "FAILED" : "PENDING", code, cut(error, 1000), ts(next), id)
                .update();
    }

    /** Attempts whose sender stopped mid-way go back to the queue: at least once, never lost. */
    public int releaseStuck(Instant claimedBefore, Instant now) {
        return jdbc.sql("""
                        update webhook_delivery set status = 'PENDING', next_attempt_at = ?,
                            last_error = 'the sender stopped during the attempt; sending again'
                        where status = 'SENDING' and last_attempt_at < ?""").params(ts(now), ts(claimedBefore)).update();
    }

    /** Sends a delivered or failed event again from now, with a fresh count of attempts. */
    public boolean redeliver(UUID clientId, UUID id, Instant now) {
        return jdbc.sql("""
                                update webhook_delivery set status = 'PENDING', attempts = 0, next_attempt_at = ?
                                where client_id = ? and id = ? and status in ('DELIVERED', 'FAILED')""").params(ts(now), clientId, id).update() == 1;
    }

    private static final String DELIVERY_COLUMNS = """
            id, endpoint_id, client_id, event_id, event_type, payload, status, attempts, next_attempt_at,
            last_attempt_at, last_status_code, last_error, created_at, delivered_at""";

    public Optional<WebhookDelivery> delivery(UUID id) {
        return jdbc.sql("select " + DELIVERY_COLUMNS + " from webhook_delivery where id = ?")
                .param(id)
                .query(NotificationRepository::delivery)
                .optional();
    }

    public Optional<WebhookDelivery> delivery(UUID clientId, UUID id) {
        return jdbc.sql("select " + DELIVERY_COLUMNS + " from webhook_delivery where client_id = ? and id = ?")
                .params(clientId, id)
                .query(NotificationRepository::delivery)
                .optional();
    }

    /** A client's deliveries, newest first, optionally of one endpoint. */
    public List<WebhookDelivery> deliveries(UUID clientId, UUID endpointId, int limit) {
        String sql = "select " + DELIVERY_COLUMNS + " from webhook_delivery where client_id = ?"
                + (endpointId == null ? "" : " and endpoint_id = ?")
                + " order by created_at desc, id desc limit ?";
        Object[] params =
                endpointId == null ? new Object[] {clientId, limit} : new Object[] {clientId, endpointId, limit};
        return jdbc.sql(sql)
                .params(params)
                .query(NotificationRepository::delivery)
                .list();
    }

    // ---- mapping ----

    private static WebhookEndpoint endpoint(ResultSet rs, int n) throws SQLException {
        Set<EventType> types = EnumSet.noneOf(EventType.class);
        Arrays.stream(rs.getString("event_types").split(","))
                .map(EventType::ofWireName)
                .flatMap(Optional::stream)
                .forEach(types::add);
        return new WebhookEndpoint(
                uuid(rs, "id"),
                uuid(rs, "client_id"),
                rs.getString("url"),
                rs.getString("secret_hint"),
                types,
                rs.getBoolean("enabled"),
                instant(rs, "created_at"),
                rs.getString("created_by"),
                instant(rs, "disabled_at"));
    }

    private static WebhookDelivery delivery(ResultSet rs, int n) throws SQLException {
        int code = rs.getInt("last_status_code");
        Integer lastCode = rs.wasNull() ? null : code;
        return new WebhookDelivery(
                uuid(rs, "id"),
                uuid(rs, "endpoint_id"),
                uuid(rs, "client_id"),
                uuid(rs, "event_id"),
                rs.getString("event_type"),
                rs.getString("payload"),
                WebhookDelivery.Status.valueOf(rs.getString("status")),
                rs.getInt("attempts"),
                instant(rs, "next_attempt_at"),
                instant(rs, "last_attempt_at"),
                lastCode,
                rs.getString("last_error"),
                instant(rs, "created_at"),
                instant(rs, "delivered_at"));
    }

    private static Line line(ResultSet rs, int n) throws SQLException {
        return new Line(
                uuid(rs, "id"),
                rs.getString("invoice_number"),
                rs.getString("debtor"),
                rs.getBigDecimal("amount"),
                rs.getString("currency").strip(),
                instant(rs, "at"),
                rs.getString("note"));
    }

    static String types(Set<EventType> types) {
        return String.join(",", types.stream().map(EventType::wireName).sorted().toList());
    }

    static UUID uuid(ResultSet rs, String col) throws SQLException {
        return rs.getObject(col, UUID.class);
    }

    static Instant instant(ResultSet rs, String col) throws SQLException {
        OffsetDateTime t = rs.getObject(col, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    static Instant instant(ResultSet rs, int col) throws SQLException {
        OffsetDateTime t = rs.getObject(col, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    static OffsetDateTime ts(Instant i) {
        return i == null ? null : OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }

    static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
