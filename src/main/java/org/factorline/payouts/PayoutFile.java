package org.factorline.payouts;

import java.time.Instant;
import java.time.LocalDate;
import org.factorline.pricing.PayoutMethod;
import org.factorline.shared.Money;

/**
 * A bank file released to pay clients: a NACHA ACH file, or the wire instructions as CSV. The exact bytes
 * are kept with their SHA-256, so the file that was uploaded can always be shown and checked again.
 *
 * @param createdAt the instant written into the file header (ACH), from the application clock
 * @param fileDate the file's date in the factor's time zone
 * @param fileIdModifier A to Z then 0 to 9, one per ACH file of the day; null for wires
 */
public record PayoutFile(
        PayoutFileId id,
        String reference,
        PayoutMethod method,
        PayoutFileStatus status,
        Instant createdAt,
        String createdBy,
        LocalDate fileDate,
        String fileIdModifier,
        int entryCount,
        Money total,
        String sha256,
        long sizeBytes,
        Instant sentAt,
        String sentBy,
        int version) {

    /** The name the file is downloaded under: "P-FILE-2026-000001.ach" or ".csv". */
    @com.fasterxml.jackson.annotation.JsonProperty("fileName")
    public String fileName() {
        return reference + (method == PayoutMethod.ACH ? ".ach" : ".csv");
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public String contentType() {
        return method == PayoutMethod.ACH ? "text/plain; charset=US-ASCII" : "text/csv; charset=UTF-8";
    }
}
