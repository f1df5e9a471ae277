package org.factorline.invoices.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.factorline.invoices.internal.ScheduleCsv.Column;
import org.factorline.invoices.internal.ScheduleCsv.Header;
import org.factorline.invoices.internal.ScheduleCsv.Row;
import org.factorline.shared.FieldProblem;
import org.junit.jupiter.api.Test;

class ScheduleCsvTest {

    static final LocalDate TODAY = LocalDate.of(2026, 3, 2);

    static final Header HEADER =
            header("invoice_number,debtor,po_number,issue_date,terms_days,due_date,amount,currency");

    static Header header(String line) {
        ImportProblems problems = new ImportProblems();
        Optional<Header> h = ScheduleCsv.header(List.of(line.split(",", -1)), problems);
        assertThat(problems.listed()).isEmpty();
        return h.orElseThrow();
    }

    static Optional<Row> row(String line, ImportProblems problems) {
        return ScheduleCsv.row(HEADER, 7, List.of(line.split(",", -1)), TODAY, problems);
    }

    @Test
    void theHeaderIsCaseInsensitiveInAnyOrderAndForgivesSpacesAndAByteOrderMark() {
        Header h = header("\uFEFFAmount,Issue Date,DEBTOR,invoice-number,due_date");
        assertThat(h.index())
                .containsEntry(Column.AMOUNT, 0)
                .containsEntry(Column.ISSUE_DATE, 1)
                .containsEntry(Column.DEBTOR, 2)
                .containsEntry(Column.INVOICE_NUMBER, 3)
                .containsEntry(Column.DUE_DATE, 4);
        assertThat(h.width()).isEqualTo(5);
    }

    @Test
    void headerProblemsAreAllReportedOnLineOne() {
        ImportProblems problems = new ImportProblems();
        Optional<Header> h = ScheduleCsv.header(List.of("invoice_number", "customer", "amount", "amount"), problems);
        assertThat(h).isEmpty();
        List<FieldProblem> p = problems.listed();
        assertThat(p).allSatisfy(x -> assertThat(x.line()).isEqualTo(1L));
        assertThat(p)
                .extracting(FieldProblem::field)
                .containsExactlyInAnyOrder("customer", "amount", "debtor", "issue_date", "terms_days");
        assertThat(p.get(0).message()).contains("is not a column", "invoice_number, debtor");
    }

    @Test
    void aGoodLineBecomesARowWithTheDueDateFromTheTerms() {
        ImportProblems problems = new ImportProblems();
        Row r = row("INV-1, D-000012 ,PO-9,2026-02-01,30,,1234.5,usd", problems).orElseThrow();
        assertThat(problems.isEmpty()).isTrue();
        assertThat(r.line()).isEqualTo(7);
        assertThat(r.number()).isEqualTo("INV-1");
        assertThat(r.debtor()).isEqualTo("D-000012");
        assertThat(r.poNumber()).isEqualTo("PO-9");
        assertThat(r.issueDate()).isEqualTo(LocalDate.of(2026, 2, 1));
        assertThat(r.termsDays()).isEqualTo(30);
        assertThat(r.dueDate()).isEqualTo(LocalDate.of(2026, 3, 3));
        assertThat(r.amount()).isEqualByComparingTo(new BigDecimal("1234.50"));
        assertThat(r.currency()).isEqualTo(Currency.getInstance("USD"));
    }

    @Test
    void theTermsComeFromTheDueDateWhenOnlyItIsGivenAndTheCurrencyMayBeLeftOut() {
        ImportProblems problems = new ImportProblems();
        Row r = row("INV-2,Acme Corp,,2026-02-01,,2026-03-18,1234.56,", problems)
                .orElseThrow();
        assertThat(r.termsDays()).isEqualTo(45);
        assertThat(r.poNumber()).isNull();
        assertThat(r.currency()).isNull();
    }

