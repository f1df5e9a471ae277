-- The contact log is what the client trusts to see every contact with its customers: once written, a line
-- is never changed or removed, by the application or anyone else with database access.
create trigger contact_log_append_only
    before update or delete on contact_log
    for each row execute function refuse_change();

create trigger contact_decision_append_only
    before update or delete on contact_decision
    for each row execute function refuse_change();
