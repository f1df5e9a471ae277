-- A payer name placed for two debtors (a shared-service centre, a payables service paying for many
-- companies) names neither: the matching engine stops recognising it.
alter table payer_alias add column shared boolean not null default false;
