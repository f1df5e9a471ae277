package org.factorline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.BufferedWriter;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.factorline.clients.Client;
import org.factorline.debtors.Debtor;
import org.factorline.debtors.DebtorStatus;
import org.factorline.debtors.Debtors;
import org.factorline.identity.Role;
import org.factorline.invoices.Invoice;
import org.factorline.invoices.InvoiceFilter;
import org.factorline.invoices.Invoices;
import org.factorline.invoices.NewInvoice;
import org.factorline.invoices.Schedule;
import org.factorline.invoices.ScheduleImport;
import org.factorline.invoices.ScheduleSource;
import org.factorline.shared.CursorPage;
import org.factorline.shared.ErrorCode;
import org.factorline.shared.FactorlineException;
import org.factorline.shared.FieldProblem;
import org.factorline.shared.Money;
import org.factorline.shared.MutableClock;
import org.factorline.support.FactorlineTest;
import org.factorline.support.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;

@FactorlineTest
class ScheduleImportTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestSupport.Fixtures fixtures;

    @Autowired
    Invoices invoices;

    @Autowired
    ScheduleImport imports;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Debtors debtorsService;

    long invoicesOf(Client c) {
        return jdbc.sql("select count(*) from invoice where client_id = ?")
                .param(c.id().value())
                .query(Long.class)
                .single();
    }

    long schedulesOf(Client c) {
        return jdbc.sql("select count(*) from schedule where client_id = ?")
                .param(c.id().value())
                .query(Long.class)
                .single();
    }

    MockMultipartFile csv(String name, String text) {
        return new MockMultipartFile("file", name, "text/csv", text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void flagsLookalikesOfClientsOnEitherSideOfTheImporterButNeverItsOwnRecurringInvoices() throws Exception {
        // three clients in id order: the importer in the middle, so that one lookalike is read below its id in the
        // fingerprint index and one above it
        List<Client> three =
                new ArrayList<>(List.of(fixtures.activeClient(), fixtures.activeClient(), fixtures.activeClient()));
        three.sort(java.util.Comparator.comparing(c -> c.id().value()));
        Client below = three.get(0);
        Client importer = three.get(1);
        Client above = three.get(2);
        Debtor debtor = fixtures.debtor();
        LocalDate day = LocalDate.now(clock).minusDays(6);
        Invoice belowTwin = fixtures.submitted(below, debtor, "L-100", day, Money.usd("410.00"));
        Invoice aboveTwin = fixtures.submitted(above, debtor, "L-200", day, Money.usd("420.00"));
        fixtures.submitted(importer, debtor, "L-300", day, Money.usd("430.00"));
        String file = """
                invoice_number,debtor,issue_date,terms_days,amount
                L-0100,%1$s,%2$s,30,410.00
                L-0200,%1$s,%2$s,30,420.00
                L-0300,%1$s,%2$s,30,430.00
                L-301,%1$s,%2$s,30,430.00
                """.formatted(debtor.reference(), day);
        String location = mvc.perform(multipart("/api/v1/schedules/import")
                        .file(csv("twins.csv", file))
                        .param("clientId", importer.id().toString())
                        .header("Authorization", "Bearer " + fixtures.token(null, Role.ACCOUNT_MANAGER)))
                .andExpect(status().isCreated())
                .andReturn()
                .getResponse()
                .getHeader("Location");
        var scheduleId = new org.factorline.invoices.ScheduleId(
                java.util.UUID.fromString(location.substring(location.lastIndexOf('/') + 1)));
        Map<String, Invoice> imported = TestSupport.as(
                        TestSupport.admin(),
                        () -> invoices.list(InvoiceFilter.ofSchedule(scheduleId), CursorPage.Request.first(10)))
                .items()
                .stream()
                .collect(java.util.stream.Collectors.toMap(Invoice::number, i -> i));

        assertThat(imported.get("L-0100").flagReason()).contains(belowTwin.id().toString());
        assertThat(imported.get("L-0200").flagReason()).contains(aboveTwin.id().toString());
        assertThat(imported.get("L-0300").flagged())
                .as("the client's own invoice on the same debtor, day and amount is not another client's")
                .isFalse();
        assertThat(imported.get("L-301").flagged()).isFalse();
    }

    @Test
    void importsAScheduleAndFlagsTheLineThatLooksLikeAnotherClientsInvoice() throws Exception {
        Client client = fixtures.activeClient();
        Client other = fixtures.activeClient();
        Debtor acme = fixtures.debtor();
        Debtor beta = fixtures.debtor();
        LocalDate d1 = LocalDate.now(clock).minusDays(10);
        LocalDate d2 = LocalDate.now(clock).minusDays(4);
        Invoice theirs = TestSupport.as(
                TestSupport.admin(),
                () -> invoices.submit(
                        new NewInvoice(other.id(), beta.id(), "B-0042", null, d2, 30, null, Money.usd("980.00")),
                        ScheduleSource.MANUAL));
        String file = """
                Amount,Invoice_Number,DEBTOR,po_number,issue_date,terms_days,due_date,currency
                1234.56,A-1,%s,PO-1,%s,30,,USD
                "1,000.00",A-2,%s,,%s,,%s,
                980,B-42,%s,,%s,45,,

                """.formatted(
                        acme.reference(),
                        d1,
                        acme.name().toUpperCase(),
                        d1,
                        d1.plusDays(60),
                        beta.reference().toLowerCase(),
                        d2);
        String auth = "Bearer " + fixtures.token(client.id().value(), Role.CLIENT_ADMIN);

        String location = mvc.perform(multipart("/api/v1/schedules/import")
                        .file(csv("march.csv", file))
                        .param("clientId", client.id().toString())
                        .header("Authorization", auth))
                .andExpect(status().isCreated())
                .andExpect(header().exists("Location"))
                .andExpect(jsonPath("$.source").value("CSV"))
                .andExpect(jsonPath("$.fileName").value("march.csv"))
                .andExpect(jsonPath("$.invoiceCount").value(3))
                .andExpect(jsonPath("$.total.amount").value("3214.56"))
                .andReturn()
                .getResponse()
                .getHeader("Location");
        String scheduleId = location.substring(location.lastIndexOf('/') + 1);
        mvc.perform(get(location).header("Authorization", auth))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.reference")
                        .value(org.hamcrest.Matchers.matchesPattern(
                                "S-" + LocalDate.now(clock).getYear() + "-\\d{6}")));

        CursorPage<Invoice> rows = TestSupport.as(
                TestSupport.admin(),
                () -> invoices.list(
                        InvoiceFilter.ofSchedule(
                                new org.factorline.invoices.ScheduleId(java.util.UUID.fromString(scheduleId))),
                        CursorPage.Request.first(10)));
        assertThat(rows.items()).extracting(Invoice::number).containsExactlyInAnyOrder("A-1", "A-2", "B-42");
        Invoice a2 = rows.items().stream()
                .filter(i -> i.number().equals("A-2"))
                .findFirst()
                .orElseThrow();
        assertThat(a2.debtorId()).isEqualTo(acme.id());
        assertThat(a2.dueDate()).isEqualTo(d1.plusDays(60));
        assertThat(a2.termsDays()).isEqualTo(60);
        assertThat(a2.faceAmount()).isEqualTo(Money.usd("1000.00"));
        Invoice b42 = rows.items().stream()
                .filter(i -> i.number().equals("B-42"))
                .findFirst()
                .orElseThrow();
        assertThat(b42.flagged()).isTrue();
        assertThat(b42.flagReason()).contains(theirs.id().toString()).doesNotContain(other.reference());
        assertThat(rows.items().stream().filter(Invoice::flagged)).hasSize(1);

        // the client now sells on both debtors
        String debtors = mvc.perform(get("/api/v1/debtors").header("Authorization", auth))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(debtors).contains(acme.id().toString(), beta.id().toString());
    }

    @Test
    void oneBadLineRefusesTheWholeFileNamingLineColumnAndValue() throws Exception {
        Client client = fixtures.activeClient();
        Debtor debtor = fixtures.debtor();
        LocalDate d = LocalDate.now(clock).minusDays(2);
        String file = """
                invoice_number,debtor,issue_date,terms_days,amount
                OK-1,%s,%s,30,100.00
                OK-2,%s,%s,30,12.5x
                OK-3,%s,%s,30,300.00
                """.formatted(debtor.reference(), d, debtor.reference(), d, debtor.reference(), d);
        String auth = "Bearer " + fixtures.token(null, Role.ACCOUNT_MANAGER);

        mvc.perform(multipart("/api/v1/schedules/import")
                        .file(csv("bad.csv", file))
                        .param("clientId", client.id().toString())
                        .header("Authorization", auth))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("schedule.import_refused"))
                .andExpect(jsonPath("$.detail").value("1 problem in 1 line; nothing was imported"))
                .andExpect(jsonPath("$.errors.length()").value(1))
                .andExpect(jsonPath("$.errors[0].line").value(3))
                .andExpect(jsonPath("$.errors[0].field").value("amount"))
                .andExpect(jsonPath("$.errors[0].value").value("12.5x"));
        assertThat(invoicesOf(client)).isZero();
        assertThat(schedulesOf(client)).isZero();
    }

    @Test
    void everyKindOfProblemIsListedAtOnce() {
        Client client = fixtures.activeClient();
        Debtor debtor = fixtures.debtor();
        Debtor held = fixtures.debtor();
        TestSupport.as(
                TestSupport.admin(),
                () -> debtorsService.changeStatus(held.id(), DebtorStatus.ON_HOLD, "returned checks", held.version()));
        LocalDate d = LocalDate.now(clock).minusDays(2);
        TestSupport.as(
                TestSupport.admin(),
                () -> invoices.submit(
                        new NewInvoice(client.id(), debtor.id(), "USED-1", null, d, 30, null, Money.usd("1.00")),
                        ScheduleSource.MANUAL));
        String file = String.join(
                "\n",
                "invoice_number,debtor,issue_date,due_date,amount,currency",
                "N-1," + debtor.reference() + "," + d + "," + d.plusDays(30) + ",10,",
                "N-1," + debtor.reference() + "," + d + "," + d.plusDays(30) + ",10,",
                "USED-1," + debtor.reference() + "," + d + "," + d.plusDays(30) + ",10,",
                "N-2,Nobody At All," + d + "," + d.plusDays(30) + ",10,",
                "N-3," + held.reference() + "," + d + "," + d.plusDays(30) + ",10,",
                "N-4," + debtor.reference() + "," + d.minusYears(1) + ","
                        + d.minusYears(1).plusDays(30) + ",10,EUR",
                "N-5," + debtor.reference() + ",2026-13-01,,10,",
                "N-6," + debtor.reference() + "," + d + "," + d.plusDays(400) + ",10,");
        long before = invoicesOf(client);
        FactorlineException e = assertThrows(
                FactorlineException.class,
                () -> TestSupport.as(
                        TestSupport.admin(), () -> imports.importCsv(client.id(), "many.csv", stream(file))));
        assertThat(e.code()).isEqualTo(ErrorCode.SCHEDULE_IMPORT_REFUSED);
        assertThat(e.problems())
                .extracting(p -> p.line() + "|" + p.field() + "|" + p.value())
                .contains(
                        "3|invoice_number|N-1",
                        "4|invoice_number|USED-1",
                        "5|debtor|Nobody At All",
                        "6|debtor|" + held.reference(),
                        "7|currency|EUR",
                        "8|issue_date|2026-13-01",
                        "9|due_date|" + d.plusDays(400));
        assertThat(e.problems()).extracting(FieldProblem::message).anyMatch(m -> m.contains("first on line 2"));
        assertThat(e.getMessage()).endsWith("nothing was imported");
        assertThat(invoicesOf(client)).isEqualTo(before);
    }

    /**
     * The refusal names exactly what the preview finds, line by line: on PostgreSQL the import checks the file
     * in a staging table and the preview line by line, so this holds the two to the same words.
     */
    @Test
    void theRefusalListsWhatThePreviewFinds() {
        Client client = fixtures.activeClient();
        Debtor debtor = fixtures.debtor();
        LocalDate d = LocalDate.now(clock).minusDays(2);
        TestSupport.as(
                TestSupport.admin(),
                () -> invoices.submit(
                        new NewInvoice(client.id(), debtor.id(), "SEEN-1", null, d, 30, null, Money.usd("1.00")),
                        ScheduleSource.MANUAL));
        String file = String.join(
                "\n",
                "invoice_number,debtor,issue_date,terms_days,amount,currency",
                "P-1," + debtor.reference() + "," + d + ",30,10,",
                "P-1," + debtor.name() + "," + d + ",30,10.001,",
                "SEEN-1," + debtor.reference() + "," + d + ",30,10,",
                "P-2,Nobody At All," + d + ",30,10,JPY",
                "P-3," + debtor.reference() + "," + d + ",30,10.50,JPY",
                "P-4," + debtor.reference() + ",yesterday,30,10,",
                "P-1,\"Nobody, Again\"," + d + ",30,10,EUR",
                "P-5," + debtor.reference() + "," + d + ",30,10,");
        org.factorline.identity.Actor owner = TestSupport.clientUser(client.id().value());
        org.factorline.invoices.SchedulePreview preview =
                TestSupport.as(owner, () -> imports.preview(null, "p.csv", stream(file)));
        java.util.List<String> previewed = new java.util.ArrayList<>();
        preview.lines().forEach(l -> l.problems().forEach(p -> previewed.add(p.toString())));
        preview.fileProblems().forEach(p -> previewed.add(p.toString()));
        FactorlineException e = assertThrows(
                FactorlineException.class,
                () -> TestSupport.as(owner, () -> imports.importCsv(null, "p.csv", stream(file))));
        assertThat(e.problems()).extracting(FieldProblem::toString).containsExactlyInAnyOrderElementsOf(previewed);
        assertThat(e.problems()).extracting(FieldProblem::line).isSorted();
        assertThat(e.problems())
                .extracting(FieldProblem::toString)
                .contains(
                        "line 8, invoice_number = \"P-1\": appears twice in the file (first on line 2)",
                        "line 3, amount = \"10.001\": has more than two decimals",
                        "line 4, invoice_number = \"SEEN-1\": was already submitted by this client",
                        "line 5, currency = \"JPY\": must be USD, the agreement's currency",
                        "line 6, amount = \"10.50\": has more decimals than JPY allows");
        assertThat(e.getMessage())
                .isEqualTo(preview.problemCount() + " problems in " + preview.problemLines()
                        + " lines; nothing was imported");
        assertThat(invoicesOf(client)).isOne();
    }

    @Test
    void headerProblemsAreReportedOnLineOne() throws Exception {
        Client client = fixtures.activeClient();
        String auth = "Bearer " + fixtures.token(null, Role.ADMIN);
        mvc.perform(multipart("/api/v1/schedules/import")
                        .file(csv("h.csv", "invoice_number,customer,amount\nX,Y,1\n"))
                        .param("clientId", client.id().toString())
                        .header("Authorization", auth))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[?(@.field == 'customer')].line").value(1))
                .andExpect(
                        jsonPath("$.errors[?(@.field == 'debtor')].message").value("column is missing from the header"))
                .andExpect(jsonPath("$.errors[?(@.field == 'issue_date')]").exists());
        mvc.perform(multipart("/api/v1/schedules/import")
                        .file(csv("empty.csv", "\n\n"))
                        .param("clientId", client.id().toString())
                        .header("Authorization", auth))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].line").value(1));
        assertThat(schedulesOf(client)).isZero();
    }

    @Test
    void aClientUserCannotImportForAnotherClient() throws Exception {
        Client mine = fixtures.activeClient();
        Client other = fixtures.activeClient();
        Debtor debtor = fixtures.debtor();
        String file = "invoice_number,debtor,issue_date,terms_days,amount\nZ-1," + debtor.reference() + ","
                + LocalDate.now(clock).minusDays(1) + ",30,10\n";
        mvc.perform(multipart("/api/v1/schedules/import")
                        .file(csv("z.csv", file))
                        .param("clientId", other.id().toString())
                        .header(
                                "Authorization",
                                "Bearer " + fixtures.token(mine.id().value(), Role.CLIENT_USER)))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("resource.not_found"));
        assertThat(invoicesOf(other)).isZero();
        assertThat(schedulesOf(other)).isZero();
    }

    /** All or nothing at scale: a 100,000-line file is read as a stream and written in batches. */
    @Test
    void importsAHundredThousandLines(@TempDir Path dir) throws Exception {
        Client client = fixtures.activeClient();
        Debtor acme = fixtures.debtor();
        Debtor beta = fixtures.debtor();
        LocalDate today = LocalDate.now(clock);
        int lines = 100_000;
        Path file = dir.resolve("big.csv");
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("invoice_number,debtor,po_number,issue_date,terms_days,amount\n");
            for (int i = 1; i <= lines; i++) {
                String debtor = i % 3 == 0 ? beta.name() : acme.reference();
                // issue dates within the last 20 days, inside the agreement that started 30 days ago
                LocalDate issued = today.minusDays(1 + i % 20);
                w.write("BIG-" + i + "," + debtor + ",PO-" + (i % 977) + "," + issued + "," + (15 + i % 46) + ","
                        + (100 + i % 5000) + "." + String.format("%02d", i % 100) + "\n");
            }
        }
        Schedule s;
        try (InputStream in = Files.newInputStream(file)) {
            s = TestSupport.as(
                    TestSupport.staff(Role.ACCOUNT_MANAGER), () -> imports.importCsv(client.id(), "big.csv", in));
        }
        assertThat(s.invoiceCount()).isEqualTo(lines);
        long stored = jdbc.sql("select count(*) from invoice where schedule_id = ?")
                .param(s.id().value())
                .query(Long.class)
                .single();
        assertThat(stored).isEqualTo(lines);
        long timeline = jdbc.sql("""
                        select count(*) from invoice_status_change c join invoice i on i.id = c.invoice_id
                        where i.schedule_id = ?""").param(s.id().value()).query(Long.class).single();
        assertThat(timeline).isEqualTo(lines);
        java.math.BigDecimal total = jdbc.sql("select sum(face_amount) from invoice where schedule_id = ?")
                .param(s.id().value())
                .query(java.math.BigDecimal.class)
                .single();
        assertThat(s.total().amount()).isEqualByComparingTo(total);
    }

    static InputStream stream(String text) {
        return new java.io.ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
