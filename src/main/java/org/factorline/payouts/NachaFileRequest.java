package org.factorline.payouts;

import java.time.Instant;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything a NACHA file is made from. Kept with a released payout file, it regenerates the file byte
 * for byte: the creation time is an input, never read from a clock.
 *
 * @param createdAt when the file is made; with {@code zone}, gives the header's date and time
 * @param zone the factor's time zone, in which the file date (and so the effective date) is counted
 * @param fileIdModifier A to Z or 0 to 9, distinguishing files sent to the bank on the same day
 * @param referenceCode up to 8 characters for the factor's own use, may be blank
 */
public record NachaFileRequest(
        NachaOriginator originator,
        Instant createdAt,
        ZoneId zone,
        char fileIdModifier,
        String referenceCode,
        List<NachaBatch> batches) {

    /**
     * A factor's daily payouts are tens of credits, not thousands; a bigger file is a bug upstream. The
     * bound also keeps every count and total far inside the digits the control records have.
     */
    public static final int MAX_ENTRIES_PER_FILE = 10_000;

    public static final int MAX_BATCHES_PER_FILE = 100;

    static final int REFERENCE_CODE_LENGTH = 8;

    public NachaFileRequest {
        if (originator == null) {
            throw NachaException.inField("originator", null, "is required");
        }
        if (createdAt == null) {
            throw NachaException.inField("createdAt", null, "is required");
        }
        if (zone == null) {
            throw NachaException.inField("zone", null, "is required");
        }
        if (!(fileIdModifier >= 'A' && fileIdModifier <= 'Z') && !(fileIdModifier >= '0' && fileIdModifier <= '9')) {
            throw NachaException.inField("fileIdModifier", fileIdModifier, "must be A to Z or 0 to 9");
        }
        referenceCode = referenceCode == null ? "" : referenceCode.strip();
        String problem = NachaFields.codeProblem(referenceCode, REFERENCE_CODE_LENGTH);
        if (problem != null) {
            throw NachaException.inField("referenceCode", referenceCode, problem);
        }
        if (batches == null || batches.isEmpty()) {
            throw NachaException.inField("batches", batches, "a file needs at least one batch");
        }
        if (batches.size() > MAX_BATCHES_PER_FILE) {
            throw NachaException.inField(
                    "batches", batches.size() + " batches", "must be at most " + MAX_BATCHES_PER_FILE);
        }
        batches = List.copyOf(batches);
        checkEntries(batches);
    }

    private static void checkEntries(List<NachaBatch> batches) {
        int count = batches.stream().mapToInt(b -> b.entries().size()).sum();
        if (count > MAX_ENTRIES_PER_FILE) {
            throw NachaException.inField("entries", count + " entries", "must be at most " + MAX_ENTRIES_PER_FILE);
        }
        // The identification number is how a return or a bank report finds its payout: two entries
        // with the same one in a file would be one payout paid twice, or two payouts that cannot be told apart.
        Set<String> seen = new HashSet<>();
        for (NachaBatch batch : batches) {
            for (NachaEntry entry : Objects.requireNonNull(batch).entries()) {
                if (!seen.add(entry.identificationNumber())) {
                    throw NachaException.inEntry(
                            entry.identificationNumber(),
                            "identificationNumber",
                            entry.identificationNumber(),
                            "appears more than once in the file");
                }
            }
        }
    }
}
