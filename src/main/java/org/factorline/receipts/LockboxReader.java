package org.factorline.receipts;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.factorline.shared.Money;

/**
 * Reads a lockbox CSV: one row per check the bank took out of the factor's lockbox, in the bank's own
 * columns, which a {@link LockboxMapping} names. The header row comes first; blank rows are passed over.
 * Every check is a credit. Errors name the line, the column and the value.
 */
public final class LockboxReader {

    private static final Pattern CENTS = Pattern.compile("\\d{1,18}");
    private static final Pattern DECIMAL = Pattern.compile("\\$?(\\d{1,3}(,\\d{3})+|\\d{1,18})(\\.\\d{1,17})?");
    private static final Pattern INVOICE_SEPARATORS = Pattern.compile("[;|\\s]+");

    private final LockboxMapping mapping;
    private final DateTimeFormatter dateFormat;
    private Map<String, Integer> columns;
    private int width;

    private LockboxReader(LockboxMapping mapping) {
        this.mapping = mapping;
        this.dateFormat = mapping.depositDateColumn() == null ? null : mapping.dateFormat();
    }

    /** Reads the bytes as UTF-8, or as Windows-1252 when they are not UTF-8. */
    public static BankStatement read(byte[] bytes, LockboxMapping mapping) {
        return read(BankValues.decode(bytes), mapping);
    }

    public static BankStatement read(String text, LockboxMapping mapping) {
        if (text == null || text.isBlank()) {
            throw BankFileException.at(1, "header", "", "the file is empty; its first line must name the columns");
        }
        return new LockboxReader(mapping).file(text.startsWith("\uFEFF") ? text.substring(1) : text);
    }

    private BankStatement file(String text) {
        CSVFormat format = CSVFormat.RFC4180
                .builder()
                .setDelimiter(mapping.delimiter())
                .setIgnoreEmptyLines(false)
                .setTrim(true)
                .get();
        List<BankTransaction> transactions = new ArrayList<>();
        long lastLine = 0;
        try (CSVParser parser = CSVParser.builder()
                .setReader(new StringReader(text))
                .setFormat(format)
                .get()) {
            Iterator<CSVRecord> records = parser.iterator();
            while (hasNext(records, lastLine)) {
                CSVRecord record = records.next();
                long line = lastLine + 1; // the parser now stands at the line the record ends on
                lastLine = Math.max(line, parser.getCurrentLineNumber());
                List<String> values = record.toList();
                if (values.stream().allMatch(String::isEmpty)) {
                    continue;
                }
                if (columns == null) {
                    header(values, line);
                    continue;
                }
                if (transactions.size() == BankFileLimits.MAX_TRANSACTIONS) {
                    throw BankFileException.at(
                            line, "row", null, "the file has more than " + BankFileLimits.MAX_TRANSACTIONS + " checks");
                }
                transactions.add(row(values, line));
            }
        } catch (IOException e) {
            throw BankFileException.at(lastLine + 1, "file", null, "could not be read as CSV: " + e.getMessage());
        }
        if (columns == null) {
            throw BankFileException.at(1, "header", "", "the file is empty; its first line must name the columns");
        }
        StatementAccount account = new StatementAccount(
                mapping.lockboxNumber(),
                mapping.currency(),
                null,
                null,
                List.of(),
                transactions,
                SourceLocation.line(1));
        return new BankStatement(BankFileFormat.LOCKBOX_CSV, null, null, null, null, null, null, List.of(account));
    }

    /** commons-csv reports broken quoting as an unchecked exception from the iterator. */
    private static boolean hasNext(Iterator<CSVRecord> records, long lastLine) {
        try {
            return records.hasNext();
        } catch (UncheckedIOException | IllegalStateException e) {
            String message = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
            throw BankFileException.at(lastLine + 1, "file", null, "is not valid CSV: " + message);
        }
    }

    private void header(List<String> names, long line) {
        Map<String, Integer> index = new HashMap<>();
        Set<String> twice = new LinkedHashSet<>();
        for (int i = 0; i < names.size(); i++) {
            if (index.putIfAbsent(key(names.get(i)), i) != null) {
                twice.add(key(names.get(i)));
            }
        }
        for (String column : mapping.columns()) {
            if (!index.containsKey(key(column))) {
                throw BankFileException.at(
                        line,
                        "column",
                        column,
                        "is not in the header; the file's columns are " + String.join(", ", names));
            }
            if (twice.contains(key(column))) {
                throw BankFileException.at(line, "column", column, "appears twice in the header");
            }
        }
        columns = index;
        width = names.size();
    }

