package org.factorline.payouts;

import static org.factorline.payouts.NachaFields.blanks;
import static org.factorline.payouts.NachaFields.left;
import static org.factorline.payouts.NachaFields.zeros;

import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.factorline.shared.BusinessCalendar;

/**
 * Writes the NACHA ACH file that pays clients: one CCD batch of credits per {@link NachaBatch}
 * (service class 220, credits only), control totals and entry hashes the bank checks, and 9-filled
 * records up to a whole block of ten. The file depends only on its {@link NachaFileRequest}, so a
 * released file can be made again, byte for byte, from what was stored with it.
 */
public final class NachaWriter {

    static final String SERVICE_CLASS_CREDITS_ONLY = "220";
    static final String SEC_CODE = "CCD";
    static final long ENTRY_HASH_MODULUS = 10_000_000_000L; // the rightmost 10 digits are kept
    static final long MAX_TOTAL_MINOR = 999_999_999_999L; // 12 digits of cents in a control record
    static final DateTimeFormatter YYMMDD = DateTimeFormatter.ofPattern("uuMMdd");
    static final DateTimeFormatter HHMM = DateTimeFormatter.ofPattern("HHmm");

    private final BusinessCalendar calendar;

    public NachaWriter(BusinessCalendar calendar) {
        this.calendar = Objects.requireNonNull(calendar, "calendar");
    }

    public NachaFile write(NachaFileRequest request) {
        NachaOriginator originator = request.originator();
        ZonedDateTime created = request.createdAt().atZone(request.zone());
        LocalDate fileDate = created.toLocalDate();
        NachaFile.Header header = new NachaFile.Header(
                originator.immediateDestination(),
                originator.immediateOrigin(),
                fileDate,
                created.toLocalTime().truncatedTo(ChronoUnit.MINUTES),
                request.fileIdModifier(),
                originator.odfiName(),
                originator.originName(),
                request.referenceCode());

        List<NachaFile.Batch> batches = new ArrayList<>();
        int traceSequence = 0;
        for (NachaBatch input : request.batches()) {
            int batchNumber = batches.size() + 1;
            List<NachaFile.TracedEntry> traced = new ArrayList<>();
            for (NachaEntry entry : input.entries()) {
                traced.add(new NachaFile.TracedEntry(originator.odfiId() + zeros(++traceSequence, 7), entry));
            }
            batches.add(new NachaFile.Batch(
                    batchNumber,
                    originator.companyName(),
                    input.companyDiscretionaryData(),
                    originator.companyId(),
                    input.entryDescription(),
                    input.companyDescriptiveDate(),
                    effectiveEntryDate(fileDate, input.requestedEffectiveDate()),
                    originator.odfiId(),
                    traced,
                    batchControl(batchNumber, input.entries())));
        }
        NachaFile.FileControl control = fileControl(batches);
        NachaFile model = new NachaFile(header, batches, control, "");
        return new NachaFile(header, batches, control, render(model));
    }

    /**
     * The date the receivers get the money. The earliest is the business day after the file date (the
     * bank needs the file a day ahead); a later requested date is kept, moved forward to a business day
     * when it is a weekend or a Federal Reserve holiday. An earlier requested date gets the earliest.
     */
    public LocalDate effectiveEntryDate(LocalDate fileDate, LocalDate requested) {
        LocalDate earliest = calendar.nextBusinessDay(fileDate);
        if (requested == null || !requested.isAfter(earliest)) {
            return earliest;
        }
        return calendar.onOrAfter(requested);
    }

    /** Sum of the receiving DFI ids (the routing numbers' first 8 digits), rightmost 10 digits kept. */
    static long entryHash(List<NachaEntry> entries) {
        long sum = 0;
        for (NachaEntry entry : entries) {
            sum += Long.parseLong(entry.routingNumber().value().substring(0, 8));
        }
        return sum % ENTRY_HASH_MODULUS;
    }

    private static NachaFile.BatchControl batchControl(int batchNumber, List<NachaEntry> entries) {
        long credit = 0;
        for (NachaEntry entry : entries) {
            credit += entry.amountMinor();
        }
        if (credit > MAX_TOTAL_MINOR) {
            throw NachaException.inField(
                    "batches[" + batchNumber + "].totalCredit",
                    credit + " cents",
                    "must be at most 999999999999 cents (12 digits in the batch control record)");
        }
        return new NachaFile.BatchControl(entries.size(), entryHash(entries), 0, credit);
    }

