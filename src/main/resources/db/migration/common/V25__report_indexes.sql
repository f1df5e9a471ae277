-- Indexes for the reports: the book as of a date (purchases by date, close-outs and chargebacks by date),
-- fees earned in a period, and payments by value date for the allocations counted as of a date.
create index funded_invoice_currency_date on funded_invoice (currency, funding_date);
create index invoice_settlement_closed_on on invoice_settlement (closed_on, client_id);
create index invoice_chargeback_charged_on on invoice_chargeback (charged_on, client_id);
create index funding_request_funding_date on funding_request (funding_date, client_id);
create index payment_value_date on payment (value_date, id);
