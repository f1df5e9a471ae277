package org.factorline.outreach.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.factorline.debtors.DebtorId;
import org.factorline.outreach.ContactEntry;
import org.factorline.outreach.ContactRule;
import org.factorline.outreach.ContactSettings;
import org.factorline.outreach.Intent;
import org.factorline.outreach.OutboxMessage;
import org.factorline.outreach.OutreachTask;
import org.factorline.outreach.PlanDecision;
import org.factorline.shared.Money;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The outreach tables, and the read-only look at invoices and client–debtor pairs the planner needs each
 * day (one query each, not one per invoice).
 */
@Repository
public class OutreachRepository {

    private final JdbcClient jdbc;

    public OutreachRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Takes the planner's lock for the rest of the transaction; a second run waits here. */
    public void lockPlanner(Instant at) {
        jdbc.sql("update outreach_planner_lock set run_at = ? where id = 1")
                .param(ts(at))
                .update();
    }

    // ---- what the planner reads ----

    /** A client–debtor pair and where its notice stands. */
    public record PairRow(
            UUID clientId,
            UUID debtorId,
            String notificationState,
            LocalDate since,
            LocalDate noticeSentOn,
            String noticeRemitKey,
            LocalDate noticeRemindedOn,
            LocalDate noticeTaskOn,
            Instant acknowledgedAt,
            LocalDate releasedOn,
            String releaseReason,
            LocalDate releaseSentOn,
            String remitNoteInvoices,
            boolean liveInvoices,
            LocalDate firstContactToldOn,
            boolean everContacted) {}

    /** An invoice the planner may have to talk about, and where contact about it stands. */
    public record InvoiceRow(
            UUID id,
            UUID clientId,
            UUID debtorId,
            String number,
            String poNumber,
            LocalDate issueDate,
            LocalDate dueDate,
            Money face,
            String status,
            String verification,
            LocalDate verifyRequestedOn,
            LocalDate verifyRemindedOn,
            LocalDate verifyTaskOn,
            LocalDate statusCheckedOn,
            String answer,
            LocalDate answerDate,
            String answerReference,
            LocalDate clientToldOn,
            Instant clientApprovedAt,
            int followUps,
            LocalDate lastFollowUpOn,
            LocalDate escalatedOn,
            Instant submittedAt) {}

    static final String LIVE = "('SUBMITTED', 'APPROVED', 'FUNDED', 'PARTIALLY_PAID')";

    public List<PairRow> pairs(Collection<UUID> debtorScope) {
        String scope = debtorScope == null ? "" : " and cd.debtor_id in (:scope)";
        var spec = jdbc.sql("""
                select cd.client_id, cd.debtor_id, cd.notification_state, cd.since,
                       p.notice_sent_on, p.notice_remit_key, p.notice_reminded_on, p.notice_task_on,
                       p.acknowledged_at, p.released_on, p.release_reason, p.release_sent_on, p.remit_note_invoices,
                       exists (select 1 from invoice i where i.client_id = cd.client_id
                               and i.debtor_id = cd.debtor_id and i.status in %s) as live,
                       p.first_contact_told_on,
                       (exists (select 1 from outreach_message m where m.client_id = cd.client_id
                                and m.debtor_id = cd.debtor_id and m.audience = 'DEBTOR')
                        or exists (select 1 from contact_log l where l.debtor_id = cd.debtor_id
                                and l.client_id = cd.client_id and l.channel = 'CALL')) as contacted
                from client_debtor cd
                left join outreach_pair p on p.client_id = cd.client_id and p.debtor_id = cd.debtor_id
                where 1 = 1%s
                order by cd.client_id, cd.debtor_id""".formatted(LIVE, scope));
        if (debtorScope != null) {
            if (debtorScope.isEmpty()) {
                return List.of();
            }
            spec = spec.param("scope", debtorScope);
        }
        return spec.query((rs, n) -> new PairRow(
                        uuid(rs, "client_id"),
                        uuid(rs, "debtor_id"),
                        rs.getString("notification_state"),
                        date(rs, "since"),
                        date(rs, "notice_sent_on"),
                        rs.getString("notice_remit_key"),
                        date(rs, "notice_reminded_on"),
                        date(rs, "notice_task_on"),
                        instant(rs, "acknowledged_at"),
                        date(rs, "released_on"),
                        rs.getString("release_reason"),
                        date(rs, "release_sent_on"),
                        rs.getString("remit_note_invoices"),
                        rs.getBoolean("live"),
                        date(rs, "first_contact_told_on"),
                        rs.getBoolean("contacted")))
                .list();
    }

