package org.factorline.receipts;

import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Objects;

/**
 * Where a bank's lockbox CSV keeps each thing, by header name (matched without regard to case or
 * surrounding blanks). Every bank has its own columns, so the factor sets one mapping up per lockbox
 * when the bank sends its first file. Only the amount column is required; a column left null is not read.
 *
 * @param lockboxNumber the lockbox (or the account it deposits to): the file does not say it
 * @param currency the currency of every amount in the file
 * @param amountColumn the check (payment) amount
 * @param checkNumberColumn becomes the transaction's customer reference
 * @param payerAccountColumn the MICR account number on the check
 * @param payerRoutingColumn the MICR ABA routing number on the check
 * @param depositDateColumn read with {@code datePattern}, a {@link DateTimeFormatter} pattern such as
 *     "MM/dd/yyyy"
 * @param invoiceColumns zero or more columns of invoice numbers; a cell may hold several, separated by
 *     ";", "|" or blanks
 * @param remittanceColumn free remittance text
 * @param amountsInCents true when amounts are whole cents ("985000"), false when decimal ("9,850.00")
 * @param delimiter the field separator: ',' usually, ';' or '|' or a tab for some banks
 */
public record LockboxMapping(
        String lockboxNumber,
        Currency currency,
        String amountColumn,
        String checkNumberColumn,
        String payerNameColumn,
        String payerAccountColumn,
        String payerRoutingColumn,
        String depositDateColumn,
        String datePattern,
        List<String> invoiceColumns,
        String remittanceColumn,
        boolean amountsInCents,
        char delimiter) {

    public LockboxMapping {
        requireText(lockboxNumber, "lockboxNumber");
        Objects.requireNonNull(currency, "currency");
        requireText(amountColumn, "amountColumn");
        invoiceColumns = invoiceColumns == null ? List.of() : List.copyOf(invoiceColumns);
        if (depositDateColumn != null) {
            requireText(datePattern, "datePattern");
            formatter(datePattern); // refuses a pattern that is not one
        }
        if (delimiter == '"' || delimiter == '\r' || delimiter == '\n') {
            throw new IllegalArgumentException("the delimiter cannot be a quote or a line break");
        }
    }

    public static Builder builder(String lockboxNumber, Currency currency) {
        return new Builder(lockboxNumber, currency);
    }

    /** Every column the mapping reads, in the order of the record's components. */
    public List<String> columns() {
        List<String> columns = new ArrayList<>();
        for (String c : new String[] {
            amountColumn, checkNumberColumn, payerNameColumn, payerAccountColumn, payerRoutingColumn, depositDateColumn
        }) {
            if (c != null) {
                columns.add(c);
            }
        }
        columns.addAll(invoiceColumns);
        if (remittanceColumn != null) {
            columns.add(remittanceColumn);
        }
        return columns;
    }

    /** The date format, strict: 02/30/2026 is refused, not moved to March. */
    DateTimeFormatter dateFormat() {
        return formatter(datePattern);
    }

    private static DateTimeFormatter formatter(String pattern) {
        // "yyyy" is year-of-era, which STRICT will not resolve without an era; "uuuu" is the plain year.
        StringBuilder plainYears = new StringBuilder();
        boolean quoted = false;
        for (char c : pattern.toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
            }
            plainYears.append(!quoted && c == 'y' ? 'u' : c);
        }
        try {
            return DateTimeFormatter.ofPattern(plainYears.toString()).withResolverStyle(ResolverStyle.STRICT);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "datePattern \"" + pattern + "\" is not a date pattern: " + e.getMessage());
        }
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
    }

    /** Builds a mapping a column at a time; unnamed columns are not read. */
    public static final class Builder {
        private final String lockboxNumber;
        private final Currency currency;
        private String amount;
        private String checkNumber;
        private String payerName;
        private String payerAccount;
        private String payerRouting;
        private String depositDate;
        private String datePattern;
        private final List<String> invoices = new ArrayList<>();
        private String remittance;
        private boolean amountsInCents;
        private char delimiter = ',';

        private Builder(String lockboxNumber, Currency currency) {
            this.lockboxNumber = lockboxNumber;
            this.currency = currency;
        }

        public Builder amount(String column) {
            this.amount = column;
            return this;
        }

        /** Amounts are whole cents (or the currency's minor units) rather than decimals. */
        public Builder amountsInCents() {
            this.amountsInCents = true;
            return this;
        }

        public Builder checkNumber(String column) {
            this.checkNumber = column;
            return this;
        }

        public Builder payerName(String column) {
            this.payerName = column;
            return this;
        }

        public Builder payerAccount(String column) {
            this.payerAccount = column;
            return this;
        }

        public Builder payerRouting(String column) {
            this.payerRouting = column;
            return this;
        }

        public Builder depositDate(String column, String pattern) {
            this.depositDate = column;
            this.datePattern = pattern;
            return this;
        }

        public Builder invoices(String... columns) {
            invoices.addAll(List.of(columns));
            return this;
        }

        public Builder remittance(String column) {
            this.remittance = column;
            return this;
        }

        public Builder delimiter(char delimiter) {
            this.delimiter = delimiter;
            return this;
        }

        public LockboxMapping build() {
            return new LockboxMapping(
                    lockboxNumber,
                    currency,
                    amount,
                    checkNumber,
                    payerName,
                    payerAccount,
                    payerRouting,
                    depositDate,
                    datePattern,
                    invoices,
                    remittance,
                    amountsInCents,
                    delimiter);
        }
    }
}
