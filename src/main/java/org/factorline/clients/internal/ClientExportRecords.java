package org.factorline.clients.internal;

import java.util.UUID;
import org.factorline.shared.ClientRecords;
import org.springframework.stereotype.Component;

/** The client itself (its bank account as the last four digits only) and every version of its agreement, for the client's full export. */
@Component
class ClientExportRecords implements ClientRecords {

    @Override
    public void export(UUID clientId, Sink sink) {
        sink.csv("client", """
                select id, reference, legal_name, trade_name, tax_id, industry, status, street, city, region,
                       postal_code, country, contact_name, contact_email, contact_phone, account_manager_id,
                       bank_account_name, bank_routing_number, '****' || bank_account_last4 as bank_account_number,
                       created_at, updated_at, version
                from client where id = ?""", clientId);
        sink.csv("agreements", """
                select id, client_id, version, effective_from, currency, advance_rate_pct, fee_shape, fee_rate_pct,
                       fee_initial_days, fee_bracket_rate_pct, fee_bracket_days, fee_annual_rate_pct, fee_day_count,
                       fee_minimum_amount, fee_minimum_days, fee_cap_pct, fee_base, fee_purchase_day_counts,
                       fee_clearance_days, wire_fee_amount, ach_fee_amount, invoice_fee_amount, schedule_fee_amount,
                       noa_fee_amount, credit_check_fee_amount, recourse, recourse_days, facility_limit_amount,
                       concentration_limit_pct, verification_policy, verification_threshold_amount,
                       verification_sample_pct, notification, created_at, created_by
                from agreement where client_id = ? order by version""", clientId);
    }
}
