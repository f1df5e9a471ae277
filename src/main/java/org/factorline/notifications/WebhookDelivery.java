package org.factorline.notifications;

import java.time.Instant;
import java.util.UUID;

/** One event owed to one endpoint, and how its delivery went. */
public record WebhookDelivery(
        UUID id,
        UUID endpointId,
        UUID clientId,
        UUID eventId,
        String eventType,
        String payload,
        Status status,
        int attempts,
        Instant nextAttemptAt,
        Instant lastAttemptAt,
        Integer lastStatusCode,
        String lastError,
        Instant createdAt,
        Instant deliveredAt) {

    public enum Status {
        PENDING,
        SENDING,
        DELIVERED,
        FAILED
    }
}
