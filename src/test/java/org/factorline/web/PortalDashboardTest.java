package org.factorline.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
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
import org.factorline.ledger.AccountCode;
import org.factorline.ledger.Ledger;
import org.factorline.outreach.ContactRule;
import org.factorline.outreach.OutboxMessage;
import org.factorline.outreach.Outreach;
import org.factorline.outreach.OutreachTask;
import org.factorline.outreach.PlanDecision;
import org.factorline.outreach.Planner;
import org.factorline.outreach.RecourseOptions;
import org.factorline.outreach.RecourseRequest;
import org.factorline.outreach.ToneCheck;
import org.factorline.pricing.PayoutMethod;
import org.factorline.pricing.ReceiptKind;
import org.factorline.receipts.IncomingPayment;
import org.factorline.receipts.Payment;
import org.factorline.receipts.Receipts;
import org.factorline.settlement.Chargeback;
import org.factorline.settlement.Recourse;
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
 * The client portal's dashboard: its figures are what the ledger, funding and invoices say for a book built
 * here; the invoice nearing its recourse date shows the amount the sweep then charges back; each of the
 * three options is recorded once and reaches staff; the last contact goes once, courteously, within the
 * rules, or is refused with the reason; and another client sees none of it and finds none of its invoices.
 */
@FactorlineTest
class PortalDashboardTest {

    static final Actor OFFICER = new Actor(null, "dash-olga", "Olga", null, EnumSet.of(Role.FUNDING_OFFICER));

    /** Funded on Monday START, an invoice reaches its recourse date (day 90) on Saturday 2026-05-30. */
    static final LocalDate RECOURSE_DATE = LocalDate.parse("2026-05-30");

    /** Tuesday 2026-05-26, 11:00 in Chicago: four days before it, inside the debtors' business hours. */
    static final Instant WARNED = Instant.parse("2026-05-26T16:00:00Z");

    @Autowired
    MockMvc mvc;

    @Autowired
    TestSupport.Fixtures fixtures;

    @Autowired
    Invoices invoices;

    @Autowired
    Funding funding;

    @Autowired
    Receipts receipts;

    @Autowired
    Ledger ledger;

    @Autowired
    Recourse recourse;

    @Autowired
    RecourseOptions options;

    @Autowired
    Outreach outreach;

    @Autowired
    Planner planner;

