package org.factorline.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.factorline.clients.Client;
import org.factorline.debtors.Debtor;
import org.factorline.debtors.Debtors;
import org.factorline.debtors.NotificationState;
import org.factorline.funding.Funding;
import org.factorline.funding.FundingRequest;
import org.factorline.funding.FundingStatus;
import org.factorline.funding.NewFundingRequest;
import org.factorline.identity.Actor;
import org.factorline.identity.Role;
import org.factorline.invoices.Invoice;
import org.factorline.invoices.InvoiceStatus;
import org.factorline.invoices.Invoices;
import org.factorline.invoices.NewInvoice;
import org.factorline.invoices.ScheduleSource;
import org.factorline.invoices.VerificationStatus;
import org.factorline.ledger.AccountCode;
import org.factorline.ledger.Ledger;
import org.factorline.ledger.TrialBalance;
import org.factorline.pricing.PayoutMethod;
import org.factorline.pricing.ReceiptKind;
import org.factorline.receipts.IncomingPayment;
import org.factorline.receipts.Payment;
import org.factorline.receipts.Receipts;
import org.factorline.reports.ReportTable;
import org.factorline.reports.Reports;
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
 * The staff dashboard over a small book of our own: each queue's count rises when work arrives and falls when
 * it is done, and the book's figures are the reports' totals (and move with the ledger) for the same date.
 * The dashboard counts the whole shared book, so every assertion is about how much a count moved.
 */
@FactorlineTest
class StaffDashboardTest {

    static final Actor OFFICER =
            new Actor(null, "dash-fiona", "Fiona", null, EnumSet.of(Role.FUNDING_OFFICER, Role.ADMIN));
    static final Actor SECOND =
            new Actor(null, "dash-victor", "Victor", null, EnumSet.of(Role.FUNDING_OFFICER, Role.ADMIN));

    @Autowired
    MockMvc mvc;

    @Autowired
    TestSupport.Fixtures fixtures;

    @Autowired
    Invoices invoices;

    @Autowired
    Debtors debtors;

    @Autowired
    Funding funding;

    @Autowired
    Receipts receipts;

    @Autowired
    Reports reports;

    @Autowired
    Ledger ledger;

    @Autowired
    MutableClock clock;

    @AfterEach
    void resetClock() {
        clock.set(TestSupport.START);
    }

    /** The page and, as the browser does after it shows, each group of key figures it loads (htmx). */
    Html dashboard() throws Exception {
        String page = body("/staff");
        StringBuilder figures = new StringBuilder();
        for (String group : StaffDashboard.GROUPS) {
            assertThat(page).contains("hx-get=\"/staff/figures/" + group + "?currency=USD\"");
            figures.append(body("/staff/figures/" + group + "?currency=USD"));
        }
        return Html.of(page.replace("</main>", "<ul>" + figures + "</ul></main>"));
    }

    String body(String path) throws Exception {
        return mvc.perform(get(path).with(SignedIn.as(TestSupport.staff(Role.ACCOUNT_MANAGER))))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
    }

    static long count(Html page, String queue) {
        String text = page.text(queue);
        assertThat(text).as(queue + " is an exact count (below the cap)").matches("[0-9]+");
        return Long.parseLong(text);
    }

    static BigDecimal money(Html page, String figure) {
        String text = page.text(figure);
        assertThat(text).as(figure).startsWith("USD ");
        return new BigDecimal(text.substring(4).replace(",", ""));
    }

    LocalDate today() {
        return LocalDate.now(clock);
    }

    Invoice submit(Client client, Debtor debtor, String face) {
        return TestSupport.as(
                OFFICER,
                () -> invoices.submit(
                        new NewInvoice(
                                client.id(),
                                debtor.id(),
                                TestSupport.unique("D"),
                                null,
                                today().minusDays(3),
                                30,
                                null,
                                Money.usd(face)),
                        ScheduleSource.MANUAL));
    }

