-- On the embedded H2 database the contact log's append-only rule is kept by the application alone
-- (PostgreSQL enforces it with triggers). This version keeps both migration histories the same.
select 1;
