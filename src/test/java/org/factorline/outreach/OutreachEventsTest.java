package org.factorline.outreach;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
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
import org.factorline.pricing.PayoutMethod;
import org.factorline.receipts.Receipts;
import org.factorline.settlement.Recourse;
import org.factorline.shared.Money;
import org.factorline.shared.MutableClock;
import org.factorline.support.FactorlineTest;
import org.factorline.support.TestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What other modules tell outreach: a payment that reached the client brings the debtor one friendly note
 * with the remit-to; an invoice nearing its recourse date brings the client one warning.
 */
@FactorlineTest
class OutreachEventsTest {

    static final Actor OFFICER = new Actor(null, "officer", "Officer", null, EnumSet.of(Role.FUNDING_OFFICER));

    @Autowired
    TestSupport.Fixtures fixtures;

    @Autowired
    Funding funding;

    @Autowired
    Invoices invoices;

    @Autowired
    Receipts receipts;

    @Autowired
    Recourse recourse;

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

    Invoice funded(Client client, Debtor debtor, String amount) {
        Invoice i = fixtures.readyToFund(client, debtor, Money.usd(amount));
        TestSupport.as(OFFICER, () -> {
            FundingRequest r = funding.request(
                    new NewFundingRequest(client.id().value(), List.of(i.id().value()), null, PayoutMethod.ACH));
            return funding.approve(r.id());
        });
        return TestSupport.as(OFFICER, () -> invoices.get(i.id()));
    }

    List<OutboxMessage> messages(Client client, Debtor debtor) {
        return TestSupport.as(
                TestSupport.admin(),
                () -> outreach.messages(client.id().value(), debtor.id().value(), null, null, 50));
    }

    @Test
    void aPaymentToTheClientBringsTheDebtorOneFriendlyNoteWithTheRemitTo() {
        clock.set(TestSupport.BUSINESS_HOURS); // messages are planned only when they can go
        Client client = fixtures.activeClient();
        Debtor debtor = fixtures.debtor();
        Invoice invoice = funded(client, debtor, "640.00");
        TestSupport.as(
                OFFICER,
                () -> receipts.recordMisdirected(
                        invoice.id(), Money.usd("640.00"), LocalDate.now(clock), "client says the debtor paid them"));

        planner.plan(List.of(debtor.id()));
        List<OutboxMessage> sent = messages(client, debtor).stream()
                .filter(m -> m.audience() == OutboxMessage.Audience.DEBTOR)
                .toList();
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).sections()).contains("REMIT_NOTE");
        assertThat(sent.get(0).bodyText())
                .contains("reached " + client.legalName() + " directly")
                .contains(invoice.number())
                .contains("PO Box 7731")
                .doesNotContainIgnoringCase("legal");

        // the note is said once: the next days bring nothing more about it
        for (int day = 1; day <= 10; day++) {
            clock.advance(Duration.ofDays(1));
            planner.plan(List.of(debtor.id()));
        }
        assertThat(messages(client, debtor).stream()
                        .filter(m -> m.sections().contains("REMIT_NOTE"))
                        .count())
                .isEqualTo(1);
    }

    @Test
    void theClientIsWarnedOnceBeforeAnInvoiceIsChargedBack() {
        Client client = fixtures.activeClient();
        Debtor debtor = fixtures.debtor();
        Invoice invoice = funded(client, debtor, "2200.00");
        // funded today; recourse is 90 days: 85 days on, the date is within the 10-day window
        clock.advance(Duration.ofDays(85));
        TestSupport.as(TestSupport.admin(), () -> recourse.warn(LocalDate.now(clock)));
        TestSupport.as(
                TestSupport.admin(), () -> recourse.warn(LocalDate.now(clock).plusDays(1)));

        List<OutboxMessage> warnings = messages(client, debtor).stream()
                .filter(m -> m.sections().equals("RECOURSE_WARNING"))
                .toList();
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0).mailbox()).isEqualTo("owner@example.com");
        assertThat(warnings.get(0).bodyText())
                .contains(invoice.number())
                .contains("charged back to you after")
                .contains("replace it with another invoice");
        var log = TestSupport.as(
                TestSupport.clientUser(client.id().value()),
                () -> outreach.contactLog(null, debtor.id().value(), null, null, null, 20));
        assertThat(log).extracting(ContactEntry::summary).anyMatch(s -> s.startsWith("Client warned: invoice"));
    }

    @Autowired
    org.springframework.context.ConfigurableApplicationContext context;

    @Test
    void theDailySweepAndItsWarningsRunInOneTransaction() {
        Client client = fixtures.activeClient();
        Debtor debtor = fixtures.debtor();
        funded(client, debtor, "1800.00");
        clock.advance(Duration.ofDays(85));
        List<Boolean> inTransaction = new java.util.concurrent.CopyOnWriteArrayList<>();
        org.springframework.context.ApplicationListener<
                        org.springframework.context.PayloadApplicationEvent<
                                org.factorline.settlement.RecourseApproaching>>
                probe = e -> inTransaction.add(
                org.springframework.transaction.support.TransactionSynchronizationManager.isActualTransactionActive());
        var multicaster = context.getBean(org.springframework.context.event.AbstractApplicationEventMulticaster.class);
        multicaster.addApplicationListener(probe);
        try {
            recourse.daily(); // as the db-scheduler job calls it: from outside, through the proxy
        } finally {
            multicaster.removeApplicationListener(probe);
        }
        // calling the transactional sweep from inside the class once ran it with no transaction at all
        assertThat(inTransaction).isNotEmpty().allMatch(Boolean::booleanValue);
    }

    @Test
    void aPartPaidInvoiceIsListedWithWhatIsStillOpen() {
        clock.set(TestSupport.BUSINESS_HOURS);
        Client client = fixtures.activeClient();
        Debtor debtor = fixtures.debtor();
        Invoice invoice = funded(client, debtor, "640.00");
        TestSupport.as(
                OFFICER,
                () -> receipts.recordMisdirected(
                        invoice.id(), Money.usd("240.00"), LocalDate.now(clock), "client says the debtor paid them"));
        planner.plan(List.of(debtor.id()));
        OutboxMessage note = messages(client, debtor).stream()
                .filter(m -> m.sections().contains("REMIT_NOTE"))
                .findFirst()
                .orElseThrow();
        assertThat(note.bodyText()).contains("USD 400.00 open of USD 640.00");
    }
}
