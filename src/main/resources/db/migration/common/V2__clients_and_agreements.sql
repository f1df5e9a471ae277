create sequence client_reference_seq start with 1;

-- The businesses that sell their invoices to the factor.
create table client (
    id                   uuid primary key,
    reference            varchar(20)  not null unique,
    legal_name           varchar(200) not null,
    trade_name           varchar(200),
    tax_id               varchar(20)  not null unique,
    industry             varchar(100),
    status               varchar(20)  not null check (status in ('PROSPECT', 'ACTIVE', 'SUSPENDED', 'TERMINATED')),
    street               varchar(200) not null,
    city                 varchar(100) not null,
    region               varchar(100),
    postal_code          varchar(20),
    country              char(2)      not null,
    contact_name         varchar(200),
    contact_email        varchar(254),
    contact_phone        varchar(40),
    account_manager_id   uuid references app_user (id),
    bank_account_name    varchar(200),
    bank_routing_number  char(9),
    bank_account_sealed  varchar(200),
    bank_account_last4   char(4),
    created_at           timestamp with time zone not null,
    updated_at           timestamp with time zone not null,
    version              integer not null default 0
);

alter table app_user add constraint app_user_client foreign key (client_id) references client (id);

-- Factoring agreements are versioned: a new version is a new row, and an invoice keeps the row it was
-- bought under. Rates are percentages; amounts are in the agreement's currency.
create table agreement (
    id                        uuid primary key,
    client_id                 uuid         not null references client (id),
    version                   integer      not null,
    effective_from            date         not null,
    currency                  char(3)      not null,
    advance_rate_pct          numeric(7, 4) not null,
    fee_shape                 varchar(20)  not null check (fee_shape in ('FLAT', 'TIERED', 'DAILY', 'PRIME_PLUS')),
    fee_rate_pct              numeric(9, 5) not null,
    fee_initial_days          integer      not null,
    fee_bracket_rate_pct      numeric(9, 5),
    fee_bracket_days          integer,
    fee_annual_rate_pct       numeric(9, 5),
    fee_day_count             integer      not null check (fee_day_count in (360, 365)),
    fee_minimum_amount        numeric(19, 2),
    fee_minimum_days          integer      not null default 0,
    fee_cap_pct               numeric(9, 5),
    fee_base                  varchar(12)  not null check (fee_base in ('FACE', 'ADVANCE', 'COLLECTED')),
    fee_purchase_day_counts   boolean      not null,
    fee_clearance_days        integer      not null default 0,
    wire_fee_amount           numeric(19, 2) not null default 0,
    ach_fee_amount            numeric(19, 2) not null default 0,
    invoice_fee_amount        numeric(19, 2) not null default 0,
    schedule_fee_amount       numeric(19, 2) not null default 0,
    noa_fee_amount            numeric(19, 2) not null default 0,
    credit_check_fee_amount   numeric(19, 2) not null default 0,
    recourse                  boolean      not null,
    recourse_days             integer,
    facility_limit_amount     numeric(19, 2) not null,
    concentration_limit_pct   numeric(7, 4) not null,
    verification_policy       varchar(15)  not null check (verification_policy in ('ALL', 'ABOVE_AMOUNT', 'SAMPLE', 'NONE')),
    verification_threshold_amount numeric(19, 2),
    verification_sample_pct   numeric(7, 4),
    notification              boolean      not null,
    created_at                timestamp with time zone not null,
    created_by                varchar(100) not null,
    unique (client_id, version)
);
