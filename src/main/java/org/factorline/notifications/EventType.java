package org.factorline.notifications;

import java.util.Arrays;
import java.util.Optional;

/** What a webhook can say, by the name receivers see in {@code Factorline-Event-Type}. */
public enum EventType {
    INVOICE_STATUS_CHANGED("invoice.status_changed", "invoice_status"),
    PAYMENT_APPLIED("payment.applied", "payment"),
    CONTACT_LOGGED("contact.logged", "contact"),
    /** Sent by the "test" button; never subscribed to. */
    TEST("webhook.test", null);

    private final String wireName;
    private final String source;

    EventType(String wireName, String source) {
        this.wireName = wireName;
        this.source = source;
    }

    @com.fasterxml.jackson.annotation.JsonValue
    public String wireName() {
        return wireName;
    }

    /** The source a subscription reads, as named in {@code webhook_cursor.source}; null for the test event. */
    public String source() {
        return source;
    }

    public boolean subscribable() {
        return source != null;
    }

    public static Optional<EventType> ofWireName(String name) {
        return Arrays.stream(values())
                .filter(t -> t.wireName.equals(name == null ? null : name.strip()))
                .findFirst();
    }
}
