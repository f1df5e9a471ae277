-- Indexes for the verification, contacts and cash-reconciliation reports: invoices submitted in a period,
-- verification lines of the audit log by time, dispute tasks by kind, debtor messages and contact-log lines
-- by date, refunds and sent payout files by time.
create index invoice_created_at on invoice (created_at, currency);
create index audit_event_action on audit_event (action, occurred_at, entity_id);
create index outreach_task_kind on outreach_task (kind, opened_at);
create index outreach_message_local_date on outreach_message (local_date, audience);
create index contact_log_at on contact_log (at);
create index payment_refund_created_at on payment_refund (created_at);
create index payout_file_sent_at on payout_file (sent_at);
