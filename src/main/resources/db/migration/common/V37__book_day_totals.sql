-- The purchased book by day, kept like the ledger's day totals and filled in the same transaction as they are,
-- for the closed days up to the ledger's horizon: the movements of the book (Book.MOVEMENTS in the reports:
-- purchases, payments, payments made to the client, short pays, charge-backs) summed per client, debtor, day
-- and kind, and per client, day, due date and kind; and each client and debtor pair's open balance as of the
-- horizon. Readers take these up to min(book horizon, ledger horizon) and the movements themselves after it: a
-- back-dated posting moves the ledger's horizon back, and with it what these may be trusted for.
create table book_day_total (
    currency  char(3)        not null,
    client_id uuid           not null,
    debtor_id uuid           not null,
    moved_on  date           not null,
    kind      varchar(12)    not null,
    amount    numeric(19, 2) not null
);
create index book_day_total_day on book_day_total (moved_on, currency);

create table book_client_day (
    currency  char(3)        not null,
    client_id uuid           not null,
    moved_on  date           not null,
    due_date  date           not null,
    kind      varchar(12)    not null,
    amount    numeric(19, 2) not null
);
create index book_client_day_day on book_client_day (moved_on, currency);

create table book_pair_open (
    currency     char(3)        not null,
    client_id    uuid           not null,
    debtor_id    uuid           not null,
    open_balance numeric(19, 2) not null,
    constraint book_pair_open_pk primary key (currency, client_id, debtor_id)
);

-- One row: the last day filled in the tables above (and the date book_pair_open is as of).
create table book_day_horizon (
    id      integer not null primary key,
    through date    not null,
    constraint book_day_horizon_one check (id = 1)
);
insert into book_day_horizon (id, through) values (1, date '1900-01-01');
