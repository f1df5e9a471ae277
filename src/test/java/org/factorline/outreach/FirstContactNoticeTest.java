package org.factorline.outreach;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.factorline.clients.Client;
import org.factorline.debtors.Debtor;
import org.factorline.invoices.Invoice;
import org.factorline.invoices.Invoices;
import org.factorline.invoices.NewInvoice;
import org.factorline.invoices.ScheduleSource;
import org.factorline.shared.Money;
import org.factorline.shared.MutableClock;
import org.factorline.support.FactorlineTest;
import org.factorline.support.TestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The business hears the day before the factor first contacts one of its customers, so it can tell the
 * customer itself; the first message then goes, and later contact with that customer does not wait again.
 */
@FactorlineTest
class FirstContactNoticeTest {

    @Autowired
    TestSupport.Fixtures fixtures;

    @Autowired
    Planner planner;

    @Autowired
    Outreach outreach;

    @Autowired
    Invoices invoices;

    @Autowired
    MutableClock clock;

    @AfterEach
    void resetClock() {
        clock.set(TestSupport.START);
    }

    Client clientToldDaysAhead(Integer days) {
        Client client = fixtures.activeClient();
        TestSupport.as(
                TestSupport.admin(),
                () -> outreach.saveSettings(
                        client.id(), new ContactSettings.Overrides(null, null, null, null, null, null, null, days)));
        return client;
    }

    Invoice submit(Client client, Debtor debtor) {
        return TestSupport.as(
                TestSupport.admin(),
                () -> invoices.submit(
                        new NewInvoice(
                                client.id(),
                                debtor.id(),
                                TestSupport.unique("FC"),
                                null,
                                LocalDate.now(clock).minusDays(1),
                                30,
                                null,
                                Money.usd("2400.00")),
                        ScheduleSource.MANUAL));
    }

    List<OutboxMessage> messages(Client client, Debtor debtor, OutboxMessage.Audience audience) {
        return TestSupport.as(
                        TestSupport.admin(),
                        () -> outreach.messages(client.id().value(), debtor.id().value(), null, null, 50))
                .stream()
                .filter(m -> m.audience() == audience)
                .toList();
    }

    @Test
    void theClientIsToldTheDayBeforeTheFirstContactAndTheCustomerHearsTheNextBusinessDay() {
        clock.set(TestSupport.BUSINESS_HOURS); // Monday 2 March, 10:00 in Chicago
        Client client = clientToldDaysAhead(1);
        Debtor debtor = fixtures.debtor();
        Invoice invoice = submit(client, debtor);

        var monday = planner.plan(List.of(debtor.id()));
        assertThat(monday.debtorMessages()).isZero();
        assertThat(monday.clientMessages()).isEqualTo(1);
        assertThat(messages(client, debtor, OutboxMessage.Audience.DEBTOR)).isEmpty();
        List<OutboxMessage> toClient = messages(client, debtor, OutboxMessage.Audience.CLIENT);
        assertThat(toClient).hasSize(1);
        OutboxMessage notice = toClient.get(0);
        assertThat(notice.subject()).isEqualTo("On March 3, 2026 we will first contact " + debtor.name());
        assertThat(notice.bodyText())
                .contains("welcome and notice of assignment")
                .contains("invoice confirmation")
                .contains(invoice.number())
                .contains("contact rule in your portal");
        assertThat(ToneCheck.problems(notice.subject() + " " + notice.bodyText()))
                .isEmpty();
        TestSupport.as(TestSupport.admin(), () -> {
            assertThat(outreach.contactLog(client.id().value(), debtor.id().value(), null, null, null, 50))
                    .extracting(ContactEntry::summary)
                    .anyMatch(s -> s.startsWith(
                            "Client told the first contact with " + debtor.name() + " goes on 2026-03-03"));
            assertThat(outreach.decisions(client.id().value(), debtor.id().value(), PlanDecision.Outcome.DELAYED, 20))
                    .extracting(PlanDecision::reason)
                    .anyMatch(r -> r.startsWith("first contact with this customer"));
        });

        // later the same day: still waiting, and the client is not told twice
        clock.advance(Duration.ofHours(3));
        var again = planner.plan(List.of(debtor.id()));
        assertThat(again.debtorMessages()).isZero();
        assertThat(again.clientMessages()).isZero();

        // Tuesday: the welcome with the verification request goes
        clock.set(TestSupport.BUSINESS_HOURS.plus(Duration.ofDays(1)));
        var tuesday = planner.plan(List.of(debtor.id()));
        assertThat(tuesday.debtorMessages()).isEqualTo(1);
        assertThat(tuesday.clientMessages()).isZero();

        // a new invoice for the same customer a week later does not wait for another notice
        clock.set(TestSupport.BUSINESS_HOURS.plus(Duration.ofDays(7)));
        submit(client, debtor);
        var nextWeek = planner.plan(List.of(debtor.id()));
        assertThat(nextWeek.debtorMessages()).isEqualTo(1);
        assertThat(messages(client, debtor, OutboxMessage.Audience.CLIENT)).hasSize(1);
    }

