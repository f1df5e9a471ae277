create index funded_invoice_closed_on on funded_invoice (closed_on, client_id);