    @Test
    void queuesRiseWhenWorkArrivesAndFallWhenItIsDone() throws Exception {
        clock.set(TestSupport.BUSINESS_HOURS);
        Client client = fixtures.activeClient();
        Debtor debtor = fixtures.debtor();
        Html before = dashboard();

        // a submitted invoice waits for the debtor's confirmation and for approval
        Invoice invoice = submit(client, debtor, "2000.00");
        assertThat(invoice.verificationStatus()).isEqualTo(VerificationStatus.PENDING);
        TestSupport.as(
                OFFICER,
                () -> debtors.recordNotice(
                        client.id().value(), debtor.id(), NotificationState.ACKNOWLEDGED, "signed notice returned"));
        Html submitted = dashboard();
        assertThat(count(submitted, "q-verify")).isEqualTo(count(before, "q-verify") + 1);
        assertThat(count(submitted, "q-approve")).isEqualTo(count(before, "q-approve") + 1);

        TestSupport.as(
                OFFICER,
                () -> invoices.recordVerification(invoice.id(), VerificationStatus.VERIFIED, "confirmed by phone"));
        Html verified = dashboard();
        assertThat(count(verified, "q-verify")).isEqualTo(count(before, "q-verify"));
        assertThat(count(verified, "q-approve")).isEqualTo(count(before, "q-approve") + 1);

        // a disputed invoice is counted among the disputes until it is no longer in play
        Invoice disputed = submit(client, debtor, "300.00");
        TestSupport.as(
                OFFICER,
                () -> invoices.recordVerification(disputed.id(), VerificationStatus.DISPUTED, "goods returned"));
        assertThat(count(dashboard(), "fig-disputes")).isEqualTo(count(before, "fig-disputes") + 1);
        TestSupport.as(OFFICER, () -> invoices.transition(disputed.id(), InvoiceStatus.REJECTED, "disputed"));
        assertThat(count(dashboard(), "fig-disputes")).isEqualTo(count(before, "fig-disputes"));

        TestSupport.as(OFFICER, () -> invoices.transition(invoice.id(), InvoiceStatus.APPROVED, null));
        Html approved = dashboard();
        assertThat(count(approved, "q-approve")).isEqualTo(count(before, "q-approve"));

        // a funding request waits for an approver; funding it leaves a payout to release
        FundingRequest small = TestSupport.as(
                OFFICER,
                () -> funding.request(new NewFundingRequest(
                        client.id().value(), List.of(invoice.id().value()), null, PayoutMethod.ACH)));
        Html requested = dashboard();
        assertThat(count(requested, "q-funding-approve")).isEqualTo(count(before, "q-funding-approve") + 1);
        TestSupport.as(OFFICER, () -> funding.approve(small.id()));
        Html funded = dashboard();
        assertThat(count(funded, "q-funding-approve")).isEqualTo(count(before, "q-funding-approve"));
        assertThat(count(funded, "q-payouts-release")).isEqualTo(count(before, "q-payouts-release") + 1);

        // above the four-eyes amount the first approval leaves it for a second person
        Invoice big = fixtures.readyToFund(client, fixtures.debtor(), Money.usd("70000.00"));
        FundingRequest large = TestSupport.as(
                OFFICER,
                () -> funding.request(new NewFundingRequest(
                        client.id().value(), List.of(big.id().value()), null, PayoutMethod.ACH)));
        FundingRequest first = TestSupport.as(OFFICER, () -> funding.approve(large.id()));
        assertThat(first.status()).isEqualTo(FundingStatus.AWAITING_SECOND_APPROVAL);
        Html awaiting = dashboard();
        assertThat(count(awaiting, "q-funding-second")).isEqualTo(count(before, "q-funding-second") + 1);
        assertThat(count(awaiting, "q-funding-approve")).isEqualTo(count(before, "q-funding-approve"));
        TestSupport.as(SECOND, () -> funding.approve(large.id()));
        Html second = dashboard();
        assertThat(count(second, "q-funding-second")).isEqualTo(count(before, "q-funding-second"));
        assertThat(count(second, "q-payouts-release")).isEqualTo(count(before, "q-payouts-release") + 2);

        // cash that came in waits to be applied until it is placed on the invoice
        Payment payment = TestSupport.as(
                OFFICER,
                () -> receipts.record(
                        new IncomingPayment(
                                today(),
                                Money.usd("2000.00"),
                                ReceiptKind.ELECTRONIC,
                                TestSupport.unique("Dashboard Payer"),
                                null,
                                null,
                                null,
                                null,
                                "test"),
                        null));
        Html received = dashboard();
        assertThat(count(received, "q-cash")).isEqualTo(count(before, "q-cash") + 1);
        assertThat(money(received, "fig-cash"))
                .isEqualByComparingTo(money(before, "fig-cash").add(new BigDecimal("2000.00")));
        TestSupport.as(OFFICER, () -> receipts.apply(payment.id(), invoice.id(), Money.usd("2000.00")));
        assertThat(count(dashboard(), "q-cash")).isEqualTo(count(before, "q-cash"));

        // every queue links to the page where its work is done
        assertThat(second.tag("q-verify-link")).contains("href=\"/staff/outreach\"");
        assertThat(second.tag("q-approve-link")).contains("href=\"/staff/invoices?status=SUBMITTED\"");
        assertThat(second.tag("q-funding-second-link")).contains("href=\"/staff/funding\"");
        assertThat(second.tag("q-payouts-release-link")).contains("href=\"/staff/payouts?status=PENDING\"");
        assertThat(second.tag("q-cash-link")).contains("href=\"/staff/cash\"");
        assertThat(second.tag("q-undelivered-link")).contains("href=\"/staff/outreach/outbox?status=FAILED\"");
        for (String path : List.of(
                "/staff/outreach",
                "/staff/invoices?status=SUBMITTED",
                "/staff/funding",
                "/staff/payouts?status=PENDING",
                "/staff/cash",
                "/staff/outreach/outbox?status=FAILED")) {
            mvc.perform(get(path).with(SignedIn.as(TestSupport.staff(Role.ACCOUNT_MANAGER))))
                    .andExpect(status().isOk());
        }
    }

