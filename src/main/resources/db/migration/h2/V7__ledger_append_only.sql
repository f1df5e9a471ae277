-- On H2 the application alone keeps the ledger append-only and balanced (see the PostgreSQL version).
select 1;
