package org.factorline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.factorline.clients.Client;
import org.factorline.debtors.Debtor;
import org.factorline.identity.Actor;
import org.factorline.invoices.Schedule;
import org.factorline.invoices.ScheduleImport;
import org.factorline.invoices.SchedulePreview;
import org.factorline.shared.ErrorCode;
import org.factorline.shared.FactorlineException;
import org.factorline.shared.FieldProblem;
import org.factorline.shared.MutableClock;
import org.factorline.support.FactorlineTest;
import org.factorline.support.Fuzz;
import org.factorline.support.TestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Seeded mutation fuzzing of the schedule file (see {@link Fuzz}): the preview must answer every broken
 * file with its lines and problems, each problem naming its line and column; one input in five is then
 * imported too, and the import must do exactly what the preview said (take every line for the same total,
 * or refuse naming line and column), never fail another way, never hang.
 *
 * <p>Inputs per build: 2,500. A longer run: {@code ./mvnw test -Dtest=ScheduleImportFuzzTest
 * -Dfuzz.inputs=100000 -Dfuzz.seed=<seed>}.
 */
@FactorlineTest
class ScheduleImportFuzzTest {

    @Autowired
    TestSupport.Fixtures fixtures;

    @Autowired
    ScheduleImport imports;

    @Autowired
    org.factorline.invoices.Invoices invoices;

    @Autowired
    MutableClock clock;

    @Test
    void everyBrokenScheduleIsPreviewedAndImportedOrRefusedNamingLineAndColumn() {
        Client client = fixtures.activeClient();
        Debtor acme = fixtures.debtor();
        Debtor beta = fixtures.debtor();
        LocalDate d1 = LocalDate.now(clock).minusDays(10);
        LocalDate d2 = LocalDate.now(clock).minusDays(4);
        // the shapes ScheduleImportTest imports; {n} becomes a number of its own for every input, so that
        // an imported file does not make every later one a repeat
        String full = """
                Amount,Invoice_Number,DEBTOR,po_number,issue_date,terms_days,due_date,currency
                1234.56,A{n}-1,%s,PO-1,%s,30,,USD
                "1,000.00",A{n}-2,%s,,%s,,%s,
                980,B{n}-42,%s,,%s,45,,

                """.formatted(
                        acme.reference(),
                        d1,
                        acme.name().toUpperCase(),
                        d1,
                        d1.plusDays(60),
                        beta.reference().toLowerCase(),
                        d2);
        String minimal = "\uFEFFinvoice number,debtor,issue date,due-date,amount\r\nC{n},%s,%s,%s,0.01\r\n"
                .formatted(beta.name(), d2, d2.plusDays(365));
        Actor clientAdmin = TestSupport.clientUser(client.id().value());
        AtomicInteger counter = new AtomicInteger();

        Fuzz.run(
                "schedule CSV",
                Fuzz.inputs(2_500),
                List.of(full.getBytes(StandardCharsets.UTF_8), minimal.getBytes(StandardCharsets.UTF_8)),
                Fuzz.textMutator(List.of(",", "\"", "\"\"", ",,,,,,,,,,", "terms_days", "USD", "EUR"), false),
                input -> {
                    int n = counter.incrementAndGet();
                    byte[] file = new String(input, StandardCharsets.UTF_8)
                            .replace("{n}", Integer.toString(n))
                            .getBytes(StandardCharsets.UTF_8);
                    SchedulePreview preview = TestSupport.as(
                            clientAdmin, () -> imports.preview(null, "f.csv", new ByteArrayInputStream(file)));
                    checkPreview(preview);
                    if (n % 5 == 0) {
                        importAsThePreviewSaid(client, file, preview);
                    }
                },
                ScheduleImportFuzzTest::clearRefusal);
    }

