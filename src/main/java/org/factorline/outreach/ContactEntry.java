package org.factorline.outreach;

import java.time.Instant;
import java.util.UUID;

/**
 * One line of the contact log: an e-mail or letter sent, a call made, a task opened or closed, or what
 * the debtor answered — with the content as the debtor saw it (or as the caller noted it).
 */
public record ContactEntry(
        UUID id,
        Instant at,
        UUID clientId,
        UUID debtorId,
        UUID invoiceId,
        UUID messageId,
        Channel channel,
        String summary,
        String content,
        String actor) {

    public enum Channel {
        EMAIL,
        LETTER,
        CALL,
        TASK,
        RESPONSE,
        /** Said to the client about its customer (the client-first window, a planned contact). */
        CLIENT
    }
}
