package org.factorline.notifications;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** Where a client's system receives events; the secret is never shown again after it was created. */
public record WebhookEndpoint(
        UUID id,
        UUID clientId,
        String url,
        String secretHint,
        Set<EventType> eventTypes,
        boolean enabled,
        Instant createdAt,
        String createdBy,
        Instant disabledAt) {

    /** A new endpoint with its secret, returned once to the person who created it. */
    public record Created(WebhookEndpoint endpoint, String secret) {}
}
