package org.factorline.payouts;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;
import org.factorline.shared.BankAccountNumber;
import org.factorline.shared.FactorlineException;
import org.factorline.shared.Money;
import org.factorline.shared.RoutingNumber;

/**
 * Reads a NACHA file of CCD credits, the kind {@link NachaWriter} writes, back into its records, and
 * checks everything a bank would before accepting it: record lengths, record order, control counts,
 * entry hashes, totals and blocking. The first thing wrong is reported with its line and field; a file
 * is never half read. Lines may end in "\r\n" as well as "\n", as a file that passed through Windows does.
 */
public final class NachaReader {

    /** 100,000 records is ten times the largest file {@link NachaFileRequest} allows. */
    public static final int MAX_RECORDS = 100_000;

    private static final DateTimeFormatter YYMMDD =
            DateTimeFormatter.ofPattern("uuMMdd").withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter HHMM =
            DateTimeFormatter.ofPattern("HHmm").withResolverStyle(ResolverStyle.STRICT);

    private final List<String> lines;
    private int next; // index into lines of the next record to read

    private NachaReader(List<String> lines) {
        this.lines = lines;
    }

    /** The file's records as values; a {@link NachaException} names the line and field of any fault. */
    public static NachaFile read(String text) {
        if (text == null || text.isEmpty()) {
            throw NachaException.atLine(1, "record", "", "the file is empty");
        }
        if (text.length() > (long) MAX_RECORDS * (NachaFields.RECORD_LENGTH + 2)) {
            throw NachaException.atLine(
                    1, "file", text.length() + " characters", "is longer than " + MAX_RECORDS + " records");
        }
        return new NachaReader(records(text)).file(text);
    }

