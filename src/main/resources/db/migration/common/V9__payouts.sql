-- Payouts: money the factor sends to its clients, and the bank files (NACHA ACH, wire CSV) that carry it.
-- A payout keeps a snapshot of the client's bank account taken when it was created (the number sealed,
-- as the client table keeps it); a file keeps its exact bytes and what it was made from, so that it can
-- be made again byte for byte.
create sequence payout_reference_seq start with 1;
create sequence payout_file_reference_seq start with 1;

create table payout_file (
    id                  uuid primary key,
    reference           varchar(30)              not null unique,
    method              varchar(10)              not null check (method in ('ACH', 'WIRE')),
    status              varchar(20)              not null check (status in ('RELEASED', 'SENT')),
    -- the instant written into the file header, and the file's date in the factor's time zone
    created_at          timestamp with time zone not null,
    created_by          varchar(100)             not null,
    file_date           date                     not null,
    -- the n-th file of this method on that date; an ACH file's id modifier follows from it
    day_sequence        integer                  not null check (day_sequence > 0),
    file_id_modifier    char(1),
    entry_count         integer                  not null check (entry_count > 0),
    total_amount        numeric(19, 2)           not null check (total_amount > 0),
    currency            char(3)                  not null,
    content             bytea                    not null,
    sha256              char(64)                 not null,
    size_bytes          bigint                   not null,
    -- what an ACH file was made from besides its payouts (the originator as configured at the time)
    time_zone           varchar(60)              not null,
    odfi_routing_number varchar(9),
    odfi_name           varchar(100),
    immediate_origin    varchar(10),
    origin_name         varchar(100),
    company_name        varchar(100),
    company_id          varchar(10),
    entry_description   varchar(10),
    reference_code      varchar(8),
    sent_at             timestamp with time zone,
    sent_by             varchar(100),
    version             integer                  not null default 0,
    constraint payout_file_day_sequence unique (method, file_date, day_sequence)
);
create index payout_file_status on payout_file (status, id);

create table payout (
    id               uuid primary key,
    reference        varchar(20)              not null unique,
    client_id        uuid                     not null references client (id),
    amount           numeric(19, 2)           not null check (amount > 0),
    currency         char(3)                  not null,
    method           varchar(10)              not null check (method in ('ACH', 'WIRE')),
    status           varchar(20)              not null
        check (status in ('PENDING', 'RELEASED', 'SENT', 'SETTLED', 'RETURNED')),
    beneficiary_name varchar(200)             not null,
    routing_number   char(9)                  not null,
    account_sealed   varchar(200)             not null,
    account_last4    char(4)                  not null,
    account_type     varchar(10)              not null check (account_type in ('CHECKING', 'SAVINGS')),
    source_type      varchar(40)              not null,
    source_id        uuid                     not null,
    memo             varchar(140),
    created_by       varchar(100)             not null,
    created_at       timestamp with time zone not null,
    file_id          uuid                     references payout_file (id),
    sent_at          timestamp with time zone,
    settled_at       timestamp with time zone,
    returned_at      timestamp with time zone,
    return_reason    varchar(500),
    updated_at       timestamp with time zone not null,
    version          integer                  not null default 0,
    -- one source (a funding request, a returned payout) pays out once
    constraint payout_source unique (source_type, source_id),
    -- a pending payout is in no file; every other payout is in exactly one
    constraint payout_file_when_released check ((status = 'PENDING') = (file_id is null))
);
create index payout_client on payout (client_id, id);
create index payout_status on payout (status, method, id);
create index payout_in_file on payout (file_id, id);
