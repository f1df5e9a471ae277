package org.factorline.payouts;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/**
 * One batch of CCD credits that share a description and an effective date, for example the day's
 * advances ("ADVANCE") or rebates ("REBATE"). The entry description is printed on the receiver's bank
 * statement, so it is a short uppercase word, never cut.
 *
 * @param entryDescription company entry description, 1 to 10 characters, uppercased
 * @param companyDiscretionaryData up to 20 characters, may be blank
 * @param companyDescriptiveDate up to 6 characters as the receiver should read them, may be blank
 * @param requestedEffectiveDate the earliest date the money should arrive, or null for the earliest
 *     possible; see {@link NachaWriter#effectiveEntryDate}
 * @param entries the credits, in the order they are written
 */
public record NachaBatch(
        String entryDescription,
        String companyDiscretionaryData,
        String companyDescriptiveDate,
        LocalDate requestedEffectiveDate,
        List<NachaEntry> entries) {

    static final int ENTRY_DESCRIPTION_LENGTH = 10;
    static final int DISCRETIONARY_DATA_LENGTH = 20;
    static final int DESCRIPTIVE_DATE_LENGTH = 6;

    public NachaBatch {
        entryDescription =
                entryDescription == null ? "" : entryDescription.strip().toUpperCase(Locale.ROOT);
        String problem = entryDescription.isEmpty()
                ? "is required"
                : NachaFields.codeProblem(entryDescription, ENTRY_DESCRIPTION_LENGTH);
        if (problem != null) {
            throw NachaException.inField("entryDescription", entryDescription, problem);
        }
        companyDiscretionaryData =
                checked("companyDiscretionaryData", companyDiscretionaryData, DISCRETIONARY_DATA_LENGTH);
        companyDescriptiveDate = checked("companyDescriptiveDate", companyDescriptiveDate, DESCRIPTIVE_DATE_LENGTH);
        if (entries == null || entries.isEmpty()) {
            throw NachaException.inField("entries", entries, "a batch needs at least one entry");
        }
        entries = List.copyOf(entries);
    }

    /** A batch with only a description and its entries, on the earliest possible date. */
    public static NachaBatch of(String entryDescription, List<NachaEntry> entries) {
        return new NachaBatch(entryDescription, "", "", null, entries);
    }

    private static String checked(String field, String raw, int width) {
        String value = raw == null ? "" : raw.strip().toUpperCase(Locale.ROOT);
        String problem = NachaFields.codeProblem(value, width);
        if (problem != null) {
            throw NachaException.inField(field, value, problem);
        }
        return value;
    }
}
