package org.factorline.receipts;

import static org.factorline.receipts.Bai2Values.control;
import static org.factorline.receipts.Bai2Values.count;
import static org.factorline.receipts.Bai2Values.date;
import static org.factorline.receipts.Bai2Values.direction;
import static org.factorline.receipts.Bai2Values.funds;
import static org.factorline.receipts.Bai2Values.isTypeCode;
import static org.factorline.receipts.Bai2Values.optional;
import static org.factorline.receipts.Bai2Values.optionalCount;
import static org.factorline.receipts.Bai2Values.plural;
import static org.factorline.receipts.Bai2Values.required;
import static org.factorline.receipts.Bai2Values.signedAmount;
import static org.factorline.receipts.Bai2Values.time;
import static org.factorline.receipts.Bai2Values.unsignedAmount;

import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Set;
import org.factorline.shared.Money;

/**
 * Reads a BAI2 file (Cash Management Balance Reporting Specification, version 2): the bank's report of
 * what came into and went out of the factor's accounts, often with the lockbox detail of each check in
 * continuation (88) records. Every control total and record count in the account, group and file trailers
 * is checked against the records before them; the first thing wrong is reported with its line and field,
 * and a file is never half read.
 *
 * <p>An account's control total is the sum of its 03 summary amounts and its 16 detail amounts (funds
 * availability amounts are not counted); record counts include every 88 continuation.
 */
public final class Bai2Reader {

    private static final Set<String> RECORD_TYPES = Set.of("01", "02", "03", "16", "49", "88", "98", "99");

    private final Bai2Lines lines;
    private Bai2Fields peeked;
    private int transactions;
    private int accounts;

    private Bai2Reader(String text) {
        this.lines = new Bai2Lines(text);
    }

    /** Reads the bytes as UTF-8, or as Windows-1252 when they are not UTF-8. */
    public static BankStatement read(byte[] bytes) {
        return read(BankValues.decode(bytes));
    }

    /** The file's accounts and transactions; a {@link BankFileException} names the line and field of any fault. */
    public static BankStatement read(String text) {
        if (text == null || text.isBlank()) {
            throw BankFileException.at(1, "recordType", "", "the file is empty");
        }
        return new Bai2Reader(text.startsWith("\uFEFF") ? text.substring(1) : text).file();
    }

    private BankStatement file() {
        Bai2Fields header = expect("01", "the file header (01)");
        String sender = required(header, "senderId");
        String receiver = required(header, "receiverId");
        LocalDate created = date(header, "fileCreationDate");
        LocalTime createdTime = time(header, "fileCreationTime", true);
        String fileId = required(header, "fileIdentificationNumber");
        optionalCount(header, "physicalRecordLength");
        optionalCount(header, "blockSize");
        String version = header.next();
        if (!"2".equals(version)) {
            throw BankFileException.at(header.line(), "versionNumber", version, "must be 2: this reads BAI version 2");
        }
        header.end();

        long records = header.physicalRecords();
        BigInteger total = BigInteger.ZERO;
        int groups = 0;
        List<StatementAccount> read = new ArrayList<>();
        while (isNext("02")) {
            Group group = group(read);
            records += group.records;
            total = total.add(group.total);
            groups++;
        }
        Bai2Fields trailer = expect("99", "a group header (02) or the file trailer (99)");
        records += trailer.physicalRecords();
        control(trailer, "fileControlTotal", total, "the file's groups");
        count(trailer, "numberOfGroups", groups, "the file has " + plural(groups, "group"));
        count(
                trailer,
                "numberOfRecords",
                records,
                "the file has " + records + " records (01 to 99, with 88 continuations)");
        trailer.end();
        Bai2Fields after = nextRecord();
        if (after != null) {
            throw BankFileException.at(
                    after.firstLine(), "recordType", after.type(), "nothing may follow the file trailer (99)");
        }
        return new BankStatement(
                BankFileFormat.BAI2,
                version,
                fileId,
                sender,
                receiver,
                LocalDateTime.of(created, createdTime),
                null,
                read);
    }

    private record Group(BigInteger total, long records) {}

