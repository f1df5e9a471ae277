package org.factorline.payouts;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import org.factorline.shared.Money;

/**
 * A NACHA ACH file of CCD credits, as written by {@link NachaWriter} or read back by {@link
 * NachaReader}: its records as values, and its text. A file written and then read back is equal to
 * itself, field for field and byte for byte.
 *
 * @param text the file itself: 94-character records, each ending in "\n", in blocks of ten
 */
public record NachaFile(Header header, List<Batch> batches, FileControl control, String text) {

    public NachaFile {
        batches = List.copyOf(batches);
    }

    /**
     * The file header record (type 1). Text fields hold what the file holds, without the trailing
     * spaces; the immediate destination and origin keep all 10 characters, leading space included.
     */
    public record Header(
            String immediateDestination,
            String immediateOrigin,
            LocalDate creationDate,
            LocalTime creationTime,
            char fileIdModifier,
            String destinationName,
            String originName,
            String referenceCode) {}

    /** A batch header (type 5), its entries (type 6) and its control record (type 8). */
    public record Batch(
            int batchNumber,
            String companyName,
            String companyDiscretionaryData,
            String companyId,
            String entryDescription,
            String companyDescriptiveDate,
            LocalDate effectiveEntryDate,
            String odfiId,
            List<TracedEntry> entries,
            BatchControl control) {

        public Batch {
            entries = List.copyOf(entries);
        }
    }

    /** An entry as sent, with the trace number the banks will know it by (ODFI id and a sequence). */
    public record TracedEntry(String traceNumber, NachaEntry entry) {}

    /** The batch control record (type 8): what the batch's entries add up to. */
    public record BatchControl(int entryAddendaCount, long entryHash, long totalDebitMinor, long totalCreditMinor) {}

    /** The file control record (type 9): what the whole file adds up to. */
    public record FileControl(
            int batchCount,
            int blockCount,
            int entryAddendaCount,
            long entryHash,
            long totalDebitMinor,
            long totalCreditMinor) {}

    /** The file as it is uploaded to the bank: ASCII, nothing else. */
    public byte[] bytes() {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** Every entry in the file, in file order. */
    public List<NachaEntry> entries() {
        return batches.stream()
                .flatMap(b -> b.entries().stream())
                .map(TracedEntry::entry)
                .toList();
    }

    /** Every entry with its trace number, in file order. */
    public List<TracedEntry> tracedEntries() {
        return batches.stream().flatMap(b -> b.entries().stream()).toList();
    }

    public Money totalCredit() {
        return Money.ofMinor(control.totalCreditMinor(), Money.USD);
    }

    /** Records in the file, the 9-filled ones that complete the last block included. */
    public int recordCount() {
        return control.blockCount() * NachaFields.BLOCKING_FACTOR;
    }
}
