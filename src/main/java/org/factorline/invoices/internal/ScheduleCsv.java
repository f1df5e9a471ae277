package org.factorline.invoices.internal;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Currency;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;

/**
 * The schedule file: a header line naming the columns (any order, any case), then one invoice per line.
 * This class reads the text of the file only (is the date a date, is the amount an amount); whether the
 * debtor exists or the number was used before is the importer's business.
 */
public final class ScheduleCsv {

    /** The columns a schedule file may have. */
    public enum Column {
        INVOICE_NUMBER(true),
        DEBTOR(true),
        PO_NUMBER(false),
        ISSUE_DATE(true),
        TERMS_DAYS(false),
        DUE_DATE(false),
        AMOUNT(true),
        CURRENCY(false);

        private final boolean required;

        Column(boolean required) {
            this.required = required;
        }

        public String header() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Optional<Column> ofHeader(String text) {
            String h =
                    text.replace("\uFEFF", "").strip().toLowerCase(Locale.ROOT).replaceAll("[\\s\\-]+", "_");
            for (Column c : values()) {
                if (c.header().equals(h)) {
                    return Optional.of(c);
                }
            }
            return Optional.empty();
        }
    }

    public static final int MAX_NUMBER_LENGTH = 40;
    public static final int MAX_DEBTOR_LENGTH = 200;
    public static final int MAX_TERMS_DAYS = 365;
    /** The largest amount, of one invoice and of a whole schedule, that the amount columns hold. */
    public static final BigDecimal MAX_AMOUNT = new BigDecimal("99999999999999999.99");

    /** RFC 4180 with the header read by hand (so that problems with it are reported, not thrown); blank lines kept to count lines. */
    public static final CSVFormat FORMAT =
            CSVFormat.RFC4180.builder().setIgnoreEmptyLines(false).setTrim(true).get();

    private static final Pattern PLAIN_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern PLAIN_AMOUNT = Pattern.compile("\\d{1,17}(\\.\\d+)?");
    private static final Pattern GROUPED_AMOUNT = Pattern.compile("\\d{1,3}(,\\d{3}){1,5}(\\.\\d+)?");

    private ScheduleCsv() {}

    /** Where each column is in the file, and how many columns a line has. */
    public record Header(Map<Column, Integer> index, int width) {
        public boolean has(Column c) {
            return index.containsKey(c);
        }
    }

    /** One line of the file, read and checked on its own. {@code currency} is null when the line leaves it to the agreement. */
    public record Row(
            long line,
            String number,
            String debtor,
            String poNumber,
            LocalDate issueDate,
            int termsDays,
            LocalDate dueDate,
            BigDecimal amount,
            Currency currency) {}