    private Group group(List<StatementAccount> read) {
        Bai2Fields header = expect("02", "a group header (02)");
        optional(header, "ultimateReceiverId");
        required(header, "originatorId");
        String status = header.next();
        switch (status == null ? "" : status) {
            case "1", "3" -> {} // update, correction
            case "2" ->
                throw BankFileException.at(
                        header.line(),
                        "groupStatus",
                        status,
                        "is 2 (deletion): a group withdrawing an earlier report is not imported");
            case "4" ->
                throw BankFileException.at(
                        header.line(), "groupStatus", status, "is 4 (test only): test data is not imported");
            default ->
                throw BankFileException.at(
                        header.line(), "groupStatus", status, "must be 1 (update), 2, 3 (correction) or 4");
        }
        LocalDate asOf = date(header, "asOfDate");
        time(header, "asOfTime", false);
        String currencyCode = header.next();
        Currency currency = currencyCode == null || currencyCode.isEmpty()
                ? Money.USD
                : BankValues.currency(currencyCode, header.line(), "currencyCode");
        String modifier = header.next();
        if (modifier != null && !modifier.isEmpty() && !modifier.matches("[1-4]")) {
            throw BankFileException.at(header.line(), "asOfDateModifier", modifier, "must be 1, 2, 3 or 4");
        }
        header.end();

        long records = header.physicalRecords();
        BigInteger total = BigInteger.ZERO;
        int accountsInGroup = 0;
        while (isNext("03")) {
            Account account = account(asOf, currency);
            read.add(account.account);
            records += account.records;
            total = total.add(account.total);
            accountsInGroup++;
        }
        Bai2Fields trailer = expect("98", "an account identifier (03) or the group trailer (98)");
        records += trailer.physicalRecords();
        control(trailer, "groupControlTotal", total, "the group's accounts");
        count(trailer, "numberOfAccounts", accountsInGroup, "the group has " + plural(accountsInGroup, "account"));
        count(
                trailer,
                "numberOfRecords",
                records,
                "the group has " + records + " records (02 to 98, with 88 continuations)");
        trailer.end();
        return new Group(total, records);
    }

    private record Account(StatementAccount account, BigInteger total, long records) {}

    private Account account(LocalDate asOf, Currency groupCurrency) {
        Bai2Fields identifier = expect("03", "an account identifier (03)");
        if (++accounts > BankFileLimits.MAX_ACCOUNTS) {
            throw BankFileException.at(
                    identifier.firstLine(),
                    "recordType",
                    "03",
                    "the file has more than " + BankFileLimits.MAX_ACCOUNTS + " accounts");
        }
        String number = required(identifier, "customerAccountNumber");
        String currencyCode = identifier.next();
        Currency currency = currencyCode == null || currencyCode.isEmpty()
                ? groupCurrency
                : BankValues.currency(currencyCode, identifier.line(), "currencyCode");
        BigInteger total = BigInteger.ZERO;
        List<BankSummary> summaries = new ArrayList<>();
        String typeCode;
        while ((typeCode = identifier.next()) != null) {
            if (typeCode.isEmpty()) {
                noMoreSummaries(identifier); // a trailing ",/" leaves one empty field
                break;
            }
            BankSummary summary = summary(identifier, typeCode, currency);
            if (summaries.size() == BankFileLimits.MAX_SUMMARIES) {
                throw BankFileException.at(
                        identifier.line(),
                        "typeCode",
                        typeCode,
                        "the account has more than " + BankFileLimits.MAX_SUMMARIES + " summaries");
            }
            summaries.add(summary);
            if (summary.amount() != null) {
                total = total.add(BigInteger.valueOf(summary.amount().minorUnits()));
            }
        }
        identifier.end();

        long records = identifier.physicalRecords();
        List<BankTransaction> details = new ArrayList<>();
        while (isNext("16")) {
            Bai2Fields detail = expect("16", "a transaction detail (16)");
            BankTransaction transaction = detail(detail, asOf, currency);
            details.add(transaction);
            records += detail.physicalRecords();
            total = total.add(transaction.amount().amount().abs().unscaledValue());
        }
        Bai2Fields trailer = expect("49", "a transaction detail (16) or the account trailer (49)");
        records += trailer.physicalRecords();
        control(trailer, "accountControlTotal", total, "the account's 03 and 16 amounts");
        count(
                trailer,
                "numberOfRecords",
                records,
                "the account has " + records + " records (03 to 49, with 88 continuations)");
        trailer.end();
        StatementAccount account = new StatementAccount(
                number, currency, null, asOf, summaries, details, SourceLocation.line(identifier.firstLine()));
        return new Account(account, total, records);
    }

    private static void noMoreSummaries(Bai2Fields f) {
        long line = f.line();
        String value;
        while ((value = f.next()) != null) {
            if (!value.isEmpty()) {
                throw BankFileException.at(line, "typeCode", "", "is missing before the summary's \"" + value + "\"");
            }
        }
    }