    private static List<String> records(String text) {
        String[] parts = text.split("\n", -1);
        int count = parts.length - 1; // the text after the last "\n" must be empty
        if (!parts[count].isEmpty()) {
            throw NachaException.atLine(count + 1, "record", parts[count], "the last record does not end with \"\\n\"");
        }
        List<String> lines = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String line = parts[i].endsWith("\r") ? parts[i].substring(0, parts[i].length() - 1) : parts[i];
            if (line.length() != NachaFields.RECORD_LENGTH) {
                throw NachaException.atLine(
                        i + 1, "record", line.length() + " characters", "every record must be 94 characters");
            }
            for (int c = 0; c < line.length(); c++) {
                if (!NachaFields.printableAscii(line.charAt(c))) {
                    throw NachaException.atLine(
                            i + 1, "record", "position " + (c + 1), "holds a character that is not printable ASCII");
                }
            }
            lines.add(line);
        }
        return lines;
    }

    private NachaFile file(String text) {
        NachaFile.Header header = header(record('1', "a file header (1)"));
        List<NachaFile.Batch> batches = new ArrayList<>();
        while (peekType() == '5') {
            batches.add(batch(
                    batches.isEmpty() ? 0 : batches.get(batches.size() - 1).batchNumber()));
        }
        NachaFile.FileControl control = fileControl(record('9', "a batch header (5) or the file control (9)"), batches);
        while (next < lines.size()) {
            if (!lines.get(next).equals(NachaFields.FILLER)) {
                throw NachaException.atLine(
                        next + 1,
                        "record",
                        lines.get(next).substring(0, 1),
                        "only 9-filled records may follow the file control");
            }
            next++;
        }
        if (lines.size() % NachaFields.BLOCKING_FACTOR != 0) {
            throw NachaException.atLine(
                    lines.size(),
                    "blocking",
                    lines.size() + " records",
                    "must be a multiple of 10 records (blocking factor 10)");
        }
        return new NachaFile(header, batches, control, text);
    }

    private NachaFile.Header header(Fields f) {
        f.expect("priorityCode", 2, "01");
        String destination = f.text("immediateDestination", 10);
        String origin = f.text("immediateOrigin", 10);
        LocalDate date = f.date("fileCreationDate");
        LocalTime time = f.time("fileCreationTime");
        String modifier = f.text("fileIdModifier", 1);
        if (!modifier.matches("[A-Z0-9]")) {
            throw f.problem("fileIdModifier", modifier, "must be A to Z or 0 to 9");
        }
        f.expect("recordSize", 3, "094");
        f.expect("blockingFactor", 2, "10");
        f.expect("formatCode", 1, "1");
        return new NachaFile.Header(
                destination,
                origin,
                date,
                time,
                modifier.charAt(0),
                f.text("immediateDestinationName", 23).stripTrailing(),
                f.text("immediateOriginName", 23).stripTrailing(),
                f.text("referenceCode", 8).stripTrailing());
    }

    private NachaFile.Batch batch(int previousBatchNumber) {
        Fields h = record('5', "a batch header (5)");
        h.expect("serviceClassCode", 3, NachaWriter.SERVICE_CLASS_CREDITS_ONLY);
        String companyName = h.text("companyName", 16).stripTrailing();
        String discretionary = h.text("companyDiscretionaryData", 20).stripTrailing();
        String companyId = h.text("companyIdentification", 10).stripTrailing();
        h.expect("standardEntryClassCode", 3, NachaWriter.SEC_CODE);
        String description = h.text("companyEntryDescription", 10).stripTrailing();
        String descriptiveDate = h.text("companyDescriptiveDate", 6).stripTrailing();
        LocalDate effective = h.date("effectiveEntryDate");
        String settlement = h.text("settlementDate", 3);
        if (!settlement.isBlank() && !settlement.matches("\\d{3}")) {
            throw h.problem("settlementDate", settlement, "must be blank or a 3-digit day of the year");
        }
        h.expect("originatorStatusCode", 1, "1");
        String odfiId = h.digits("originatingDfiIdentification", 8);
        int batchNumber = (int) h.number("batchNumber", 7);
        if (batchNumber <= previousBatchNumber) {
            throw h.problem(
                    "batchNumber", batchNumber, "must be greater than the previous batch's " + previousBatchNumber);
        }

        List<NachaFile.TracedEntry> entries = new ArrayList<>();
        while (peekType() == '6') {
            entries.add(entry(
                    odfiId,
                    entries.isEmpty() ? null : entries.get(entries.size() - 1).traceNumber()));
        }
        if (entries.isEmpty()) {
            record('6', "an entry detail (6): a batch has at least one"); // throws: the next record is no entry
        }
        Fields c = record('8', "an entry detail (6) or a batch control (8)");
        NachaFile.BatchControl control = batchControl(c, entries, companyId, odfiId, batchNumber);
        return new NachaFile.Batch(
                batchNumber,
                companyName,
                discretionary,
                companyId,
                description,
                descriptiveDate,
                effective,
                odfiId,
                entries,
                control);
    }

    private NachaFile.TracedEntry entry(String odfiId, String previousTrace) {
        Fields f = record('6', "an entry detail (6)");
        String code = f.text("transactionCode", 2);
        AchAccountType type = AchAccountType.ofCreditTransactionCode(code);
        if (type == null) {
            throw f.problem("transactionCode", code, "must be 22 (checking credit) or 32 (savings credit)");
        }
        String routing = f.digits("receivingDfiIdentification", 8) + f.digits("checkDigit", 1);
        String account = f.text("dfiAccountNumber", 17).stripTrailing();
        long amountMinor = f.number("amount", 10);
        String id = f.text("identificationNumber", 15).strip();
        String name = f.text("receivingCompanyName", 22).stripTrailing();
        String discretionary = f.text("discretionaryData", 2).stripTrailing();
        if (!f.text("addendaRecordIndicator", 1).equals("0")) {
            throw f.problem("addendaRecordIndicator", f.last, "must be 0: addenda records are not supported");
        }
        String trace = f.digits("traceNumber", 15);
        if (!trace.startsWith(odfiId)) {
            throw f.problem("traceNumber", trace, "must begin with the batch's ODFI id " + odfiId);
        }
        if (previousTrace != null && trace.compareTo(previousTrace) <= 0) {
            throw f.problem("traceNumber", trace, "must be greater than the previous entry's " + previousTrace);
        }
        try {
            NachaEntry entry = new NachaEntry(
                    id,
                    name,
                    parsed(f, "receivingDfiIdentification", routing, RoutingNumber::new),
                    parsed(f, "dfiAccountNumber", account, BankAccountNumber::new),
                    type,
                    Money.ofMinor(amountMinor, Money.USD),
                    discretionary);
            return new NachaFile.TracedEntry(trace, entry);
        } catch (NachaException e) {
            throw f.problem(
                    e.problem().field(), e.problem().value(), e.problem().message());
        }
    }

    private static NachaFile.BatchControl batchControl(
            Fields c, List<NachaFile.TracedEntry> entries, String companyId, String odfiId, int batchNumber) {
        c.expect("serviceClassCode", 3, NachaWriter.SERVICE_CLASS_CREDITS_ONLY);
        List<NachaEntry> plain =
                entries.stream().map(NachaFile.TracedEntry::entry).toList();
        long credit = plain.stream().mapToLong(NachaEntry::amountMinor).sum();
        NachaFile.BatchControl control = new NachaFile.BatchControl(
                (int) c.total("entryAddendaCount", 6, entries.size()),
                c.total("entryHash", 10, NachaWriter.entryHash(plain)),
                c.total("totalDebitAmount", 12, 0),
                c.total("totalCreditAmount", 12, credit));
        c.expect("companyIdentification", 10, NachaFields.left(companyId, 10));
        c.expect("messageAuthenticationCode", 19, NachaFields.blanks(19));
        c.expect("reserved", 6, NachaFields.blanks(6));
        c.expect("originatingDfiIdentification", 8, odfiId);
        c.expect("batchNumber", 7, NachaFields.zeros(batchNumber, 7));
        return control;
    }

    private NachaFile.FileControl fileControl(Fields f, List<NachaFile.Batch> batches) {
        int entries = 0;
        long hash = 0;
        long credit = 0;
        for (NachaFile.Batch batch : batches) {
            entries += batch.control().entryAddendaCount();
            hash = (hash + batch.control().entryHash()) % NachaWriter.ENTRY_HASH_MODULUS;
            credit += batch.control().totalCreditMinor();
        }
        int blocks = (lines.size() + NachaFields.BLOCKING_FACTOR - 1) / NachaFields.BLOCKING_FACTOR;
        NachaFile.FileControl control = new NachaFile.FileControl(
                (int) f.total("batchCount", 6, batches.size()),
                (int) f.total("blockCount", 6, blocks),
                (int) f.total("entryAddendaCount", 8, entries),
                f.total("entryHash", 10, hash),
                f.total("totalDebitAmount", 12, 0),
                f.total("totalCreditAmount", 12, credit));
        f.expect("reserved", 39, NachaFields.blanks(39));
        return control;
    }

    private Fields record(char type, String expected) {
        if (next >= lines.size()) {
            throw NachaException.atLine(next + 1, "recordType", "end of file", "expected " + expected);
        }
        String line = lines.get(next++);
        if (line.charAt(0) != type) {
            String message = line.charAt(0) == '7' ? "addenda records (7) are not supported" : "expected " + expected;
            throw NachaException.atLine(next, "recordType", line.substring(0, 1), message);
        }
        return new Fields(line, next);
    }

    private char peekType() {
        return next < lines.size() ? lines.get(next).charAt(0) : '\0';
    }

    private interface Parser<T> {
        T parse(String value);
    }

    private static <T> T parsed(Fields f, String field, String value, Parser<T> parser) {
        try {
            return parser.parse(value);
        } catch (FactorlineException e) {
            String shown = field.equals("dfiAccountNumber") ? BankAccountNumber.mask(value) : value;
            String message = e.problems().isEmpty()
                    ? e.getMessage()
                    : e.problems().get(0).message();
            throw f.problem(field, shown, message);
        }
    }

    /** One record read field by field from left to right, so that each error can name its field. */
    private static final class Fields {
        private final String record;
        private final long line;
        private int position = 1; // the record type is already known
        private String last;

        Fields(String record, long line) {
            this.record = record;
            this.line = line;
        }

        String text(String field, int width) {
            last = record.substring(position, position + width);
            position += width;
            return last;
        }

        String digits(String field, int width) {
            String value = text(field, width);
            if (!value.matches("\\d{" + width + "}")) {
                throw problem(field, value, "must be " + width + " digits");
            }
            return value;
        }

        long number(String field, int width) {
            return Long.parseLong(digits(field, width));
        }

        /** A control field, checked against what the records before it add up to. */
        long total(String field, int width, long computed) {
            long value = number(field, width);
            if (value != computed) {
                throw problem(field, last, "does not match the records, which give " + computed);
            }
            return value;
        }

        void expect(String field, int width, String expected) {
            String value = text(field, width);
            if (!value.equals(expected)) {
                throw problem(field, value, "must be \"" + expected + "\"");
            }
        }

        LocalDate date(String field) {
            String value = text(field, 6);
            try {
                return LocalDate.parse(value, YYMMDD);
            } catch (DateTimeParseException e) {
                throw problem(field, value, "must be a date as YYMMDD");
            }
        }

        LocalTime time(String field) {
            String value = text(field, 4);
            try {
                return LocalTime.parse(value, HHMM);
            } catch (DateTimeParseException e) {
                throw problem(field, value, "must be a time as HHMM");
            }
        }

        NachaException problem(String field, Object value, String message) {
            return NachaException.atLine(line, field, value, message);
        }
    }
}
