create sequence debtor_reference_seq start with 1;

-- The clients' customers, shared across clients: one debtor, one credit limit across the whole book.
create table debtor (
    id                  uuid primary key,
    reference           varchar(20)  not null unique,
    name                varchar(200) not null,
    name_key            varchar(200) not null,
    tax_id              varchar(20),
    street              varchar(200) not null,
    city                varchar(100) not null,
    region              varchar(100),
    postal_code         varchar(20),
    country             char(2)      not null,
    time_zone           varchar(40)  not null,
    credit_limit_amount numeric(19, 2) not null,
    currency            char(3)      not null,
    status              varchar(20)  not null check (status in ('ACTIVE', 'ON_HOLD', 'INSOLVENT', 'CLOSED')),
    created_at          timestamp with time zone not null,
    updated_at          timestamp with time zone not null,
    version             integer not null default 0
);
create index debtor_name_key on debtor (name_key);

-- Accounts-payable mailboxes and phones at a debtor.
create table debtor_contact (
    id          uuid primary key,
    debtor_id   uuid         not null references debtor (id),
    name        varchar(200) not null,
    email       varchar(254),
    phone       varchar(40),
    is_primary  boolean      not null default false,
    created_at  timestamp with time zone not null
);
create index debtor_contact_debtor on debtor_contact (debtor_id);

-- Which clients sell invoices on which debtors, and where the notice of assignment stands.
create table client_debtor (
    client_id          uuid        not null references client (id),
    debtor_id          uuid        not null references debtor (id),
    notification_state varchar(20) not null check (notification_state in ('NOT_NOTIFIED', 'NOTICE_SENT', 'ACKNOWLEDGED', 'RELEASED', 'CONFIDENTIAL')),
    since              date        not null,
    created_at         timestamp with time zone not null,
    primary key (client_id, debtor_id)
);
create index client_debtor_debtor on client_debtor (debtor_id);