    private BankSummary summary(Bai2Fields f, String typeCode, Currency currency) {
        long line = f.line();
        if (!isTypeCode(typeCode)) {
            throw BankFileException.at(line, "typeCode", typeCode, "is not a type code: three digits, 001 to 999");
        }
        Money amount = signedAmount(f, "amount", currency);
        Integer itemCount = optionalCount(f, "itemCount");
        funds(f, currency); // read and checked; a summary's availability is not kept
        return new BankSummary(typeCode, amount, itemCount, SourceLocation.line(line));
    }

    private BankTransaction detail(Bai2Fields f, LocalDate asOf, Currency currency) {
        if (++transactions > BankFileLimits.MAX_TRANSACTIONS) {
            throw BankFileException.at(
                    f.firstLine(),
                    "recordType",
                    "16",
                    "the file has more than " + BankFileLimits.MAX_TRANSACTIONS + " transactions");
        }
        TransactionDraft t = new TransactionDraft();
        t.source = SourceLocation.line(f.firstLine());
        String typeCode = f.next();
        t.direction = direction(f, typeCode);
        t.code = TransactionCode.bai2(typeCode);
        String amount = f.next();
        if ((amount == null || amount.isEmpty()) && t.direction == CreditDebit.UNDETERMINED) {
            t.amount = Money.zero(currency);
        } else {
            t.amount = unsignedAmount(f, "amount", amount, currency);
        }
        t.availability = funds(f, currency);
        t.bookingDate = asOf;
        t.valueDate = t.availability.valueDate();
        t.bankReference = BankValues.bounded(f.nextAllowingSlash(), f.line(), "bankReferenceNumber");
        t.customerReference = BankValues.bounded(f.nextAllowingSlash(), f.line(), "customerReferenceNumber");
        String text = f.rest(BankFileLimits.MAX_TEXT_LENGTH, "text");
        t.remittanceText = text.isEmpty() ? null : text;
        return t.build();
    }

    private boolean isNext(String type) {
        Bai2Fields next = peekRecord();
        return next != null && next.type().equals(type);
    }

    private Bai2Fields expect(String type, String expected) {
        Bai2Fields record = nextRecord();
        if (record == null) {
            throw BankFileException.at(
                    lines.lastLineNumber() + 1,
                    "recordType",
                    "end of file",
                    "the file ends early: expected " + expected);
        }
        if (!record.type().equals(type)) {
            throw BankFileException.at(record.firstLine(), "recordType", record.type(), "expected " + expected);
        }
        return record;
    }

    private Bai2Fields peekRecord() {
        if (peeked == null) {
            peeked = readRecord();
        }
        return peeked;
    }

    private Bai2Fields nextRecord() {
        Bai2Fields record = peekRecord();
        peeked = null;
        return record;
    }

    /** The next record with its continuations; null at the end of the file. */
    private Bai2Fields readRecord() {
        Bai2Lines.Line first = lines.next();
        if (first == null) {
            return null;
        }
        String type = type(first);
        if (type.equals("88")) {
            throw BankFileException.at(
                    first.number(), "recordType", "88", "a continuation (88) must follow the record it continues");
        }
        List<Bai2Lines.Line> segments = new ArrayList<>();
        segments.add(first);
        while (lines.peek() != null && type(lines.peek()).equals("88")) {
            if (segments.size() > BankFileLimits.MAX_CONTINUATIONS) {
                throw BankFileException.at(
                        lines.peek().number(),
                        "recordType",
                        "88",
                        "more than " + BankFileLimits.MAX_CONTINUATIONS + " continuations of the record on line "
                                + first.number());
            }
            segments.add(lines.next());
        }
        return new Bai2Fields(type, segments);
    }

    private static String type(Bai2Lines.Line line) {
        String text = line.text();
        if (text.length() < 3 || text.charAt(2) != ',') {
            String shown = text.substring(0, Math.min(text.length(), 3));
            throw BankFileException.at(
                    line.number(), "recordType", shown, "is not the start of a BAI2 record: two digits and a comma");
        }
        String type = text.substring(0, 2);
        if (!RECORD_TYPES.contains(type)) {
            throw BankFileException.at(
                    line.number(), "recordType", type, "is not a BAI2 record type (01, 02, 03, 16, 49, 88, 98, 99)");
        }
        return type;
    }
}
