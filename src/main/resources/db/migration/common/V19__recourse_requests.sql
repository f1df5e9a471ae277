-- What a client chose to do about an invoice nearing its recourse date (see settlement's Recourse): pay
-- the factor itself, replace the invoice with another one, or ask for one last courteous contact with the
-- debtor. Each is recorded once per invoice; repeated clicks find the first. Paying and replacing open a
-- task for staff; the last contact is planned once by the outreach planner, within the contact policy,
-- and ends SENT (with the message) or REFUSED (with the reason).
create table recourse_request (
    id                     uuid primary key,
    invoice_id             uuid           not null references invoice (id),
    client_id              uuid           not null references client (id),
    debtor_id              uuid           not null references debtor (id),
    kind                   varchar(12)    not null check (kind in ('PAY', 'REPLACE', 'LAST_CONTACT')),
    recourse_date          date           not null,
    amount                 numeric(19, 2) not null,
    currency               char(3)        not null,
    replacement_invoice_id uuid           references invoice (id),
    state                  varchar(10)    not null check (state in ('OPEN', 'PENDING', 'SENT', 'REFUSED')),
    reason                 varchar(1000),
    message_id             uuid           references outreach_message (id),
    task_id                uuid           references outreach_task (id),
    requested_at           timestamp with time zone not null,
    requested_by           varchar(100)   not null,
    settled_at             timestamp with time zone,
    unique (invoice_id, kind)
);
create index recourse_request_client on recourse_request (client_id, requested_at);
create index recourse_request_pending on recourse_request (kind, state);
