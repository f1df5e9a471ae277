-- The audit log is append-only: UPDATE and DELETE are refused by the database itself.
create or replace function refuse_change() returns trigger language plpgsql as $$
begin
    raise exception '% of % is not allowed: the table is append-only', tg_op, tg_table_name;
end;
$$;

create trigger audit_event_append_only
    before update or delete on audit_event
    for each row execute function refuse_change();

create trigger invoice_status_change_append_only
    before update or delete on invoice_status_change
    for each row execute function refuse_change();
