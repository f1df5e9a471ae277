-- The client hears ahead of the factor's first contact with each of its customers.
alter table contact_settings add column first_contact_notice_days integer
    check (first_contact_notice_days between 0 and 5);
alter table outreach_pair add column first_contact_told_on date;
