package org.factorline.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import org.factorline.clients.Client;
import org.factorline.debtors.Debtor;
import org.factorline.funding.Funding;
import org.factorline.funding.FundingRequest;
import org.factorline.funding.NewFundingRequest;
import org.factorline.identity.Actor;
import org.factorline.identity.Role;
import org.factorline.invoices.Invoice;
import org.factorline.invoices.Invoices;
import org.factorline.invoices.NewInvoice;
import org.factorline.invoices.ScheduleSource;
import org.factorline.outreach.OutboxMessage;
import org.factorline.outreach.Outreach;
import org.factorline.outreach.Planner;
import org.factorline.pricing.PayoutMethod;
import org.factorline.pricing.ReceiptKind;
import org.factorline.receipts.IncomingPayment;
import org.factorline.receipts.Payment;
import org.factorline.receipts.Receipts;
import org.factorline.settlement.Settlement;
import org.factorline.shared.FactorlineException;
import org.factorline.shared.Money;
import org.factorline.shared.MutableClock;
import org.factorline.support.FactorlineTest;
import org.factorline.support.Html;
import org.factorline.support.SignedIn;
import org.factorline.support.TestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The client portal's invoices and customers: a client user sees its own invoices, timelines, fees,
 * customers and contacts only; another client's invoice, customer or message is not found (404, so its
 * existence is not revealed); and a contact rule changed on the portal is what the planner obeys.
 */
@FactorlineTest
class PortalPagesTest {

    static final Actor OFFICER = new Actor(null, "portal-fiona", "Fiona", null, EnumSet.of(Role.FUNDING_OFFICER));

    @Autowired
    MockMvc mvc;

    @Autowired
    TestSupport.Fixtures fixtures;

    @Autowired
    Invoices invoices;

    @Autowired
    Funding funding;

    @Autowired
    Planner planner;

    @Autowired
    Outreach outreach;

    @Autowired
    MutableClock clock;

    @Autowired
    Receipts receipts;

    @Autowired
    Settlement settlement;

    @AfterEach
    void resetClock() {
        clock.set(TestSupport.START);
    }

    private Invoice funded(Client client, Debtor debtor, String amount) {
        Invoice i = fixtures.readyToFund(client, debtor, Money.usd(amount));
        return TestSupport.as(OFFICER, () -> {
            FundingRequest r = funding.request(
                    new NewFundingRequest(client.id().value(), List.of(i.id().value()), null, PayoutMethod.ACH));
            funding.approve(r.id());
            return invoices.get(i.id());
        });
    }

    private Invoice submitted(Client client, Debtor debtor, String amount) {
        return TestSupport.as(
                TestSupport.admin(),
                () -> invoices.submit(
                        new NewInvoice(
                                client.id(),
                                debtor.id(),
                                TestSupport.unique("PT"),
                                null,
                                LocalDate.now(clock).minusDays(1),
                                30,
                                null,
                                Money.usd(amount)),
                        ScheduleSource.MANUAL));
    }

