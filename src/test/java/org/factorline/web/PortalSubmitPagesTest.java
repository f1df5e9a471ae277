package org.factorline.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.factorline.clients.Client;
import org.factorline.debtors.Debtor;
import org.factorline.debtors.Debtors;
import org.factorline.identity.Actor;
import org.factorline.identity.Role;
import org.factorline.identity.UserAccounts;
import org.factorline.invoices.Invoice;
import org.factorline.invoices.InvoiceFilter;
import org.factorline.invoices.Invoices;
import org.factorline.invoices.NewInvoice;
import org.factorline.invoices.ScheduleImport;
import org.factorline.invoices.SchedulePreview;
import org.factorline.invoices.ScheduleSource;
import org.factorline.shared.CursorPage;
import org.factorline.shared.FactorlineException;
import org.factorline.shared.FieldProblem;
import org.factorline.shared.Money;
import org.factorline.shared.MutableClock;
import org.factorline.support.FactorlineTest;
import org.factorline.support.Html;
import org.factorline.support.SignedIn;
import org.factorline.support.TestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * Submitting from the portal: the one-invoice form (own client and own customers only, the document
 * judged by its content), the schedule upload that shows every line before anything is written and then
 * imports exactly the previewed file once, and the API tokens a client's admin issues for its own client.
 */
@FactorlineTest
class PortalSubmitPagesTest {

    static final byte[] PDF =
            "%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);

    @Autowired
    Debtors debtors;

    @Autowired
    MockMvc mvc;

    @Autowired
    TestSupport.Fixtures fixtures;

    @Autowired
    Invoices invoices;

    @Autowired
    UserAccounts users;

    @Autowired
    ScheduleImport imports;

    @Autowired
    MutableClock clock;

    @AfterEach
    void resetClock() {
        clock.set(TestSupport.START);
    }

    /** A customer the client already sells on (the link is made by its first invoice). */
    private Invoice sold(Client client, Debtor debtor) {
        return TestSupport.as(
                TestSupport.admin(),
                () -> invoices.submit(
                        new NewInvoice(
                                client.id(),
                                debtor.id(),
                                TestSupport.unique("FIRST"),
                                null,
                                LocalDate.now(clock).minusDays(2),
                                30,
                                null,
                                Money.usd("100.00")),
                        ScheduleSource.MANUAL));
    }

    private Actor person(Client client, Role role) {
        return UserAccounts.toActor(fixtures.user(client.id().value(), role));
    }

    private List<Invoice> numbered(Client client, String number) {
        return TestSupport.as(
                TestSupport.admin(),
                () -> invoices
                        .list(
                                new InvoiceFilter(client.id(), null, null, null, null, number),
                                CursorPage.Request.first(50))
                        .items()
                        .stream()
                        .filter(i -> i.number().equals(number))
                        .toList());
    }

    private Html html(MvcResult r) throws Exception {
        Html html = Html.of(r.getResponse().getContentAsString());
        assertThat(html.unlabelledControls()).isEmpty();
        return html;
    }

    // --- one invoice

