-- A debtor who pays the client instead of the factor (a misdirected payment): the invoice is paid, but
-- the money is with the client, who owes it to the factor.
create table misdirected_payment (
    id               uuid primary key,
    invoice_id       uuid                     not null references invoice (id),
    client_id        uuid                     not null references client (id),
    amount           numeric(19, 2)           not null check (amount > 0),
    currency         char(3)                  not null,
    paid_on          date                     not null,
    reason           varchar(500)             not null,
    created_by       varchar(100)             not null,
    created_at       timestamp with time zone not null,
    journal_entry_id uuid
);
create index misdirected_payment_invoice on misdirected_payment (invoice_id);
