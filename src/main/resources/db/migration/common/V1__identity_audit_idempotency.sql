-- People who sign in: factor staff, and client users bound to exactly one client.
create table app_user (
    id              uuid primary key,
    username        varchar(100) not null unique,
    display_name    varchar(200) not null,
    email           varchar(254) not null,
    phone           varchar(40),
    password_hash   varchar(100) not null,
    kind            varchar(10)  not null check (kind in ('STAFF', 'CLIENT')),
    client_id       uuid,
    enabled         boolean      not null default true,
    failed_logins   integer      not null default 0,
    locked_until    timestamp with time zone,
    created_at      timestamp with time zone not null,
    constraint app_user_client_bound check ((kind = 'CLIENT') = (client_id is not null))
);

create table user_role (
    user_id uuid        not null references app_user (id),
    role    varchar(30) not null,
    primary key (user_id, role)
);

-- API tokens are shown once; only their SHA-256 is stored.
create table api_token (
    id           uuid primary key,
    user_id      uuid         not null references app_user (id),
    name         varchar(100) not null,
    token_hash   char(64)     not null unique,
    token_prefix varchar(16)  not null,
    created_at   timestamp with time zone not null,
    last_used_at timestamp with time zone,
    revoked_at   timestamp with time zone
);

-- Append-only record of every state change: who, when, what, before and after, why.
create table audit_event (
    id           uuid primary key,
    occurred_at  timestamp with time zone not null,
    actor        varchar(100) not null,
    action       varchar(80)  not null,
    entity_type  varchar(40)  not null,
    entity_id    uuid,
    client_id    uuid,
    summary      varchar(500) not null,
    before_json  varchar,
    after_json   varchar,
    reason       varchar(1000)
);
create index audit_event_entity on audit_event (entity_type, entity_id);
create index audit_event_client on audit_event (client_id, occurred_at);

-- Idempotency-Key: the first request's fingerprint and its response, per caller and key.
create table idempotency_record (
    owner                 varchar(120) not null,
    idem_key              varchar(255) not null,
    method_path           varchar(500) not null,
    request_hash          char(64)     not null,
    state                 varchar(12)  not null check (state in ('IN_FLIGHT', 'DONE')),
    response_status       integer,
    response_content_type varchar(200),
    response_body         bytea,
    created_at            timestamp with time zone not null,
    completed_at          timestamp with time zone,
    primary key (owner, idem_key)
);
