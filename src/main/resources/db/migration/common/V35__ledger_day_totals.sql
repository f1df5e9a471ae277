-- Ledger balances by day: each account's debits and credits per business date, for the closed days up to
-- the horizon, so that a balance as of a date, or a day's movement, is read from one row per account and
-- day instead of every posting. Filled set-based by the ledger-day-totals job, never by the posting itself;
-- a posting dated on or before the horizon moves the horizon back to the day before it, which makes the
-- totals of that day and after it count for nothing until the job fills them again. Readers take the
-- totals up to the horizon and the postings after it.
create table ledger_day_total (
    business_date date           not null,
    account_id    uuid           not null references ledger_account (id),
    debit         numeric(19, 2) not null,
    credit        numeric(19, 2) not null,
    constraint ledger_day_total_pk primary key (business_date, account_id)
);
create index ledger_day_total_account on ledger_day_total (account_id, business_date);

-- One row: the last business date whose totals are complete in ledger_day_total.
create table ledger_day_horizon (
    id      integer not null primary key,
    through date    not null,
    constraint ledger_day_horizon_one check (id = 1)
);
insert into ledger_day_horizon (id, through) values (1, date '1900-01-01');

-- The agreement version each bought invoice was bought under, on its purchased-book row (as its debtor and
-- dates are), so that the reserve the agreements require reads the book without joining every invoice.
alter table funded_invoice add column agreement_id uuid;
update funded_invoice set agreement_id = (select i.agreement_id from invoice i where i.id = funded_invoice.invoice_id);
alter table funded_invoice alter column agreement_id set not null;

-- Charge-backs by day, for the movements of the purchased book in a period (dilution).
create index funded_invoice_charged_on on funded_invoice (charged_on, client_id);
