package org.factorline.receipts;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.LocalDate;
import java.util.Currency;
import java.util.List;
import java.util.UUID;
import org.factorline.shared.Money;

/**
 * The aging of a client's open bought invoices (funded or partly paid) as of a day: per customer, the
 * amount still open in each age bucket. By due date the buckets are current (not yet due) and 1–30,
 * 31–60, 61–90 and over 90 days past due; by invoice date they are 0–30, 31–60, 61–90, 91–120 and over
 * 120 days since the invoice was issued. Invoices issued after the day are left out.
 */
public record Aging(UUID clientId, LocalDate asOf, Basis basis, Currency currency, List<Row> rows, Row total) {

    public enum Basis {
        DUE_DATE("due_date", List.of("Current", "1–30", "31–60", "61–90", "Over 90"), new int[] {0, 30, 60, 90}),
        INVOICE_DATE(
                "issue_date", List.of("0–30", "31–60", "61–90", "91–120", "Over 120"), new int[] {30, 60, 90, 120});

        private final String column;
        private final List<String> labels;
        private final int[] limits;

        Basis(String column, List<String> labels, int[] limits) {
            this.column = column;
            this.labels = labels;
            this.limits = limits;
        }

        /** The invoice column the age is counted from. */
        public String column() {
            return column;
        }

        public List<String> labels() {
            return labels;
        }

        /**
         * The earliest date of each of the first four buckets: an invoice whose date is on or after the
         * first falls in the first bucket, before it and on or after the second in the second, and so on;
         * before the fourth, in the last.
         */
        public List<LocalDate> thresholds(LocalDate asOf) {
            return java.util.Arrays.stream(limits).mapToObj(asOf::minusDays).toList();
        }
    }

    /** One customer's open invoices by bucket (the total row has no customer). */
    public record Row(UUID debtorId, String debtorName, int invoices, List<Money> buckets) {

        @JsonProperty("total")
        public Money total() {
            return buckets.stream().reduce(Money.zero(buckets.get(0).currency()), Money::plus);
        }
    }

    @JsonProperty("labels")
    public List<String> labels() {
        return basis.labels();
    }

    /** The aging as CSV: one row per customer, then the total; amounts as plain decimals. */
    public String csv() {
        StringBuilder b = new StringBuilder("customer,invoices");
        basis.labels().forEach(l -> b.append(',').append(l.replace('–', '-')));
        b.append(",total\r\n");
        for (Row r : rows) {
            row(b, r);
        }
        row(b, total);
        return b.toString();
    }

    private static void row(StringBuilder b, Row r) {
        String name = r.debtorName();
        b.append(name.contains(",") || name.contains("\"") ? "\"" + name.replace("\"", "\"\"") + "\"" : name)
                .append(',')
                .append(r.invoices());
        r.buckets().forEach(m -> b.append(',').append(m.amount().toPlainString()));
        b.append(',').append(r.total().amount().toPlainString()).append("\r\n");
    }
}
