-- Each bank delivers lockbox files in its own columns: the mapping is saved once per bank and lockbox.
create table lockbox_mapping (
    name                 varchar(60) primary key,
    lockbox_number       varchar(40)              not null,
    currency             char(3)                  not null,
    amount_column        varchar(100)             not null,
    check_number_column  varchar(100),
    payer_name_column    varchar(100),
    payer_account_column varchar(100),
    payer_routing_column varchar(100),
    deposit_date_column  varchar(100),
    date_pattern         varchar(40),
    invoice_columns      varchar(1000)            not null,
    remittance_column    varchar(100),
    amounts_in_cents     boolean                  not null,
    delimiter            char(1)                  not null,
    saved_by             varchar(100)             not null,
    saved_at             timestamp with time zone not null
);
