create sequence schedule_reference_seq start with 1;

-- A schedule of accounts: invoices submitted together.
create table schedule (
    id             uuid primary key,
    reference      varchar(20)  not null unique,
    client_id      uuid         not null references client (id),
    source         varchar(10)  not null check (source in ('MANUAL', 'CSV', 'API')),
    file_name      varchar(255),
    invoice_count  integer      not null,
    total_amount   numeric(19, 2) not null,
    currency       char(3)      not null,
    created_at     timestamp with time zone not null,
    created_by     varchar(100) not null
);
create index schedule_client on schedule (client_id, id);

create table invoice (
    id                  uuid primary key,
    client_id           uuid         not null references client (id),
    debtor_id           uuid         not null references debtor (id),
    schedule_id         uuid         references schedule (id),
    agreement_id        uuid         not null references agreement (id),
    invoice_number      varchar(40)  not null,
    number_key          varchar(40)  not null,
    po_number           varchar(40),
    issue_date          date         not null,
    terms_days          integer      not null,
    due_date            date         not null,
    face_amount         numeric(19, 2) not null check (face_amount > 0),
    currency            char(3)      not null,
    status              varchar(20)  not null,
    verification_status varchar(20)  not null,
    flagged             boolean      not null default false,
    flag_reason         varchar(500),
    created_at          timestamp with time zone not null,
    updated_at          timestamp with time zone not null,
    version             integer not null default 0,
    constraint invoice_number_per_client unique (client_id, invoice_number)
);
create index invoice_client on invoice (client_id, id);
create index invoice_debtor on invoice (debtor_id, id);
create index invoice_fingerprint on invoice (debtor_id, issue_date, face_amount);
create index invoice_schedule on invoice (schedule_id);
create index invoice_status on invoice (status);

-- The invoice's own history, for its timeline.
create table invoice_status_change (
    id          uuid primary key,
    invoice_id  uuid        not null references invoice (id),
    from_status varchar(20),
    to_status   varchar(20) not null,
    occurred_at timestamp with time zone not null,
    actor       varchar(100) not null,
    reason      varchar(500)
);
create index invoice_status_change_invoice on invoice_status_change (invoice_id, occurred_at);

create table invoice_document (
    id           uuid primary key,
    invoice_id   uuid         not null references invoice (id),
    file_name    varchar(255) not null,
    content_type varchar(100) not null,
    size_bytes   bigint       not null,
    sha256       char(64)     not null,
    content      bytea        not null,
    uploaded_at  timestamp with time zone not null,
    uploaded_by  varchar(100) not null
);
create index invoice_document_invoice on invoice_document (invoice_id);
