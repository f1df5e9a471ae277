-- On the embedded H2 database the append-only rule is kept by the application alone (PostgreSQL
-- enforces it with triggers). This version exists so that both databases share one migration history.
select 1;
