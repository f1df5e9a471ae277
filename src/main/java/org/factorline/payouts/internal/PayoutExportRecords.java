package org.factorline.payouts.internal;

import java.util.UUID;
import org.factorline.shared.ClientRecords;
import org.springframework.stereotype.Component;

/** The client's payouts, the account paid masked to its last four digits; the bank files themselves carry other clients' payouts and are named only by reference. */
@Component
class PayoutExportRecords implements ClientRecords {

    @Override
    public void export(UUID clientId, Sink sink) {
        sink.csv("payouts", """
                select p.id, p.reference, p.client_id, p.amount, p.currency, p.method, p.status, p.beneficiary_name,
                       p.routing_number, '****' || p.account_last4 as account_number, p.account_type, p.source_type,
                       p.source_id, p.memo, p.created_by, p.created_at, f.reference as file_reference, p.sent_at,
                       p.settled_at, p.returned_at, p.return_reason
                from payout p left join payout_file f on f.id = p.file_id
                where p.client_id = ? order by p.id""", clientId);
    }
}
