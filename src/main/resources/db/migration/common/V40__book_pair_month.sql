-- Each client and debtor pair's open purchased balance at the end of every month the book's days are filled for
-- (BookDays), so that concentration as of any date reads a month's end and at most half a month of day totals
-- instead of every day since the start or back from the last filled day. Kept with the day totals: the fill
-- that refills days after a back-dated movement drops and makes again the month ends after it.
create table book_pair_month (
    as_of        date           not null,
    currency     char(3)        not null,
    client_id    uuid           not null,
    debtor_id    uuid           not null,
    open_balance numeric(19, 2) not null,
    constraint book_pair_month_pk primary key (as_of, currency, client_id, debtor_id)
);
