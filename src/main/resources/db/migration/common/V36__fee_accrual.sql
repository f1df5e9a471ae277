-- The daily fee accrual: each open bought invoice carries the discount fee it has earned to date (what the
-- pricing module would fix if the money came in on that day, rounded to the cent as it rounds it) and the day
-- that figure is for. A memo, not a posting: the fee is posted once, when it is fixed at close-out.
alter table funded_invoice add column accrued_fee numeric(19, 2);
alter table funded_invoice add column accrued_through date;

-- Working rows of one accrual run (filled and emptied in its transaction, so never seen outside it): for an
-- agreement and a purchase day, the fee before the minimum, the cap and rounding as a fraction of the face
-- and of the advance (one of the two is zero), the minimum fee and the cap as fractions (null when none).
create table fee_accrual_factor (
    agreement_id     uuid           not null,
    funding_date     date           not null,
    of_face          numeric(30, 20) not null,
    of_advance       numeric(30, 20) not null,
    minimum_fee      numeric(19, 2),
    cap_of_face      numeric(30, 20),
    cap_of_advance   numeric(30, 20),
    primary key (agreement_id, funding_date)
);

-- The ledger check looks for reversals that do not mirror what they reverse; few entries are reversals, so it
-- reads them through this index instead of every entry.
create index journal_entry_reverses on journal_entry (reverses_entry_id);
