package org.factorline.outreach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.factorline.clients.Client;
import org.factorline.clients.ClientId;
import org.factorline.debtors.Debtor;
import org.factorline.invoices.Invoice;
import org.factorline.invoices.Invoices;
import org.factorline.invoices.NewInvoice;
import org.factorline.invoices.ScheduleSource;
import org.factorline.shared.FactorlineException;
import org.factorline.shared.Money;
import org.factorline.shared.MutableClock;
import org.factorline.support.FactorlineTest;
import org.factorline.support.TestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A changed remit-to, the client's "no e-mail, no phone" rule, and the factor's settings per client. */
@FactorlineTest
class OutreachRulesTest {

    @Autowired
    TestSupport.Fixtures fixtures;

    @Autowired
    Invoices invoices;

    @Autowired
    Planner planner;

    @Autowired
    Outreach outreach;

    @Autowired
    DebtorLinks links;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MutableClock clock;

    @AfterEach
    void resetClock() {
        clock.set(TestSupport.START);
    }

    Invoice submit(Client client, Debtor debtor) {
        return TestSupport.as(
                TestSupport.admin(),
                () -> invoices.submit(
                        new NewInvoice(
                                client.id(),
                                debtor.id(),
                                TestSupport.unique("R"),
                                null,
                                LocalDate.now(clock).minusDays(1),
                                30,
                                null,
                                Money.usd("700.00")),
                        ScheduleSource.MANUAL));
    }

    List<OutboxMessage> messages(Client client, Debtor debtor) {
        return TestSupport.as(
                TestSupport.admin(),
                () -> outreach.messages(client.id().value(), debtor.id().value(), null, null, 50));
    }

    @Test
    void aChangedRemitToSendsANewNoticeToBeAcknowledgedAgain() {
        clock.set(TestSupport.BUSINESS_HOURS);
        Client client = fixtures.activeClient();
        Debtor debtor = fixtures.debtor();
        submit(client, debtor);
        planner.plan(List.of(debtor.id()));
        assertThat(messages(client, debtor)).extracting(OutboxMessage::kind).containsExactly(Intent.NOTICE);
        String token = messages(client, debtor)
                .get(0)
                .bodyText()
                .replaceAll("(?s).*/d/([A-Za-z0-9_\\-]+\\.[A-Za-z0-9_\\-]+).*", "$1");
        links.acknowledge(token);

        // the notice went out under instructions since replaced (the factor moved its lockbox)
        jdbc.sql("update outreach_pair set notice_remit_key = 'before-the-move' where client_id = ? and debtor_id = ?")
                .params(client.id().value(), debtor.id().value())
                .update();
        clock.advance(Duration.ofDays(1));
        planner.plan(List.of(debtor.id()));

        List<OutboxMessage> all = messages(client, debtor);
        assertThat(all).extracting(OutboxMessage::kind).containsExactly(Intent.NOTICE, Intent.NOTICE);
        assertThat(all.get(0).hasAttachment()).isTrue();
        var view =
                links.show(all.get(0).bodyText().replaceAll("(?s).*/d/([A-Za-z0-9_\\-]+\\.[A-Za-z0-9_\\-]+).*", "$1"));
        assertThat(view.noticeToAcknowledge())
                .as("the new notice asks to be acknowledged again")
                .isTrue();
    }

    @Test
    void noEmailAndNoPhoneMeansAPersonWorksItOutWithTheClient() {
        clock.set(TestSupport.BUSINESS_HOURS);
        Client client = fixtures.activeClient();
        Debtor debtor = fixtures.debtor();
        submit(client, debtor); // the pair exists once an invoice is submitted
        TestSupport.as(
                TestSupport.clientUser(client.id().value()),
                () -> outreach.saveRule(new ContactRule(
                        client.id().value(),
                        debtor.id(),
                        null,
                        null,
                        false,
                        false,
                        null,
                        null,
                        false,
                        "our biggest customer: we talk to them ourselves",
                        null,
                        null)));
        Invoice invoice = submit(client, debtor);
        planner.plan(List.of(debtor.id()));

        assertThat(messages(client, debtor)).isEmpty();
        var tasks = TestSupport.as(
                TestSupport.admin(),
                () -> outreach.tasks(client.id().value(), debtor.id().value(), true, 20));
        assertThat(tasks)
                .filteredOn(t -> invoice.id().value().equals(t.invoiceId()))
                .singleElement()
                .satisfies(t -> {
                    assertThat(t.kind()).isEqualTo(OutreachTask.Kind.VERIFY_BY_PHONE);
                    assertThat(t.role()).isEqualTo("ACCOUNT_MANAGER");
                    assertThat(t.detail()).contains("nobody phone this customer");
                });
        var decisions = TestSupport.as(
                TestSupport.admin(),
                () -> outreach.decisions(client.id().value(), debtor.id().value(), PlanDecision.Outcome.REFUSED, 20));
        assertThat(decisions).extracting(PlanDecision::reason).anyMatch(r -> r.contains("no e-mail"));
    }

