-- The audit log becomes tamper-evident: every new line carries its position in one chain, the hash of the
-- line before it, and its own hash, a SHA-256 over its fields and that previous hash (see AuditChain). A line
-- changed or removed afterwards no longer matches, and `verify-audit` names the first one that breaks.
--
-- The chain starts at the first line written after this migration. Lines written before it keep empty
-- chain columns: they cannot be chained honestly after the fact (PostgreSQL's append-only trigger refuses
-- the UPDATE, and hashing them now would vouch for whatever they hold today). Their number is fixed here,
-- so adding or removing one of them later is detected as well.
alter table audit_event add column chain_seq bigint;
alter table audit_event add column prev_hash varchar(64);
alter table audit_event add column row_hash varchar(64);
create unique index audit_event_chain_seq on audit_event (chain_seq);

-- The head of the chain, one row. Appending locks it (select ... for update) in the appending transaction,
-- so two instances appending at once wait for each other instead of forking the chain.
create table audit_chain (
    id             integer primary key,
    last_seq       bigint      not null,
    last_hash      varchar(64),
    unchained_rows bigint      not null,
    constraint audit_chain_single_row check (id = 1)
);
insert into audit_chain (id, last_seq, last_hash, unchained_rows)
select 1, 0, cast(null as varchar(64)), count(*) from audit_event;
