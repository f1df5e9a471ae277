package org.factorline.debtors.internal;

import java.util.UUID;
import org.factorline.shared.ClientRecords;
import org.springframework.stereotype.Component;

/** The client's customers (debtors), its relationship with each (notice of assignment) and their contacts. */
@Component
class DebtorExportRecords implements ClientRecords {

    @Override
    public void export(UUID clientId, Sink sink) {
        sink.csv("client_debtors", """
                select client_id, debtor_id, notification_state, since, created_at
                from client_debtor where client_id = ? order by debtor_id""", clientId);
        sink.csv("debtors", """
                select id, reference, name, tax_id, street, city, region, postal_code, country, time_zone,
                       credit_limit_amount, currency, status, created_at, updated_at
                from debtor where id in (select debtor_id from client_debtor where client_id = ?) order by id""", clientId);
        sink.csv("debtor_contacts", """
                select id, debtor_id, name, email, phone, is_primary, created_at
                from debtor_contact where debtor_id in (select debtor_id from client_debtor where client_id = ?)
                order by debtor_id, id""", clientId);
    }
}
