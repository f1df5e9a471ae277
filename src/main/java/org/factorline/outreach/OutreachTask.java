package org.factorline.outreach;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** Work for a person where an automated message must not go: a call, an escalation, a contact to fix. */
public record OutreachTask(
        UUID id,
        Kind kind,
        UUID clientId,
        UUID debtorId,
        UUID invoiceId,
        String title,
        String detail,
        String role,
        Instant openedAt,
        LocalDate dueOn,
        Instant doneAt,
        String doneBy,
        String outcome,
        String outcomeNote) {

    public enum Kind {
        /** The debtor has not acknowledged the notice after its reminder: phone them. */
        ACKNOWLEDGE_NOTICE,
        /** The debtor has not confirmed invoices after a reminder, or may not be e-mailed: a verifier phones. */
        VERIFY_BY_PHONE,
        /** Follow-ups ran out: the account manager decides what comes next, with the client. */
        ESCALATE,
        /** A message could not be delivered, or the debtor has no mailbox: find the right contact. */
        FIX_CONTACT,
        /** The client asked to approve any past-due contact with this customer. */
        CLIENT_APPROVAL,
        /** The debtor says it paid: find the payment. */
        TRACE_PAYMENT,
        /** The debtor disputes an invoice: the account manager sorts it out with the client. */
        RESOLVE_DISPUTE,
        /** A message was refused by the tone check or by the client's rules: a person decides. */
        REVIEW_MESSAGE,
        /** The client says it will pay an invoice nearing its recourse date itself: expect and apply the payment. */
        RECOURSE_PAYMENT,
        /** The client offers another invoice in place of one nearing its recourse date: decide and arrange it. */
        RECOURSE_REPLACEMENT
    }

    public boolean open() {
        return doneAt == null;
    }
}