    @Autowired
    StaffDashboard staffDashboard;

    @Autowired
    DashboardReadAhead readAhead;

    @Test
    void earlierWeeksAreReadAheadOfVisitsWhileAskedFor() throws Exception {
        clock.set(TestSupport.BUSINESS_HOURS.minus(java.time.Duration.ofDays(14)));
        Client client = fixtures.activeClient();
        Invoice invoice = fixtures.readyToFund(client, fixtures.debtor(), Money.usd("9000.00"));
        TestSupport.as(OFFICER, () -> {
            FundingRequest r = funding.request(new NewFundingRequest(
                    client.id().value(), List.of(invoice.id().value()), null, PayoutMethod.ACH));
            funding.approve(r.id());
        });
        clock.set(TestSupport.BUSINESS_HOURS);
        LocalDate weekAgo = today().minusWeeks(1);
        String before = dashboard().text("fig-open-book-figure");
        assertThat(before).contains("vs 1 week ago (" + openBook(weekAgo).display() + ")");

        // a payment dated a week back moves that week's point; the point kept from the visit does not see it yet
        Money then = openBook(weekAgo);
        Payment payment = TestSupport.as(
                OFFICER,
                () -> receipts.record(
                        new IncomingPayment(
                                weekAgo,
                                Money.usd("3000.00"),
                                ReceiptKind.ELECTRONIC,
                                TestSupport.unique("Read Ahead Payer"),
                                null,
                                null,
                                null,
                                null,
                                "test"),
                        null));
        TestSupport.as(OFFICER, () -> receipts.apply(payment.id(), invoice.id(), Money.usd("3000.00")));
        Money moved = openBook(weekAgo);
        assertThat(moved.amount()).isEqualByComparingTo(then.amount().subtract(new BigDecimal("3000.00")));
        assertThat(dashboard().text("fig-open-book-figure")).contains("vs 1 week ago (" + then.display() + ")");

        // read ahead, the next visit finds the week's point read again, as the report shows it
        readAhead.readAhead();
        assertThat(dashboard().text("fig-open-book-figure")).contains("vs 1 week ago (" + moved.display() + ")");
        assertThat(staffDashboard.keptCount()).isPositive();

        // figures nobody asked for within the hour are dropped, not read again
        clock.set(TestSupport.BUSINESS_HOURS
                .plus(StaffDashboard.READ_AHEAD_WHILE_ASKED)
                .plusSeconds(60));
        readAhead.readAhead();
        assertThat(staffDashboard.keptCount()).isZero();
    }

    Money openBook(LocalDate asOf) {
        ReportTable aging =
                TestSupport.as(OFFICER, () -> reports.run("aging", Map.of("asOf", asOf.toString(), "currency", "USD")));
        return (Money) aging.totals().get("open_balance");
    }

