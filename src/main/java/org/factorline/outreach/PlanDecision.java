package org.factorline.outreach;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** Why the planner did what it did with one intent for a client–debtor pair on a business day. */
public record PlanDecision(
        UUID id,
        LocalDate businessDate,
        Instant at,
        UUID clientId,
        UUID debtorId,
        Intent intent,
        Outcome outcome,
        String invoices,
        String reason) {

    public enum Outcome {
        PLANNED,
        MERGED,
        DELAYED,
        REFUSED,
        SUPPRESSED,
        TASK
    }
}