    @Test
    void staffSetTheContactPolicyPerClientWithinItsBounds() {
        Client client = fixtures.activeClient();
        ClientId id = client.id();
        var staff = TestSupport.staff(org.factorline.identity.Role.ACCOUNT_MANAGER);
        assertThatThrownBy(() -> TestSupport.as(
                        staff,
                        () -> outreach.saveSettings(
                                id, new ContactSettings.Overrides(5, null, null, null, null, 1, null, null))))
                .isInstanceOf(FactorlineException.class)
                .satisfies(e -> assertThat(((FactorlineException) e).problems())
                        .extracting(p -> p.field())
                        .containsExactlyInAnyOrder("maxPerWeek", "followUpSpacingDays"));
        ContactSettings saved = TestSupport.as(
                staff,
                () -> outreach.saveSettings(id, new ContactSettings.Overrides(2, null, null, 3, null, null, 1, null)));
        assertThat(saved.maxPerWeek()).isEqualTo(2);
        assertThat(saved.statusCheckDaysBefore()).isEqualTo(3);
        assertThat(saved.followUpMax()).isEqualTo(1);
        assertThat(saved.followUpSpacingDays())
                .isEqualTo(ContactSettings.defaults().followUpSpacingDays());
        // a client's rule can then only go as far as the client's settings
        Debtor debtor = fixtures.debtor();
        submit(client, debtor);
        assertThatThrownBy(() -> TestSupport.as(
                        TestSupport.clientUser(client.id().value()),
                        () -> outreach.saveRule(new ContactRule(
                                client.id().value(),
                                debtor.id(),
                                3,
                                null,
                                true,
                                true,
                                null,
                                null,
                                false,
                                null,
                                null,
                                null))))
                .isInstanceOf(FactorlineException.class)
                .hasMessageContaining("maxPerWeek");
        // a client user cannot change the factor's settings
        assertThatThrownBy(() -> TestSupport.as(
                        TestSupport.clientUser(client.id().value()),
                        () -> outreach.saveSettings(id, ContactSettings.Overrides.none())))
                .isInstanceOf(org.springframework.security.access.AccessDeniedException.class);
    }

    @Test
    void aPairThatCannotBePlannedGoesToAPersonAndTheRestOfTheBookIsStillPlanned() {
        clock.set(TestSupport.BUSINESS_HOURS);
        Client client = fixtures.activeClient();
        Debtor broken = fixtures.debtor();
        Debtor fine = fixtures.debtor();
        submit(client, broken);
        submit(client, fine);
        // a pair whose stored outreach state cannot be read
        jdbc.sql("insert into outreach_pair (client_id, debtor_id, remit_note_invoices) values (?, ?, 'not-an-id')")
                .params(client.id().value(), broken.id().value())
                .update();

        Planner.Result r = planner.plan(List.of(broken.id(), fine.id()));

        assertThat(r.failed()).isEqualTo(1);
        assertThat(messages(client, fine)).hasSize(1);
        assertThat(messages(client, broken)).isEmpty();
        var tasks = TestSupport.as(
                TestSupport.admin(),
                () -> outreach.tasks(client.id().value(), broken.id().value(), true, 10));
        assertThat(tasks).extracting(OutreachTask::title).contains("Contact with this customer could not be planned");
    }