    private BankTransaction row(List<String> values, long line) {
        if (values.size() != width) {
            throw BankFileException.at(
                    line, "row", String.join(",", values), "has " + values.size() + " fields; the header has " + width);
        }
        TransactionDraft t = new TransactionDraft();
        t.source = SourceLocation.line(line);
        t.direction = CreditDebit.CREDIT;
        t.amount = amount(values, line);
        t.customerReference = text(values, mapping.checkNumberColumn(), line, BankFileLimits.MAX_FIELD_LENGTH);
        t.payerName = text(values, mapping.payerNameColumn(), line, BankFileLimits.MAX_FIELD_LENGTH);
        t.payerAccount = text(values, mapping.payerAccountColumn(), line, BankFileLimits.MAX_FIELD_LENGTH);
        t.payerBank = text(values, mapping.payerRoutingColumn(), line, BankFileLimits.MAX_FIELD_LENGTH);
        t.bookingDate = date(values, line);
        t.remittanceText = text(values, mapping.remittanceColumn(), line, BankFileLimits.MAX_TEXT_LENGTH);
        for (String column : mapping.invoiceColumns()) {
            String cell = text(values, column, line, BankFileLimits.MAX_TEXT_LENGTH);
            if (cell == null) {
                continue;
            }
            for (String number : INVOICE_SEPARATORS.split(cell)) {
                if (number.isEmpty()) {
                    continue;
                }
                BankValues.bounded(number, line, column);
                if (t.invoiceNumbers.size() == BankFileLimits.MAX_INVOICE_NUMBERS) {
                    throw BankFileException.at(
                            line,
                            column,
                            number,
                            "more than " + BankFileLimits.MAX_INVOICE_NUMBERS + " invoice numbers on one check");
                }
                t.invoiceNumbers.add(number);
            }
        }
        return t.build();
    }

    private Money amount(List<String> values, long line) {
        String column = mapping.amountColumn();
        String value = cell(values, column);
        if (value.isEmpty()) {
            throw BankFileException.at(line, column, "", "is missing");
        }
        Money amount;
        if (mapping.amountsInCents()) {
            if (!CENTS.matcher(value).matches()) {
                throw BankFileException.at(
                        line, column, value, "is not a whole number of " + BankValues.minorUnits(mapping.currency()));
            }
            amount = Money.ofMinor(Long.parseLong(value), mapping.currency());
        } else {
            if (!DECIMAL.matcher(value).matches()) {
                throw BankFileException.at(line, column, value, "is not an amount such as 9850.00 or 9,850.00");
            }
            BigDecimal decimal = new BigDecimal(value.replace("$", "").replace(",", ""));
            int decimals = mapping.currency().getDefaultFractionDigits();
            if (decimal.stripTrailingZeros().scale() > decimals) {
                throw BankFileException.at(
                        line, column, value, "has more than " + decimals + " decimals for " + mapping.currency());
            }
            amount = Money.of(decimal, mapping.currency());
        }
        if (!amount.isPositive()) {
            throw BankFileException.at(line, column, value, "must be more than zero");
        }
        return amount;
    }

    private LocalDate date(List<String> values, long line) {
        String column = mapping.depositDateColumn();
        if (column == null) {
            return null;
        }
        String value = cell(values, column);
        if (value.isEmpty()) {
            throw BankFileException.at(line, column, "", "is missing");
        }
        try {
            return LocalDate.parse(value, dateFormat);
        } catch (DateTimeParseException e) {
            throw BankFileException.at(line, column, value, "is not a date as " + mapping.datePattern());
        }
    }

    private String text(List<String> values, String column, long line, int max) {
        return column == null ? null : BankValues.bounded(cell(values, column), max, line, column);
    }

    private String cell(List<String> values, String column) {
        return values.get(columns.get(key(column)));
    }

    private static String key(String header) {
        return header.replace("\uFEFF", "").strip().toLowerCase(Locale.ROOT);
    }
}
