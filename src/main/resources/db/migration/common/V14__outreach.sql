-- Intent names (VERIFICATION_REMINDER is the longest) are stored in varchar(30) columns.
-- Everything said to debtors: what the planner decided and why, the outbox, the contact log, tasks for
-- people, signed debtor links and the debtor's answers, and the rules clients set per customer.

-- db-scheduler's own table: recurring jobs (planner, outbox sender, recourse sweep) run on one instance
-- at a time however many instances share the database.
create table scheduled_tasks (
    task_name            varchar(255) not null,
    task_instance        varchar(255) not null,
    task_data            bytea,
    execution_time       timestamp with time zone not null,
    picked               boolean not null,
    picked_by            varchar(255),
    last_success         timestamp with time zone,
    last_failure         timestamp with time zone,
    consecutive_failures integer,
    last_heartbeat       timestamp with time zone,
    version              bigint not null,
    priority             smallint,
    primary key (task_name, task_instance)
);
create index scheduled_tasks_execution_time on scheduled_tasks (execution_time);
create index scheduled_tasks_last_heartbeat on scheduled_tasks (last_heartbeat);
create index scheduled_tasks_priority_time on scheduled_tasks (priority desc, execution_time asc);

-- One row that every planner run locks first, so two runs (two instances, or a "plan now" during the
-- hourly run) never plan the same message twice: the second waits and then sees what the first planned.
create table outreach_planner_lock (
    id     integer primary key check (id = 1),
    run_at timestamp with time zone
);
insert into outreach_planner_lock (id, run_at) values (1, null);

-- The factor's settings for one client's agreement, over the configured defaults (null = default).
create table contact_settings (
    client_id                 uuid primary key references client (id),
    max_per_week              integer check (max_per_week between 1 and 3),
    notice_reminder_days      integer check (notice_reminder_days between 1 and 30),
    verification_reminder_days integer check (verification_reminder_days between 1 and 30),
    status_check_days_before  integer check (status_check_days_before between 1 and 20),
    client_window_days        integer check (client_window_days between 0 and 30),
    follow_up_spacing_days    integer check (follow_up_spacing_days between 3 and 60),
    follow_up_max             integer check (follow_up_max between 0 and 5),
    updated_at                timestamp with time zone not null,
    updated_by                varchar(100) not null
);

-- What a client asks for one of its customers; it can only tighten what the factor allows.
create table contact_rule (
    client_id            uuid    not null references client (id),
    debtor_id            uuid    not null references debtor (id),
    max_per_week         integer check (max_per_week between 0 and 3),
    min_days_between     integer check (min_days_between between 0 and 60),
    email_allowed        boolean not null,
    phone_allowed        boolean not null,
    quiet_before         time,
    quiet_after          time,
    ask_before_past_due  boolean not null,
    note                 varchar(500),
    updated_at           timestamp with time zone not null,
    updated_by           varchar(100) not null,
    primary key (client_id, debtor_id)
);

-- Where the notice of assignment stands for a client–debtor pair, from the outreach side.
create table outreach_pair (
    client_id          uuid not null references client (id),
    debtor_id          uuid not null references debtor (id),
    notice_sent_on     date,
    notice_remit_key   varchar(64),
    check_code         varchar(20),
    notice_reminded_on date,
    notice_task_on     date,
    acknowledged_at    timestamp with time zone,
    released_on        date,
    release_reason     varchar(500),
    release_sent_on    date,
    remit_note_invoices varchar(2000),
    remit_note_sent_on date,
    primary key (client_id, debtor_id)
);

-- Where contact about one invoice stands.
create table outreach_invoice (
    invoice_id          uuid primary key references invoice (id),
    client_id           uuid not null references client (id),
    debtor_id           uuid not null references debtor (id),
    verify_requested_on date,
    verify_reminded_on  date,
    verify_task_on      date,
    status_checked_on   date,
    answer              varchar(20) check (answer in ('SCHEDULED', 'PROMISED', 'PAID', 'DISPUTED')),
    answer_date         date,
    answer_reference    varchar(100),
    answered_at         timestamp with time zone,
    client_told_on      date,
    client_approved_at  timestamp with time zone,
    follow_ups          integer not null default 0,
    last_follow_up_on   date,
    escalated_on        date,
    recourse_warned_on  date
);
create index outreach_pair_check_code on outreach_pair (check_code);
create index outreach_invoice_pair on outreach_invoice (client_id, debtor_id);

