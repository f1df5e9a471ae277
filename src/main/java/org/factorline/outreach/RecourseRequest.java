package org.factorline.outreach;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.factorline.shared.Money;

/**
 * What a client chose to do about an invoice nearing its recourse date, recorded once per invoice and kind.
 *
 * @param amount what would be charged back on the recourse date, as it stood when the client asked
 * @param replacementInvoiceId the invoice offered in its place (REPLACE), null if the client sends one later
 * @param state OPEN while staff work on it (PAY, REPLACE); PENDING until the planner has sent the last
 *     contact (SENT) or found that it may not go (REFUSED, with the reason)
 */
public record RecourseRequest(
        UUID id,
        UUID invoiceId,
        UUID clientId,
        UUID debtorId,
        Kind kind,
        LocalDate recourseDate,
        Money amount,
        UUID replacementInvoiceId,
        State state,
        String reason,
        UUID messageId,
        UUID taskId,
        Instant requestedAt,
        String requestedBy,
        Instant settledAt) {

    /** The day it was asked, in UTC as the portal shows times. */
    public LocalDate requestedOn() {
        return requestedAt.atZone(java.time.ZoneOffset.UTC).toLocalDate();
    }

    public enum Kind {
        /** The client pays the factor the amount itself. */
        PAY,
        /** The client offers another of its invoices in place of this one. */
        REPLACE,
        /** One last courteous follow-up to the debtor, within every contact rule. */
        LAST_CONTACT
    }

    public enum State {
        OPEN,
        PENDING,
        SENT,
        REFUSED
    }
}
