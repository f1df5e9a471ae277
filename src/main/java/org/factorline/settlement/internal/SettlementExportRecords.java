package org.factorline.settlement.internal;

import java.util.UUID;
import org.factorline.shared.ClientRecords;
import org.springframework.stereotype.Component;

/** How each of the client's invoices was closed (rebates), its lines of settlement runs (not the runs' totals, which cover every client) and its chargebacks. */
@Component
class SettlementExportRecords implements ClientRecords {

    @Override
    public void export(UUID clientId, Sink sink) {
        sink.csv("invoice_settlements", """
                select invoice_id, client_id, closed_on, funding_date, face_amount, advance_amount, collected,
                       deductions, fee, days_charged, rebate, currency, settlement_run_id, journal_entry_id, created_at
                from invoice_settlement where client_id = ? order by invoice_id""", clientId);
        sink.csv("settlement_lines", """
                select l.run_id, r.reference as run_reference, r.run_date, r.currency, l.client_id, l.rebates,
                       l.netted, l.net, l.invoices, l.payout_id
                from settlement_line l join settlement_run r on r.id = l.run_id
                where l.client_id = ? order by r.run_date, l.run_id""", clientId);
        sink.csv("chargebacks", """
                select invoice_id, client_id, recourse_date, charged_on, advance_unrecovered, fee, amount, currency,
                       journal_entry_id, created_by, created_at
                from invoice_chargeback where client_id = ? order by invoice_id""", clientId);
    }
}