    /** Found by the fuzzing: an empty header name (a trailing comma) was reported under an empty column name. */
    @Test
    void aHeaderColumnWithoutANameIsNamedByItsPosition() {
        Client client = fixtures.activeClient();
        String file = "invoice_number,debtor,issue_date,terms_days,amount,\n";
        SchedulePreview preview = TestSupport.as(
                TestSupport.clientUser(client.id().value()),
                () -> imports.preview(null, "f.csv", new ByteArrayInputStream(file.getBytes(StandardCharsets.UTF_8))));
        assertThat(preview.fileProblems())
                .extracting(FieldProblem::toString)
                .containsExactly("line 1, column 6 = \"\": has no name in the header; the columns are invoice_number,"
                        + " debtor, po_number, issue_date, terms_days, due_date, amount, currency");
    }

    /** Found by the fuzzing: "+999999999-12-31" was read as a date, and adding the terms to it threw. */
    @Test
    void aDateBeyondFourDigitsOfYearIsRefusedAsNotADate() {
        Client client = fixtures.activeClient();
        Debtor debtor = fixtures.debtor();
        String file = "invoice_number,debtor,issue_date,terms_days,amount\nX-1,%s,+999999999-12-31,45,1\n"
                .formatted(debtor.reference());
        SchedulePreview preview = TestSupport.as(
                TestSupport.clientUser(client.id().value()),
                () -> imports.preview(null, "f.csv", new ByteArrayInputStream(file.getBytes(StandardCharsets.UTF_8))));
        assertThat(preview.lines().get(0).problems())
                .extracting(FieldProblem::toString)
                .containsExactly("line 2, issue_date = \"+999999999-12-31\": is not a date in the form YYYY-MM-DD");
    }

    /** Found by the fuzzing: the preview took "ﬃ" × 40 as a number and the import failed in the database. */
    @Test
    void aNumberThatUpperCasingLengthensIsImportedAsThePreviewSaid() {
        Client client = fixtures.activeClient();
        Debtor debtor = fixtures.debtor();
        String file = "invoice_number,debtor,issue_date,terms_days,amount\n%s,%s,%s,30,1\n"
                .formatted("ﬃ".repeat(40), debtor.reference(), LocalDate.now(clock));
        byte[] bytes = file.getBytes(StandardCharsets.UTF_8);
        SchedulePreview preview = TestSupport.as(
                TestSupport.clientUser(client.id().value()),
                () -> imports.preview(null, "f.csv", new ByteArrayInputStream(bytes)));
        assertThat(preview.ready()).isTrue();
        importAsThePreviewSaid(client, bytes, preview);
    }

