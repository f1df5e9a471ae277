-- Money coming in: bank files imported once, the payments in them, how each payment is applied to
-- invoices (automatically above a confidence, or by a person), suggestions for the rest, and what
-- payers are known to be which debtor. Then close-out of collected invoices and settlement runs that
-- pay rebates out.
create sequence bank_file_reference_seq start with 1;
create sequence payment_reference_seq start with 1;
create sequence settlement_run_reference_seq start with 1;

create table bank_file (
    id            uuid primary key,
    reference     varchar(30)              not null unique,
    format        varchar(20)              not null,
    file_name     varchar(255),
    sha256        char(64)                 not null unique,
    content       bytea                    not null,
    imported_by   varchar(100)             not null,
    imported_at   timestamp with time zone not null,
    payment_count integer                  not null,
    credit_total  numeric(19, 2)           not null,
    currency      char(3)                  not null
);

create table payment (
    id                 uuid primary key,
    reference          varchar(30)              not null unique,
    bank_file_id       uuid references bank_file (id),
    source_ref         varchar(200),
    value_date         date                     not null,
    amount             numeric(19, 2)           not null check (amount > 0),
    currency           char(3)                  not null,
    kind               varchar(12)              not null,
    payer_name         varchar(200),
    payer_account      varchar(60),
    bank_reference     varchar(100),
    customer_reference varchar(100),
    remittance         varchar(4000),
    debtor_id          uuid references debtor (id),
    applied_amount     numeric(19, 2)           not null,
    status             varchar(20)              not null,
    created_by         varchar(100)             not null,
    created_at         timestamp with time zone not null,
    version            integer                  not null,
    constraint payment_applied_within check (applied_amount >= 0 and applied_amount <= amount)
);
create index payment_status on payment (status, value_date);
create index payment_file on payment (bank_file_id);

create table payment_allocation (
    id               uuid primary key,
    payment_id       uuid                     not null references payment (id),
    invoice_id       uuid                     not null references invoice (id),
    client_id        uuid                     not null references client (id),
    amount           numeric(19, 2)           not null check (amount > 0),
    currency         char(3)                  not null,
    confidence       numeric(5, 2)            not null,
    method           varchar(10)              not null,
    created_by       varchar(100)             not null,
    created_at       timestamp with time zone not null,
    journal_entry_id uuid
);
create index payment_allocation_payment on payment_allocation (payment_id);
create index payment_allocation_invoice on payment_allocation (invoice_id);

create table payment_suggestion (
    payment_id uuid           not null references payment (id),
    invoice_id uuid           not null references invoice (id),
    amount     numeric(19, 2) not null,
    confidence numeric(5, 2)  not null,
    reason     varchar(300)   not null,
    primary key (payment_id, invoice_id)
);

create table payer_alias (
    payer_key  varchar(200)             primary key,
    debtor_id  uuid                     not null references debtor (id),
    created_by varchar(100)             not null,
    created_at timestamp with time zone not null
);

-- Deductions the factor accepted against an invoice (a short pay), charged to the client's reserve.
create table invoice_deduction (
    id               uuid primary key,
    invoice_id       uuid                     not null references invoice (id),
    client_id        uuid                     not null references client (id),
    amount           numeric(19, 2)           not null check (amount > 0),
    currency         char(3)                  not null,
    reason           varchar(500)             not null,
    created_by       varchar(100)             not null,
    created_at       timestamp with time zone not null,
    journal_entry_id uuid
);
create index invoice_deduction_invoice on invoice_deduction (invoice_id);

create table settlement_run (
    id          uuid primary key,
    reference   varchar(30)              not null unique,
    run_date    date                     not null,
    created_by  varchar(100)             not null,
    created_at  timestamp with time zone not null,
    currency    char(3)                  not null,
    rebate_total numeric(19, 2)          not null,
    net_total   numeric(19, 2)           not null
);

-- One row per invoice closed out: the fee fixed and the rebate it left, and the run that paid it.
create table invoice_settlement (
    invoice_id        uuid primary key references invoice (id),
    client_id         uuid                     not null references client (id),
    closed_on         date                     not null,
    funding_date      date                     not null,
    face_amount       numeric(19, 2)           not null,
    advance_amount    numeric(19, 2)           not null,
    collected         numeric(19, 2)           not null,
    deductions        numeric(19, 2)           not null,
    fee               numeric(19, 2)           not null,
    days_charged      integer                  not null,
    rebate            numeric(19, 2)           not null,
    currency          char(3)                  not null,
    settlement_run_id uuid references settlement_run (id),
    journal_entry_id  uuid,
    created_at        timestamp with time zone not null
);
create index invoice_settlement_unpaid on invoice_settlement (client_id, settlement_run_id);

create table settlement_line (
    run_id     uuid           not null references settlement_run (id),
    client_id  uuid           not null references client (id),
    rebates    numeric(19, 2) not null,
    netted     numeric(19, 2) not null,
    net        numeric(19, 2) not null,
    invoices   integer        not null,
    payout_id  uuid,
    primary key (run_id, client_id)
);

-- the matching engine looks invoices up by their normalised number
create index invoice_number_key on invoice (number_key);
