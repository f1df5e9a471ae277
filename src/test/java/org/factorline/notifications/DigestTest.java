package org.factorline.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import org.factorline.clients.Client;
import org.factorline.debtors.Debtor;
import org.factorline.funding.Funding;
import org.factorline.funding.FundingRequest;
import org.factorline.funding.NewFundingRequest;
import org.factorline.identity.Actor;
import org.factorline.identity.Role;
import org.factorline.identity.UserAccounts;
import org.factorline.invoices.Invoice;
import org.factorline.invoices.Invoices;
import org.factorline.invoices.NewInvoice;
import org.factorline.invoices.ScheduleSource;
import org.factorline.invoices.VerificationStatus;
import org.factorline.outreach.Outbox;
import org.factorline.pricing.PayoutMethod;
import org.factorline.pricing.ReceiptKind;
import org.factorline.receipts.IncomingPayment;
import org.factorline.receipts.Payment;
import org.factorline.receipts.Receipts;
import org.factorline.shared.Money;
import org.factorline.shared.MutableClock;
import org.factorline.support.FactorlineTest;
import org.factorline.support.TestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The daily digest as the client's people receive it over SMTP: only the sections the client keeps on,
 * only its own invoices, once a day from the configured hour (7:00 in Chicago), each fact once, to the
 * people who asked for it, and nothing at all on a day with nothing to say.
 */
@FactorlineTest
class DigestTest {

    static final Actor OFFICER = TestSupport.staff(Role.FUNDING_OFFICER);
    static final Actor VERIFIER = TestSupport.staff(Role.VERIFIER);

    @Autowired
    TestSupport.Fixtures fixtures;

    @Autowired
    Digests digests;

    @Autowired
    Notifications notifications;

    @Autowired
    Outbox outbox;

    @Autowired
    Invoices invoices;

    @Autowired
    Funding funding;

    @Autowired
    UserAccounts users;

    @Autowired
    Receipts receipts;

    @Autowired
    org.factorline.outreach.Planner planner;

    @Autowired
    MutableClock clock;

    @Autowired
    GreenMail mail;

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @AfterEach
    void resetClock() {
        clock.set(TestSupport.START);
    }

    private UserAccounts.UserView person(Client client, Role role) {
        String name = TestSupport.unique("digest");
        return TestSupport.as(
                TestSupport.admin(),
                () -> users.create(new UserAccounts.NewUser(
                        name,
                        "Dana " + name,
                        name.toLowerCase(Locale.ROOT) + "@client.example.com",
                        null,
                        TestSupport.PASSWORD,
                        client.id().value(),
                        EnumSet.of(role))));
    }