    @Test
    void aLineWithTheWrongNumberOfFieldsIsReportedAsAWhole() {
        ImportProblems problems = new ImportProblems();
        assertThat(row("INV-2,Acme Corp,,2026-02-01,30,,1,234.56,USD", problems))
                .isEmpty();
        assertThat(problems.listed()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(7L);
            assertThat(p.field()).isEqualTo("line");
            assertThat(p.message()).isEqualTo("has 9 fields; the header has 8");
        });
    }

    @Test
    void amountsMayGroupThousandsWithCommas() {
        ImportProblems problems = new ImportProblems();
        Row r = ScheduleCsv.row(
                        HEADER,
                        3,
                        List.of("INV-5", "Acme", "", "2026-02-01", "30", "", "1,234,567.89", ""),
                        TODAY,
                        problems)
                .orElseThrow();
        assertThat(r.amount()).isEqualByComparingTo("1234567.89");
        assertThat(ScheduleCsv.row(
                        HEADER,
                        4,
                        List.of("INV-6", "Acme", "", "2026-02-01", "30", "", "12,34.5", ""),
                        TODAY,
                        problems))
                .isEmpty();
        assertThat(problems.listed()).extracting(FieldProblem::value).containsExactly("12,34.5");
    }

    @Test
    void everyProblemOfALineIsReportedWithItsColumnAndValue() {
        ImportProblems problems = new ImportProblems();
        assertThat(row(",,PO,2026-02-30,400,2026-01-01,-5,EURO", problems)).isEmpty();
        assertThat(problems.listed())
                .extracting(p -> p.line() + "|" + p.field() + "|" + p.value())
                .containsExactlyInAnyOrder(
                        "7|invoice_number|null",
                        "7|debtor|null",
                        "7|issue_date|2026-02-30",
                        "7|terms_days|400",
                        "7|amount|-5",
                        "7|currency|EURO");
    }

    @Test
    void datesAndAmountsAreCheckedAgainstEachOther() {
        ImportProblems problems = new ImportProblems();
        assertThat(row("INV-3,Acme,,2026-03-10,,2026-03-01,0,", problems)).isEmpty();
        assertThat(problems.listed())
                .extracting(p -> p.field() + "|" + p.value())
                .containsExactlyInAnyOrder("issue_date|2026-03-10", "due_date|2026-03-01", "amount|0");

        ImportProblems more = new ImportProblems();
        assertThat(row("INV-4,Acme,,2026-03-01,,,12.345,", more)).isEmpty();
        assertThat(more.listed())
                .extracting(p -> p.field() + "|" + p.message())
                .containsExactlyInAnyOrder(
                        "terms_days|give terms_days or due_date", "amount|has more than two decimals");
    }

    @Test
    void problemsAreCappedButCounted() {
        ImportProblems problems = new ImportProblems();
        for (int i = 0; i < 1500; i++) {
            problems.add(i + 2, "amount", "x", "is not an amount");
            problems.add(i + 2, "debtor", "y", "is unknown");
        }
        assertThat(problems.listed()).hasSize(ImportProblems.MAX_LISTED);
        assertThat(problems.total()).isEqualTo(3000);
        assertThat(problems.lines()).isEqualTo(1500);
        assertThat(problems.summary())
                .startsWith("3000 problems in 1500 lines; nothing was imported")
                .contains("2000 more are not");
    }

    @Test
    void theFormatKeepsQuotedCommasAndCountsPhysicalLines() throws IOException {
        String csv = "invoice_number,debtor,amount\r\nINV-1,\"Acme, Inc.\",\"1,234.56\"\n\nINV-2,Beta,5\n";
        List<String> seen = new ArrayList<>();
        try (CSVParser parser = CSVParser.builder()
                .setReader(new StringReader(csv))
                .setFormat(ScheduleCsv.FORMAT)
                .get()) {
            long last = 0;
            for (CSVRecord r : parser) {
                long line = last + 1;
                last = parser.getCurrentLineNumber();
                if (!ScheduleCsv.isBlank(r.toList())) {
                    seen.add(line + ":" + r.toList());
                }
            }
        }
        assertThat(seen)
                .containsExactly(
                        "1:[invoice_number, debtor, amount]", "2:[INV-1, Acme, Inc., 1,234.56]", "4:[INV-2, Beta, 5]");
    }
}
