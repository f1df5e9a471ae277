package org.factorline.funding.internal;

import java.util.UUID;
import org.factorline.shared.ClientRecords;
import org.springframework.stereotype.Component;

/** The client's funding requests, their lines and the invoices bought. */
@Component
class FundingExportRecords implements ClientRecords {

    @Override
    public void export(UUID clientId, Sink sink) {
        sink.csv("funding_requests", """
                select id, reference, client_id, status, payout_method, currency, total_face, total_advance, charges,
                       deductions, net_amount, requested_by, requested_at, first_approved_by, first_approved_at,
                       funded_by, funded_at, funding_date, cancelled_by, cancelled_at, cancel_reason, payout_id,
                       journal_entry_id
                from funding_request where client_id = ? order by id""", clientId);
        sink.csv("funding_lines", """
                select l.request_id, l.invoice_id, l.face_amount, l.advance_amount, l.advance_rate
                from funding_line l join funding_request r on r.id = l.request_id
                where r.client_id = ? order by l.request_id, l.invoice_id""", clientId);
        sink.csv("funded_invoices", """
                select invoice_id, request_id, client_id, funding_date, face_amount, advance_amount, currency,
                       debtor_id, issue_date, due_date, closed_on, charged_on, reduced_amount
                from funded_invoice where client_id = ? order by invoice_id""", clientId);
    }
}
