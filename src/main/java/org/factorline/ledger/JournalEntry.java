package org.factorline.ledger;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** A posted journal entry with its postings; never changed once posted. */
public record JournalEntry(
        UUID id,
        long number,
        LocalDate businessDate,
        Instant postedAt,
        ReasonCode reason,
        String referenceType,
        UUID referenceId,
        UUID clientId,
        String idempotencyKey,
        UUID reversesEntryId,
        String memo,
        String postedBy,
        List<JournalLine> lines) {

    /** The human reference, {@code JE-000123}. */
    @com.fasterxml.jackson.annotation.JsonProperty("reference")
    public String reference() {
        return String.format("JE-%06d", number);
    }
}