    /** Reads the header line; every problem with it is reported on line 1. */
    public static Optional<Header> header(List<String> names, ImportProblems problems) {
        Map<Column, Integer> index = new EnumMap<>(Column.class);
        boolean ok = true;
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            Optional<Column> c = Column.ofHeader(name);
            if (name.replace("\uFEFF", "").isBlank()) {
                // a trailing comma, say: the column has no name to report it by, so its position names it
                problems.add(
                        1, "column " + (i + 1), name, "has no name in the header; the columns are " + columnList());
                ok = false;
            } else if (c.isEmpty()) {
                problems.add(1, name, name, "is not a column of a schedule file; the columns are " + columnList());
                ok = false;
            } else if (index.containsKey(c.get())) {
                problems.add(1, name, name, "appears twice in the header");
                ok = false;
            } else {
                index.put(c.get(), i);
            }
        }
        for (Column c : Column.values()) {
            if (c.required && !index.containsKey(c)) {
                problems.add(1, c.header(), null, "column is missing from the header");
                ok = false;
            }
        }
        if (!index.containsKey(Column.TERMS_DAYS) && !index.containsKey(Column.DUE_DATE)) {
            problems.add(1, "terms_days", null, "the header needs a terms_days or a due_date column");
            ok = false;
        }
        return ok ? Optional.of(new Header(Map.copyOf(index), names.size())) : Optional.empty();
    }

    /** Reads one line; every problem is reported with the line, the column and the value. */
    public static Optional<Row> row(
            Header header, long line, List<String> values, LocalDate today, ImportProblems problems) {
        if (values.size() != header.width()) {
            problems.add(
                    line,
                    "line",
                    String.join(",", values),
                    "has " + values.size() + " fields; the header has " + header.width());
            return Optional.empty();
        }
        long before = problems.total();
        String number = text(header, values, Column.INVOICE_NUMBER);
        if (number == null) {
            problems.add(line, Column.INVOICE_NUMBER.header(), null, "is required");
        } else if (number.length() > MAX_NUMBER_LENGTH || !printable(number)) {
            problems.add(
                    line,
                    Column.INVOICE_NUMBER.header(),
                    number,
                    "must be at most " + MAX_NUMBER_LENGTH + " printable characters");
        }
        String debtor = text(header, values, Column.DEBTOR);
        if (debtor == null) {
            problems.add(
                    line, Column.DEBTOR.header(), null, "is required: a debtor reference such as D-000012 or its name");
        } else if (debtor.length() > MAX_DEBTOR_LENGTH) {
            problems.add(line, Column.DEBTOR.header(), debtor, "must be at most " + MAX_DEBTOR_LENGTH + " characters");
        }
        String po = text(header, values, Column.PO_NUMBER);
        if (po != null && (po.length() > MAX_NUMBER_LENGTH || !printable(po))) {
            problems.add(
                    line,
                    Column.PO_NUMBER.header(),
                    po,
                    "must be at most " + MAX_NUMBER_LENGTH + " printable characters");
        }
        LocalDate issue = date(header, values, Column.ISSUE_DATE, line, problems);
        if (issue == null && text(header, values, Column.ISSUE_DATE) == null) {
            problems.add(line, Column.ISSUE_DATE.header(), null, "is required (YYYY-MM-DD)");
        }
        if (issue != null && issue.isAfter(today)) {
            problems.add(line, Column.ISSUE_DATE.header(), issue, "must not be in the future");
        }
        Integer terms = terms(header, values, line, problems);
        LocalDate due = date(header, values, Column.DUE_DATE, line, problems);
        boolean termsGiven = text(header, values, Column.TERMS_DAYS) != null;
        boolean dueGiven = text(header, values, Column.DUE_DATE) != null;
        if (!termsGiven && !dueGiven) {
            problems.add(
                    line,
                    header.has(Column.TERMS_DAYS) ? "terms_days" : "due_date",
                    null,
                    "give terms_days or due_date");
        }
        if (issue != null && due == null && terms != null) {
            due = issue.plusDays(terms);
        }
        if (issue != null && due != null) {
            if (due.isBefore(issue)) {
                problems.add(line, Column.DUE_DATE.header(), due, "must not be before the issue date " + issue);
            } else if (due.isAfter(issue.plusDays(MAX_TERMS_DAYS))) {
                problems.add(
                        line,
                        Column.DUE_DATE.header(),
                        due,
                        "must be at most " + MAX_TERMS_DAYS + " days after the issue date " + issue);
            } else if (terms == null) {
                terms = (int) ChronoUnit.DAYS.between(issue, due);
            }
        }
        BigDecimal amount = amount(header, values, line, problems);
        Currency currency = currency(header, values, line, problems);
        if (problems.total() > before) {
            return Optional.empty();
        }
        return Optional.of(new Row(line, number, debtor, po, issue, terms, due, amount, currency));
    }

    public static String columnList() {
        StringBuilder b = new StringBuilder();
        for (Column c : Column.values()) {
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append(c.header());
        }
        return b.toString();
    }

    /** A line with nothing on it (a trailing newline, a spacer line): skipped, not an error. */
    public static boolean isBlank(List<String> values) {
        return values.stream().allMatch(String::isBlank);
    }

    private static String text(Header header, List<String> values, Column c) {
        Integer i = header.index().get(c);
        if (i == null) {
            return null;
        }
        String v = values.get(i).strip();
        return v.isEmpty() ? null : v;
    }

    private static LocalDate date(Header header, List<String> values, Column c, long line, ImportProblems problems) {
        String s = text(header, values, c);
        if (s == null) {
            return null;
        }
        try {
            if (!PLAIN_DATE.matcher(s).matches()) {
                // LocalDate.parse also takes "+999999999-12-31", a year no arithmetic on it survives
                throw new DateTimeParseException("not YYYY-MM-DD", s, 0);
            }
            return LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            problems.add(line, c.header(), s, "is not a date in the form YYYY-MM-DD");
            return null;
        }
    }

    private static Integer terms(Header header, List<String> values, long line, ImportProblems problems) {
        String s = text(header, values, Column.TERMS_DAYS);
        if (s == null) {
            return null;
        }
        if (!s.matches("\\d{1,3}") || Integer.parseInt(s) > MAX_TERMS_DAYS) {
            problems.add(
                    line, Column.TERMS_DAYS.header(), s, "must be a whole number of days from 0 to " + MAX_TERMS_DAYS);
            return null;
        }
        return Integer.parseInt(s);
    }

    private static BigDecimal amount(Header header, List<String> values, long line, ImportProblems problems) {
        String s = text(header, values, Column.AMOUNT);
        if (s == null) {
            problems.add(line, Column.AMOUNT.header(), null, "is required, such as 1234.56");
            return null;
        }
        String digits = s;
        if (GROUPED_AMOUNT.matcher(s).matches()) {
            digits = s.replace(",", "");
        } else if (!PLAIN_AMOUNT.matcher(s).matches()) {
            problems.add(line, Column.AMOUNT.header(), s, "is not an amount such as 1234.56");
            return null;
        }
        BigDecimal amount = new BigDecimal(digits);
        if (amount.signum() <= 0) {
            problems.add(line, Column.AMOUNT.header(), s, "must be more than zero");
            return null;
        }
        if (amount.compareTo(MAX_AMOUNT) > 0) {
            problems.add(line, Column.AMOUNT.header(), s, "must be at most " + MAX_AMOUNT.toPlainString());
            return null;
        }
        if (amount.stripTrailingZeros().scale() > 2) {
            problems.add(line, Column.AMOUNT.header(), s, "has more than two decimals");
            return null;
        }
        return amount;
    }

    private static Currency currency(Header header, List<String> values, long line, ImportProblems problems) {
        String s = text(header, values, Column.CURRENCY);
        if (s == null) {
            return null;
        }
        try {
            if (s.matches("[A-Za-z]{3}")) {
                return Currency.getInstance(s.toUpperCase(Locale.ROOT));
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        problems.add(line, Column.CURRENCY.header(), s, "is not a currency code such as USD");
        return null;
    }

    private static boolean printable(String s) {
        return s.chars().noneMatch(Character::isISOControl);
    }
}
