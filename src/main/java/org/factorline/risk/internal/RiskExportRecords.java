package org.factorline.risk.internal;

import java.util.UUID;
import org.factorline.shared.ClientRecords;
import org.springframework.stereotype.Component;

/** Eligibility overrides asked for the client's invoices and how they were decided. */
@Component
class RiskExportRecords implements ClientRecords {

    @Override
    public void export(UUID clientId, Sink sink) {
        sink.csv("eligibility_overrides", """
                select id, invoice_id, policy, reason, status, requested_by, requested_at, decided_by, decided_at,
                       decision_note
                from eligibility_override where invoice_id in (select id from invoice where client_id = ?)
                order by id""", clientId);
    }
}