    private Html page(String url, Actor actor) throws Exception {
        Html html = Html.of(mvc.perform(get(url).with(SignedIn.as(actor)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString());
        assertThat(html.unlabelledControls())
                .as("unlabelled controls on " + url)
                .isEmpty();
        return html;
    }

    private void notFound(String url, Actor actor) throws Exception {
        mvc.perform(get(url).with(SignedIn.as(actor))).andExpect(status().isNotFound());
    }

    @Test
    void aClientUserSeesOnlyItsOwnInvoicesCustomersAndContacts() throws Exception {
        Client mine = fixtures.activeClient();
        Client other = fixtures.activeClient();
        Debtor shared = fixtures.debtor(TestSupport.unique("Shared Foods"));
        Debtor theirs = fixtures.debtor(TestSupport.unique("Their Only Customer"));
        Invoice bought = funded(mine, shared, "10000.00");
        Invoice otherInvoice = submitted(other, shared, "777.00");
        Invoice otherOnly = submitted(other, theirs, "555.00");
        TestSupport.as(
                TestSupport.staff(Role.VERIFIER),
                () -> outreach.logCall(
                        mine.id().value(),
                        shared.id(),
                        bought.id().value(),
                        "Spoke to AP about " + bought.number() + ": payment run on Friday",
                        "Asked politely; they confirmed the remit-to"));
        // the other client's welcome e-mail goes to the same customer's mailbox
        clock.set(TestSupport.BUSINESS_HOURS);
        planner.plan(List.of(shared.id(), theirs.id()));
        List<OutboxMessage> otherMessages = TestSupport.as(
                TestSupport.admin(), () -> outreach.messages(other.id().value(), null, null, null, 10));
        assertThat(otherMessages).isNotEmpty();
        Actor me = TestSupport.clientUser(mine.id().value());

        String list = page("/portal/invoices", me).text();
        assertThat(list).contains(bought.number()).doesNotContain(otherInvoice.number());
        assertThat(page("/portal/invoices?status=FUNDED&debtor=" + shared.id().value(), me)
                        .text("invoice-table"))
                .contains(bought.number());

        Html invoice = page("/portal/invoices/" + bought.id().value(), me);
        assertThat(invoice.text("timeline"))
                .contains("Submitted")
                .contains("Confirmed by your customer")
                .contains("confirmed by e-mail")
                .contains("Funded: the advance went out")
                .contains("Advance USD 8,000.00 on face USD 10,000.00")
                .contains("Spoke to AP about " + bought.number());
        // standard terms: 2.5% for the first 30 days, funded today; the reserve is 20%
        assertThat(invoice.text("fee-to-date")).contains("USD 250.00");
        assertThat(invoice.text("next-bracket")).contains("starts ").contains("USD 325.00");
        assertThat(invoice.text("projected-rebate")).contains("USD 1,750.00");
        assertThat(invoice.source()).doesNotContain(other.displayName());

        Html customers = page("/portal/customers", me);
        assertThat(customers.text()).contains(shared.name()).doesNotContain(theirs.name());
        Html customer = page("/portal/customers/" + shared.id().value(), me);
        assertThat(customer.text("notice-state")).contains("ACKNOWLEDGED");
        assertThat(customer.text("contact-timeline"))
                .contains("Spoke to AP about " + bought.number())
                .contains("Asked politely")
                .doesNotContain(otherInvoice.number());
        assertThat(customer.source()).doesNotContain(other.displayName()).doesNotContain(otherInvoice.number());
        for (OutboxMessage m : otherMessages) {
            assertThat(customer.source()).doesNotContain(m.id().toString());
            notFound("/portal/messages/" + m.id(), me);
        }

        // the client-safe read of the planner's decisions answers for the client's own pairs only
        assertThatThrownBy(() -> TestSupport.as(me, () -> outreach.pairDecisions(null, theirs.id(), 10)))
                .isInstanceOf(FactorlineException.class)
                .hasMessageContaining("not found");
        assertThatThrownBy(() -> TestSupport.as(
                        me, () -> outreach.pairDecisions(other.id().value(), shared.id(), 10)))
                .isInstanceOf(FactorlineException.class)
                .hasMessageContaining("not found");
        assertThat(TestSupport.as(me, () -> outreach.pairDecisions(null, shared.id(), 50)))
                .allMatch(d -> d.clientId().equals(mine.id().value()));

        notFound("/portal/invoices/" + otherInvoice.id().value(), me);
        notFound("/portal/invoices/" + otherOnly.id().value(), me);
        notFound("/portal/customers/" + theirs.id().value(), me);
        mvc.perform(post("/portal/customers/" + theirs.id().value() + "/rule")
                        .with(SignedIn.as(me))
                        .with(csrf())
                        .param("emailAllowed", "false"))
                .andExpect(status().isNotFound());

        // and the other client sees its own message, with the text its customer read
        Actor them = TestSupport.clientUser(other.id().value());
        OutboxMessage toShared = otherMessages.stream()
                .filter(m -> shared.id().value().equals(m.debtorId()))
                .findFirst()
                .orElseThrow();
        Html message = page("/portal/messages/" + toShared.id(), them);
        assertThat(message.text("message-text")).contains(otherInvoice.number());
        assertThat(page("/portal/customers/" + shared.id().value(), them).text("contact-timeline"))
                .contains("E-mail to")
                .doesNotContain("Spoke to AP about " + bought.number());
    }

    @Test
    void aRuleChangedOnThePortalIsWhatThePlannerObeys() throws Exception {
        Client mine = fixtures.activeClient();
        Debtor quiet = fixtures.debtor(TestSupport.unique("Quiet Mills"));
        Debtor usual = fixtures.debtor(TestSupport.unique("Usual Mills"));
        submitted(mine, quiet, "1200.00");
        submitted(mine, usual, "1300.00");
        Actor me = TestSupport.clientUser(mine.id().value());

        // a looser rule than the factor's is refused, naming the field
        mvc.perform(post("/portal/customers/" + quiet.id().value() + "/rule")
                        .with(SignedIn.as(me))
                        .with(csrf())
                        .param("maxPerWeek", "9")
                        .param("emailAllowed", "true")
                        .param("phoneAllowed", "true"))
                .andExpect(redirectedUrl("/portal/customers/" + quiet.id().value() + "#rule"));
        Html before = page("/portal/customers/" + quiet.id().value(), me);
        assertThat(before.value("maxPerWeek")).isEmpty();

        mvc.perform(post("/portal/customers/" + quiet.id().value() + "/rule")
                        .with(SignedIn.as(me))
                        .with(csrf())
                        .param("phoneAllowed", "true")
                        .param("note", "They prefer a call from our bookkeeper"))
                .andExpect(redirectedUrl("/portal/customers/" + quiet.id().value() + "#rule"));

        clock.set(TestSupport.BUSINESS_HOURS);
        planner.plan(List.of(quiet.id(), usual.id()));
        List<OutboxMessage> toQuiet = TestSupport.as(
                TestSupport.admin(),
                () -> outreach.messages(mine.id().value(), quiet.id().value(), null, null, 10));
        List<OutboxMessage> toUsual = TestSupport.as(
                TestSupport.admin(),
                () -> outreach.messages(mine.id().value(), usual.id().value(), null, null, 10));
        assertThat(toQuiet.stream().filter(m -> m.audience() == OutboxMessage.Audience.DEBTOR))
                .as("no e-mail to the customer the client closed e-mail for")
                .isEmpty();
        assertThat(toUsual.stream().filter(m -> m.audience() == OutboxMessage.Audience.DEBTOR))
                .as("the other customer, without a rule, gets its welcome")
                .isNotEmpty();

        Html after = page("/portal/customers/" + quiet.id().value(), me);
        assertThat(after.source()).doesNotContain("id=\"emailAllowed\" name=\"emailAllowed\" value=\"true\" checked");
        assertThat(after.text("contact-timeline")).contains("Contact rule changed: no e-mail");
        assertThat(after.text("decisions")).contains("the client asked for no e-mail to this customer");
    }

    @Test
    void aClosedOutInvoiceShowsItsFeeAndRebateAndCountsInTheCustomersDaysToPay() throws Exception {
        Client mine = fixtures.activeClient();
        Debtor debtor = fixtures.debtor(TestSupport.unique("Closing Foods"));
        Invoice bought = funded(mine, debtor, "10000.00");
        TestSupport.as(OFFICER, () -> {
            Payment p = receipts.record(
                    new IncomingPayment(
                            LocalDate.now(clock),
                            Money.usd("10000.00"),
                            ReceiptKind.ELECTRONIC,
                            "Portal Payer " + TestSupport.unique("PP"),
                            null,
                            null,
                            null,
                            null,
                            "test"),
                    null);
            receipts.apply(p.id(), bought.id(), Money.usd("10000.00"));
        });
        Actor me = TestSupport.clientUser(mine.id().value());

        Html invoice = page("/portal/invoices/" + bought.id().value(), me);
        assertThat(invoice.text("invoice-status")).isEqualTo("CLOSED");
        assertThat(invoice.hasId("fee-view")).isFalse();
        assertThat(invoice.text("close-out")).contains("USD 250.00").contains("USD 1,750.00");
        assertThat(invoice.text("timeline")).contains("Closed out").contains("rebate USD 1,750.00");
        assertThat(invoice.text("collected")).contains("USD 10,000.00");

        Html customer = page("/portal/customers/" + debtor.id().value(), me);
        assertThat(customer.text("health")).contains("days on average from invoice date to close-out (1 invoices)");

        // another client's user cannot read the close-out through the settlement API either
        Client other = fixtures.activeClient();
        assertThatThrownBy(() -> TestSupport.as(
                        TestSupport.clientUser(other.id().value()), () -> settlement.findCloseOut(bought.id())))
                .isInstanceOf(FactorlineException.class)
                .hasMessageContaining("not found");
    }
}
