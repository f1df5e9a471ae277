-- What the client hears without asking: a daily e-mail digest to the people who want it, and webhooks to
-- the client's own systems. Both read facts from the tables that already record them (invoice status
-- changes, payment allocations, the contact log, planned messages); nothing here duplicates those facts.

-- Which digest sections a client wants (no row = every section).
create table notification_settings (
    client_id       uuid primary key references client (id),
    digest_funded   boolean not null,
    digest_paid     boolean not null,
    digest_disputes boolean not null,
    digest_planned  boolean not null,
    updated_at      timestamp with time zone not null,
    updated_by      varchar(100) not null
);

-- The client's people who asked for the daily digest.
create table notification_recipient (
    user_id    uuid primary key references app_user (id),
    client_id  uuid not null references client (id),
    created_at timestamp with time zone not null
);
create index notification_recipient_client on notification_recipient (client_id);

-- One digest per client and local day. Each covers the facts recorded after the previous one's end, so a
-- day the application was down is reported the next time and nothing is reported twice.
create table digest_run (
    client_id     uuid    not null references client (id),
    local_date    date    not null,
    covered_from  timestamp with time zone not null,
    covered_until timestamp with time zone not null,
    recipients    integer not null,
    created_at    timestamp with time zone not null,
    primary key (client_id, local_date)
);
create index digest_run_latest on digest_run (client_id, covered_until);

-- Where a client's systems want events. The secret is sealed with the data key; it is shown once.
create table webhook_endpoint (
    id          uuid primary key,
    client_id   uuid          not null references client (id),
    url         varchar(2000) not null,
    secret      varchar(500)  not null,
    secret_hint varchar(20)   not null,
    event_types varchar(200)  not null,
    enabled     boolean       not null,
    created_at  timestamp with time zone not null,
    created_by  varchar(100)  not null,
    disabled_at timestamp with time zone
);
create index webhook_endpoint_client on webhook_endpoint (client_id, created_at);

-- How far each endpoint has read each source: the last fact taken, by (time, id).
create table webhook_cursor (
    endpoint_id uuid        not null references webhook_endpoint (id),
    source      varchar(30) not null,
    last_at     timestamp with time zone not null,
    last_id     uuid        not null,
    primary key (endpoint_id, source)
);

-- Every event owed to an endpoint and how its delivery went. The event id is the fact's own id, the same
-- on every attempt: receivers drop an event id they have already seen.
create table webhook_delivery (
    id               uuid primary key,
    endpoint_id      uuid         not null references webhook_endpoint (id),
    client_id        uuid         not null references client (id),
    event_id         uuid         not null,
    event_type       varchar(40)  not null,
    payload          text         not null,
    status           varchar(10)  not null check (status in ('PENDING', 'SENDING', 'DELIVERED', 'FAILED')),
    attempts         integer      not null default 0,
    next_attempt_at  timestamp with time zone not null,
    last_attempt_at  timestamp with time zone,
    last_status_code integer,
    last_error       varchar(1000),
    created_at       timestamp with time zone not null,
    delivered_at     timestamp with time zone,
    unique (endpoint_id, event_id)
);
create index webhook_delivery_due on webhook_delivery (status, next_attempt_at);
create index webhook_delivery_client on webhook_delivery (client_id, created_at);

-- The sources read by time: status changes had an index by invoice only; allocations none by client.
create index invoice_status_change_at on invoice_status_change (occurred_at, id);
create index payment_allocation_client_at on payment_allocation (client_id, created_at, id);
