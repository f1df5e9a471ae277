package org.factorline.notifications.internal;

import java.util.UUID;
import org.factorline.shared.ClientRecords;
import org.springframework.stereotype.Component;

/** The client's notification settings, digest recipients and runs, webhook endpoints (never their signing secrets) and deliveries. */
@Component
class NotificationExportRecords implements ClientRecords {

    @Override
    public void export(UUID clientId, Sink sink) {
        sink.csv("notification_settings", """
                select client_id, digest_funded, digest_paid, digest_disputes, digest_planned, updated_at, updated_by
                from notification_settings where client_id = ?""", clientId);
        sink.csv("notification_recipients", """
                select user_id, client_id, created_at
                from notification_recipient where client_id = ? order by user_id""", clientId);
        sink.csv("digest_runs", """
                select client_id, local_date, covered_from, covered_until, recipients, created_at
                from digest_run where client_id = ? order by local_date""", clientId);
        sink.csv("webhook_endpoints", """
                select id, client_id, url, event_types, enabled, created_at, created_by, disabled_at
                from webhook_endpoint where client_id = ? order by created_at, id""", clientId);
        sink.csv("webhook_deliveries", """
                select id, endpoint_id, client_id, event_id, event_type, payload, status, attempts, next_attempt_at,
                       last_attempt_at, last_status_code, last_error, created_at, delivered_at
                from webhook_delivery where client_id = ? order by created_at, id""", clientId);
    }
}
