-- Overrides of eligibility refusals (reason + a second person), and funding requests: which approved
-- invoices are bought together, what is advanced and charged, who requested and who approved.
create table eligibility_override (
    id            uuid primary key,
    invoice_id    uuid                     not null references invoice (id),
    policy        varchar(40)              not null,
    reason        varchar(500)             not null,
    status        varchar(20)              not null,
    requested_by  varchar(100)             not null,
    requested_at  timestamp with time zone not null,
    decided_by    varchar(100),
    decided_at    timestamp with time zone,
    decision_note varchar(500)
);
create index eligibility_override_invoice on eligibility_override (invoice_id);
create index eligibility_override_status on eligibility_override (status);

create sequence funding_request_reference_seq start with 1;

create table funding_request (
    id                uuid primary key,
    reference         varchar(30)              not null unique,
    client_id         uuid                     not null references client (id),
    status            varchar(30)              not null,
    payout_method     varchar(10)              not null,
    currency          char(3)                  not null,
    total_face        numeric(19, 2)           not null,
    total_advance     numeric(19, 2)           not null,
    charges           numeric(19, 2)           not null,
    deductions        numeric(19, 2)           not null,
    net_amount        numeric(19, 2)           not null,
    requested_by      varchar(100)             not null,
    requested_at      timestamp with time zone not null,
    first_approved_by varchar(100),
    first_approved_at timestamp with time zone,
    funded_by         varchar(100),
    funded_at         timestamp with time zone,
    funding_date      date,
    cancelled_by      varchar(100),
    cancelled_at      timestamp with time zone,
    cancel_reason     varchar(500),
    payout_id         uuid,
    journal_entry_id  uuid,
    version           integer                  not null
);
create index funding_request_client on funding_request (client_id, status);
create index funding_request_status on funding_request (status);

create table funding_line (
    request_id     uuid           not null references funding_request (id),
    invoice_id     uuid           not null references invoice (id),
    face_amount    numeric(19, 2) not null,
    advance_amount numeric(19, 2) not null,
    advance_rate   numeric(9, 5)  not null,
    primary key (request_id, invoice_id)
);
create index funding_line_invoice on funding_line (invoice_id);

-- One row per invoice ever bought: the primary key makes a second purchase of the same invoice impossible.
create table funded_invoice (
    invoice_id     uuid primary key references invoice (id),
    request_id     uuid           not null references funding_request (id),
    client_id      uuid           not null references client (id),
    funding_date   date           not null,
    face_amount    numeric(19, 2) not null,
    advance_amount numeric(19, 2) not null,
    currency       char(3)        not null
);
create index funded_invoice_client on funded_invoice (client_id);
