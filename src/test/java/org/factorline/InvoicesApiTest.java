package org.factorline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.factorline.clients.Client;
import org.factorline.debtors.Debtor;
import org.factorline.identity.Role;
import org.factorline.invoices.Invoice;
import org.factorline.invoices.InvoiceFilter;
import org.factorline.invoices.InvoiceStatus;
import org.factorline.invoices.Invoices;
import org.factorline.invoices.VerificationStatus;
import org.factorline.shared.CursorPage;
import org.factorline.shared.ErrorCode;
import org.factorline.shared.FactorlineException;
import org.factorline.shared.Money;
import org.factorline.shared.MutableClock;
import org.factorline.support.FactorlineTest;
import org.factorline.support.TestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

@FactorlineTest
class InvoicesApiTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestSupport.Fixtures fixtures;

    @Autowired
    Invoices invoices;

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @Autowired
    MutableClock clock;

    static final byte[] PDF =
            "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);

    String body(Client c, Debtor d, String number, LocalDate issued, String amount) {
        return """
                {"clientId": "%s", "debtorId": "%s", "number": "%s", "poNumber": "PO-1", "issueDate": "%s",
                 "termsDays": 30, "faceAmount": {"amount": "%s", "currency": "USD"}}""".formatted(c.id(), d.id(), number, issued, amount);
    }

    /** Posts the submission as the token's user. */
    ResultActions postInvoice(String token, String json) throws Exception {
        return mvc.perform(post("/api/v1/invoices")
                .header("Authorization", "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON)
                .content(json));
    }

    String submit(String token, String json) throws Exception {
        String location = postInvoice(token, json)
                .andExpect(status().isCreated())
                .andReturn()
                .getResponse()
                .getHeader("Location");
        return location.substring(location.lastIndexOf('/') + 1);
    }

    Invoice submitAs(Client c, Debtor d, String number, LocalDate issued, String amount) {
        return fixtures.submitted(c, d, number, issued, Money.usd(amount));
    }

    @Test
    void submitsAnInvoiceAndRefusesTheSameNumberAgainWithAStableCode() throws Exception {
        Client client = fixtures.activeClient();
        Debtor debtor = fixtures.debtor();
        String token = fixtures.token(null, Role.ACCOUNT_MANAGER);
        LocalDate issued = LocalDate.now(clock).minusDays(5);
        String json = body(client, debtor, "INV-1001", issued, "1234.56");

        String id = submit(token, json);
        mvc.perform(get("/api/v1/invoices/" + id).header("Authorization", "Bearer " + token))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.number").value("INV-1001"))
                .andExpect(jsonPath("$.status").value("SUBMITTED"))
                .andExpect(jsonPath("$.verificationStatus").value("PENDING"))
                .andExpect(jsonPath("$.dueDate").value(issued.plusDays(30).toString()))
                .andExpect(jsonPath("$.faceAmount.amount").value("1234.56"))
                .andExpect(jsonPath("$.clientId").value(client.id().toString()))
                .andExpect(jsonPath("$.flagged").value(false));
        mvc.perform(get("/api/v1/invoices/" + id + "/timeline").header("Authorization", "Bearer " + token))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].to").value("SUBMITTED"));
        mvc.perform(get("/api/v1/invoices?clientId=" + client.id()).header("Authorization", "Bearer " + token))
                .andExpect(jsonPath("$.items[0].id").value(id));

        postInvoice(token, json)
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("invoice.duplicate_number"))
                .andExpect(jsonPath("$.errors[0].field").value("number"))
                .andExpect(jsonPath("$.errors[0].value").value("INV-1001"));
    }

    @Test
    void theFirstInvoiceOnADebtorStartsTheRelationshipOnceAndARefusedNumberLeavesNoSchedule() throws Exception {
        Client client = fixtures.activeClient();
        Debtor debtor = fixtures.debtor();
        String token = fixtures.token(null, Role.ACCOUNT_MANAGER);
        LocalDate issued = LocalDate.now(clock).minusDays(5);
        assertThat(relationships(client, debtor)).isZero();

        submit(token, body(client, debtor, "REL-1", issued, "100.00"));
        submit(token, body(client, debtor, "REL-2", issued.minusDays(3), "200.00"));
        postInvoice(token, body(client, debtor, "REL-2", issued, "300.00"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("invoice.duplicate_number"));

        assertThat(relationships(client, debtor)).isOne();
        assertThat(jdbc.sql("select since from client_debtor where client_id = ? and debtor_id = ?")
                        .params(client.id().value(), debtor.id().value())
                        .query(LocalDate.class)
                        .single())
                .as("the relationship starts with the first invoice's issue date")
                .isEqualTo(issued);
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'debtor.relationship_started'"
                                + " and client_id = ? and entity_id = ?")
                        .params(client.id().value(), debtor.id().value())
                        .query(Long.class)
                        .single())
                .isOne();
        assertThat(jdbc.sql("select count(*) from schedule where client_id = ?")
                        .param(client.id().value())
                        .query(Long.class)
                        .single())
                .as("the refused number's schedule is rolled back with it")
                .isEqualTo(2);
    }

    long relationships(Client client, Debtor debtor) {
        return jdbc.sql("select count(*) from client_debtor where client_id = ? and debtor_id = ?")
                .params(client.id().value(), debtor.id().value())
                .query(Long.class)
                .single();
    }

    @Test
    void refusesABadInvoiceNamingEveryField() throws Exception {
        Client client = fixtures.activeClient();
        String token = fixtures.token(null, Role.ACCOUNT_MANAGER);
        mvc.perform(post("/api/v1/invoices")
                        .header("Authorization", "Bearer " + token)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"clientId": "%s", "number": " ", "issueDate": "%s", "termsDays": 900,
                                 "faceAmount": {"amount": "-5", "currency": "USD"}}""".formatted(client.id(), LocalDate.now(clock).plusDays(3))))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("request.invalid"))
                .andExpect(jsonPath("$.errors[?(@.field == 'debtorId')]").exists())
                .andExpect(jsonPath("$.errors[?(@.field == 'number')]").exists())
                .andExpect(jsonPath("$.errors[?(@.field == 'issueDate')]").exists())
                .andExpect(jsonPath("$.errors[?(@.field == 'termsDays')].value").value("900"))
                .andExpect(jsonPath("$.errors[?(@.field == 'faceAmount')]").exists());

        Debtor debtor = fixtures.debtor();
        LocalDate issued = LocalDate.now(clock).minusDays(2);
        mvc.perform(post("/api/v1/invoices")
                        .header("Authorization", "Bearer " + token)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"clientId": "%s", "debtorId": "%s", "number": "X-1", "issueDate": "%s",
                                 "dueDate": "%s", "faceAmount": {"amount": "10", "currency": "USD"}}""".formatted(client.id(), debtor.id(), issued, issued.minusDays(1))))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invoice.dates_invalid"))
                .andExpect(jsonPath("$.errors[0].field").value("dueDate"));
        mvc.perform(post("/api/v1/invoices")
                        .header("Authorization", "Bearer " + token)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body(client, debtor, "X-2", issued, "10").replace("USD", "EUR")))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("agreement.currency_mismatch"));
    }

    /**
     * Regression: an invoice issued before the client's agreement began was refused, but a new client's
     * existing receivables are exactly what it factors first. It is bought under today's version.
     */
    @Test
    void anInvoiceIssuedBeforeTheAgreementBeganIsBoughtUnderTheVersionInForceToday() throws Exception {
        Client client = fixtures.activeClient();
        Debtor debtor = fixtures.debtor();
        String token = fixtures.token(null, Role.ACCOUNT_MANAGER);
        String agreementId = jdbc.sql("select cast(id as varchar) from agreement where client_id = ?")
                .param(client.id().value())
                .query(String.class)
                .single();
        mvc.perform(post("/api/v1/invoices")
                        .header("Authorization", "Bearer " + token)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body(
                                client, debtor, "OLD-1", LocalDate.now(clock).minusDays(60), "10")))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.agreementId").value(agreementId));
    }

    @Test
    void anInvoiceLikeAnotherClientsIsAcceptedButFlaggedForStaffOnly() throws Exception {
        Client first = fixtures.activeClient();
        Client second = fixtures.activeClient();
        Debtor debtor = fixtures.debtor();
        LocalDate issued = LocalDate.now(clock).minusDays(3);
        Invoice original = submitAs(first, debtor, "INV-000777", issued, "5000.00");
        assertThat(original.flagged()).isFalse();

        Invoice lookalike = submitAs(second, debtor, "inv 777", issued, "5000.00");
        assertThat(lookalike.flagged()).isTrue();
        assertThat(lookalike.flagReason())
                .contains(original.id().toString())
                .doesNotContain(first.legalName())
                .doesNotContain(first.reference());
        // same number but another amount, or another day: not the same invoice
        assertThat(submitAs(second, debtor, "INV-778", issued, "5000.00").flagged())
                .isTrue(); // one character apart
        assertThat(submitAs(second, debtor, "INV-9000777", issued, "5000.01").flagged())
                .isFalse();
        assertThat(submitAs(second, debtor, "INV-99", issued.minusDays(1), "5000.00")
                        .flagged())
                .isFalse();

        CursorPage<Invoice> flagged = TestSupport.as(
                TestSupport.staff(Role.UNDERWRITER),
                () -> invoices.list(
                        new InvoiceFilter(second.id(), null, null, null, true, null), CursorPage.Request.first(50)));
        assertThat(flagged.items()).extracting(Invoice::number).containsExactlyInAnyOrder("inv 777", "INV-778");

        // The client sees its invoice, but neither the flag nor the reason that points at another client.
        String token = fixtures.token(second.id().value(), Role.CLIENT_ADMIN);
        String json = mvc.perform(get("/api/v1/invoices/" + lookalike.id()).header("Authorization", "Bearer " + token))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.flagged").value(false))
                .andExpect(jsonPath("$.flagReason").doesNotExist())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(json).doesNotContain(original.id().toString());
        String list = mvc.perform(get("/api/v1/invoices?flagged=true").header("Authorization", "Bearer " + token))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items.length()").value(4))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(list)
                .doesNotContain("Possible duplicate")
                .doesNotContain(original.id().toString());
    }

    @Test
    void aClientUserCannotSeeOrTouchAnotherClientsInvoice() throws Exception {
        Client mine = fixtures.activeClient();
        Client other = fixtures.activeClient();
        Debtor debtor = fixtures.debtor();
        LocalDate issued = LocalDate.now(clock).minusDays(1);
        Invoice theirs = submitAs(other, debtor, "THEIRS-1", issued, "100.00");
        Invoice own = submitAs(mine, debtor, "MINE-1", issued, "100.00");
        String token = fixtures.token(mine.id().value(), Role.CLIENT_ADMIN);
        String auth = "Bearer " + token;

        for (String path : new String[] {"", "/timeline", "/documents"}) {
            mvc.perform(get("/api/v1/invoices/" + theirs.id() + path).header("Authorization", auth))
                    .andExpect(status().isNotFound())
                    .andExpect(jsonPath("$.code").value("resource.not_found"));
        }
        mvc.perform(post("/api/v1/invoices/" + theirs.id() + "/transitions")
                        .header("Authorization", auth)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"to\": \"WITHDRAWN\", \"reason\": \"mine now\"}"))
                .andExpect(status().isNotFound());
        mvc.perform(multipart("/api/v1/invoices/" + theirs.id() + "/documents")
                        .file(new MockMultipartFile("file", "x.pdf", "application/pdf", PDF))
                        .header("Authorization", auth))
                .andExpect(status().isNotFound());
        mvc.perform(post("/api/v1/invoices")
                        .header("Authorization", auth)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body(other, debtor, "SNEAK-1", issued, "10.00")))
                .andExpect(status().isNotFound());
        String list = mvc.perform(get("/api/v1/invoices?clientId=" + other.id()).header("Authorization", auth))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(list).doesNotContain(theirs.id().toString());
        assertThat(mvc.perform(get("/api/v1/invoices").header("Authorization", auth))
                        .andReturn()
                        .getResponse()
                        .getContentAsString())
                .contains(own.id().toString())
                .doesNotContain(theirs.id().toString());
        mvc.perform(get("/api/v1/schedules/" + theirs.scheduleId()).header("Authorization", auth))
                .andExpect(status().isNotFound());

        // Its own invoice: the client may withdraw it, but not approve it.
        mvc.perform(post("/api/v1/invoices/" + own.id() + "/transitions")
                        .header("Authorization", auth)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"to\": \"APPROVED\"}"))
                .andExpect(status().isForbidden());
        mvc.perform(post("/api/v1/invoices/" + own.id() + "/transitions")
                        .header("Authorization", auth)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"to\": \"WITHDRAWN\", \"reason\": \"sent in error\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("WITHDRAWN"));
    }

    @Test
    void anIllegalTransitionNamesBothStatesAndALegalOneIsOnTheTimeline() throws Exception {
        Client client = fixtures.activeClient();
        Debtor debtor = fixtures.debtor();
        Invoice inv = submitAs(client, debtor, "T-1", LocalDate.now(clock).minusDays(1), "900.00");
        String admin = "Bearer " + fixtures.token(null, Role.ADMIN);

        mvc.perform(post("/api/v1/invoices/" + inv.id() + "/transitions")
                        .header("Authorization", admin)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"to\": \"PAID\"}"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("invoice.illegal_transition"))
                .andExpect(jsonPath("$.detail")
                        .value(org.hamcrest.Matchers.containsString("invoice T-1 cannot go from SUBMITTED to PAID")));

        var underwriterUser = fixtures.user(null, Role.UNDERWRITER);
        String underwriter = "Bearer " + fixtures.tokenFor(underwriterUser);
        mvc.perform(post("/api/v1/invoices/" + inv.id() + "/transitions")
                        .header("Authorization", underwriter)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"to\": \"APPROVED\", \"reason\": \"verified by phone\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("APPROVED"))
                .andExpect(jsonPath("$.version").value(1));
        mvc.perform(post("/api/v1/invoices/" + inv.id() + "/transitions")
                        .header("Authorization", underwriter)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"to\": \"REJECTED\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("reason"));
        // funding is not the underwriter's to do
        mvc.perform(post("/api/v1/invoices/" + inv.id() + "/transitions")
                        .header("Authorization", underwriter)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"to\": \"FUNDED\"}"))
                .andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/invoices/" + inv.id() + "/timeline").header("Authorization", underwriter))
                .andExpect(jsonPath("$.length()").value(2))
                .andExpect(jsonPath("$[1].from").value("SUBMITTED"))
                .andExpect(jsonPath("$[1].to").value("APPROVED"))
                .andExpect(jsonPath("$[1].reason").value("verified by phone"))
                .andExpect(jsonPath("$[1].actor").value(underwriterUser.username()));

        FactorlineException e = org.junit.jupiter.api.Assertions.assertThrows(
                FactorlineException.class,
                () -> TestSupport.as(
                        TestSupport.admin(), () -> invoices.transition(inv.id(), InvoiceStatus.CLOSED, null)));
        assertThat(e.code()).isEqualTo(ErrorCode.INVOICE_ILLEGAL_TRANSITION);
        assertThat(e.getMessage()).contains("APPROVED", "CLOSED");
    }

    @Test
    void documentsAreJudgedByTheirBytesNotTheirName() throws Exception {
        Client client = fixtures.activeClient();
        Debtor debtor = fixtures.debtor();
        Invoice inv = submitAs(client, debtor, "DOC-1", LocalDate.now(clock).minusDays(1), "50.00");
        String auth = "Bearer " + fixtures.token(client.id().value(), Role.CLIENT_USER);

        mvc.perform(multipart("/api/v1/invoices/" + inv.id() + "/documents")
                        .file(new MockMultipartFile(
                                "file",
                                "invoice.pdf",
                                "application/pdf",
                                "this is only text".getBytes(StandardCharsets.UTF_8)))
                        .header("Authorization", auth))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(jsonPath("$.code").value("document.type_refused"))
                .andExpect(jsonPath("$.errors[0].value").value("invoice.pdf"));

        String location = mvc.perform(multipart("/api/v1/invoices/" + inv.id() + "/documents")
                        .file(new MockMultipartFile("file", "../../bol.bin", "application/octet-stream", PDF))
                        .header("Authorization", auth))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.contentType").value("application/pdf"))
                .andExpect(jsonPath("$.fileName").value("bol.bin"))
                .andExpect(jsonPath("$.sizeBytes").value(PDF.length))
                .andExpect(jsonPath("$.sha256").value(org.hamcrest.Matchers.matchesPattern("[0-9a-f]{64}")))
                .andReturn()
                .getResponse()
                .getHeader("Location");
        mvc.perform(get("/api/v1/invoices/" + inv.id() + "/documents").header("Authorization", auth))
                .andExpect(jsonPath("$.length()").value(1))
                .andExpect(jsonPath("$[0].fileName").value("bol.bin"));
        mvc.perform(get(location).header("Authorization", auth))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Type", "application/pdf"))
                .andExpect(header().string("Content-Disposition", org.hamcrest.Matchers.containsString("attachment")))
                .andExpect(content().bytes(PDF));
    }

    @Test
    void aSingleSubmissionIsAScheduleOfOne() throws Exception {
        Client client = fixtures.activeClient();
        Debtor debtor = fixtures.debtor();
        String auth = "Bearer " + fixtures.token(client.id().value(), Role.CLIENT_ADMIN);
        // a client user submits on a debtor its client already sells on
        submitAs(client, debtor, "FIRST-1", LocalDate.now(clock).minusDays(1), "10.00");
        String id = submit(
                auth.substring(7),
                body(client, debtor, "API-1", LocalDate.now(clock).minusDays(1), "75.25"));
        Invoice inv = TestSupport.as(
                TestSupport.admin(),
                () -> invoices.get(new org.factorline.invoices.InvoiceId(java.util.UUID.fromString(id))));
        assertThat(inv.verificationStatus()).isEqualTo(VerificationStatus.PENDING);
        int year = LocalDate.now(clock).getYear();
        mvc.perform(get("/api/v1/schedules/" + inv.scheduleId()).header("Authorization", auth))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.source").value("API"))
                .andExpect(jsonPath("$.invoiceCount").value(1))
                .andExpect(jsonPath("$.total.amount").value("75.25"))
                .andExpect(
                        jsonPath("$.reference").value(org.hamcrest.Matchers.matchesPattern("S-" + year + "-\\d{6}")));
        mvc.perform(get("/api/v1/schedules").header("Authorization", auth))
                .andExpect(jsonPath("$.items.length()").value(2));
    }
}
