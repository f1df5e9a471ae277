package org.factorline.receipts.internal;

import java.util.UUID;
import org.factorline.shared.ClientRecords;
import org.springframework.stereotype.Component;

/** Payments placed on (or forwarded for) the client's invoices — the payer's account masked to its last four digits — with the client's allocations, refunds of those payments, deductions and misdirected payments. A payment split with another client's invoices shows whole; only this client's allocations are listed. */
@Component
class ReceiptExportRecords implements ClientRecords {

    @Override
    public void export(UUID clientId, Sink sink) {
        sink.csv("payments", """
                select id, reference, bank_file_id, source_ref, value_date, amount, currency, kind, payer_name,
                       case when payer_account is null then null else '****' || right(payer_account, 4) end as payer_account,
                       bank_reference, customer_reference, remittance, debtor_id, applied_amount, status, created_by,
                       created_at
                from payment where id in (select payment_id from payment_allocation where client_id = ? union select payment_id from payment_forward where client_id = ?)
                order by id""", clientId, clientId);
        sink.csv("payment_allocations", """
                select id, payment_id, invoice_id, client_id, amount, currency, confidence, method, created_by, created_at,
                       journal_entry_id, value_date
                from payment_allocation where client_id = ? order by created_at, id""", clientId);
        sink.csv("payment_forwards", """
                select id, payment_id, client_id, amount, currency, reason, created_by, created_at, journal_entry_id
                from payment_forward where client_id = ? order by created_at, id""", clientId);
        sink.csv("payment_refunds", """
                select id, payment_id, amount, currency, method, reason, created_by, created_at, journal_entry_id
                from payment_refund where payment_id in (select payment_id from payment_allocation where client_id = ? union select payment_id from payment_forward where client_id = ?)
                order by created_at, id""", clientId, clientId);
        sink.csv("invoice_deductions", """
                select id, invoice_id, client_id, amount, currency, reason, created_by, created_at, journal_entry_id,
                       business_date
                from invoice_deduction where client_id = ? order by created_at, id""", clientId);
        sink.csv("misdirected_payments", """
                select id, invoice_id, client_id, amount, currency, paid_on, reason, created_by, created_at, journal_entry_id
                from misdirected_payment where client_id = ? order by created_at, id""", clientId);
    }
}
