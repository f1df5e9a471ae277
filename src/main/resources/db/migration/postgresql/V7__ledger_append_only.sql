-- Posted ledger rows are never changed: corrections are reversing entries.
create trigger journal_entry_append_only
    before update or delete on journal_entry
    for each row execute function refuse_change();

create trigger ledger_posting_append_only
    before update or delete on ledger_posting
    for each row execute function refuse_change();

-- The database refuses an entry whose postings do not balance. The application writes all postings of
-- an entry in one statement, so the check runs once per statement over the rows it inserted.
create or replace function refuse_unbalanced_postings() returns trigger language plpgsql as $$
declare
    bad record;
begin
    select entry_id, currency, count(*) as lines,
           sum(case when side = 'D' then amount else -amount end) as imbalance
      into bad
      from new_postings
     group by entry_id, currency
    having sum(case when side = 'D' then amount else -amount end) <> 0 or count(*) < 2
     limit 1;
    if found then
        raise exception 'journal entry % does not balance in %: debits minus credits = % over % postings',
            bad.entry_id, bad.currency, bad.imbalance, bad.lines;
    end if;
    return null;
end;
$$;

create trigger ledger_posting_balanced
    after insert on ledger_posting
    referencing new table as new_postings
    for each statement execute function refuse_unbalanced_postings();