    /**
     * Open invoices that may need contact: waiting for verification before funding, or funded and due
     * within {@code horizon} (or past due), with where contact about each stands.
     */
    public List<InvoiceRow> invoices(Collection<UUID> debtorScope, LocalDate horizon) {
        if (debtorScope != null && debtorScope.isEmpty()) {
            return List.of();
        }
        String scope = debtorScope == null ? "" : " and i.debtor_id in (:scope)";
        var spec = jdbc.sql("""
                        select i.id, i.client_id, i.debtor_id, i.invoice_number, i.po_number, i.issue_date, i.due_date,
                               i.face_amount, i.currency, i.status, i.verification_status,
                               o.verify_requested_on, o.verify_reminded_on, o.verify_task_on, o.status_checked_on,
                               o.answer, o.answer_date, o.answer_reference, o.client_told_on, o.client_approved_at,
                               coalesce(o.follow_ups, 0) as follow_ups, o.last_follow_up_on, o.escalated_on,
                               i.created_at
                        from invoice i
                        left join outreach_invoice o on o.invoice_id = i.id
                        where ((i.status in ('SUBMITTED', 'APPROVED') and i.verification_status in ('PENDING', 'DISPUTED'))
                            or (i.status in ('FUNDED', 'PARTIALLY_PAID') and i.due_date <= :horizon))%s
                        order by i.client_id, i.debtor_id, i.due_date, i.invoice_number""".formatted(scope)).param("horizon", horizon);
        if (debtorScope != null) {
            spec = spec.param("scope", debtorScope);
        }
        return spec.query(OutreachRepository::invoiceRow).list();
    }