    @Test
    void theBooksFiguresAreTheReportsTotalsAndMoveWithTheLedger() throws Exception {
        clock.set(TestSupport.BUSINESS_HOURS);
        Client client = fixtures.activeClient();
        Debtor debtor = fixtures.debtor();
        Html before = dashboard();
        BigDecimal ledgerBefore = purchasedReceivables();

        Invoice invoice = fixtures.readyToFund(client, debtor, Money.usd("10000.00"));
        TestSupport.as(OFFICER, () -> {
            FundingRequest r = funding.request(new NewFundingRequest(
                    client.id().value(), List.of(invoice.id().value()), null, PayoutMethod.ACH));
            funding.approve(r.id());
        });
        Html after = dashboard();

        // the same numbers as the reports for the same date
        Map<String, String> asOf = Map.of("asOf", today().toString(), "currency", "USD");
        ReportTable employed = TestSupport.as(OFFICER, () -> reports.run("funds-employed", asOf));
        ReportTable aging = TestSupport.as(OFFICER, () -> reports.run("aging", asOf));
        assertThat(after.text("fig-funds-employed"))
                .isEqualTo(((Money) employed.totals().get("funds_employed")).display());
        assertThat(after.text("fig-availability"))
                .isEqualTo(((Money) employed.totals().get("available")).display());
        assertThat(after.text("fig-open-book"))
                .isEqualTo(((Money) aging.totals().get("open_balance")).display());

        // buying the invoice moved them by its advance and face, as it moved purchased receivables in the ledger
        assertThat(money(after, "fig-funds-employed").subtract(money(before, "fig-funds-employed")))
                .isEqualByComparingTo("8000.00");
        BigDecimal bookMoved = money(after, "fig-open-book").subtract(money(before, "fig-open-book"));
        assertThat(bookMoved).isEqualByComparingTo("10000.00");
        assertThat(purchasedReceivables().subtract(ledgerBefore)).isEqualByComparingTo(bookMoved);
        assertThat(money(after, "fig-availability").subtract(money(before, "fig-availability")))
                .isEqualByComparingTo("-8000.00");

        // the trend compares with the same report a week before, and the sparkline is drawn without script
        ReportTable weekAgo = TestSupport.as(
                OFFICER,
                () -> reports.run(
                        "funds-employed", Map.of("asOf", today().minusWeeks(1).toString(), "currency", "USD")));
        assertThat(after.text("fig-funds-employed-figure"))
                .contains("vs 1 week ago (" + ((Money) weekAgo.totals().get("funds_employed")).display() + ")");
        assertThat(after.source()).contains("<polyline").doesNotContain("<script>");
        assertThat(after.tag("fig-funds-employed-report"))
                .contains("href=\"/staff/reports/funds-employed?asOf=" + today() + "&amp;currency=USD\"");
    }

    @Test
    void clientUsersAreRefusedAndABadCurrencyIsNamedOnThePage() throws Exception {
        var client = fixtures.activeClient();
        mvc.perform(get("/staff")
                        .with(SignedIn.as(TestSupport.clientUser(client.id().value()))))
                .andExpect(status().isForbidden());
        String body = mvc.perform(get("/staff")
                        .param("currency", "DOLLARS")
                        .with(SignedIn.as(TestSupport.staff(Role.ACCOUNT_MANAGER))))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        Html page = Html.of(body);
        assertThat(page.text()).contains("currency").contains("DOLLARS");
        assertThat(page.text("figures-as-of")).contains("USD");
        // the figures the page loads after it are in the default currency too, and a group that is not one is not
        // found
        String figures = mvc.perform(get("/staff/figures/book")
                        .param("currency", "DOLLARS")
                        .with(SignedIn.as(TestSupport.staff(Role.ACCOUNT_MANAGER))))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(Html.of(figures).text("fig-funds-employed")).startsWith("USD ");
        mvc.perform(get("/staff/figures/everything").with(SignedIn.as(TestSupport.staff(Role.ACCOUNT_MANAGER))))
                .andExpect(status().isNotFound());
        mvc.perform(get("/staff/figures/book")
                        .with(SignedIn.as(TestSupport.clientUser(client.id().value()))))
                .andExpect(status().isForbidden());
    }

    BigDecimal purchasedReceivables() {
        TrialBalance tb = TestSupport.as(OFFICER, () -> ledger.trialBalance(today()));
        return tb.rows().stream()
                .filter(r -> r.account() == AccountCode.PURCHASED_RECEIVABLES)
                .map(TrialBalance.Row::balance)
                .filter(m -> m.currency().equals(Money.USD))
                .map(Money::amount)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