    @Test
    void theFormSubmitsAnInvoiceForTheSignedInClientOnlyWithItsDocument() throws Exception {
        Client mine = fixtures.activeClient();
        Client other = fixtures.activeClient();
        Debtor customer = fixtures.debtor(TestSupport.unique("Form Foods"));
        sold(mine, customer);
        Actor user = person(mine, Role.CLIENT_USER);

        Html form = html(mvc.perform(get("/portal/invoices/new").with(SignedIn.as(user)))
                .andExpect(status().isOk())
                .andReturn());
        assertThat(form.text("debtorId")).contains(customer.name());

        String number = TestSupport.unique("WEB");
        MvcResult done = mvc.perform(multipart("/portal/invoices/new")
                        .file(new MockMultipartFile("document", "invoice.pdf", "application/pdf", PDF))
                        .param("debtorId", customer.id().toString())
                        .param("clientId", other.id().toString()) // not a field of the form: ignored
                        .param("number", number)
                        .param("poNumber", "PO-9")
                        .param("issueDate", LocalDate.now(clock).minusDays(1).toString())
                        .param("termsDays", "45")
                        .param("amount", "2,500.00")
                        .with(SignedIn.as(user))
                        .with(csrf()))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrlPattern("/portal/invoices/*"))
                .andReturn();
        assertThat(numbered(other, number)).isEmpty();
        List<Invoice> created = numbered(mine, number);
        assertThat(created).hasSize(1);
        Invoice invoice = created.get(0);
        assertThat(done.getResponse().getRedirectedUrl()).isEqualTo("/portal/invoices/" + invoice.id());
        assertThat(done.getFlashMap().get("flash").toString()).contains(number).contains("with its document");
        assertThat(invoice.faceAmount()).isEqualTo(Money.usd("2500.00"));
        assertThat(invoice.termsDays()).isEqualTo(45);
        assertThat(invoice.poNumber()).isEqualTo("PO-9");
        var docs = TestSupport.as(TestSupport.admin(), () -> invoices.documents(invoice.id()));
        assertThat(docs).singleElement().satisfies(d -> {
            assertThat(d.contentType()).isEqualTo("application/pdf");
            assertThat(d.fileName()).isEqualTo("invoice.pdf");
        });
        // the invoice's portal page says it was submitted
        Html page = Html.of(mvc.perform(get("/portal/invoices/" + invoice.id())
                        .with(SignedIn.as(user))
                        .flashAttr("flash", done.getFlashMap().get("flash")))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString());
        assertThat(page.text()).contains(number + " for USD 2,500.00 submitted");
    }

    @Test
    void aDocumentIsJudgedByItsContentAndARefusedOneLeavesNoInvoice() throws Exception {
        Client mine = fixtures.activeClient();
        Debtor customer = fixtures.debtor(TestSupport.unique("Doc Dairy"));
        sold(mine, customer);
        Actor user = person(mine, Role.CLIENT_USER);
        String number = TestSupport.unique("FAKE");
        Html page = html(mvc.perform(multipart("/portal/invoices/new")
                        .file(new MockMultipartFile(
                                "document", "invoice.pdf", "application/pdf", "just some text".getBytes()))
                        .param("debtorId", customer.id().toString())
                        .param("number", number)
                        .param("issueDate", LocalDate.now(clock).toString())
                        .param("termsDays", "30")
                        .param("amount", "10.00")
                        .with(SignedIn.as(user))
                        .with(csrf()))
                .andExpect(status().isOk())
                .andReturn());
        assertThat(page.text("document-problem")).contains("“invoice.pdf”").contains("is not a PDF, PNG or JPEG");
        assertThat(page.tag("document")).contains("aria-invalid=\"true\"");
        // what was typed is kept
        assertThat(page.value("number")).isEqualTo(number);
        assertThat(numbered(mine, number)).isEmpty();
    }

    @Test
    void badValuesAreNamedNextToTheirFields() throws Exception {
        Client mine = fixtures.activeClient();
        Debtor customer = fixtures.debtor(TestSupport.unique("Field Farms"));
        Invoice first = sold(mine, customer);
        Actor user = person(mine, Role.CLIENT_USER);
        Html page = html(mvc.perform(post("/portal/invoices/new")
                        .param("debtorId", customer.id().toString())
                        .param("number", "X-1")
                        .param("issueDate", "2026-02-30")
                        .param("termsDays", "thirty")
                        .param("amount", "12.345")
                        .with(SignedIn.as(user))
                        .with(csrf()))
                .andExpect(status().isOk())
                .andReturn());
        assertThat(page.text("issueDate-problem")).isEqualTo("“2026-02-30” is not a date in the form YYYY-MM-DD");
        assertThat(page.text("termsDays-problem")).contains("“thirty”");
        assertThat(page.text("amount-problem")).contains("“12.345”").contains("decimals");

        // a number the client already used
        Html duplicate = html(mvc.perform(post("/portal/invoices/new")
                        .param("debtorId", customer.id().toString())
                        .param("number", first.number())
                        .param("issueDate", LocalDate.now(clock).toString())
                        .param("termsDays", "30")
                        .param("amount", "12.00")
                        .with(SignedIn.as(user))
                        .with(csrf()))
                .andExpect(status().isOk())
                .andReturn());
        assertThat(duplicate.text("number-problem"))
                .contains("“" + first.number() + "”")
                .contains("already submitted");
    }

    @Test
    void anotherClientsCustomerIsRefusedWithoutRevealingThatItExists() throws Exception {
        Client mine = fixtures.activeClient();
        Client other = fixtures.activeClient();
        Debtor myCustomer = fixtures.debtor(TestSupport.unique("Mine Mills"));
        Debtor theirs = fixtures.debtor(TestSupport.unique("Secret Stores"));
        sold(mine, myCustomer);
        sold(other, theirs);
        Actor user = person(mine, Role.CLIENT_USER);

        Html form = html(mvc.perform(get("/portal/invoices/new").with(SignedIn.as(user)))
                .andExpect(status().isOk())
                .andReturn());
        assertThat(form.source())
                .doesNotContain(theirs.name())
                .doesNotContain(theirs.id().toString());

        String number = TestSupport.unique("STEAL");
        String refusedTheirs = refusal(user, theirs.id().toString(), number);
        String refusedNobody = refusal(user, UUID.randomUUID().toString(), number);
        assertThat(refusedTheirs).contains("is not one of your customers").doesNotContain(theirs.name());
        // the answer is the same as for an id that exists nowhere
        assertThat(refusedTheirs.replace(theirs.id().toString(), "ID"))
                .isEqualTo(refusedNobody.replaceAll("“[0-9a-f\\-]{36}”", "“ID”"));
        assertThat(numbered(mine, number)).isEmpty();
        assertThat(numbered(other, number)).isEmpty();
    }

    private String refusal(Actor user, String debtorId, String number) throws Exception {
        Html page = html(mvc.perform(post("/portal/invoices/new")
                        .param("debtorId", debtorId)
                        .param("number", number)
                        .param("issueDate", LocalDate.now(clock).toString())
                        .param("termsDays", "30")
                        .param("amount", "99.00")
                        .with(SignedIn.as(user))
                        .with(csrf()))
                .andExpect(status().isOk())
                .andReturn());
        assertThat(page.source()).doesNotContain("Secret Stores");
        return page.text("debtorId-problem");
    }

    // --- schedule files

    private static MockMultipartFile csv(String name, String text) {
        return new MockMultipartFile("file", name, "text/csv", text.getBytes(StandardCharsets.UTF_8));
    }

    private MvcResult upload(Actor user, MockHttpSession session, MockMultipartFile file) throws Exception {
        return mvc.perform(multipart("/portal/schedules/upload")
                        .file(file)
                        .session(session)
                        .with(SignedIn.as(user))
                        .with(csrf()))
                .andExpect(status().isOk())
                .andReturn();
    }

    private MvcResult commit(Actor user, MockHttpSession session, String upload, String sha256) throws Exception {
        return mvc.perform(post("/portal/schedules/upload/submit")
                        .param("upload", upload)
                        .param("sha256", sha256)
                        .session(session)
                        .with(SignedIn.as(user))
                        .with(csrf()))
                .andReturn();
    }

    private long schedulesOf(Client client) {
        return TestSupport.as(
                TestSupport.admin(),
                () -> invoices.schedules(client.id(), CursorPage.Request.first(100))
                        .items()
                        .size());
    }

    /** Regression: the preview told a client that a company it named was insolvent (the factor's credit view). */
    @Test
    void aClientIsNotToldThatACompanyIsInsolventOnlyThatItCannotBeUsed() throws Exception {
        Client mine = fixtures.activeClient();
        Debtor insolvent = fixtures.debtor(TestSupport.unique("Failing Foods"));
        TestSupport.as(
                TestSupport.admin(),
                () -> debtors.changeStatus(
                        insolvent.id(),
                        org.factorline.debtors.DebtorStatus.INSOLVENT,
                        "filed for protection",
                        debtors.get(insolvent.id()).version()));
        Actor user = person(mine, Role.CLIENT_USER);
        LocalDate today = LocalDate.now(clock);
        String file =
                """
                invoice_number,debtor,issue_date,terms_days,amount
                %s,%s,%s,30,1000.00
                %s,Nobody Anyone Knows Ltd,%s,30,300.00
                """.formatted(TestSupport.unique("P"), insolvent.reference(), today, TestSupport.unique("P"), today);
        Html page = html(upload(user, new MockHttpSession(), csv("april.csv", file)));

        String refused = ": is not a customer we can accept invoices on";
        assertThat(page.text("line-2")).contains(refused).doesNotContain("INSOLVENT");
        assertThat(page.text("line-3")).contains(refused);
        assertThat(page.source()).doesNotContainIgnoringCase("insolvent");
    }

    @Test
    void thePreviewShowsEveryLineWithItsProblemsAndWritesNothing() throws Exception {
        Client mine = fixtures.activeClient();
        Debtor customer = fixtures.debtor(TestSupport.unique("Preview Provisions"));
        Invoice earlier = sold(mine, customer);
        Actor user = person(mine, Role.CLIENT_USER);
        long schedulesBefore = schedulesOf(mine);
        String a = TestSupport.unique("P");
        String b = TestSupport.unique("P");
        LocalDate today = LocalDate.now(clock);
        String file = """
                invoice_number,debtor,issue_date,terms_days,amount
                %s,%s,%s,30,1000.00
                %s,%s,2026-13-01,30,200.00
                %s,No Such Customer Inc,%s,30,300.00
                %s,%s,%s,30,400.00
                %s,%s,%s,30,50.00
                """.formatted(
                        a,
                        customer.reference(),
                        today,
                        b,
                        customer.reference(),
                        TestSupport.unique("P"),
                        today,
                        a,
                        customer.reference(),
                        today,
                        earlier.number(),
                        customer.name(),
                        today);
        Html page = html(upload(user, new MockHttpSession(), csv("march.csv", file)));

        assertThat(page.text("preview-summary")).isEqualTo("5 invoice lines: 1 ready, 4 with problems (4 problems)");
        assertThat(page.text("ready-total")).isEqualTo("USD 1,000.00");
        assertThat(page.tag("line-2")).contains("data-outcome=\"ok\"");
        assertThat(page.text("line-2")).contains(a).contains("ready");
        assertThat(page.text("line-3"))
                .contains("Line 3, issue_date = “2026-13-01”: is not a date in the form YYYY-MM-DD");
        assertThat(page.text("line-4"))
                .contains("Line 4, debtor = “No Such Customer Inc”: is not a customer we can accept invoices on");
        assertThat(page.text("line-5"))
                .contains("Line 5, invoice_number = “" + a + "”: appears twice in the file (first on line 2)");
        assertThat(page.text("line-6"))
                .contains("Line 6, invoice_number = “" + earlier.number() + "”: was already submitted by this client");
        assertThat(page.hasId("commit-schedule")).isFalse();
        assertThat(page.text("not-submittable")).contains("Nothing was submitted");

        assertThat(numbered(mine, a)).isEmpty();
        assertThat(numbered(mine, b)).isEmpty();
        assertThat(schedulesOf(mine)).isEqualTo(schedulesBefore);
    }

    @Test
    void thePreviewFindsExactlyWhatTheImportRefuses() {
        Client mine = fixtures.activeClient();
        Debtor customer = fixtures.debtor(TestSupport.unique("Same Checks"));
        Invoice earlier = sold(mine, customer);
        Actor user = TestSupport.clientUser(mine.id().value());
        String a = TestSupport.unique("S");
        LocalDate today = LocalDate.now(clock);
        String file = "invoice_number,debtor,issue_date,due_date,amount,currency\n"
                + a + "," + customer.reference() + "," + today + "," + today.plusDays(20) + ",10.00,\n"
                + a + "," + customer.reference() + "," + today.plusDays(1) + ",,x,EUR\n"
                + earlier.number() + ",D-999999," + today + "," + today.minusDays(1) + ",5,USD\n"
                + ",,,,\n";
        byte[] bytes = file.getBytes(StandardCharsets.UTF_8);
        SchedulePreview preview =
                TestSupport.as(user, () -> imports.preview(null, "same.csv", new java.io.ByteArrayInputStream(bytes)));
        FactorlineException refused = catchThrowableOfType(
                FactorlineException.class,
                () -> TestSupport.as(
                        user, () -> imports.importCsv(null, "same.csv", new java.io.ByteArrayInputStream(bytes))));
        List<FieldProblem> shown = new java.util.ArrayList<>(preview.fileProblems());
        preview.lines().forEach(l -> shown.addAll(l.problems()));
        assertThat(shown).isNotEmpty().containsExactlyInAnyOrderElementsOf(refused.problems());
        assertThat(preview.problemCount()).isEqualTo(refused.problems().size());
        assertThat(preview.ready()).isFalse();
        assertThat(numbered(mine, a)).isEmpty();
    }

    @Test
    void aCleanPreviewIsImportedExactlyOnceAndOnlyAsPreviewed() throws Exception {
        Client mine = fixtures.activeClient();
        Debtor customer = fixtures.debtor(TestSupport.unique("Commit Coffee"));
        sold(mine, customer);
        Actor user = person(mine, Role.CLIENT_USER);
        MockHttpSession session = new MockHttpSession();
        String a = TestSupport.unique("C");
        String b = TestSupport.unique("C");
        LocalDate today = LocalDate.now(clock);
        String file = "invoice_number,debtor,issue_date,terms_days,amount\n"
                + a + "," + customer.reference() + "," + today + ",30,1200.00\n"
                + b + "," + customer.name() + "," + today.minusDays(3) + ",45,800.50\n";
        Html page = html(upload(user, session, csv("april.csv", file)));
        assertThat(page.text("preview-summary")).isEqualTo("2 invoice lines: 2 ready, 0 with problems");
        assertThat(page.text("commit-schedule")).isEqualTo("Submit 2 invoices");
        String upload = page.value("upload-token");
        String sha = page.value("upload-sha256");
        assertThat(sha).isEqualTo(StagedSchedules.sha256(file.getBytes(StandardCharsets.UTF_8)));
        assertThat(numbered(mine, a)).isEmpty(); // the preview wrote nothing

        // a changed file (another content than the one previewed) is refused, and nothing is written
        String otherSha = StagedSchedules.sha256((file + "x,y,z,1,2\n").getBytes(StandardCharsets.UTF_8));
        MvcResult refused = commit(user, session, upload, otherSha);
        assertThat(refused.getResponse().getStatus()).isEqualTo(200);
        Html changed = html(refused);
        assertThat(changed.text()).contains("is not the file that was checked");
        assertThat(numbered(mine, a)).isEmpty();

        long before = schedulesOf(mine);
        MvcResult done = commit(user, session, upload, sha);
        assertThat(done.getResponse().getStatus()).isEqualTo(302);
        assertThat(done.getResponse().getRedirectedUrl()).isEqualTo("/portal/invoices");
        assertThat(done.getFlashMap().get("flash").toString()).contains("2 invoices, USD 2,000.50");
        assertThat(numbered(mine, a))
                .singleElement()
                .satisfies(i -> assertThat(i.faceAmount()).isEqualTo(Money.usd("1200.00")));
        assertThat(numbered(mine, b))
                .singleElement()
                .satisfies(i -> assertThat(i.termsDays()).isEqualTo(45));
        assertThat(schedulesOf(mine)).isEqualTo(before + 1);

        // the button pressed again: nothing more is imported, and the page says why
        MvcResult again = commit(user, session, upload, sha);
        assertThat(again.getResponse().getRedirectedUrl()).isEqualTo("/portal/invoices");
        assertThat(again.getFlashMap().get("flash").toString()).contains("was already submitted as schedule");
        assertThat(numbered(mine, a)).hasSize(1);
        assertThat(schedulesOf(mine)).isEqualTo(before + 1);

        // a file never previewed in this session is not imported
        Html unknown = html(commit(user, session, UUID.randomUUID().toString(), sha));
        assertThat(unknown.text()).contains("is no checked file waiting to be submitted");
        Html otherSession = html(commit(user, new MockHttpSession(), upload, sha));
        assertThat(otherSession.text()).contains("is no checked file waiting to be submitted");
        assertThat(schedulesOf(mine)).isEqualTo(before + 1);
    }

    @Test
    void theTemplateNamesTheColumnsAndTheClientsOwnCustomers() throws Exception {
        Client mine = fixtures.activeClient();
        Debtor customer = fixtures.debtor(TestSupport.unique("Template Toys"));
        sold(mine, customer);
        String body = mvc.perform(
                        get("/portal/schedules/template.csv").with(SignedIn.as(person(mine, Role.CLIENT_USER))))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(body)
                .startsWith("invoice_number,debtor,po_number,issue_date,terms_days,amount\r\n")
                .contains(customer.reference());
    }

    // --- API tokens and the integration page

    @Test
    void aClientAdminsTokenSubmitsForItsOwnClientOnly() throws Exception {
        Client mine = fixtures.activeClient();
        Client other = fixtures.activeClient();
        Debtor customer = fixtures.debtor(TestSupport.unique("Token Textiles"));
        Debtor theirs = fixtures.debtor(TestSupport.unique("Token Theirs"));
        sold(mine, customer);
        sold(other, theirs);
        Actor admin = person(mine, Role.CLIENT_ADMIN);

        MvcResult issued = mvc.perform(post("/portal/integration/tokens")
                        .param("name", "Accounting sync")
                        .with(SignedIn.as(admin))
                        .with(csrf()))
                .andExpect(status().is3xxRedirection())
                .andReturn();
        UserAccounts.IssuedToken token =
                (UserAccounts.IssuedToken) issued.getFlashMap().get("issuedToken");
        assertThat(token).isNotNull();
        Html page = html(
                mvc.perform(get("/portal/integration").with(SignedIn.as(admin)).flashAttr("issuedToken", token))
                        .andExpect(status().isOk())
                        .andReturn());
        assertThat(page.value("new-token-value")).isEqualTo(token.token());
        assertThat(page.text("token-list")).contains("Accounting sync").contains(token.prefix());
        assertThat(page.text("code-submit-invoice"))
                .contains("curl -sS -X POST \"http://localhost/api/v1/invoices\"")
                .contains("Idempotency-Key: invoice-INV-1001")
                .contains(customer.id().toString());
        assertThat(page.source()).contains("src=\"/js/copy.js\"").doesNotContain("<script>");
        // shown once: the next view does not have it
        Html later = html(mvc.perform(get("/portal/integration").with(SignedIn.as(admin)))
                .andExpect(status().isOk())
                .andReturn());
        assertThat(later.source()).doesNotContain(token.token());

        String bearer = "Bearer " + token.token();
        String number = TestSupport.unique("API");
        String body = """
                {"debtorId": "%s", "number": "%s", "issueDate": "%s", "termsDays": 30,
                 "faceAmount": {"amount": "321.00", "currency": "USD"}}""".formatted(customer.id(), number, LocalDate.now(clock));
        mvc.perform(post("/api/v1/invoices")
                        .header("Authorization", bearer)
                        .header("Idempotency-Key", "invoice-" + number)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.clientId").value(mine.id().toString()));
        // the retry with the same key is the same invoice, not a second one
        mvc.perform(post("/api/v1/invoices")
                        .header("Authorization", bearer)
                        .header("Idempotency-Key", "invoice-" + number)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body))
                .andExpect(status().isCreated());
        assertThat(numbered(mine, number)).hasSize(1);

        // another client's id: not found, as if it did not exist
        String elsewhere = TestSupport.unique("API");
        mvc.perform(post("/api/v1/invoices")
                        .header("Authorization", bearer)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"clientId": "%s", "debtorId": "%s", "number": "%s", "issueDate": "%s",
                                 "termsDays": 30, "faceAmount": {"amount": "5.00", "currency": "USD"}}""".formatted(other.id(), theirs.id(), elsewhere, LocalDate.now(clock))))
                .andExpect(status().isNotFound());
        // another client's customer, under its own client: refused like an unknown one
        mvc.perform(post("/api/v1/invoices")
                        .header("Authorization", bearer)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"debtorId": "%s", "number": "%s", "issueDate": "%s",
                                 "termsDays": 30, "faceAmount": {"amount": "5.00", "currency": "USD"}}""".formatted(theirs.id(), elsewhere, LocalDate.now(clock))))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("debtorId"));
        assertThat(numbered(other, elsewhere)).isEmpty();
        assertThat(numbered(mine, elsewhere)).isEmpty();

        // a schedule through the API, without naming the client
        String scheduled = TestSupport.unique("API");
        mvc.perform(multipart("/api/v1/schedules/import")
                        .file(csv(
                                "api.csv",
                                "invoice_number,debtor,issue_date,terms_days,amount\n" + scheduled + ","
                                        + customer.reference() + "," + LocalDate.now(clock) + ",30,75.00\n"))
                        .header("Authorization", bearer))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.clientId").value(mine.id().toString()))
                .andExpect(jsonPath("$.invoiceCount").value(1));

        // revoked from the page: refused from then on
        mvc.perform(post("/portal/integration/tokens/" + token.id() + "/revoke")
                        .with(SignedIn.as(admin))
                        .with(csrf()))
                .andExpect(redirectedUrl("/portal/integration#tokens"));
        mvc.perform(get("/api/v1/invoices").header("Authorization", bearer)).andExpect(status().isUnauthorized());
    }

    @Test
    void aClientUserWhoIsNotTheAdminReadsTheExamplesButIssuesNoToken() throws Exception {
        Client mine = fixtures.activeClient();
        var plain = fixtures.user(mine.id().value(), Role.CLIENT_USER);
        Actor user = UserAccounts.toActor(plain);
        Html page = html(mvc.perform(get("/portal/integration").with(SignedIn.as(user)))
                .andExpect(status().isOk())
                .andReturn());
        assertThat(page.hasId("issue-token-form")).isFalse();
        assertThat(page.text("tokens-admin-only")).contains("Only your company's portal admin");
        assertThat(page.hasId("code-upload-schedule")).isTrue();
        assertThat(page.hasId("copy-upload-schedule")).isTrue();

        mvc.perform(post("/portal/integration/tokens")
                        .param("name", "sneaky")
                        .with(SignedIn.as(user))
                        .with(csrf()))
                .andExpect(status().isForbidden());
        assertThatThrownBy(() -> TestSupport.as(user, () -> users.issueToken(plain.id(), "sneaky")))
                .isInstanceOf(AccessDeniedException.class);
        // nor from the profile page, which points to the admin instead
        Html profile = html(mvc.perform(get("/staff/profile").with(SignedIn.as(user)))
                .andExpect(status().isOk())
                .andReturn());
        assertThat(profile.hasId("token-name")).isFalse();
        assertThat(profile.text("tokens-admin-only")).contains("portal admin issues API tokens");
        MvcResult viaProfile = mvc.perform(post("/staff/profile/tokens")
                        .param("name", "sneaky")
                        .with(SignedIn.as(user))
                        .with(csrf()))
                .andExpect(status().is3xxRedirection())
                .andReturn();
        assertThat(viaProfile.getFlashMap().get("issuedToken")).isNull();
        assertThat(viaProfile.getFlashMap().get("problems").toString()).contains("only the client's admin");
        assertThat(TestSupport.as(user, () -> users.tokensOf(plain.id()))).isEmpty();
        // and a colleague's token cannot be revoked from here
        var admin = fixtures.user(mine.id().value(), Role.CLIENT_ADMIN);
        var adminToken = TestSupport.as(UserAccounts.toActor(admin), () -> users.issueToken(admin.id(), "sync"));
        mvc.perform(post("/portal/integration/tokens/" + adminToken.id() + "/revoke")
                        .with(SignedIn.as(user))
                        .with(csrf()))
                .andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/me").header("Authorization", "Bearer " + adminToken.token()))
                .andExpect(status().isOk());
    }

    @Test
    void staffHaveNoPortalSubmitPages() throws Exception {
        mvc.perform(get("/portal/invoices/new").with(SignedIn.as(TestSupport.admin())))
                .andExpect(status().isForbidden());
        mvc.perform(get("/portal/integration").with(SignedIn.as(TestSupport.admin())))
                .andExpect(status().isForbidden());
    }
}
