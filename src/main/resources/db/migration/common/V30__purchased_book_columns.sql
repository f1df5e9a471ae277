-- The purchased book, readable from one table: each bought invoice carries its debtor and dates, the day it
-- left the book (closed out or charged back) and the running total of what reduced it (payments applied,
-- payments made to the client instead, short pays). Each reduction
-- row carries its own business date too, so "as of a past date" adds back only what came after it.
-- Reports over a million invoices then read one table instead of joining five.

alter table payment_allocation add column value_date date;
update payment_allocation set value_date = (select p.value_date from payment p where p.id = payment_allocation.payment_id);
alter table payment_allocation alter column value_date set not null;
create index payment_allocation_value_date on payment_allocation (value_date, invoice_id, amount);

alter table invoice_deduction add column business_date date;
update invoice_deduction set business_date = coalesce(
    (select j.business_date from journal_entry j where j.id = invoice_deduction.journal_entry_id),
    cast(created_at as date));
alter table invoice_deduction alter column business_date set not null;
create index invoice_deduction_business_date on invoice_deduction (business_date, invoice_id, amount);

create index misdirected_payment_paid_on on misdirected_payment (paid_on, invoice_id, amount);

alter table funded_invoice add column debtor_id uuid;
alter table funded_invoice add column issue_date date;
alter table funded_invoice add column due_date date;
alter table funded_invoice add column closed_on date;
alter table funded_invoice add column charged_on date;
alter table funded_invoice add column reduced_amount numeric(19, 2) default 0 not null;

update funded_invoice set
    debtor_id = (select i.debtor_id from invoice i where i.id = funded_invoice.invoice_id),
    issue_date = (select i.issue_date from invoice i where i.id = funded_invoice.invoice_id),
    due_date = (select i.due_date from invoice i where i.id = funded_invoice.invoice_id),
    closed_on = (select s.closed_on from invoice_settlement s where s.invoice_id = funded_invoice.invoice_id),
    charged_on = (select c.charged_on from invoice_chargeback c where c.invoice_id = funded_invoice.invoice_id);

update funded_invoice set
    reduced_amount = coalesce((select sum(a.amount) from payment_allocation a where a.invoice_id = funded_invoice.invoice_id), 0)
        + coalesce((select sum(m.amount) from misdirected_payment m where m.invoice_id = funded_invoice.invoice_id), 0)
        + coalesce((select sum(d.amount) from invoice_deduction d where d.invoice_id = funded_invoice.invoice_id), 0);

alter table funded_invoice alter column debtor_id set not null;
alter table funded_invoice alter column issue_date set not null;
alter table funded_invoice alter column due_date set not null;