    @Autowired
    MutableClock clock;

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
                                TestSupport.unique("DS"),
                                null,
                                LocalDate.now(clock).minusDays(1),
                                30,
                                null,
                                Money.usd(amount)),
                        ScheduleSource.MANUAL));
    }

    private void paidInFull(Invoice invoice) {
        TestSupport.as(OFFICER, () -> {
            Payment p = receipts.record(
                    new IncomingPayment(
                            LocalDate.now(clock),
                            invoice.faceAmount(),
                            ReceiptKind.ELECTRONIC,
                            "Dashboard Payer " + TestSupport.unique("DP"),
                            null,
                            null,
                            null,
                            null,
                            "test"),
                    null);
            receipts.apply(p.id(), invoice.id(), invoice.faceAmount());
        });
    }

    private void paid(Invoice invoice, String amount) {
        TestSupport.as(OFFICER, () -> {
            Payment p = receipts.record(
                    new IncomingPayment(
                            LocalDate.now(clock),
                            Money.usd(amount),
                            ReceiptKind.ELECTRONIC,
                            "Dashboard Payer " + TestSupport.unique("DP"),
                            null,
                            null,
                            null,
                            null,
                            "test"),
                    null);
            receipts.apply(p.id(), invoice.id(), Money.usd(amount));
        });
    }

    /** Funded at START like {@link #funded}, but payable {@code termsDays} after its date of START − 3. */
    private Invoice fundedOnTerms(Client client, Debtor debtor, String amount, int termsDays) {
        fixtures.readyToFund(client, debtor, Money.usd("100.00")); // the notice to the debtor is acknowledged
        Invoice approved = TestSupport.as(TestSupport.admin(), () -> {
            Invoice i = invoices.submit(
                    new NewInvoice(
                            client.id(),
                            debtor.id(),
                            TestSupport.unique("DT"),
                            null,
                            LocalDate.now(clock).minusDays(3),
                            termsDays,
                            null,
                            Money.usd(amount)),
                    ScheduleSource.MANUAL);
            invoices.recordVerification(
                    i.id(), org.factorline.invoices.VerificationStatus.VERIFIED, "confirmed by e-mail");
            return invoices.transition(i.id(), org.factorline.invoices.InvoiceStatus.APPROVED, null);
        });
        return TestSupport.as(OFFICER, () -> {
            FundingRequest r = funding.request(new NewFundingRequest(
                    client.id().value(), List.of(approved.id().value()), null, PayoutMethod.ACH));
            funding.approve(r.id());
            return invoices.get(approved.id());
        });
    }

    private RecourseRequest lastContactOf(Actor me, Client client, Invoice invoice) {
        return TestSupport.as(me, () -> options.requests(client.id())).stream()
                .filter(r -> r.kind() == RecourseRequest.Kind.LAST_CONTACT
                        && r.invoiceId().equals(invoice.id().value()))
                .findFirst()
                .orElseThrow();
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

    private void postOk(String url, Actor actor, String... params) throws Exception {
        var request = post(url).with(SignedIn.as(actor)).with(csrf());
        for (int i = 0; i + 1 < params.length; i += 2) {
            request = request.param(params[i], params[i + 1]);
        }
        mvc.perform(request).andExpect(status().is3xxRedirection());
    }

    private static String usd(String amount) {
        return Money.usd(amount).display();
    }

    private List<OutboxMessage> followUpsTo(Client client, Debtor debtor) {
        return TestSupport.as(
                        TestSupport.admin(),
                        () -> outreach.messages(client.id().value(), debtor.id().value(), null, null, 50))
                .stream()
                .filter(m -> m.audience() == OutboxMessage.Audience.DEBTOR
                        && m.sections().contains("FOLLOW_UP"))
                .toList();
    }

    @Test
    void theFiguresAreWhatTheBooksSayAndTheRecourseWarningShowsWhatTheSweepChargesBack() throws Exception {
        Client mine = fixtures.activeClient();
        Client other = fixtures.activeClient();
        Debtor debtor = fixtures.debtor(TestSupport.unique("Dash Foods"));
        Debtor theirs = fixtures.debtor(TestSupport.unique("Their Dash Customer"));
        UUID c = mine.id().value();

        Invoice open = funded(mine, debtor, "10000.00");
        Invoice paid = funded(mine, debtor, "5000.00");
        Invoice bigEnough = fixtures.readyToFund(mine, debtor, Money.usd("12000.00"));
        Invoice tooSmall = fixtures.readyToFund(mine, debtor, Money.usd("3000.00"));
        Invoice waiting = submitted(mine, debtor, "3000.00");
        Invoice theirsOpen = funded(other, theirs, "7000.00");
        Invoice theirsApproved = fixtures.readyToFund(other, theirs, Money.usd("20000.00"));

        clock.set(TestSupport.START.plus(java.time.Duration.ofDays(10)));
        paidInFull(paid);
        clock.set(WARNED);

        Actor me = TestSupport.clientUser(c);
        Html home = page("/portal", me);

        // availability: the facility limit less the advance still out on the unpaid invoice
        Funding.Availability a =
                TestSupport.as(me, () -> funding.availability(mine.id())).orElseThrow();
        assertThat(a.employed()).isEqualTo(Money.usd("8000.00"));
        assertThat(a.available()).isEqualTo(Money.usd("492000.00"));
        assertThat(home.text("availability")).contains(usd("492000.00")).contains(usd("500000.00"));
        assertThat(home.text("funds-employed")).isEqualTo(usd("8000.00"));

        // the reserve, rebates due and what is owed are the ledger's balances for this client
        Money reserveHeld = ledger.balance(AccountCode.CLIENT_RESERVE, c, Money.USD);
        Money rebatesPayable = ledger.balance(AccountCode.REBATES_PAYABLE, c, Money.USD);
        assertThat(reserveHeld).isEqualTo(Money.usd("2000.00"));
        assertThat(rebatesPayable).isEqualTo(Money.usd("875.00"));
        assertThat(home.text("reserve")).contains(reserveHeld.display());
        assertThat(home.text("owed"))
                .isEqualTo(ledger.balance(AccountCode.CLIENT_RECEIVABLE, c, Money.USD)
                        .display());
        assertThat(home.text("rebates")).contains(rebatesPayable.display()).contains("from 1 paid invoice");

        // open invoices by status, each linking to the filtered list
        assertThat(home.text("open-SUBMITTED")).contains("1").contains(usd("3000.00"));
        assertThat(home.text("open-APPROVED")).contains("2").contains(usd("15000.00"));
        assertThat(home.text("open-FUNDED")).contains("1").contains(usd("10000.00"));
        assertThat(home.hasId("open-PARTIALLY_PAID")).isFalse();
        assertThat(home.source()).contains("href=\"/portal/invoices?status=APPROVED\"");
        Html approvedList = page("/portal/invoices?status=APPROVED", me);
        assertThat(approvedList.text()).contains(bigEnough.number()).doesNotContain(waiting.number());

        // the invoice nearing its recourse date: advance 8,000 + fee to day 90 (7%) 700, less no reserve used
        String row = home.text("recourse-" + open.id().value());
        assertThat(row).contains(RECOURSE_DATE.toString()).contains(usd("8700.00"));
        assertThat(home.hasId("recourse-" + paid.id().value())).isFalse();
        // only its own approved invoices of at least the open amount may replace it
        assertThat(row).contains(bigEnough.number()).doesNotContain(tooSmall.number());
        assertThat(home.source()).doesNotContain(theirsOpen.number()).doesNotContain(theirsApproved.number());

        // the other client's dashboard shows nothing of this one's
        Html theirsHome = page("/portal", TestSupport.clientUser(other.id().value()));
        assertThat(theirsHome.source())
                .doesNotContain(open.number())
                .doesNotContain(bigEnough.number())
                .doesNotContain(usd("8700.00"));
        assertThat(theirsHome.text("funds-employed")).isEqualTo(usd("5600.00"));
        assertThat(theirsHome.hasId("recourse-" + theirsOpen.id().value())).isTrue();

        // the day after the recourse date the sweep charges back exactly what the warning said
        clock.set(RECOURSE_DATE.plusDays(1).atTime(12, 0).toInstant(java.time.ZoneOffset.UTC));
        Chargeback cb = TestSupport.as(OFFICER, () -> recourse.sweep(null)).stream()
                .filter(x -> x.invoiceId().equals(open.id()))
                .findFirst()
                .orElseThrow();
        assertThat(cb.amount()).isEqualTo(Money.usd("8700.00"));
        Html after = page("/portal", me);
        assertThat(after.hasId("recourse-" + open.id().value())).isFalse();
        assertThat(after.text("owed")).isEqualTo(usd("8700.00"));
    }

    @Test
    void payAndReplaceAreRecordedOnceShowTheRemitInstructionsAndReachStaff() throws Exception {
        Client mine = fixtures.activeClient();
        Client other = fixtures.activeClient();
        Debtor debtor = fixtures.debtor(TestSupport.unique("Options Foods"));
        Invoice open = funded(mine, debtor, "10000.00");
        Invoice second = funded(mine, debtor, "4000.00");
        Invoice bigEnough = fixtures.readyToFund(mine, debtor, Money.usd("11000.00"));
        Invoice tooSmall = fixtures.readyToFund(mine, debtor, Money.usd("2000.00"));
        Invoice theirsApproved = fixtures.readyToFund(other, fixtures.debtor(), Money.usd("50000.00"));
        clock.set(WARNED);
        Actor me = TestSupport.clientUser(mine.id().value());
        Actor them = TestSupport.clientUser(other.id().value());
        String base = "/portal/recourse/" + open.id().value();

        // another client's user finds none of this client's invoices
        for (String action : List.of("/pay", "/replace", "/last-contact")) {
            mvc.perform(post(base + action).with(SignedIn.as(them)).with(csrf()))
                    .andExpect(status().isNotFound());
        }
        mvc.perform(get(base + "/payment").with(SignedIn.as(them))).andExpect(status().isNotFound());
        // and without the CSRF token nothing is recorded
        mvc.perform(post(base + "/pay").with(SignedIn.as(me))).andExpect(status().isForbidden());

        // "I'll pay it", twice: one request, one task, and the instructions to pay the factor
        mvc.perform(post(base + "/pay").with(SignedIn.as(me)).with(csrf())).andExpect(redirectedUrl(base + "/payment"));
        postOk(base + "/pay", me);
        Html pay = page(base + "/payment", me);
        assertThat(pay.text("pay-amount")).isEqualTo(usd("8700.00"));
        assertThat(pay.text("pay-reference")).isEqualTo("RECOURSE " + open.number());
        assertThat(pay.text()).contains(RECOURSE_DATE.toString());

        // "Replace": a too-small or another client's invoice is refused with the reason; then one of its own
        postOk(base + "/replace", me, "replacementId", tooSmall.id().value().toString());
        postOk(
                base + "/replace",
                me,
                "replacementId",
                theirsApproved.id().value().toString());
        assertThat(TestSupport.as(me, () -> options.requests(mine.id())))
                .noneMatch(r -> r.kind() == RecourseRequest.Kind.REPLACE);
        postOk(base + "/replace", me, "replacementId", bigEnough.id().value().toString());
        postOk(base + "/replace", me);
        // the second invoice: a replacement to follow
        postOk("/portal/recourse/" + second.id().value() + "/replace", me);

        List<RecourseRequest> requests = TestSupport.as(me, () -> options.requests(mine.id()));
        assertThat(requests)
                .filteredOn(r -> r.invoiceId().equals(open.id().value()))
                .extracting(RecourseRequest::kind)
                .containsExactlyInAnyOrder(RecourseRequest.Kind.PAY, RecourseRequest.Kind.REPLACE);
        RecourseRequest replace = requests.stream()
                .filter(r -> r.invoiceId().equals(open.id().value()) && r.kind() == RecourseRequest.Kind.REPLACE)
                .findFirst()
                .orElseThrow();
        assertThat(replace.replacementInvoiceId()).isEqualTo(bigEnough.id().value());
        assertThat(replace.amount()).isEqualTo(Money.usd("8700.00"));
        assertThat(requests)
                .filteredOn(r -> r.invoiceId().equals(second.id().value()))
                .singleElement()
                .satisfies(r -> assertThat(r.replacementInvoiceId()).isNull());

        // staff see the work in the outreach queue, once per option
        List<OutreachTask> tasks = TestSupport.as(
                TestSupport.admin(),
                () -> outreach.tasks(mine.id().value(), debtor.id().value(), true, 50));
        assertThat(tasks)
                .filteredOn(t -> open.id().value().equals(t.invoiceId()))
                .extracting(OutreachTask::kind)
                .containsExactlyInAnyOrder(OutreachTask.Kind.RECOURSE_PAYMENT, OutreachTask.Kind.RECOURSE_REPLACEMENT);
        Html staffPair = Html.of(mvc.perform(get("/staff/outreach/pairs/"
                                + mine.id().value() + "/" + debtor.id().value())
                        .with(SignedIn.as(TestSupport.admin())))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString());
        assertThat(staffPair.text())
                .contains("Expect " + usd("8700.00") + " from the client for invoice " + open.number())
                .contains("Replace invoice " + open.number());

        // the dashboard and the invoice's timeline say what was asked and when
        Html home = page("/portal", me);
        String row = home.text("recourse-" + open.id().value());
        assertThat(row)
                .contains("You said you’d pay it, requested on " + LocalDate.parse("2026-05-26"))
                .contains("Replacement requested on 2026-05-26");
        assertThat(home.text("recourse-requests")).contains("Replace it with " + bigEnough.number());
        Html timeline = page("/portal/invoices/" + open.id().value(), me);
        assertThat(timeline.text("timeline"))
                .contains("Client will pay " + usd("8700.00"))
                .contains("offers invoice " + bigEnough.number());
        long logged =
                TestSupport.as(
                                me,
                                () -> outreach.contactLog(null, null, open.id().value(), null, null, 100))
                        .stream()
                        .filter(e -> e.summary().startsWith("Client will pay"))
                        .count();
        assertThat(logged).isEqualTo(1);

        // the other client sees none of it
        Html theirs = page("/portal", them);
        assertThat(theirs.source()).doesNotContain(open.number()).doesNotContain(bigEnough.number());
    }

    @Test
    void oneLastContactGoesOnceCourteouslyAndNeverASecondTimeFromTheSameRequest() throws Exception {
        Client mine = fixtures.activeClient();
        Debtor debtor = fixtures.debtor(TestSupport.unique("Last Contact Foods"));
        Invoice open = funded(mine, debtor, "10000.00");
        clock.set(WARNED);
        Actor me = TestSupport.clientUser(mine.id().value());
        String url = "/portal/recourse/" + open.id().value() + "/last-contact";

        postOk(url, me);
        postOk(url, me);
        RecourseRequest asked = TestSupport.as(me, () -> options.requests(mine.id())).stream()
                .filter(r -> r.kind() == RecourseRequest.Kind.LAST_CONTACT)
                .collect(java.util.stream.Collectors.collectingAndThen(java.util.stream.Collectors.toList(), l -> {
                    assertThat(l).hasSize(1);
                    return l.get(0);
                }));
        assertThat(asked.state()).isEqualTo(RecourseRequest.State.PENDING);
        assertThat(page("/portal", me).text("recourse-" + open.id().value()))
                .contains("One last contact requested on 2026-05-26");

        // before the debtor's business hours (07:00 in Chicago) the policy holds it back; it stays pending
        clock.set(WARNED.minus(java.time.Duration.ofHours(4)));
        planner.plan(List.of(debtor.id()));
        assertThat(followUpsTo(mine, debtor)).isEmpty();
        assertThat(TestSupport.as(me, () -> options.requests(mine.id())))
                .filteredOn(r -> r.kind() == RecourseRequest.Kind.LAST_CONTACT)
                .singleElement()
                .satisfies(r -> assertThat(r.state()).isEqualTo(RecourseRequest.State.PENDING));
        assertThat(TestSupport.as(
                        TestSupport.admin(),
                        () -> outreach.decisions(
                                mine.id().value(), debtor.id().value(), PlanDecision.Outcome.DELAYED, 20)))
                .anyMatch(d -> d.reason().contains("outside the debtor's business hours"));

        clock.set(WARNED);
        planner.plan(List.of(debtor.id()));
        List<OutboxMessage> sent = followUpsTo(mine, debtor);
        assertThat(sent).hasSize(1);
        OutboxMessage m = sent.get(0);
        assertThat(m.bodyText()).contains(open.number());
        assertThat(ToneCheck.problems(m.subject() + "\n" + m.bodyText() + "\n" + m.bodyHtml()))
                .isEmpty();
        RecourseRequest done = TestSupport.as(me, () -> options.requests(mine.id())).stream()
                .filter(r -> r.kind() == RecourseRequest.Kind.LAST_CONTACT)
                .findFirst()
                .orElseThrow();
        assertThat(done.state()).isEqualTo(RecourseRequest.State.SENT);
        assertThat(done.messageId()).isEqualTo(m.id());
        assertThat(TestSupport.as(
                        TestSupport.admin(),
                        () -> outreach.decisions(
                                mine.id().value(), debtor.id().value(), PlanDecision.Outcome.PLANNED, 20)))
                .anyMatch(d -> d.reason().contains("the one last contact the client asked for"));

        // the next business day, and the one after, the same request sends nothing more
        clock.set(WARNED.plus(java.time.Duration.ofDays(1)));
        planner.plan(List.of(debtor.id()));
        clock.set(WARNED.plus(java.time.Duration.ofDays(2)));
        planner.plan(List.of(debtor.id()));
        assertThat(followUpsTo(mine, debtor)).hasSize(1);
        clock.set(WARNED);
        assertThat(page("/portal", me).text("recourse-" + open.id().value())).contains("sent.");
    }

    @Test
    void aLastContactIsRefusedWithTheReasonWhenTheRulesOrTheInvoiceForbidIt() throws Exception {
        Client mine = fixtures.activeClient();
        Debtor released = fixtures.debtor(TestSupport.unique("Released Foods"));
        Debtor paying = fixtures.debtor(TestSupport.unique("Paying Foods"));
        Invoice onReleased = funded(mine, released, "10000.00");
        Invoice onPaying = funded(mine, paying, "6000.00");
        Debtor quiet = fixtures.debtor(TestSupport.unique("Quiet Foods"));
        Invoice onQuiet = funded(mine, quiet, "4000.00");
        clock.set(WARNED);
        Actor me = TestSupport.clientUser(mine.id().value());
        TestSupport.as(
                me,
                () -> outreach.saveRule(new ContactRule(
                        mine.id().value(),
                        quiet.id(),
                        null,
                        null,
                        false,
                        true,
                        null,
                        null,
                        false,
                        "we talk to them ourselves",
                        null,
                        null)));
        TestSupport.as(
                TestSupport.admin(),
                () -> outreach.release(mine.id(), released.id(), "the client stopped selling to them"));

        // released: refused at once, with the reason on the dashboard and among the planner's decisions
        postOk("/portal/recourse/" + onReleased.id().value() + "/last-contact", me);
        RecourseRequest refused = TestSupport.as(me, () -> options.requests(mine.id())).stream()
                .filter(r -> r.invoiceId().equals(onReleased.id().value()))
                .findFirst()
                .orElseThrow();
        assertThat(refused.state()).isEqualTo(RecourseRequest.State.REFUSED);
        assertThat(refused.reason()).contains("released");
        assertThat(page("/portal", me).text("recourse-" + onReleased.id().value()))
                .contains("it cannot go:")
                .contains("released");
        assertThat(TestSupport.as(
                        TestSupport.admin(),
                        () -> outreach.decisions(
                                mine.id().value(), released.id().value(), PlanDecision.Outcome.REFUSED, 20)))
                .anyMatch(d -> d.reason().contains("the last contact the client asked for may not go")
                        && d.invoices().contains(onReleased.number()));
        planner.plan(List.of(released.id()));
        assertThat(followUpsTo(mine, released)).isEmpty();

        // the client's own rule for a customer: no e-mail
        postOk("/portal/recourse/" + onQuiet.id().value() + "/last-contact", me);
        assertThat(TestSupport.as(me, () -> options.requests(mine.id())))
                .filteredOn(r -> r.invoiceId().equals(onQuiet.id().value()))
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.state()).isEqualTo(RecourseRequest.State.REFUSED);
                    assertThat(r.reason()).isEqualTo("you asked for no e-mail to " + quiet.name());
                });
        planner.plan(List.of(quiet.id()));
        assertThat(followUpsTo(mine, quiet)).isEmpty();

        // pending when asked, then the debtor pays in full: the planner refuses it and sends nothing
        postOk("/portal/recourse/" + onPaying.id().value() + "/last-contact", me);
        assertThat(TestSupport.as(me, () -> options.requests(mine.id())))
                .filteredOn(r -> r.invoiceId().equals(onPaying.id().value()))
                .singleElement()
                .satisfies(r -> assertThat(r.state()).isEqualTo(RecourseRequest.State.PENDING));
        paidInFull(onPaying);
        planner.plan(List.of(paying.id()));
        assertThat(followUpsTo(mine, paying)).isEmpty();
        assertThat(TestSupport.as(me, () -> options.requests(mine.id())))
                .filteredOn(r -> r.invoiceId().equals(onPaying.id().value()))
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.state()).isEqualTo(RecourseRequest.State.REFUSED);
                    assertThat(r.reason()).contains("is closed").contains("nothing left to ask");
                });
        assertThat(TestSupport.as(
                        TestSupport.admin(),
                        () -> outreach.decisions(
                                mine.id().value(), paying.id().value(), PlanDecision.Outcome.REFUSED, 20)))
                .anyMatch(d -> d.reason().contains("the last contact the client asked for may not go"));
    }

    @Test
    void anInvoiceWhoseReserveCoversTheChargeBackIsShownAsCoveredAndCannotBePaidOrReplaced() throws Exception {
        Client mine = fixtures.activeClient();
        Debtor debtor = fixtures.debtor(TestSupport.unique("Covered Foods"));
        Invoice open = funded(mine, debtor, "10000.00");
        fixtures.readyToFund(mine, debtor, Money.usd("20000.00"));
        // the debtor paid 9,000 of 10,000: more than the 8,000 advance and the fee
        clock.set(TestSupport.START.plus(java.time.Duration.ofDays(20)));
        paid(open, "9000.00");
        clock.set(WARNED);
        Actor me = TestSupport.clientUser(mine.id().value());
        String base = "/portal/recourse/" + open.id().value();
        Recourse.Exposure x =
                TestSupport.as(me, () -> recourse.exposureOf(open.id())).orElseThrow();
        assertThat(x.chargeBack().isPositive()).isFalse();

        Html home = page("/portal", me);
        String row = home.text("recourse-" + open.id().value());
        assertThat(row)
                .contains("Your reserve covers it")
                .contains("nothing is charged back to you")
                .doesNotContain("will be charged back")
                .doesNotContain(x.chargeBack().display())
                .doesNotContain("I’ll pay it")
                .doesNotContain("Replace with another invoice");
        assertThat(home.source()).doesNotContain(base + "/pay\"").doesNotContain(base + "/replace\"");

        // paying or replacing it is refused with the reason, and nothing reaches staff
        postOk(base + "/pay", me);
        postOk(base + "/replace", me);
        assertThatThrownBy(() -> TestSupport.as(me, () -> options.willPay(open.id())))
                .hasMessageContaining("needs nothing from you")
                .hasMessageContaining("reserve");
        assertThatThrownBy(() -> TestSupport.as(me, () -> options.replace(open.id(), null)))
                .hasMessageContaining("needs nothing from you");
        assertThat(TestSupport.as(me, () -> options.requests(mine.id())))
                .filteredOn(r -> r.invoiceId().equals(open.id().value()))
                .isEmpty();
        assertThat(TestSupport.as(
                        TestSupport.admin(),
                        () -> outreach.tasks(mine.id().value(), debtor.id().value(), true, 50)))
                .noneMatch(t -> open.id().value().equals(t.invoiceId()));
        Html pay = page(base + "/payment", me);
        assertThat(pay.hasId("pay-amount")).isFalse();
        assertThat(pay.text()).contains("needs nothing from you");
    }

    @Test
    void thePaymentInstructionsShowWhatIsOwedNowAndNothingOnceItIsChargedBackOrPaid() throws Exception {
        Client mine = fixtures.activeClient();
        Debtor debtor = fixtures.debtor(TestSupport.unique("Stale Foods"));
        Invoice open = funded(mine, debtor, "10000.00");
        Invoice settled = funded(mine, debtor, "5000.00");
        clock.set(WARNED);
        Actor me = TestSupport.clientUser(mine.id().value());
        String base = "/portal/recourse/" + open.id().value();

        postOk(base + "/pay", me);
        assertThat(page(base + "/payment", me).text("pay-amount")).isEqualTo(usd("8700.00"));

        // the debtor pays 2,000 after the click: the amount to send is what is owed now
        paid(open, "2000.00");
        Money now = TestSupport.as(me, () -> recourse.exposureOf(open.id()))
                .orElseThrow()
                .chargeBack();
        assertThat(now).isNotEqualTo(Money.usd("8700.00"));
        Html pay = page(base + "/payment", me);
        assertThat(pay.text("pay-amount")).isEqualTo(now.display());
        assertThat(pay.text("pay-asked")).contains("2026-05-26").contains(usd("8700.00"));
        assertThat(pay.hasId("pay-nothing")).isFalse();

        // the other invoice is paid in full after the click: nothing to pay
        postOk("/portal/recourse/" + settled.id().value() + "/pay", me);
        paidInFull(settled);
        Html paidPage = page("/portal/recourse/" + settled.id().value() + "/payment", me);
        assertThat(paidPage.hasId("pay-amount")).isFalse();
        assertThat(paidPage.text("pay-nothing")).startsWith("Nothing to pay:").contains(settled.number());
        assertThat(paidPage.text("pay-asked")).contains(usd("4350.00"));

        // the sweep charges the first back: no amount to send, only what it was when asked
        clock.set(RECOURSE_DATE.plusDays(1).atTime(12, 0).toInstant(java.time.ZoneOffset.UTC));
        TestSupport.as(OFFICER, () -> recourse.sweep(null));
        Html after = page(base + "/payment", me);
        assertThat(after.hasId("pay-amount")).isFalse();
        assertThat(after.text("pay-nothing")).startsWith("Nothing to pay:").contains("charged back");
        assertThat(after.text("pay-asked")).contains(usd("8700.00"));
        assertThat(after.source()).doesNotContain(now.display());
    }

    @Test
    void aLastContactIsRefusedForAnInvoiceNotYetPastDue() throws Exception {
        Client mine = fixtures.activeClient();
        Debtor debtor = fixtures.debtor(TestSupport.unique("Not Due Foods"));
        // dated START − 3 on 120-day terms: due 2026-06-27, after its recourse date
        Invoice notDue = fundedOnTerms(mine, debtor, "10000.00", 120);
        clock.set(WARNED);
        Actor me = TestSupport.clientUser(mine.id().value());

        postOk("/portal/recourse/" + notDue.id().value() + "/last-contact", me);
        RecourseRequest r = lastContactOf(me, mine, notDue);
        assertThat(r.state()).isEqualTo(RecourseRequest.State.REFUSED);
        assertThat(r.reason())
                .contains("not past due yet")
                .contains(notDue.dueDate().toString());
        assertThat(page("/portal", me).text("recourse-" + notDue.id().value())).contains("not past due yet");
        planner.plan(List.of(debtor.id()));
        assertThat(followUpsTo(mine, debtor)).isEmpty();
    }

    @Test
    void aLastContactIsRefusedWhileAnEscalationForTheCustomerIsOpen() throws Exception {
        Client mine = fixtures.activeClient();
        Debtor debtor = fixtures.debtor(TestSupport.unique("Escalated Foods"));
        Invoice open = funded(mine, debtor, "10000.00");
        TestSupport.as(
                TestSupport.admin(),
                () -> outreach.saveSettings(
                        mine.id(),
                        new org.factorline.outreach.ContactSettings.Overrides(null, null, null, null, 0, null, 0, 0)));
        // past due: the client is told, then with no follow-ups allowed the account manager takes over
        clock.set(Instant.parse("2026-05-19T16:00:00Z"));
        planner.plan(List.of(debtor.id()));
        planner.plan(List.of(debtor.id()));
        assertThat(TestSupport.as(
                        TestSupport.admin(),
                        () -> outreach.tasks(mine.id().value(), debtor.id().value(), true, 50)))
                .anyMatch(t -> t.kind() == OutreachTask.Kind.ESCALATE);

        clock.set(WARNED);
        Actor me = TestSupport.clientUser(mine.id().value());
        postOk("/portal/recourse/" + open.id().value() + "/last-contact", me);
        RecourseRequest r = lastContactOf(me, mine, open);
        assertThat(r.state()).isEqualTo(RecourseRequest.State.REFUSED);
        assertThat(r.reason()).contains("your account manager is handling " + debtor.name());
        planner.plan(List.of(debtor.id()));
        assertThat(followUpsTo(mine, debtor)).isEmpty();
    }

    @Test
    void aLastContactWaitsForTheFollowUpSpacingAndThenGoes() throws Exception {
        Client mine = fixtures.activeClient();
        Debtor debtor = fixtures.debtor(TestSupport.unique("Spaced Foods"));
        Invoice open = funded(mine, debtor, "10000.00");
        TestSupport.as(
                TestSupport.admin(),
                () -> outreach.saveSettings(
                        mine.id(),
                        new org.factorline.outreach.ContactSettings.Overrides(
                                null, null, null, null, 0, null, null, 0)));
        // Thursday 2026-05-21: the client is told, then the first follow-up goes
        clock.set(Instant.parse("2026-05-21T16:00:00Z"));
        planner.plan(List.of(debtor.id()));
        planner.plan(List.of(debtor.id()));
        assertThat(followUpsTo(mine, debtor)).hasSize(1);

        // five days later the client asks for one last contact: pending, and held until seven days have passed
        clock.set(WARNED);
        Actor me = TestSupport.clientUser(mine.id().value());
        postOk("/portal/recourse/" + open.id().value() + "/last-contact", me);
        assertThat(lastContactOf(me, mine, open).state()).isEqualTo(RecourseRequest.State.PENDING);
        planner.plan(List.of(debtor.id()));
        assertThat(followUpsTo(mine, debtor)).hasSize(1);
        assertThat(lastContactOf(me, mine, open).state()).isEqualTo(RecourseRequest.State.PENDING);
        assertThat(TestSupport.as(
                        TestSupport.admin(),
                        () -> outreach.decisions(
                                mine.id().value(), debtor.id().value(), PlanDecision.Outcome.DELAYED, 20)))
                .anyMatch(d -> d.reason().contains("may go from 2026-05-28")
                        && d.invoices().contains(open.number()));

        // on 2026-05-28 it goes, once
        clock.set(Instant.parse("2026-05-28T16:00:00Z"));
        planner.plan(List.of(debtor.id()));
        assertThat(followUpsTo(mine, debtor)).hasSize(2);
        assertThat(lastContactOf(me, mine, open).state()).isEqualTo(RecourseRequest.State.SENT);
    }
}