    public List<InvoiceRow> invoicesById(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                        select i.id, i.client_id, i.debtor_id, i.invoice_number, i.po_number, i.issue_date, i.due_date,
                               i.face_amount, i.currency, i.status, i.verification_status,
                               o.verify_requested_on, o.verify_reminded_on, o.verify_task_on, o.status_checked_on,
                               o.answer, o.answer_date, o.answer_reference, o.client_told_on, o.client_approved_at,
                               coalesce(o.follow_ups, 0) as follow_ups, o.last_follow_up_on, o.escalated_on,
                               i.created_at
                        from invoice i
                        left join outreach_invoice o on o.invoice_id = i.id
                        where i.id in (:ids)
                        order by i.due_date, i.invoice_number""")
                .param("ids", ids)
                .query(OutreachRepository::invoiceRow)
                .list();
    }

    private static InvoiceRow invoiceRow(ResultSet rs, int n) throws SQLException {
        return new InvoiceRow(
                uuid(rs, "id"),
                uuid(rs, "client_id"),
                uuid(rs, "debtor_id"),
                rs.getString("invoice_number"),
                rs.getString("po_number"),
                date(rs, "issue_date"),
                date(rs, "due_date"),
                Money.of(rs.getBigDecimal("face_amount"), Currency.getInstance(rs.getString("currency"))),
                rs.getString("status"),
                rs.getString("verification_status"),
                date(rs, "verify_requested_on"),
                date(rs, "verify_reminded_on"),
                date(rs, "verify_task_on"),
                date(rs, "status_checked_on"),
                rs.getString("answer"),
                date(rs, "answer_date"),
                rs.getString("answer_reference"),
                date(rs, "client_told_on"),
                instant(rs, "client_approved_at"),
                rs.getInt("follow_ups"),
                date(rs, "last_follow_up_on"),
                date(rs, "escalated_on"),
                instant(rs, "created_at"));
    }

    // ---- state the planner keeps ----

    public void ensurePair(UUID clientId, UUID debtorId) {
        jdbc.sql("insert into outreach_pair (client_id, debtor_id) values (?, ?) on conflict do nothing")
                .params(clientId, debtorId)
                .update();
    }

    private static final Set<String> PAIR_COLUMNS = Set.of(
            "notice_sent_on",
            "notice_reminded_on",
            "notice_task_on",
            "released_on",
            "release_sent_on",
            "first_contact_told_on");

    public void setPairDate(UUID clientId, UUID debtorId, String column, LocalDate value) {
        if (!PAIR_COLUMNS.contains(column)) {
            throw new IllegalArgumentException(column);
        }
        ensurePair(clientId, debtorId);
        jdbc.sql("update outreach_pair set " + column + " = ? where client_id = ? and debtor_id = ?")
                .params(value, clientId, debtorId)
                .update();
    }

    public void noticeSent(UUID clientId, UUID debtorId, LocalDate on, String remitKey, String checkCode) {
        ensurePair(clientId, debtorId);
        jdbc.sql("""
                        update outreach_pair set notice_sent_on = ?, notice_remit_key = ?, check_code = ?,
                            notice_reminded_on = null, notice_task_on = null, acknowledged_at = null
                        where client_id = ? and debtor_id = ?""").params(on, remitKey, checkCode, clientId, debtorId).update();
    }

    /** The pair whose notice carried this check code: client, debtor, notice date, release date. */
    public Optional<Object[]> pairByCheckCode(String code) {
        return jdbc
                .sql("""
                        select client_id, debtor_id, notice_sent_on, released_on from outreach_pair
                        where check_code = ?""")
                .param(code)
                .query((rs, n) -> new Object[] {
                    uuid(rs, "client_id"), uuid(rs, "debtor_id"), date(rs, "notice_sent_on"), date(rs, "released_on")
                })
                .stream()
                .findFirst();
    }

    public boolean acknowledge(UUID clientId, UUID debtorId, Instant at) {
        ensurePair(clientId, debtorId);
        return jdbc.sql("""
                                update outreach_pair set acknowledged_at = ?
                                where client_id = ? and debtor_id = ? and acknowledged_at is null""").params(ts(at), clientId, debtorId).update() == 1;
    }

    public void release(UUID clientId, UUID debtorId, LocalDate on, String reason) {
        ensurePair(clientId, debtorId);
        jdbc.sql("update outreach_pair set released_on = ?, release_reason = ? where client_id = ? and debtor_id = ?")
                .params(on, reason, clientId, debtorId)
                .update();
    }

    /** Notes that the debtor paid the client for this invoice: one friendly note with the remit-to is due. */
    public void addRemitNote(UUID clientId, UUID debtorId, UUID invoiceId) {
        ensurePair(clientId, debtorId);
        jdbc.sql("""
                        update outreach_pair set remit_note_invoices = case when remit_note_invoices is null then ?
                            else remit_note_invoices || ',' || ? end
                        where client_id = ? and debtor_id = ?""")
                .params(invoiceId.toString(), invoiceId.toString(), clientId, debtorId)
                .update();
    }

    public void remitNoteDone(UUID clientId, UUID debtorId, LocalDate on) {
        jdbc.sql("""
                        update outreach_pair set remit_note_invoices = null, remit_note_sent_on = ?
                        where client_id = ? and debtor_id = ?""").params(on, clientId, debtorId).update();
    }

    /** Marks the client warned of the invoice's recourse date; false if it already was. */
    public boolean recourseWarned(UUID invoiceId, UUID clientId, UUID debtorId, LocalDate on) {
        ensureInvoice(invoiceId, clientId, debtorId);
        return jdbc.sql(
                                "update outreach_invoice set recourse_warned_on = ? where invoice_id = ? and recourse_warned_on is null")
                        .params(on, invoiceId)
                        .update()
                == 1;
    }

    public void ensureInvoice(UUID invoiceId, UUID clientId, UUID debtorId) {
        jdbc.sql(
                        "insert into outreach_invoice (invoice_id, client_id, debtor_id) values (?, ?, ?) on conflict do nothing")
                .params(invoiceId, clientId, debtorId)
                .update();
    }

    private static final Set<String> INVOICE_COLUMNS = Set.of(
            "verify_requested_on",
            "verify_reminded_on",
            "verify_task_on",
            "status_checked_on",
            "client_told_on",
            "escalated_on");

    public void setInvoiceDate(UUID invoiceId, UUID clientId, UUID debtorId, String column, LocalDate value) {
        if (!INVOICE_COLUMNS.contains(column)) {
            throw new IllegalArgumentException(column);
        }
        ensureInvoice(invoiceId, clientId, debtorId);
        jdbc.sql("update outreach_invoice set " + column + " = ? where invoice_id = ?")
                .params(value, invoiceId)
                .update();
    }

    public void followedUp(UUID invoiceId, UUID clientId, UUID debtorId, LocalDate on) {
        ensureInvoice(invoiceId, clientId, debtorId);
        jdbc.sql("update outreach_invoice set follow_ups = follow_ups + 1, last_follow_up_on = ? where invoice_id = ?")
                .params(on, invoiceId)
                .update();
    }

    public void answer(
            UUID invoiceId, UUID clientId, UUID debtorId, String answer, LocalDate date, String reference, Instant at) {
        ensureInvoice(invoiceId, clientId, debtorId);
        jdbc.sql("""
                        update outreach_invoice set answer = ?, answer_date = ?, answer_reference = ?, answered_at = ?
                        where invoice_id = ?""").params(answer, date, reference, ts(at), invoiceId).update();
    }

    public void clientApproved(UUID invoiceId, UUID clientId, UUID debtorId, Instant at) {
        ensureInvoice(invoiceId, clientId, debtorId);
        jdbc.sql("update outreach_invoice set client_approved_at = ? where invoice_id = ?")
                .params(ts(at), invoiceId)
                .update();
    }

    // ---- what clients ask about invoices nearing their recourse date ----

    /** Records the request unless one of its kind exists for the invoice; true if this one was recorded. */
    public boolean insertRecourseRequest(org.factorline.outreach.RecourseRequest r) {
        return jdbc.sql("""
                                insert into recourse_request (id, invoice_id, client_id, debtor_id, kind, recourse_date,
                                    amount, currency, replacement_invoice_id, state, reason, task_id, requested_at,
                                    requested_by, settled_at)
                                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                                on conflict do nothing""")
                        .params(
                                r.id(),
                                r.invoiceId(),
                                r.clientId(),
                                r.debtorId(),
                                r.kind().name(),
                                r.recourseDate(),
                                r.amount().amount(),
                                r.amount().currency().getCurrencyCode(),
                                r.replacementInvoiceId(),
                                r.state().name(),
                                cut(r.reason(), 1000),
                                r.taskId(),
                                ts(r.requestedAt()),
                                r.requestedBy(),
                                r.settledAt() == null ? null : ts(r.settledAt()))
                        .update()
                == 1;
    }

    public void recourseRequestTask(UUID requestId, UUID taskId) {
        jdbc.sql("update recourse_request set task_id = ? where id = ?")
                .params(taskId, requestId)
                .update();
    }

    private static final String RECOURSE_COLUMNS = """
            id, invoice_id, client_id, debtor_id, kind, recourse_date, amount, currency, replacement_invoice_id,
            state, reason, message_id, task_id, requested_at, requested_by, settled_at""";

    private static org.factorline.outreach.RecourseRequest recourseRequest(ResultSet rs, int n) throws SQLException {
        return new org.factorline.outreach.RecourseRequest(
                uuid(rs, "id"),
                uuid(rs, "invoice_id"),
                uuid(rs, "client_id"),
                uuid(rs, "debtor_id"),
                org.factorline.outreach.RecourseRequest.Kind.valueOf(rs.getString("kind")),
                date(rs, "recourse_date"),
                Money.of(
                        rs.getBigDecimal("amount"),
                        Currency.getInstance(rs.getString("currency").trim())),
                uuid(rs, "replacement_invoice_id"),
                org.factorline.outreach.RecourseRequest.State.valueOf(rs.getString("state")),
                rs.getString("reason"),
                uuid(rs, "message_id"),
                uuid(rs, "task_id"),
                instant(rs, "requested_at"),
                rs.getString("requested_by"),
                instant(rs, "settled_at"));
    }

    public Optional<org.factorline.outreach.RecourseRequest> recourseRequest(UUID invoiceId, String kind) {
        return jdbc.sql("select " + RECOURSE_COLUMNS + " from recourse_request where invoice_id = ? and kind = ?")
                .params(invoiceId, kind)
                .query(OutreachRepository::recourseRequest)
                .optional();
    }

    /** A client's requests, newest first; with invoice ids, only those invoices'. */
    public List<org.factorline.outreach.RecourseRequest> recourseRequests(UUID clientId, int limit) {
        return jdbc.sql("select " + RECOURSE_COLUMNS
                        + " from recourse_request where client_id = ? order by requested_at desc, id desc limit ?")
                .params(clientId, limit)
                .query(OutreachRepository::recourseRequest)
                .list();
    }

    /** Last contacts the planner has still to send or refuse, of the debtors in scope (null: all), by invoice. */
    public Map<UUID, UUID> pendingLastContacts(Collection<UUID> debtorScope) {
        Map<UUID, UUID> out = new java.util.LinkedHashMap<>();
        if (debtorScope != null && debtorScope.isEmpty()) {
            return out;
        }
        var spec = jdbc.sql("""
                select id, invoice_id from recourse_request
                where kind = 'LAST_CONTACT' and state = 'PENDING'%s
                order by requested_at, id""".formatted(debtorScope == null ? "" : " and debtor_id in (:scope)"));
        if (debtorScope != null) {
            spec = spec.param("scope", debtorScope);
        }
        spec.query(rs -> {
            out.put(uuid(rs, "invoice_id"), uuid(rs, "id"));
        });
        return out;
    }

    /** Settles a pending last contact once: SENT with its message, or REFUSED with the reason. */
    public boolean settleLastContact(UUID requestId, String state, String reason, UUID messageId, Instant at) {
        return jdbc.sql("""
                                update recourse_request set state = ?, reason = ?, message_id = ?, settled_at = ?
                                where id = ? and state = 'PENDING'""")
                        .params(state, cut(reason, 1000), messageId, ts(at), requestId)
                        .update()
                == 1;
    }

    // ---- caps ----

    /** Debtor-local dates of every live message to the mailbox between two dates, from any client. */
    public List<LocalDate> mailboxDays(String mailbox, LocalDate from, LocalDate to) {
        return jdbc.sql("""
                        select local_date from outreach_message
                        where audience = 'DEBTOR' and mailbox = ? and local_date between ? and ? and status <> 'CANCELLED'""").params(mailbox, from, to).query(LocalDate.class).list();
    }

    public List<LocalDate> pairDays(UUID clientId, UUID debtorId, LocalDate from, LocalDate to) {
        return jdbc.sql("""
                        select local_date from outreach_message
                        where audience = 'DEBTOR' and client_id = ? and debtor_id = ? and local_date between ? and ?
                          and status <> 'CANCELLED'""")
                .params(clientId, debtorId, from, to)
                .query(LocalDate.class)
                .list();
    }

    // ---- outbox ----

    public record NewMessage(
            UUID id,
            OutboxMessage.Audience audience,
            UUID clientId,
            UUID debtorId,
            String mailbox,
            String recipientName,
            Intent kind,
            String sections,
            String subject,
            String bodyHtml,
            String bodyText,
            String attachmentName,
            byte[] attachment,
            UUID linkId,
            LocalDate localDate,
            Instant notBefore,
            Instant createdAt) {}

    public void insertMessage(NewMessage m, Map<UUID, String> invoiceSections) {
        jdbc.sql("""
                        insert into outreach_message (id, audience, client_id, debtor_id, mailbox, recipient_name, kind,
                            sections, subject, body_html, body_text, attachment_name, attachment, link_id, local_date,
                            not_before, status, attempts, next_attempt_at, created_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'QUEUED', 0, ?, ?)""")
                .params(
                        m.id(),
                        m.audience().name(),
                        m.clientId(),
                        m.debtorId(),
                        m.mailbox(),
                        m.recipientName(),
                        m.kind().name(),
                        m.sections(),
                        m.subject(),
                        m.bodyHtml(),
                        m.bodyText(),
                        m.attachmentName(),
                        m.attachment(),
                        m.linkId(),
                        m.localDate(),
                        ts(m.notBefore()),
                        ts(m.notBefore()),
                        ts(m.createdAt()))
                .update();
        for (var e : invoiceSections.entrySet()) {
            jdbc.sql("insert into outreach_message_invoice (message_id, invoice_id, section) values (?, ?, ?)")
                    .params(m.id(), e.getKey(), e.getValue())
                    .update();
        }
    }

    static final String MESSAGE_COLUMNS = """
            id, audience, client_id, debtor_id, mailbox, recipient_name, kind, sections, subject, body_html,
            body_text, attachment_name, attachment is not null as has_attachment, local_date, not_before, status,
            attempts, next_attempt_at, last_error, created_at, sent_at""";

    private static OutboxMessage message(ResultSet rs, int n) throws SQLException {
        return new OutboxMessage(
                uuid(rs, "id"),
                OutboxMessage.Audience.valueOf(rs.getString("audience")),
                uuid(rs, "client_id"),
                uuid(rs, "debtor_id"),
                rs.getString("mailbox"),
                rs.getString("recipient_name"),
                Intent.valueOf(rs.getString("kind")),
                rs.getString("sections"),
                rs.getString("subject"),
                rs.getString("body_html"),
                rs.getString("body_text"),
                rs.getString("attachment_name"),
                rs.getBoolean("has_attachment"),
                date(rs, "local_date"),
                instant(rs, "not_before"),
                OutboxMessage.Status.valueOf(rs.getString("status")),
                rs.getInt("attempts"),
                instant(rs, "next_attempt_at"),
                rs.getString("last_error"),
                instant(rs, "created_at"),
                instant(rs, "sent_at"));
    }

    public Optional<OutboxMessage> message(UUID id) {
        return jdbc.sql("select " + MESSAGE_COLUMNS + " from outreach_message where id = ?")
                .param(id)
                .query(OutreachRepository::message)
                .optional();
    }

    public Optional<byte[]> attachment(UUID id) {
        return jdbc.sql("select attachment from outreach_message where id = ? and attachment is not null")
                .param(id)
                .query((rs, n) -> rs.getBytes(1))
                .optional();
    }

    public List<UUID> messageInvoices(UUID messageId) {
        return jdbc.sql("select invoice_id from outreach_message_invoice where message_id = ?")
                .param(messageId)
                .query(UUID.class)
                .list();
    }

    /** Messages, newest first, optionally of one client or one debtor or one status; at most {@code limit}. */
    public List<OutboxMessage> messages(UUID clientId, UUID debtorId, String status, Instant before, int limit) {
        StringBuilder sql = new StringBuilder("select " + MESSAGE_COLUMNS + " from outreach_message where 1 = 1");
        List<Object> p = new ArrayList<>();
        eq(sql, p, "client_id", clientId);
        eq(sql, p, "debtor_id", debtorId);
        eq(sql, p, "status", status);
        if (before != null) {
            sql.append(" and created_at < ?");
            p.add(ts(before));
        }
        sql.append(" order by created_at desc, id desc limit ").append(limit);
        return jdbc.sql(sql.toString())
                .params(p)
                .query(OutreachRepository::message)
                .list();
    }

    /** Queued messages whose time has come, oldest first. */
    public List<UUID> due(Instant now, int limit) {
        return jdbc.sql("""
                        select id from outreach_message
                        where status = 'QUEUED' and next_attempt_at <= ?
                        order by next_attempt_at, id limit ?""").params(ts(now), limit).query(UUID.class).list();
    }

    /**
     * Takes a queued message for delivery; false if another sender took it first. A sending message's
     * next_attempt_at is when it was taken, so that {@link #stuckSending} measures from then, not from when
     * it fell due.
     */
    public boolean claim(UUID id, Instant now) {
        return jdbc.sql("""
                                update outreach_message set status = 'SENDING', attempts = attempts + 1, next_attempt_at = ?
                                where id = ? and status = 'QUEUED' and next_attempt_at <= ?""").params(ts(now), id, ts(now)).update() == 1;
    }

    public void delivered(UUID id, String status, String smtpId, Instant at) {
        jdbc.sql("""
                        update outreach_message set status = ?, smtp_message_id = ?, sent_at = ?, last_error = null
                        where id = ? and status = 'SENDING'""").params(status, smtpId, ts(at), id).update();
    }

    public void retryLater(UUID id, String error, Instant next) {
        jdbc.sql("""
                        update outreach_message set status = 'QUEUED', last_error = ?, next_attempt_at = ?
                        where id = ? and status = 'SENDING'""").params(cut(error, 1000), ts(next), id).update();
    }

    public boolean fail(UUID id, String status, String error) {
        return jdbc.sql(
                                "update outreach_message set status = ?, last_error = ? where id = ? and status in ('SENDING', 'SENT', 'QUEUED')")
                        .params(status, cut(error, 1000), id)
                        .update()
                == 1;
    }

    /** Messages a sender took and never finished (the instance stopped mid-send), older than {@code before}. */
    public List<UUID> stuckSending(Instant before) {
        return jdbc.sql("select id from outreach_message where status = 'SENDING' and next_attempt_at < ?")
                .param(ts(before))
                .query(UUID.class)
                .list();
    }

    public Map<String, Long> outboxCounts() {
        Map<String, Long> out = new java.util.TreeMap<>();
        jdbc.sql("select status, count(*) as n from outreach_message group by status")
                .query((rs, n) -> out.put(rs.getString("status"), rs.getLong("n")))
                .list();
        return out;
    }

    // ---- contact log ----

    public void log(ContactEntry e) {
        jdbc.sql("""
                        insert into contact_log (id, at, client_id, debtor_id, invoice_id, message_id, channel, summary,
                            content, actor)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        e.id(),
                        ts(e.at()),
                        e.clientId(),
                        e.debtorId(),
                        e.invoiceId(),
                        e.messageId(),
                        e.channel().name(),
                        cut(e.summary(), 500),
                        e.content(),
                        e.actor())
                .update();
    }

    public List<ContactEntry> contactLog(
            UUID clientId, UUID debtorId, UUID invoiceId, Instant before, UUID beforeId, int limit) {
        StringBuilder sql = new StringBuilder("""
                select id, at, client_id, debtor_id, invoice_id, message_id, channel, summary, content, actor
                from contact_log where 1 = 1""");
        List<Object> p = new ArrayList<>();
        eq(sql, p, "client_id", clientId);
        eq(sql, p, "debtor_id", debtorId);
        if (invoiceId != null) {
            sql.append(" and (invoice_id = ? or message_id in (select message_id from outreach_message_invoice"
                    + " where invoice_id = ?))");
            p.add(invoiceId);
            p.add(invoiceId);
        }
        if (before != null) {
            sql.append(" and (at < ? or (at = ? and id < ?))");
            p.add(ts(before));
            p.add(ts(before));
            p.add(beforeId);
        }
        sql.append(" order by at desc, id desc limit ").append(limit);
        return jdbc.sql(sql.toString())
                .params(p)
                .query((rs, n) -> new ContactEntry(
                        uuid(rs, "id"),
                        instant(rs, "at"),
                        uuid(rs, "client_id"),
                        uuid(rs, "debtor_id"),
                        uuid(rs, "invoice_id"),
                        uuid(rs, "message_id"),
                        ContactEntry.Channel.valueOf(rs.getString("channel")),
                        rs.getString("summary"),
                        rs.getString("content"),
                        rs.getString("actor")))
                .list();
    }

    // ---- decisions ----

    public void decide(PlanDecision d, String reasonKey) {
        jdbc.sql("""
                        insert into contact_decision (id, business_date, at, client_id, debtor_id, intent, outcome,
                            invoices, reason, reason_key)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        on conflict do nothing""")
                .params(
                        d.id(),
                        d.businessDate(),
                        ts(d.at()),
                        d.clientId(),
                        d.debtorId(),
                        d.intent().name(),
                        d.outcome().name(),
                        cut(d.invoices(), 2000),
                        cut(d.reason(), 1000),
                        reasonKey)
                .update();
    }

    public List<PlanDecision> decisions(UUID clientId, UUID debtorId, String outcome, int limit) {
        StringBuilder sql = new StringBuilder("""
                select id, business_date, at, client_id, debtor_id, intent, outcome, invoices, reason
                from contact_decision where 1 = 1""");
        List<Object> p = new ArrayList<>();
        eq(sql, p, "client_id", clientId);
        eq(sql, p, "debtor_id", debtorId);
        eq(sql, p, "outcome", outcome);
        sql.append(" order by at desc, id desc limit ").append(limit);
        return jdbc.sql(sql.toString())
                .params(p)
                .query((rs, n) -> new PlanDecision(
                        uuid(rs, "id"),
                        date(rs, "business_date"),
                        instant(rs, "at"),
                        uuid(rs, "client_id"),
                        uuid(rs, "debtor_id"),
                        Intent.valueOf(rs.getString("intent")),
                        PlanDecision.Outcome.valueOf(rs.getString("outcome")),
                        rs.getString("invoices"),
                        rs.getString("reason")))
                .list();
    }

    // ---- tasks ----

    /** Opens a task unless one with the same key is open; true if opened. */
    public boolean openTask(OutreachTask t, String openKey) {
        return jdbc.sql("""
                                insert into outreach_task (id, kind, client_id, debtor_id, invoice_id, open_key, title,
                                    detail, role, opened_at, due_on)
                                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                                on conflict do nothing""")
                        .params(
                                t.id(),
                                t.kind().name(),
                                t.clientId(),
                                t.debtorId(),
                                t.invoiceId(),
                                openKey,
                                cut(t.title(), 300),
                                cut(t.detail(), 2000),
                                t.role(),
                                ts(t.openedAt()),
                                t.dueOn())
                        .update()
                == 1;
    }

    static final String TASK_COLUMNS = """
            id, kind, client_id, debtor_id, invoice_id, title, detail, role, opened_at, due_on, done_at, done_by,
            outcome, outcome_note""";

    private static OutreachTask task(ResultSet rs, int n) throws SQLException {
        return new OutreachTask(
                uuid(rs, "id"),
                OutreachTask.Kind.valueOf(rs.getString("kind")),
                uuid(rs, "client_id"),
                uuid(rs, "debtor_id"),
                uuid(rs, "invoice_id"),
                rs.getString("title"),
                rs.getString("detail"),
                rs.getString("role"),
                instant(rs, "opened_at"),
                date(rs, "due_on"),
                instant(rs, "done_at"),
                rs.getString("done_by"),
                rs.getString("outcome"),
                rs.getString("outcome_note"));
    }

    public Optional<OutreachTask> task(UUID id) {
        return jdbc.sql("select " + TASK_COLUMNS + " from outreach_task where id = ?")
                .param(id)
                .query(OutreachRepository::task)
                .optional();
    }

    public List<OutreachTask> tasks(UUID clientId, UUID debtorId, boolean openOnly, int limit) {
        StringBuilder sql = new StringBuilder("select " + TASK_COLUMNS + " from outreach_task where 1 = 1");
        List<Object> p = new ArrayList<>();
        eq(sql, p, "client_id", clientId);
        eq(sql, p, "debtor_id", debtorId);
        if (openOnly) {
            sql.append(" and done_at is null");
        }
        sql.append(" order by done_at desc nulls first, due_on, opened_at limit ")
                .append(limit);
        return jdbc.sql(sql.toString())
                .params(p)
                .query(OutreachRepository::task)
                .list();
    }

    /** Whether a task of this kind is open for the pair. */
    public boolean openTaskFor(String kind, UUID clientId, UUID debtorId) {
        return jdbc.sql("""
                        select count(*) from outreach_task
                        where kind = ? and client_id = ? and debtor_id = ? and done_at is null""").params(kind, clientId, debtorId).query(Long.class).single() > 0;
    }

    public boolean completeTask(UUID id, String by, String outcome, String note, Instant at) {
        return jdbc.sql("""
                                update outreach_task set done_at = ?, done_by = ?, outcome = ?, outcome_note = ?, open_key = null
                                where id = ? and done_at is null""").params(ts(at), by, outcome, cut(note, 1000), id).update() == 1;
    }

    // ---- links ----

    public record LinkRow(
            UUID id,
            UUID clientId,
            UUID debtorId,
            String purpose,
            List<UUID> invoiceIds,
            Instant createdAt,
            Instant expiresAt) {}

    public void insertLink(LinkRow l) {
        jdbc.sql("""
                        insert into debtor_link (id, client_id, debtor_id, purpose, invoice_ids, created_at, expires_at)
                        values (?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        l.id(),
                        l.clientId(),
                        l.debtorId(),
                        l.purpose(),
                        String.join(
                                ",", l.invoiceIds().stream().map(UUID::toString).toList()),
                        ts(l.createdAt()),
                        ts(l.expiresAt()))
                .update();
    }

    public Optional<LinkRow> link(UUID id) {
        return jdbc.sql("""
                        select id, client_id, debtor_id, purpose, invoice_ids, created_at, expires_at
                        from debtor_link where id = ?""")
                .param(id)
                .query((rs, n) -> new LinkRow(
                        uuid(rs, "id"),
                        uuid(rs, "client_id"),
                        uuid(rs, "debtor_id"),
                        rs.getString("purpose"),
                        rs.getString("invoice_ids").isEmpty()
                                ? List.of()
                                : java.util.Arrays.stream(
                                                rs.getString("invoice_ids").split(","))
                                        .map(UUID::fromString)
                                        .toList(),
                        instant(rs, "created_at"),
                        instant(rs, "expires_at")))
                .optional();
    }

    public void linkOpened(UUID id, Instant at) {
        jdbc.sql("update debtor_link set last_opened_at = ? where id = ?")
                .params(ts(at), id)
                .update();
    }

    // ---- settings and rules ----

    public Optional<ContactSettings.Overrides> settings(UUID clientId) {
        return jdbc.sql("""
                        select max_per_week, notice_reminder_days, verification_reminder_days, status_check_days_before,
                               client_window_days, follow_up_spacing_days, follow_up_max, first_contact_notice_days
                        from contact_settings where client_id = ?""")
                .param(clientId)
                .query((rs, n) -> new ContactSettings.Overrides(
                        integer(rs, "max_per_week"),
                        integer(rs, "notice_reminder_days"),
                        integer(rs, "verification_reminder_days"),
                        integer(rs, "status_check_days_before"),
                        integer(rs, "client_window_days"),
                        integer(rs, "follow_up_spacing_days"),
                        integer(rs, "follow_up_max"),
                        integer(rs, "first_contact_notice_days")))
                .optional();
    }

    public void saveSettings(UUID clientId, ContactSettings.Overrides o, String by, Instant at) {
        jdbc.sql("delete from contact_settings where client_id = ?")
                .param(clientId)
                .update();
        jdbc.sql("""
                        insert into contact_settings (client_id, max_per_week, notice_reminder_days,
                            verification_reminder_days, status_check_days_before, client_window_days,
                            follow_up_spacing_days, follow_up_max, first_contact_notice_days, updated_at, updated_by)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        clientId,
                        o.maxPerWeek(),
                        o.noticeReminderDays(),
                        o.verificationReminderDays(),
                        o.statusCheckDaysBefore(),
                        o.clientWindowDays(),
                        o.followUpSpacingDays(),
                        o.followUpMax(),
                        o.firstContactNoticeDays(),
                        ts(at),
                        by)
                .update();
    }

    public Optional<ContactRule> rule(UUID clientId, UUID debtorId) {
        return jdbc.sql("""
                        select client_id, debtor_id, max_per_week, min_days_between, email_allowed, phone_allowed,
                               quiet_before, quiet_after, ask_before_past_due, note, updated_at, updated_by
                        from contact_rule where client_id = ? and debtor_id = ?""")
                .params(clientId, debtorId)
                .query((rs, n) -> new ContactRule(
                        uuid(rs, "client_id"),
                        new DebtorId(uuid(rs, "debtor_id")),
                        integer(rs, "max_per_week"),
                        integer(rs, "min_days_between"),
                        rs.getBoolean("email_allowed"),
                        rs.getBoolean("phone_allowed"),
                        rs.getObject("quiet_before", LocalTime.class),
                        rs.getObject("quiet_after", LocalTime.class),
                        rs.getBoolean("ask_before_past_due"),
                        rs.getString("note"),
                        instant(rs, "updated_at"),
                        rs.getString("updated_by")))
                .optional();
    }

    public void saveRule(ContactRule r) {
        jdbc.sql("delete from contact_rule where client_id = ? and debtor_id = ?")
                .params(r.clientId(), r.debtorId().value())
                .update();
        jdbc.sql("""
                        insert into contact_rule (client_id, debtor_id, max_per_week, min_days_between, email_allowed,
                            phone_allowed, quiet_before, quiet_after, ask_before_past_due, note, updated_at, updated_by)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        r.clientId(),
                        r.debtorId().value(),
                        r.maxPerWeek(),
                        r.minDaysBetween(),
                        r.emailAllowed(),
                        r.phoneAllowed(),
                        r.quietBefore(),
                        r.quietAfter(),
                        r.askBeforePastDue(),
                        r.note(),
                        ts(r.updatedAt()),
                        r.updatedBy())
                .update();
    }

    // ---- helpers ----

    /** Adds {@code and column = ?} to a filtered list's query when the filter is given. */
    private static void eq(StringBuilder sql, List<Object> params, String column, Object value) {
        if (value != null) {
            sql.append(" and ").append(column).append(" = ?");
            params.add(value);
        }
    }

    static UUID uuid(ResultSet rs, String col) throws SQLException {
        return rs.getObject(col, UUID.class);
    }

    static LocalDate date(ResultSet rs, String col) throws SQLException {
        return rs.getObject(col, LocalDate.class);
    }

    static Instant instant(ResultSet rs, String col) throws SQLException {
        OffsetDateTime t = rs.getObject(col, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    static Integer integer(ResultSet rs, String col) throws SQLException {
        int v = rs.getInt(col);
        return rs.wasNull() ? null : v;
    }

    static OffsetDateTime ts(Instant i) {
        return i == null ? null : OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }

    static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    /** Open tasks due on or before the day, counted in the database and stopping at {@code cap + 1}. */
    public long countTasksDue(LocalDate day, int cap) {
        return jdbc.sql("""
                        select count(*) from (select 1 from outreach_task where done_at is null and due_on <= ?
                          limit ?) x""").params(day, cap + 1).query(Long.class).single();
    }

    /** Recourse requests staff are working on (state OPEN), stopping at {@code cap + 1}. */
    public long countOpenRecourseRequests(int cap) {
        return jdbc.sql("select count(*) from (select 1 from recourse_request where state = 'OPEN' limit ?) x")
                .params(cap + 1)
                .query(Long.class)
                .single();
    }

    /** Messages in one of the statuses, stopping at {@code cap + 1}. */
    public long countMessagesCapped(java.util.Collection<String> statuses, int cap) {
        return jdbc.sql("""
                        select count(*) from (select 1 from outreach_message where status in (:statuses)
                          limit :cap) x""")
                .param("statuses", statuses)
                .param("cap", cap + 1)
                .query(Long.class)
                .single();
    }
}
