-- Money a payer sent that is nobody's to keep (an overpayment the debtor wants back, a duplicate payment):
-- refunded to the payer out of unapplied cash.
create table payment_refund (
    id               uuid primary key,
    payment_id       uuid                     not null references payment (id),
    amount           numeric(19, 2)           not null check (amount > 0),
    currency         char(3)                  not null,
    method           varchar(20)              not null check (method in ('CHECK', 'ACH', 'WIRE')),
    reason           varchar(500)             not null,
    created_by       varchar(100)             not null,
    created_at       timestamp with time zone not null,
    journal_entry_id uuid
);
create index payment_refund_payment on payment_refund (payment_id);