    /**
     * An amount of 18 digits written with thousands separators passed the preview, and the import failed in
     * the database; so did a file whose lines, each allowed, add up past what a schedule's total holds.
     */
    @Test
    void amountsAndTotalsBeyondWhatTheColumnsHoldAreRefusedNamingTheLine() {
        Client client = fixtures.activeClient();
        Debtor debtor = fixtures.debtor();
        LocalDate today = LocalDate.now(clock);
        String grouped =
                "invoice_number,debtor,issue_date,terms_days,amount\nG-1,%s,%s,30,\"999,999,999,999,999,999.99\"\n"
                        .formatted(debtor.reference(), today);
        String total = ("invoice_number,debtor,issue_date,terms_days,amount\nT-1,%1$s,%2$s,30,99999999999999999.99\n"
                        + "T-2,%1$s,%2$s,30,0.01\n")
                .formatted(debtor.reference(), today);
        Actor clientAdmin = TestSupport.clientUser(client.id().value());

        SchedulePreview tooLarge = TestSupport.as(
                clientAdmin,
                () -> imports.preview(
                        null, "f.csv", new ByteArrayInputStream(grouped.getBytes(StandardCharsets.UTF_8))));
        assertThat(tooLarge.lines().get(0).problems())
                .extracting(FieldProblem::toString)
                .containsExactly(
                        "line 2, amount = \"999,999,999,999,999,999.99\": must be at most 99999999999999999.99");

        SchedulePreview pastTheTotal = TestSupport.as(
                clientAdmin,
                () -> imports.preview(null, "f.csv", new ByteArrayInputStream(total.getBytes(StandardCharsets.UTF_8))));
        assertThat(pastTheTotal.readyLines()).isOne();
        assertThat(pastTheTotal.lines().get(1).problems())
                .extracting(FieldProblem::toString)
                .containsExactly("line 3, amount = \"0.01\": brings the file's total past 99999999999999999.99, the"
                        + " most one schedule holds; split the file");
        for (String file : List.of(grouped, total)) {
            assertThatThrownBy(() -> TestSupport.as(
                            TestSupport.admin(),
                            () -> imports.importCsv(
                                    client.id(),
                                    "f.csv",
                                    new ByteArrayInputStream(file.getBytes(StandardCharsets.UTF_8)))))
                    .isInstanceOfSatisfying(
                            FactorlineException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.SCHEDULE_IMPORT_REFUSED));
        }
    }

    /**
     * The imported invoices are withdrawn again: the database is shared, and a thousand invoices left waiting
     * for verification would fill every staff queue other tests count.
     */
    private void withdraw(Schedule schedule) {
        TestSupport.as(TestSupport.admin(), () -> {
            org.factorline.shared.CursorPage.Request page =
                    org.factorline.shared.CursorPage.Request.first(org.factorline.shared.CursorPage.MAX_LIMIT);
            while (true) {
                var found = invoices.list(org.factorline.invoices.InvoiceFilter.ofSchedule(schedule.id()), page);
                for (var i : found.items()) {
                    invoices.transition(i.id(), org.factorline.invoices.InvoiceStatus.WITHDRAWN, "fuzz clean-up");
                }
                if (found.nextCursor() == null) {
                    break;
                }
                page = org.factorline.shared.CursorPage.Request.of(
                        found.nextCursor(), org.factorline.shared.CursorPage.MAX_LIMIT);
            }
        });
    }

    private void importAsThePreviewSaid(Client client, byte[] file, SchedulePreview preview) {
        try {
            Schedule schedule = TestSupport.as(
                    TestSupport.admin(), () -> imports.importCsv(client.id(), "f.csv", new ByteArrayInputStream(file)));
            if (!preview.ready()
                    || schedule.invoiceCount() != preview.readyLines()
                    || !schedule.total().equals(preview.readyTotal())) {
                throw new AssertionError("imported " + schedule.invoiceCount() + " invoices for " + schedule.total()
                        + " where the preview said: " + preview.summary() + ", ready " + preview.ready());
            }
            withdraw(schedule);
        } catch (FactorlineException refused) {
            if (preview.ready()) {
                throw new AssertionError(
                        "the preview said ready, the import refused: " + refused.getMessage(), refused);
            }
            throw refused;
        }
    }

    private static void checkPreview(SchedulePreview preview) {
        for (SchedulePreview.Line line : preview.lines()) {
            line.problems().forEach(ScheduleImportFuzzTest::checkProblem);
        }
        preview.fileProblems().forEach(ScheduleImportFuzzTest::checkProblem);
        if (preview.ready() != (preview.problemCount() == 0 && preview.readyLines() > 0)) {
            throw new AssertionError("inconsistent preview: " + preview.summary());
        }
    }

    private static void checkProblem(FieldProblem p) {
        if (p.line() == null || p.line() < 1 || p.field() == null || p.field().isBlank() || p.message() == null) {
            throw new AssertionError("a problem that does not name its line and column: " + p);
        }
    }

    private static String clearRefusal(Throwable thrown) {
        if (!(thrown instanceof FactorlineException refused)) {
            return "threw " + thrown.getClass().getName() + " instead of a clear refusal";
        }
        if (refused.code() != ErrorCode.SCHEDULE_IMPORT_REFUSED
                || refused.problems().isEmpty()) {
            return "refused with " + refused.code() + " and no line: " + refused.getMessage();
        }
        for (FieldProblem p : refused.problems()) {
            if (p.line() == null
                    || p.line() < 1
                    || p.field() == null
                    || p.field().isBlank()) {
                return "a problem that does not name its line and column: " + p;
            }
        }
        return null;
    }
}