-- The outbox: every rendered message, to a debtor's mailbox or to a client, and how its delivery went.
create table outreach_message (
    id              uuid primary key,
    audience        varchar(10)  not null check (audience in ('DEBTOR', 'CLIENT')),
    client_id       uuid         not null references client (id),
    debtor_id       uuid         references debtor (id),
    mailbox         varchar(254) not null,
    recipient_name  varchar(200),
    kind            varchar(30)  not null,
    sections        varchar(200) not null,
    subject         varchar(300) not null,
    body_html       text         not null,
    body_text       text         not null,
    attachment_name varchar(100),
    attachment      bytea,
    link_id         uuid,
    local_date      date         not null,
    not_before      timestamp with time zone not null,
    status          varchar(12)  not null check (status in ('QUEUED', 'SENDING', 'SENT', 'CAPTURED', 'FAILED', 'BOUNCED', 'CANCELLED')),
    attempts        integer      not null default 0,
    next_attempt_at timestamp with time zone not null,
    last_error      varchar(1000),
    smtp_message_id varchar(300),
    created_at      timestamp with time zone not null,
    sent_at         timestamp with time zone
);
create index outreach_message_due on outreach_message (status, next_attempt_at);
create index outreach_message_mailbox on outreach_message (mailbox, local_date);
create index outreach_message_pair on outreach_message (client_id, debtor_id, created_at);

create table outreach_message_invoice (
    message_id uuid        not null references outreach_message (id),
    invoice_id uuid        not null references invoice (id),
    section    varchar(30) not null,
    primary key (message_id, invoice_id, section)
);
create index outreach_message_invoice_invoice on outreach_message_invoice (invoice_id);

-- The contact log: every e-mail, letter, call, task and debtor answer, with its content. Append-only.
create table contact_log (
    id          uuid primary key,
    at          timestamp with time zone not null,
    client_id   uuid         not null references client (id),
    debtor_id   uuid         references debtor (id),
    invoice_id  uuid         references invoice (id),
    message_id  uuid         references outreach_message (id),
    channel     varchar(12)  not null check (channel in ('EMAIL', 'LETTER', 'CALL', 'TASK', 'RESPONSE', 'CLIENT')),
    summary     varchar(500) not null,
    content     text,
    actor       varchar(100) not null
);
create index contact_log_debtor on contact_log (debtor_id, at);
create index contact_log_client on contact_log (client_id, at);
create index contact_log_invoice on contact_log (invoice_id);

-- Why the planner sent, merged, delayed or refused: one row per pair, intent, outcome and reason a day.
create table contact_decision (
    id            uuid primary key,
    business_date date         not null,
    at            timestamp with time zone not null,
    client_id     uuid         not null references client (id),
    debtor_id     uuid         not null references debtor (id),
    intent        varchar(30)  not null,
    outcome       varchar(12)  not null check (outcome in ('PLANNED', 'MERGED', 'DELAYED', 'REFUSED', 'SUPPRESSED', 'TASK')),
    invoices      varchar(2000),
    reason        varchar(1000) not null,
    reason_key    varchar(64)  not null,
    unique (business_date, client_id, debtor_id, intent, outcome, reason_key)
);
create index contact_decision_pair on contact_decision (client_id, debtor_id, business_date);

-- Work for a person: acknowledge a notice by phone, verify by phone, escalate, fix a contact, approve.
create table outreach_task (
    id          uuid primary key,
    kind        varchar(20)  not null,
    client_id   uuid         not null references client (id),
    debtor_id   uuid         references debtor (id),
    invoice_id  uuid         references invoice (id),
    open_key    varchar(200),
    title       varchar(300) not null,
    detail      varchar(2000),
    role        varchar(30)  not null,
    opened_at   timestamp with time zone not null,
    due_on      date         not null,
    done_at     timestamp with time zone,
    done_by     varchar(100),
    outcome     varchar(30),
    outcome_note varchar(1000),
    unique (open_key)
);
create index outreach_task_open on outreach_task (done_at, due_on);

-- Signed links in messages: what each may show. The token carries the id, the expiry and an HMAC.
create table debtor_link (
    id             uuid primary key,
    client_id      uuid        not null references client (id),
    debtor_id      uuid        not null references debtor (id),
    purpose        varchar(30) not null,
    invoice_ids    text        not null,
    created_at     timestamp with time zone not null,
    expires_at     timestamp with time zone not null,
    last_opened_at timestamp with time zone
);
