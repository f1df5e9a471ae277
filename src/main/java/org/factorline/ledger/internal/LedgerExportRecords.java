package org.factorline.ledger.internal;

import java.util.UUID;
import org.factorline.shared.ClientRecords;
import org.springframework.stereotype.Component;

/** The client's sub-accounts, the journal entries about it and every posting on its sub-accounts. */
@Component
class LedgerExportRecords implements ClientRecords {

    @Override
    public void export(UUID clientId, Sink sink) {
        sink.csv("ledger_accounts", """
                select id, code, client_id, scope_id, currency, created_at
                from ledger_account where client_id = ? order by code, currency, id""", clientId);
        sink.csv("journal_entries", """
                select id, entry_number, business_date, posted_at, reason_code, reference_type, reference_id,
                       client_id, idempotency_key, reverses_entry_id, memo, posted_by
                from journal_entry where client_id = ? order by entry_number""", clientId);
        sink.csv("ledger_postings", """
                select p.id, p.entry_id, p.line_no, a.code as account_code, p.account_id, p.side, p.amount,
                       p.currency
                from ledger_posting p join ledger_account a on a.id = p.account_id
                where a.client_id = ? order by p.entry_id, p.line_no""", clientId);
    }
}
