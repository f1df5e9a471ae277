package org.factorline.outreach;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** A rendered message in the outbox, to a debtor's mailbox or to a client, and how delivery went. */
public record OutboxMessage(
        UUID id,
        Audience audience,
        UUID clientId,
        UUID debtorId,
        String mailbox,
        String recipientName,
        Intent kind,
        String sections,
        String subject,
        String bodyHtml,
        String bodyText,
        String attachmentName,
        boolean hasAttachment,
        LocalDate localDate,
        Instant notBefore,
        Status status,
        int attempts,
        Instant nextAttemptAt,
        String lastError,
        Instant createdAt,
        Instant sentAt) {

    public enum Audience {
        DEBTOR,
        CLIENT
    }

    public enum Status {
        QUEUED,
        SENDING,
        SENT,
        /** Kept in the outbox and shown to staff; never sent (the embedded default). */
        CAPTURED,
        FAILED,
        BOUNCED,
        CANCELLED
    }
}