    private static NachaFile.FileControl fileControl(List<NachaFile.Batch> batches) {
        int entries = 0;
        long hash = 0;
        long credit = 0;
        int records = 2; // file header and file control
        for (NachaFile.Batch batch : batches) {
            entries += batch.control().entryAddendaCount();
            hash = (hash + batch.control().entryHash()) % ENTRY_HASH_MODULUS;
            credit += batch.control().totalCreditMinor();
            records += 2 + batch.entries().size();
        }
        if (credit > MAX_TOTAL_MINOR) {
            throw NachaException.inField(
                    "totalCredit",
                    credit + " cents",
                    "must be at most 999999999999 cents (12 digits in the file control record)");
        }
        int blocks = (records + NachaFields.BLOCKING_FACTOR - 1) / NachaFields.BLOCKING_FACTOR;
        return new NachaFile.FileControl(batches.size(), blocks, entries, hash, 0, credit);
    }

    static String render(NachaFile file) {
        List<String> records = new ArrayList<>();
        records.add(fileHeader(file.header()));
        for (NachaFile.Batch batch : file.batches()) {
            records.add(batchHeader(batch));
            for (NachaFile.TracedEntry entry : batch.entries()) {
                records.add(entryDetail(entry));
            }
            records.add(batchControl(batch));
        }
        records.add(fileControl(file.control()));
        while (records.size() % NachaFields.BLOCKING_FACTOR != 0) {
            records.add(NachaFields.FILLER);
        }
        StringBuilder text = new StringBuilder(records.size() * (NachaFields.RECORD_LENGTH + 1));
        for (String record : records) {
            if (record.length() != NachaFields.RECORD_LENGTH) {
                throw new IllegalStateException("record of " + record.length() + " characters: " + record);
            }
            text.append(record).append('\n');
        }
        return text.toString();
    }

    private static String fileHeader(NachaFile.Header h) {
        return "1" + "01"
                + h.immediateDestination()
                + h.immediateOrigin()
                + YYMMDD.format(h.creationDate())
                + HHMM.format(h.creationTime())
                + h.fileIdModifier()
                + "094" // record size
                + zeros(NachaFields.BLOCKING_FACTOR, 2)
                + "1" // format code
                + left(h.destinationName(), 23)
                + left(h.originName(), 23)
                + left(h.referenceCode(), 8);
    }

    private static String batchHeader(NachaFile.Batch b) {
        return "5" + SERVICE_CLASS_CREDITS_ONLY
                + left(b.companyName(), 16)
                + left(b.companyDiscretionaryData(), 20)
                + left(b.companyId(), 10)
                + SEC_CODE
                + left(b.entryDescription(), 10)
                + left(b.companyDescriptiveDate(), 6)
                + YYMMDD.format(b.effectiveEntryDate())
                + blanks(3) // settlement date: the ACH operator fills it in
                + "1" // originator status code: a depository financial institution
                + b.odfiId()
                + zeros(b.batchNumber(), 7);
    }

    private static String entryDetail(NachaFile.TracedEntry traced) {
        NachaEntry e = traced.entry();
        return "6" + e.accountType().creditTransactionCode()
                + e.routingNumber().value() // receiving DFI id (8) and its check digit (1)
                + left(e.accountNumber().value(), 17)
                + zeros(e.amountMinor(), 10)
                + left(e.identificationNumber(), 15)
                + left(e.receiverName(), 22)
                + left(e.discretionaryData(), 2)
                + "0" // no addenda record
                + traced.traceNumber();
    }

    private static String batchControl(NachaFile.Batch b) {
        NachaFile.BatchControl c = b.control();
        return "8" + SERVICE_CLASS_CREDITS_ONLY
                + zeros(c.entryAddendaCount(), 6)
                + zeros(c.entryHash(), 10)
                + zeros(c.totalDebitMinor(), 12)
                + zeros(c.totalCreditMinor(), 12)
                + left(b.companyId(), 10)
                + blanks(19) // message authentication code
                + blanks(6) // reserved
                + b.odfiId()
                + zeros(b.batchNumber(), 7);
    }

    private static String fileControl(NachaFile.FileControl c) {
        return "9" + zeros(c.batchCount(), 6)
                + zeros(c.blockCount(), 6)
                + zeros(c.entryAddendaCount(), 8)
                + zeros(c.entryHash(), 10)
                + zeros(c.totalDebitMinor(), 12)
                + zeros(c.totalCreditMinor(), 12)
                + blanks(39); // reserved
    }
}
