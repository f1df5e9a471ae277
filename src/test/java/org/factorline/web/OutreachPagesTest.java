package org.factorline.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.LocalDate;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.factorline.clients.Client;
import org.factorline.debtors.Debtor;
import org.factorline.identity.Role;
import org.factorline.invoices.Invoice;
import org.factorline.invoices.Invoices;
import org.factorline.invoices.NewInvoice;
import org.factorline.invoices.ScheduleSource;
import org.factorline.outreach.OutboxMessage;
import org.factorline.outreach.Outreach;
import org.factorline.outreach.Planner;
import org.factorline.shared.Money;
import org.factorline.shared.MutableClock;
import org.factorline.support.FactorlineTest;
import org.factorline.support.SignedIn;
import org.factorline.support.TestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

/** The staff outreach pages, the debtor's link page, and the contact API's client isolation. */
@FactorlineTest
class OutreachPagesTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestSupport.Fixtures fixtures;

    @Autowired
    Invoices invoices;

    @Autowired
    Planner planner;

    @Autowired
    Outreach outreach;

    @Autowired
    MutableClock clock;

    @AfterEach
    void resetClock() {
        clock.set(TestSupport.START);
    }

    record Book(Client client, Debtor debtor, Invoice invoice, OutboxMessage message, String token) {}

    Book book() {
        clock.set(TestSupport.BUSINESS_HOURS); // messages are planned only when they can go
        Client client = fixtures.activeClient();
        Debtor debtor = fixtures.debtor();
        Invoice invoice = TestSupport.as(
                TestSupport.admin(),
                () -> invoices.submit(
                        new NewInvoice(
                                client.id(),
                                debtor.id(),
                                TestSupport.unique("P"),
                                null,
                                LocalDate.now(clock).minusDays(1),
                                30,
                                null,
                                Money.usd("950.00")),
                        ScheduleSource.MANUAL));
        planner.plan(List.of(debtor.id()));
        OutboxMessage m = TestSupport.as(
                TestSupport.admin(),
                () -> outreach.messages(client.id().value(), debtor.id().value(), null, null, 5)
                        .get(0));
        Matcher link =
                Pattern.compile("/d/([A-Za-z0-9_\\-]+\\.[A-Za-z0-9_\\-]+)").matcher(m.bodyText());
        assertThat(link.find()).isTrue();
        return new Book(client, debtor, invoice, m, link.group(1));
    }

    @Test
    void staffSeeTheOutboxTheMessageTheLogAndTheDecisions() throws Exception {
        Book b = book();
        var staff = SignedIn.as(TestSupport.staff(Role.ACCOUNT_MANAGER));
        String index = mvc.perform(get("/staff/outreach").with(staff))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(index).contains("Debtor contact");
        String outbox = mvc.perform(get("/staff/outreach/outbox")
                        .param("client", b.client().id().value().toString())
                        .with(staff))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(outbox).contains(b.message().subject().replace("'", "&#39;"));
        String message = mvc.perform(
                        get("/staff/outreach/outbox/" + b.message().id()).with(staff))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(message).contains(b.invoice().number()).contains("notice-of-assignment.pdf");
        var html = mvc.perform(get("/staff/outreach/outbox/" + b.message().id() + "/html")
                        .with(staff))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse();
        assertThat(html.getHeader("Content-Security-Policy")).startsWith("sandbox");
        var pdf = mvc.perform(get("/staff/outreach/outbox/" + b.message().id() + "/attachment")
                        .with(staff))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse();
        assertThat(pdf.getContentAsByteArray()).startsWith("%PDF".getBytes());
        String log = mvc.perform(get("/staff/outreach/log")
                        .param("debtor", b.debtor().id().value().toString())
                        .with(staff))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(log).contains("E-mail to " + b.message().mailbox());
        mvc.perform(get("/staff/outreach/decisions").with(staff)).andExpect(status().isOk());
        mvc.perform(get("/staff/outreach/pairs/" + b.client().id().value() + "/"
                                + b.debtor().id().value())
                        .with(staff))
                .andExpect(status().isOk());
        // a client user never reaches the staff console
        mvc.perform(get("/staff/outreach")
                        .with(SignedIn.as(TestSupport.clientUser(b.client().id().value()))))
                .andExpect(status().isForbidden());
    }

    @Test
    void theDebtorPageNeedsNoSignInAndRefusesATamperedLink() throws Exception {
        Book b = book();
        String page = mvc.perform(get("/d/" + b.token()))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).contains(b.invoice().number()).contains("All of these match our records");
        mvc.perform(post("/d/" + b.token() + "/confirm").with(csrf())).andExpect(status().is3xxRedirection());
        String after = mvc.perform(get("/d/" + b.token()).param("done", ""))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(after).contains("Confirmed");
        // without the CSRF token a form post is refused
        mvc.perform(post("/d/" + b.token() + "/acknowledge")).andExpect(status().isForbidden());
        String bad = b.token().substring(0, b.token().length() - 2) + "xx";
        String refused = mvc.perform(get("/d/" + bad))
                .andExpect(status().isNotFound())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(refused)
                .contains("This link does not open")
                .doesNotContain(b.invoice().number());
        String check = mvc.perform(get("/remit-check")
                        .param(
                                "code",
                                planner.checkCode(
                                        b.client().id().value(), b.debtor().id().value())))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(check).contains("Genuine").contains("PO Box 7731");
        assertThat(mvc.perform(get("/remit-check").param("code", "AAAAA-BBBBB"))
                        .andReturn()
                        .getResponse()
                        .getContentAsString())
                .contains("Not recognised");
    }

    @Test
    void aClientUserReadsOnlyItsOwnContactLogAndCanOnlyTightenItsRules() throws Exception {
        Book mine = book();
        Book other = book();
        String token = fixtures.token(mine.client().id().value(), Role.CLIENT_ADMIN);
        String body = mvc.perform(get("/api/v1/contacts").header("Authorization", "Bearer " + token))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(body)
                .contains(mine.client().id().value().toString())
                .doesNotContain(other.client().id().value().toString());
        // asking for another client's log is refused as not found
        mvc.perform(get("/api/v1/contacts")
                        .param("clientId", other.client().id().value().toString())
                        .header("Authorization", "Bearer " + token))
                .andExpect(status().isNotFound());
        String rule = "/api/v1/outreach/rules/" + mine.client().id().value() + "/"
                + mine.debtor().id().value();
        mvc.perform(put(rule)
                        .header("Authorization", "Bearer " + token)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"maxPerWeek\": 1, \"askBeforePastDue\": true}"))
                .andExpect(status().isOk());
        String refused = mvc.perform(put(rule)
                        .header("Authorization", "Bearer " + token)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"maxPerWeek\": 5}"))
                .andExpect(status().isBadRequest())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(refused).contains("maxPerWeek").contains("can only tighten");
        mvc.perform(put("/api/v1/outreach/rules/" + other.client().id().value() + "/"
                                + other.debtor().id().value())
                        .header("Authorization", "Bearer " + token)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"maxPerWeek\": 1}"))
                .andExpect(status().isNotFound());
        // staff-only reads are refused to a client user
        mvc.perform(get("/api/v1/outreach/tasks").header("Authorization", "Bearer " + token))
                .andExpect(status().isForbidden());
    }

    @Test
    void operatorsSeeTheOutboxBacklogAndOpenTasksAsPrometheusMetrics() throws Exception {
        book();
        String metrics = mvc.perform(get("/actuator/prometheus").with(SignedIn.as(TestSupport.admin())))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(metrics)
                .containsPattern("factorline_outbox_messages\\{.*status=\"QUEUED\".*\\} [1-9]")
                .contains("factorline_outreach_tasks_open");
    }

    @Test
    void onlyAdminsAndAccountManagersPlanAndSendFromThePage() throws Exception {
        mvc.perform(post("/staff/outreach/plan").with(csrf()).with(SignedIn.as(TestSupport.staff(Role.AUDITOR))))
                .andExpect(status().isForbidden());
    }
}
