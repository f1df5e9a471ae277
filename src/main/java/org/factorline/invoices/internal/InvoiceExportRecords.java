package org.factorline.invoices.internal;

import java.util.UUID;
import org.factorline.shared.ClientRecords;
import org.springframework.stereotype.Component;

/** The client's schedules, invoices, each invoice's status history and its documents (as files); the verification outcome is each invoice's verification status. */
@Component
class InvoiceExportRecords implements ClientRecords {

    @Override
    public void export(UUID clientId, Sink sink) {
        sink.csv("schedules", """
                select id, reference, client_id, source, file_name, invoice_count, total_amount, currency, created_at,
                       created_by
                from schedule where client_id = ? order by id""", clientId);
        sink.csv("invoices", """
                select id, client_id, debtor_id, schedule_id, agreement_id, invoice_number, po_number, issue_date,
                       terms_days, due_date, face_amount, currency, status, verification_status, flagged, flag_reason,
                       created_at, updated_at, version
                from invoice where client_id = ? order by id""", clientId);
        sink.csv("invoice_status_changes", """
                select s.id, s.invoice_id, s.from_status, s.to_status, s.occurred_at, s.actor, s.reason
                from invoice_status_change s join invoice i on i.id = s.invoice_id
                where i.client_id = ? order by s.invoice_id, s.occurred_at, s.id""", clientId);
        sink.csv("invoice_documents", """
                select d.id, d.invoice_id, d.file_name, d.content_type, d.size_bytes, d.sha256, d.uploaded_at,
                       d.uploaded_by
                from invoice_document d join invoice i on i.id = d.invoice_id
                where i.client_id = ? order by d.id""", clientId);
        sink.files("documents", """
                select d.id, d.file_name, d.content
                from invoice_document d join invoice i on i.id = d.invoice_id
                where i.client_id = ? order by d.id""", clientId);
    }
}