    @Test
    void toldOnAFridayTheCustomerHearsOnMonday() {
        clock.set(TestSupport.BUSINESS_HOURS.plus(Duration.ofDays(4))); // Friday 6 March
        Client client = clientToldDaysAhead(1);
        Debtor debtor = fixtures.debtor();
        submit(client, debtor);

        assertThat(planner.plan(List.of(debtor.id())).clientMessages()).isEqualTo(1);
        assertThat(messages(client, debtor, OutboxMessage.Audience.CLIENT)
                        .get(0)
                        .subject())
                .startsWith("On March 9, 2026");
        clock.set(TestSupport.BUSINESS_HOURS.plus(Duration.ofDays(5))); // Saturday: closed anyway
        assertThat(planner.plan(List.of(debtor.id())).debtorMessages()).isZero();
        clock.set(TestSupport.BUSINESS_HOURS.plus(Duration.ofDays(7))); // Monday
        assertThat(planner.plan(List.of(debtor.id())).debtorMessages()).isEqualTo(1);
    }

    @Test
    void aClientWhoAskedForNoNoticeAheadHasItsCustomerContactedAtOnce() {
        clock.set(TestSupport.BUSINESS_HOURS);
        Client client = clientToldDaysAhead(0);
        Debtor debtor = fixtures.debtor();
        submit(client, debtor);

        var result = planner.plan(List.of(debtor.id()));
        assertThat(result.debtorMessages()).isEqualTo(1);
        assertThat(messages(client, debtor, OutboxMessage.Audience.CLIENT)).isEmpty();
    }

    @Test
    void twoNewCustomersOfOneClientAreNamedInOneMessage() {
        clock.set(TestSupport.BUSINESS_HOURS);
        Client client = clientToldDaysAhead(2);
        Debtor first = fixtures.debtor();
        Debtor second = fixtures.debtor();
        submit(client, first);
        submit(client, second);

        var result = planner.plan(List.of(first.id(), second.id()));
        assertThat(result.clientMessages()).isEqualTo(1);
        assertThat(result.debtorMessages()).isZero();
        OutboxMessage notice =
                TestSupport.as(
                                TestSupport.admin(),
                                () -> outreach.messages(client.id().value(), null, null, null, 50))
                        .stream()
                        .filter(m -> m.audience() == OutboxMessage.Audience.CLIENT)
                        .findFirst()
                        .orElseThrow();
        assertThat(notice.subject()).isEqualTo("We will soon first contact 2 of your customers");
        assertThat(notice.bodyText())
                .contains("On March 4, 2026 we will first contact " + first.name())
                .contains("On March 4, 2026 we will first contact " + second.name());
        clock.set(TestSupport.BUSINESS_HOURS.plus(Duration.ofDays(1)));
        assertThat(planner.plan(List.of(first.id(), second.id())).debtorMessages())
                .isZero();
        clock.set(TestSupport.BUSINESS_HOURS.plus(Duration.ofDays(2)));
        assertThat(planner.plan(List.of(first.id(), second.id())).debtorMessages())
                .isEqualTo(2);
    }
}
