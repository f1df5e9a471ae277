-- Columns that hold an Intent name must take the longest one, VERIFICATION_REMINDER (21 characters):
-- at varchar(20) the first verification reminder failed the planner's whole run. (V15 is taken on main.)
alter table debtor_link alter column purpose set data type varchar(30);
alter table outreach_message_invoice alter column section set data type varchar(30);
alter table contact_decision alter column intent set data type varchar(30);
