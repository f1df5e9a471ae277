-- The double-entry ledger: accounts of the chart (the factor's own, and per-client sub-accounts),
-- append-only journal entries and their postings. Every entry balances per currency.
create sequence journal_entry_number_seq start with 1;

create table ledger_account (
    id         uuid primary key,
    code       varchar(40)              not null,
    client_id  uuid                     references client (id),
    -- the client, or the nil UUID for the factor's own accounts: one row per code, currency and owner
    scope_id   uuid                     not null,
    currency   char(3)                  not null,
    created_at timestamp with time zone not null,
    constraint ledger_account_unique unique (code, currency, scope_id)
);

create table journal_entry (
    id                uuid primary key,
    entry_number      bigint                   not null unique,
    business_date     date                     not null,
    posted_at         timestamp with time zone not null,
    reason_code       varchar(40)              not null,
    reference_type    varchar(40),
    reference_id      uuid,
    client_id         uuid                     references client (id),
    idempotency_key   varchar(200)             not null unique,
    fingerprint       char(64)                 not null,
    reverses_entry_id uuid unique references journal_entry (id),
    memo              varchar(500),
    posted_by         varchar(100)             not null
);
create index journal_entry_reference on journal_entry (reference_type, reference_id);
create index journal_entry_client on journal_entry (client_id, business_date);
create index journal_entry_date on journal_entry (business_date);

create table ledger_posting (
    id         uuid primary key,
    entry_id   uuid          not null references journal_entry (id),
    line_no    integer       not null,
    account_id uuid          not null references ledger_account (id),
    side       char(1)       not null,
    amount     numeric(19, 2) not null,
    currency   char(3)       not null,
    constraint ledger_posting_side check (side in ('D', 'C')),
    constraint ledger_posting_positive check (amount > 0),
    constraint ledger_posting_line unique (entry_id, line_no)
);
create index ledger_posting_account on ledger_posting (account_id);
