package org.factorline.outreach.internal;

import java.util.UUID;
import org.factorline.shared.ClientRecords;
import org.springframework.stereotype.Component;

/** The client's contact policy and rules, what outreach knows of each customer and invoice, every message (to its customers and to the client; attachments as files), the contact log, the planner's decisions, tasks, signed links (never the token) and recourse requests. */
@Component
class OutreachExportRecords implements ClientRecords {

    @Override
    public void export(UUID clientId, Sink sink) {
        sink.csv("contact_settings", """
                select client_id, max_per_week, notice_reminder_days, verification_reminder_days, status_check_days_before,
                       client_window_days, follow_up_spacing_days, follow_up_max, first_contact_notice_days, updated_at,
                       updated_by
                from contact_settings where client_id = ?""", clientId);
        sink.csv("contact_rules", """
                select client_id, debtor_id, max_per_week, min_days_between, email_allowed, phone_allowed, quiet_before,
                       quiet_after, ask_before_past_due, note, updated_at, updated_by
                from contact_rule where client_id = ? order by debtor_id""", clientId);
        sink.csv("outreach_customers", """
                select client_id, debtor_id, notice_sent_on, notice_remit_key, notice_reminded_on, notice_task_on,
                       acknowledged_at, released_on, release_reason, release_sent_on, remit_note_invoices, remit_note_sent_on,
                       first_contact_told_on
                from outreach_pair where client_id = ? order by debtor_id""", clientId);
        sink.csv("outreach_invoices", """
                select invoice_id, client_id, debtor_id, verify_requested_on, verify_reminded_on, verify_task_on,
                       status_checked_on, answer, answer_date, answer_reference, answered_at, client_told_on,
                       client_approved_at, follow_ups, last_follow_up_on, escalated_on, recourse_warned_on
                from outreach_invoice where client_id = ? order by invoice_id""", clientId);
        sink.csv("outbox_messages", """
                select id, audience, client_id, debtor_id, mailbox, recipient_name, kind, sections, subject, body_text,
                       body_html, attachment_name, link_id, local_date, not_before, status, attempts, next_attempt_at,
                       last_error, smtp_message_id, created_at, sent_at
                from outreach_message where client_id = ? order by created_at, id""", clientId);
        sink.csv("outbox_message_invoices", """
                select mi.message_id, mi.invoice_id, mi.section
                from outreach_message_invoice mi join outreach_message m on m.id = mi.message_id
                where m.client_id = ? order by mi.message_id, mi.invoice_id, mi.section""", clientId);
        sink.files("message_attachments", """
                select id, attachment_name, attachment
                from outreach_message where client_id = ? and attachment is not null order by created_at, id""", clientId);
        sink.csv("contact_log", """
                select id, at, client_id, debtor_id, invoice_id, message_id, channel, summary, content, actor
                from contact_log where client_id = ? order by at, id""", clientId);
        sink.csv("contact_decisions", """
                select id, business_date, at, client_id, debtor_id, intent, outcome, invoices, reason, reason_key
                from contact_decision where client_id = ? order by at, id""", clientId);
        sink.csv("outreach_tasks", """
                select id, kind, client_id, debtor_id, invoice_id, title, detail, role, opened_at, due_on, done_at, done_by,
                       outcome, outcome_note
                from outreach_task where client_id = ? order by opened_at, id""", clientId);
        sink.csv("debtor_links", """
                select id, client_id, debtor_id, purpose, invoice_ids, created_at, expires_at, last_opened_at
                from debtor_link where client_id = ? order by created_at, id""", clientId);
        sink.csv("recourse_requests", """
                select id, invoice_id, client_id, debtor_id, kind, recourse_date, amount, currency, replacement_invoice_id,
                       state, reason, message_id, task_id, requested_at, requested_by, settled_at
                from recourse_request where client_id = ? order by requested_at, id""", clientId);
    }
}
