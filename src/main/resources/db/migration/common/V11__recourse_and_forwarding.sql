-- Recourse: an invoice still unpaid at the end of its recourse period is charged back to the client
-- (the advance not yet recovered plus the fee to date). And money the factor received that is not its
-- own — an invoice it did not buy, a payment after a chargeback, an overpayment — forwarded to the client.
create table invoice_chargeback (
    invoice_id          uuid primary key references invoice (id),
    client_id           uuid                     not null references client (id),
    recourse_date       date                     not null,
    charged_on          date                     not null,
    advance_unrecovered numeric(19, 2)           not null,
    fee                 numeric(19, 2)           not null,
    amount              numeric(19, 2)           not null,
    currency            char(3)                  not null,
    journal_entry_id    uuid,
    created_by          varchar(100)             not null,
    created_at          timestamp with time zone not null
);
create index invoice_chargeback_client on invoice_chargeback (client_id);

create table payment_forward (
    id               uuid primary key,
    payment_id       uuid                     not null references payment (id),
    client_id        uuid                     not null references client (id),
    amount           numeric(19, 2)           not null check (amount > 0),
    currency         char(3)                  not null,
    reason           varchar(500)             not null,
    created_by       varchar(100)             not null,
    created_at       timestamp with time zone not null,
    journal_entry_id uuid
);
create index payment_forward_payment on payment_forward (payment_id);
