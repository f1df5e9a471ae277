package org.factorline.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Clock;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.UUID;
import org.factorline.clients.Client;
import org.factorline.debtors.Debtor;
import org.factorline.funding.Funding;
import org.factorline.funding.FundingRequest;
import org.factorline.funding.FundingStatus;
import org.factorline.identity.Actor;
import org.factorline.identity.Role;
import org.factorline.invoices.Invoice;
import org.factorline.invoices.InvoiceStatus;
import org.factorline.invoices.Invoices;
import org.factorline.invoices.NewInvoice;
import org.factorline.invoices.ScheduleSource;
import org.factorline.shared.Money;
import org.factorline.support.FactorlineTest;
import org.factorline.support.Html;
import org.factorline.support.SignedIn;
import org.factorline.support.TestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/** The funding desk and the ledger pages as staff use them. */
@FactorlineTest
class FundingPagesTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestSupport.Fixtures fixtures;

    @Autowired
    Invoices invoices;

    @Autowired
    Funding funding;

    @Autowired
    Clock clock;

    static final Actor FIONA = new Actor(null, "desk-fiona", "Fiona", null, EnumSet.of(Role.FUNDING_OFFICER));
    static final Actor UMA = new Actor(null, "desk-uma", "Uma", null, EnumSet.of(Role.UNDERWRITER));
    static final Actor ULF = new Actor(null, "desk-ulf", "Ulf", null, EnumSet.of(Role.UNDERWRITER));

    private Html page(String url, Actor actor) throws Exception {
        return Html.of(mvc.perform(get(url).with(SignedIn.as(actor)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString());
    }

    @Test
    void theDeskShowsWaitingInvoicesWithTheReasonsTheyCannotBeBoughtYet() throws Exception {
        Client client = fixtures.activeClient();
        Debtor debtor = fixtures.debtor();
        Invoice ok = fixtures.readyToFund(client, debtor, Money.usd("1500.00"));
        Invoice unverified = TestSupport.as(TestSupport.admin(), () -> {
            Invoice i = invoices.submit(
                    new NewInvoice(
                            client.id(),
                            debtor.id(),
                            TestSupport.unique("DESK"),
                            null,
                            LocalDate.now(clock),
                            30,
                            null,
                            Money.usd("700.00")),
                    ScheduleSource.MANUAL);
            return invoices.transition(i.id(), InvoiceStatus.APPROVED, null);
        });
        // scoped to the client: the shared test database holds many other clients' waiting invoices
        Html desk = page("/staff/funding?client=" + client.id().value(), FIONA);
        assertThat(desk.text())
                .contains(ok.number())
                .contains(unverified.number())
                .contains("VERIFICATION : the debtor has not verified it yet")
                .contains("eligible");
    }

    @Test
    void anOfficerCreatesApprovesAndSeesTheRequestFundedWithItsJournalEntry() throws Exception {
        Client client = fixtures.activeClient();
        Invoice i = fixtures.readyToFund(client, fixtures.debtor(), Money.usd("2500.00"));
        String location = mvc.perform(post("/staff/funding/requests")
                        .with(SignedIn.as(FIONA))
                        .with(csrf())
                        .param("clientId", client.id().toString())
                        .param("invoiceId", i.id().toString())
                        .param("method", "ACH"))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrlPattern("/staff/funding/requests/*"))
                .andReturn()
                .getResponse()
                .getRedirectedUrl();
        UUID id = UUID.fromString(location.substring(location.lastIndexOf('/') + 1));
        Html request = page(location, FIONA);
        assertThat(request.text()).contains("USD 1,995.00").contains("eligible"); // 2,000 − $5 per invoice
        assertThat(request.hasId("approve-request")).isTrue();

        mvc.perform(post("/staff/funding/requests/" + id + "/approve")
                        .with(SignedIn.as(FIONA))
                        .with(csrf()))
                .andExpect(status().is3xxRedirection());
        FundingRequest funded = TestSupport.as(FIONA, () -> funding.get(id));
        assertThat(funded.status()).isEqualTo(FundingStatus.FUNDED);
        Html after = page(location, FIONA);
        assertThat(after.text()).contains("FUNDED").contains("journal entry");
        Html entry = page("/staff/ledger/entries/" + funded.journalEntryId(), TestSupport.staff(Role.AUDITOR));
        assertThat(entry.text()).contains("Purchased receivables").contains("USD 2,500.00");
    }

    @Test
    void anUnderwriterAsksForAnOverrideOnTheRequestPageAndAnotherDecidesIt() throws Exception {
        Client client = fixtures.activeClient();
        Debtor debtor = fixtures.debtor();
        Invoice unverified = TestSupport.as(TestSupport.admin(), () -> {
            Invoice i = invoices.submit(
                    new NewInvoice(
                            client.id(),
                            debtor.id(),
                            TestSupport.unique("OVR"),
                            null,
                            LocalDate.now(clock),
                            30,
                            null,
                            Money.usd("800.00")),
                    ScheduleSource.MANUAL);
            return invoices.transition(i.id(), InvoiceStatus.APPROVED, null);
        });
        FundingRequest r = TestSupport.as(
                FIONA,
                () -> funding.request(new org.factorline.funding.NewFundingRequest(
                        client.id().value(),
                        java.util.List.of(unverified.id().value()),
                        null,
                        org.factorline.pricing.PayoutMethod.ACH)));
        mvc.perform(post("/staff/funding/requests/" + r.id() + "/overrides")
                        .with(SignedIn.as(UMA))
                        .with(csrf())
                        .param("invoiceId", unverified.id().toString())
                        .param("policy", "VERIFICATION")
                        .param("reason", "Debtor confirmed on a call the verifier missed"))
                .andExpect(status().is3xxRedirection());
        Html shown = page("/staff/funding/requests/" + r.id(), ULF);
        assertThat(shown.text()).contains("Override of VERIFICATION REQUESTED").contains("desk-uma");
    }

    @Test
    void theTrialBalanceAndTheInvariantPagesSayTheBooksBalance() throws Exception {
        Client client = fixtures.activeClient();
        Invoice i = fixtures.readyToFund(client, fixtures.debtor(), Money.usd("1000.00"));
        FundingRequest r = TestSupport.as(
                FIONA,
                () -> funding.request(new org.factorline.funding.NewFundingRequest(
                        client.id().value(),
                        java.util.List.of(i.id().value()),
                        null,
                        org.factorline.pricing.PayoutMethod.ACH)));
        TestSupport.as(FIONA, () -> funding.approve(r.id()));
        Actor auditor = TestSupport.staff(Role.AUDITOR);
        Html tb = page("/staff/ledger", auditor);
        assertThat(tb.text())
                .contains("balanced")
                .doesNotContain("NOT BALANCED")
                .contains("Purchased receivables");
        Html checks = page("/staff/ledger/invariants", auditor);
        assertThat(checks.text("invariant-outcome")).isEqualTo("all hold");
        Html entries = page("/staff/ledger/entries?client=" + client.id(), auditor);
        assertThat(entries.text()).contains("PURCHASE");
        mvc.perform(get("/staff/ledger")
                        .with(SignedIn.as(TestSupport.clientUser(client.id().value()))))
                .andExpect(status().isForbidden());
    }
}
