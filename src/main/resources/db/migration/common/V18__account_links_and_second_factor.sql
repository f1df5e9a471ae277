-- Single-use links e-mailed to a person: an invitation to set a first password, or a password reset.
-- Only the SHA-256 of the token is stored, so a database dump opens no account.
create table account_link (
    id          uuid primary key,
    user_id     uuid         not null references app_user (id),
    purpose     varchar(10)  not null check (purpose in ('INVITE', 'RESET')),
    token_hash  char(64)     not null unique,
    created_at  timestamp with time zone not null,
    expires_at  timestamp with time zone not null,
    used_at     timestamp with time zone
);

create index account_link_user on account_link (user_id);

-- Optional TOTP second factor (RFC 6238). Secrets are sealed with the data key; the last accepted time
-- step is kept so that a code cannot be used twice.
alter table app_user add column totp_secret varchar(200);
alter table app_user add column totp_pending varchar(200);
alter table app_user add column totp_last_step bigint;