    @Test
    void aScheduleOfHundredsIsAskedAboutTwoHundredAtATime() {
        clock.set(TestSupport.BUSINESS_HOURS);
        Client client = fixtures.activeClient(
                TestSupport.standardTerms(LocalDate.now(clock).minusDays(30)));
        Debtor debtor = fixtures.debtor();
        int count = Planner.MAX_INVOICES_PER_SECTION + 5;
        for (int n = 0; n < count; n++) {
            submit(client, debtor);
        }
        planner.plan(List.of(debtor.id()));

        OutboxMessage m = messages(client, debtor).get(0);
        List<java.util.UUID> covered = TestSupport.as(TestSupport.admin(), () -> outreach.messageInvoices(m.id()));
        assertThat(covered).hasSize(Planner.MAX_INVOICES_PER_SECTION);
        var view = links.show(m.bodyText().replaceAll("(?s).*/d/([A-Za-z0-9_\\-]+\\.[A-Za-z0-9_\\-]+).*", "$1"));
        assertThat(view.invoices()).hasSize(Planner.MAX_INVOICES_PER_SECTION);
        var decisions = TestSupport.as(
                TestSupport.admin(),
                () -> outreach.decisions(client.id().value(), debtor.id().value(), PlanDecision.Outcome.DELAYED, 20));
        assertThat(decisions).extracting(PlanDecision::reason).anyMatch(r -> r.startsWith("5 more invoices wait"));
    }

    static String token(OutboxMessage m) {
        return m.bodyText().replaceAll("(?s).*/d/([A-Za-z0-9_\\-]+\\.[A-Za-z0-9_\\-]+).*", "$1");
    }

    @Test
    void afterAReleaseOldLinksAndTheRemitCheckNoLongerSendPaymentsToTheFactor() {
        clock.set(TestSupport.BUSINESS_HOURS);
        Client client = fixtures.activeClient();
        Debtor debtor = fixtures.debtor();
        submit(client, debtor);
        planner.plan(List.of(debtor.id()));
        OutboxMessage notice = messages(client, debtor).get(0);
        String code = planner.checkCode(client.id().value(), debtor.id().value());
        assertThat(links.checkRemit(code))
                .get()
                .satisfies(c -> assertThat(c.releasedOn()).isNull());

        TestSupport.as(TestSupport.admin(), () -> {
            outreach.release(client.id(), debtor.id(), "the client bought its receivables back");
            return null;
        });
        assertThatThrownBy(() -> links.open(token(notice)))
                .isInstanceOf(DebtorLinks.LinkRefused.class)
                .hasMessageContaining("pay the supplier directly");
        assertThat(links.checkRemit(code))
                .get()
                .satisfies(c -> assertThat(c.releasedOn()).isNotNull());
    }

    @Test
    void aCustomerWhoseNameSoundsHarshStillGetsItsMessages() {
        clock.set(TestSupport.BUSINESS_HOURS);
        Client client = fixtures.activeClient();
        Debtor debtor = fixtures.debtor(TestSupport.unique("Seize the Day Bakery"));
        submit(client, debtor);
        planner.plan(List.of(debtor.id()));
        assertThat(messages(client, debtor)).hasSize(1);
    }

    @Test
    void aClientReadsItsCustomersMessagesWithoutTheLinkAndWithoutOtherClientsCounts() {
        clock.set(TestSupport.BUSINESS_HOURS);
        Client first = fixtures.activeClient();
        Client second = fixtures.activeClient();
        Debtor debtor = fixtures.debtor();
        submit(first, debtor);
        submit(second, debtor);
        planner.plan(List.of(debtor.id())); // one message a business day: the second client's waits
        var client = TestSupport.clientUser(second.id().value());
        var decisions = TestSupport.as(client, () -> outreach.pairDecisions(null, debtor.id(), 20));
        assertThat(decisions)
                .extracting(PlanDecision::reason)
                .isNotEmpty()
                .noneMatch(r -> r.contains("across all clients"));
        var firstUser = TestSupport.clientUser(first.id().value());
        OutboxMessage mine = TestSupport.as(
                        firstUser, () -> outreach.messages(null, debtor.id().value(), null, null, 5))
                .get(0);
        assertThat(mine.bodyText()).doesNotContain("/d/").contains(Outreach.LINK_PLACEHOLDER);
        assertThat(mine.bodyHtml()).doesNotContain("/d/");
        var log = TestSupport.as(
                firstUser, () -> outreach.contactLog(null, debtor.id().value(), null, null, null, 20));
        assertThat(log).allSatisfy(e -> assertThat(String.valueOf(e.content())).doesNotContain("/d/"));
    }
}