    private void optIn(UserAccounts.UserView u) {
        TestSupport.as(UserAccounts.toActor(u), () -> notifications.receiveDigest(true));
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

    private void paid(Invoice invoice, String amount) {
        TestSupport.as(OFFICER, () -> {
            Payment p = receipts.record(
                    new IncomingPayment(
                            LocalDate.now(clock),
                            Money.usd(amount),
                            ReceiptKind.ELECTRONIC,
                            "Digest Payer " + TestSupport.unique("DP"),
                            null,
                            null,
                            null,
                            null,
                            "test"),
                    null);
            receipts.apply(p.id(), invoice.id(), Money.usd(amount));
        });
    }

    private Invoice disputed(Client client, Debtor debtor) {
        return TestSupport.as(TestSupport.admin(), () -> {
            Invoice i = invoices.submit(
                    new NewInvoice(
                            client.id(),
                            debtor.id(),
                            TestSupport.unique("DS"),
                            null,
                            LocalDate.now(clock).minusDays(2),
                            30,
                            null,
                            Money.usd("640.00")),
                    ScheduleSource.MANUAL);
            return TestSupport.as(
                    VERIFIER,
                    () -> invoices.recordVerification(
                            i.id(), VerificationStatus.DISPUTED, "AP says the goods were short-shipped"));
        });
    }

    private List<String> receivedBy(UserAccounts.UserView u) throws Exception {
        List<String> out = new ArrayList<>();
        for (MimeMessage m : mail.getReceivedMessages()) {
            if (m.getAllRecipients()[0].toString().toLowerCase(Locale.ROOT).contains(u.email())) {
                out.add(m.getSubject() + "\n" + text(m));
            }
        }
        return out;
    }

    /** The plain-text part, decoded. */
    static String text(Part p) throws Exception {
        if (p.isMimeType("text/plain")) {
            return (String) p.getContent();
        }
        if (p.getContent() instanceof Multipart mp) {
            for (int i = 0; i < mp.getCount(); i++) {
                BodyPart b = mp.getBodyPart(i);
                String t = text(b);
                if (t != null) {
                    return t;
                }
            }
        }
        return null;
    }

    @Test
    void theDigestCarriesOnlyTheEnabledSectionsAndTheClientsOwnInvoicesOnceADay() throws Exception {
        clock.set(TestSupport.START); // the facts below are recorded at START, whatever the tests before left
        Client client = fixtures.activeClient();
        Client other = fixtures.activeClient();
        Debtor debtor = fixtures.debtor();
        UserAccounts.UserView admin = person(client, Role.CLIENT_ADMIN);
        UserAccounts.UserView colleague = person(client, Role.CLIENT_USER);
        UserAccounts.UserView otherPerson = person(other, Role.CLIENT_ADMIN);
        optIn(admin);
        optIn(otherPerson);
        TestSupport.as(
                TestSupport.clientUser(client.id().value()),
                () -> notifications.updateSettings(null, true, true, false, false));

        Invoice fundedInvoice = funded(client, debtor, "2500.00");
        Invoice paidInvoice = funded(client, debtor, "1800.00");
        paid(paidInvoice, "1000.00");
        Invoice disputedInvoice = disputed(client, debtor);
        Invoice othersInvoice = funded(other, debtor, "900.00");

        // 06:00 in Chicago: too early
        clock.set(Instant.parse("2026-03-02T12:00:00Z"));
        assertThat(digests.sendDue()).isZero();
        // facts are recorded at START (08:00 in Chicago); the digest goes at 09:00
        clock.set(TestSupport.START.plus(Duration.ofHours(1)));
        assertThat(digests.sendDue()).isGreaterThanOrEqualTo(2);
        outbox.deliverDue();

        List<String> got = receivedBy(admin);
        assertThat(got).hasSize(1);
        String digest = got.get(0);
        assertThat(digest)
                .contains("Dear " + admin.displayName())
                .contains("Funded")
                .contains(fundedInvoice.number())
                .contains("USD 2,500.00")
                .contains("Payments received")
                .contains("USD 1,000.00")
                .doesNotContain("Disputes")
                .doesNotContain(disputedInvoice.number())
                .doesNotContain(othersInvoice.number())
                .doesNotContain(other.displayName())
                .doesNotContain("Contacts planned");
        assertThat(receivedBy(colleague)).as("did not ask for it").isEmpty();
        assertThat(receivedBy(otherPerson))
                .hasSize(1)
                .allSatisfy(d -> assertThat(d).contains(othersInvoice.number()).doesNotContain(fundedInvoice.number()));

        // once a day, however often the job runs
        clock.advance(Duration.ofHours(3));
        digests.sendDue();
        outbox.deliverDue();
        assertThat(receivedBy(admin)).hasSize(1);

        // the next day: disputes on; only what happened since the last digest
        TestSupport.as(
                TestSupport.clientUser(client.id().value()),
                () -> notifications.updateSettings(null, true, true, true, false));
        clock.set(TestSupport.START.plus(Duration.ofHours(20)));
        Invoice disputedLater = disputed(client, debtor);
        clock.set(TestSupport.START.plus(Duration.ofHours(24)));
        digests.sendDue();
        outbox.deliverDue();
        got = receivedBy(admin);
        assertThat(got).hasSize(2);
        assertThat(got.get(1))
                .contains("Disputes")
                .contains(disputedLater.number())
                .doesNotContain(disputedInvoice.number())
                .doesNotContain(fundedInvoice.number())
                .doesNotContain("Funded");
    }

    @Test
    void aFactThatCommittedAfterTheDigestWentOutIsInTheNextDigestOnce() throws Exception {
        Client client = fixtures.activeClient();
        Debtor debtor = fixtures.debtor();
        UserAccounts.UserView admin = person(client, Role.CLIENT_ADMIN);
        optIn(admin);
        TestSupport.as(
                TestSupport.clientUser(client.id().value()),
                () -> notifications.updateSettings(null, false, false, true, false));
        Invoice onTime = disputed(client, debtor);
        // 10:00 in Chicago
        clock.set(TestSupport.START.plus(Duration.ofHours(2)));
        digests.sendDue();
        outbox.deliverDue();
        assertThat(receivedBy(admin)).hasSize(1);

        // a transaction that started at 09:30 commits after the digest went out
        clock.set(TestSupport.START.plus(Duration.ofMinutes(90)));
        Invoice late = disputed(client, debtor);
        for (int day = 1; day <= 3; day++) {
            clock.set(TestSupport.START.plus(Duration.ofHours(2 + 24L * day)));
            digests.sendDue();
            outbox.deliverDue();
        }
        List<String> got = receivedBy(admin);
        assertThat(got).filteredOn(d -> d.contains(onTime.number())).hasSize(1);
        assertThat(got).filteredOn(d -> d.contains(late.number())).hasSize(1);
        assertThat(got.get(0)).contains(onTime.number()).doesNotContain(late.number());
        assertThat(got).hasSize(2);
    }

    @Test
    void aClientWhoseDigestFailsIsSkippedAndTriedAgainWhileTheOthersGetTheirs() throws Exception {
        Client broken = fixtures.activeClient();
        Client fine = fixtures.activeClient();
        Debtor debtor = fixtures.debtor();
        UserAccounts.UserView brokenAdmin = person(broken, Role.CLIENT_ADMIN);
        UserAccounts.UserView fineAdmin = person(fine, Role.CLIENT_ADMIN);
        optIn(brokenAdmin);
        optIn(fineAdmin);
        for (Client c : List.of(broken, fine)) {
            TestSupport.as(
                    TestSupport.clientUser(c.id().value()),
                    () -> notifications.updateSettings(null, false, false, true, false));
        }
        Invoice bad = disputed(broken, debtor);
        Invoice good = disputed(fine, debtor);
        // a currency the digest cannot show: rendering the broken client's digest throws
        jdbc.sql("update invoice set currency = 'ZZZ' where id = ?")
                .param(bad.id().value())
                .update();
        try {
            clock.set(TestSupport.START.plus(Duration.ofHours(2)));
            digests.sendDue();
            outbox.deliverDue();
            assertThat(receivedBy(fineAdmin)).singleElement().asString().contains(good.number());
            assertThat(receivedBy(brokenAdmin)).isEmpty();
        } finally {
            jdbc.sql("update invoice set currency = 'USD' where id = ?")
                    .param(bad.id().value())
                    .update();
        }
        // nothing of the failed digest was recorded: the next check sends it
        clock.advance(Duration.ofMinutes(15));
        digests.sendDue();
        outbox.deliverDue();
        assertThat(receivedBy(brokenAdmin)).singleElement().asString().contains(bad.number());
        assertThat(receivedBy(fineAdmin)).hasSize(1);
    }

    @Test
    void nothingIsSentWhenEveryEnabledSectionIsEmpty() throws Exception {
        Client client = fixtures.activeClient();
        Debtor debtor = fixtures.debtor();
        UserAccounts.UserView admin = person(client, Role.CLIENT_ADMIN);
        optIn(admin);
        // a dispute the client switched off is no reason to write
        TestSupport.as(
                TestSupport.clientUser(client.id().value()),
                () -> notifications.updateSettings(null, true, true, false, true));
        disputed(client, debtor);
        clock.set(TestSupport.START.plus(Duration.ofHours(1)));
        digests.sendDue();
        outbox.deliverDue();
        assertThat(receivedBy(admin)).isEmpty();

        // and one who stops the digest gets none
        TestSupport.as(UserAccounts.toActor(admin), () -> notifications.receiveDigest(false));
        assertThat(TestSupport.as(UserAccounts.toActor(admin), () -> notifications.receivesDigest()))
                .isFalse();
    }

    @Test
    void contactsPlannedWithTheClientsCustomersAreAnnounced() throws Exception {
        Client client = fixtures.activeClient();
        Debtor debtor = fixtures.debtor(TestSupport.unique("Planned Foods"));
        UserAccounts.UserView admin = person(client, Role.CLIENT_ADMIN);
        optIn(admin);
        TestSupport.as(
                TestSupport.clientUser(client.id().value()),
                () -> notifications.updateSettings(null, false, false, false, true));
        TestSupport.as(
                TestSupport.admin(),
                () -> invoices.submit(
                        new NewInvoice(
                                client.id(),
                                debtor.id(),
                                TestSupport.unique("PL"),
                                null,
                                LocalDate.now(clock).minusDays(1),
                                30,
                                null,
                                Money.usd("750.00")),
                        ScheduleSource.MANUAL));
        // 08:00 in Chicago: the welcome and notice is planned for the debtor's business hours
        planner.plan(List.of(debtor.id()));
        digests.sendDue();
        outbox.deliverDue();
        List<String> got = receivedBy(admin);
        assertThat(got).hasSize(1);
        assertThat(got.get(0))
                .contains("Contacts planned")
                .contains(debtor.name())
                .contains("Welcome and notice of assignment")
                .doesNotContain("Funded");
    }
}
