package org.factorline.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.factorline.clients.Client;
import org.factorline.debtors.Debtor;
import org.factorline.debtors.Debtors;
import org.factorline.debtors.NotificationState;
import org.factorline.funding.Funding;
import org.factorline.funding.FundingRequest;
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
import org.factorline.ledger.ClientAccount;
import org.factorline.ledger.Ledger;
import org.factorline.pricing.PayoutMethod;
import org.factorline.pricing.ReceiptKind;
import org.factorline.receipts.Aging;
import org.factorline.receipts.Agings;
import org.factorline.receipts.IncomingPayment;
import org.factorline.receipts.Payment;
import org.factorline.receipts.Receipts;
import org.factorline.settlement.CloseOut;
import org.factorline.settlement.Settlement;
import org.factorline.settlement.SettlementRun;
import org.factorline.settlement.Statements;
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
 * The portal's statements and aging on a book built for the test's own client: bought invoices, one
 * collected and closed out, a settlement run, open invoices on two customers with different terms, one
 * of them part paid. The portal's settlement statement is the staff one; the aging matches a hand count
 * and the open invoices; the account statement's closing balance is the ledger's; and another client's
 * runs, statements and customers are never seen — on the pages and through the API.
 */
@FactorlineTest
class PortalStatementsTest {

    static final Actor OFFICER = new Actor(null, "portal-stmt-fiona", "Fiona", null, EnumSet.of(Role.FUNDING_OFFICER));

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
    Settlement settlement;

    @Autowired
    Statements statements;

    @Autowired
    Agings agings;

    @Autowired
    Ledger ledger;

    @Autowired
    MutableClock clock;

    @AfterEach
    void resetClock() {
        clock.set(TestSupport.START);
    }

    /** An approved invoice issued three days ago on the given terms, ready to fund. */
    private Invoice approved(Client client, Debtor debtor, String face, int terms) {
        return TestSupport.as(TestSupport.admin(), () -> {
            Invoice i = invoices.submit(
                    new NewInvoice(
                            client.id(),
                            debtor.id(),
                            TestSupport.unique("ST"),
                            null,
                            LocalDate.now(clock).minusDays(3),
                            terms,
                            null,
                            Money.usd(face)),
                    ScheduleSource.MANUAL);
            invoices.recordVerification(i.id(), VerificationStatus.VERIFIED, "confirmed by e-mail");
            boolean acknowledged = debtors.relationships(debtor.id()).stream()
                    .anyMatch(r -> r.clientId().equals(client.id().value())
                            && r.notificationState() == NotificationState.ACKNOWLEDGED);
            if (!acknowledged) {
                debtors.recordNotice(
                        client.id().value(), debtor.id(), NotificationState.ACKNOWLEDGED, "signed notice returned");
            }
            return invoices.transition(i.id(), InvoiceStatus.APPROVED, null);
        });
    }

    private void fund(Client client, List<Invoice> bought) {
        TestSupport.as(OFFICER, () -> {
            FundingRequest r = funding.request(new NewFundingRequest(
                    client.id().value(),
                    bought.stream().map(i -> i.id().value()).toList(),
                    null,
                    PayoutMethod.ACH));
            funding.approve(r.id());
        });
    }

    private void pay(Invoice invoice, String amount) {
        TestSupport.as(OFFICER, () -> {
            Payment p = receipts.record(
                    new IncomingPayment(
                            LocalDate.now(clock),
                            Money.usd(amount),
                            ReceiptKind.CHECK,
                            "Statement Payer " + TestSupport.unique("PP"),
                            null,
                            null,
                            null,
                            null,
                            "test"),
                    null);
            receipts.apply(p.id(), invoice.id(), Money.usd(amount));
        });
    }

    /** Bought for $10,000, $9,850 paid and the rest accepted as a short pay: closed out with a rebate. */
    private Invoice closedOut(Client client, Debtor debtor) {
        Invoice i = approved(client, debtor, "10000.00", 30);
        fund(client, List.of(i));
        pay(i, "9850.00");
        TestSupport.as(OFFICER, () -> receipts.acceptShortPay(i.id(), "Damaged pallet, credit note agreed"));
        return invoices.get(i.id());
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

    private byte[] bytes(String url, Actor actor) throws Exception {
        return mvc.perform(get(url).with(SignedIn.as(actor)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsByteArray();
    }

    private byte[] api(String url, String token) throws Exception {
        return mvc.perform(get(url).header("Authorization", "Bearer " + token))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsByteArray();
    }

    private void apiStatus(String url, String token, int expected) throws Exception {
        mvc.perform(get(url).header("Authorization", "Bearer " + token)).andExpect(status().is(expected));
    }

    private static String pdfText(byte[] pdf) throws Exception {
        assertThat(new String(pdf, 0, 5, java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("%PDF-");
        try (var doc = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(doc);
        }
    }

    record Book(Client client, Debtor first, Debtor second, Invoice closed, SettlementRun run, List<Invoice> open) {}

    /**
     * The client's book: one invoice closed out and settled in a run, then six open bought invoices on two
     * customers, issued three days ago on terms of 5 to 120 days, the 5-day one part paid ($200 of $500).
     */
    private Book book() {
        Client client = fixtures.activeClient(
                TestSupport.workedExampleTerms(LocalDate.now(clock).minusDays(30)));
        Debtor first = fixtures.debtor(TestSupport.unique("Aging First Foods"));
        Debtor second = fixtures.debtor(TestSupport.unique("Aging Second Mills"));
        Invoice closed = closedOut(client, first);
        SettlementRun run = TestSupport.as(OFFICER, () -> settlement.run(PayoutMethod.ACH));
        List<Invoice> open = new ArrayList<>();
        open.add(approved(client, first, "1000.00", 15));
        open.add(approved(client, first, "2000.00", 40));
        open.add(approved(client, first, "1500.00", 120));
        open.add(approved(client, second, "3000.00", 60));
        open.add(approved(client, second, "4000.00", 90));
        open.add(approved(client, second, "500.00", 5));
        fund(client, open);
        pay(open.get(5), "200.00");
        return new Book(client, first, second, closed, run, open);
    }

    private static List<String> amounts(Aging.Row row) {
        return row.buckets().stream().map(m -> m.amount().toPlainString()).toList();
    }

    @Test
    void theSettlementStatementIsTheStaffOneAndListedWithItsFigures() throws Exception {
        Book b = book();
        UUID c = b.client().id().value();
        Actor me = TestSupport.clientUser(c);
        CloseOut closeOut =
                TestSupport.as(OFFICER, () -> settlement.closeOutOf(b.closed().id()));
        SettlementRun.Line line = b.run().lines().stream()
                .filter(l -> l.clientId().equals(c))
                .findFirst()
                .orElseThrow();

        Html list = page("/portal/statements", me);
        assertThat(list.hasId("no-statements")).isFalse();
        assertThat(list.text("statement-" + b.run().reference()))
                .contains(b.run().runDate().toString())
                .contains(" 1 USD 9,850.00 " + closeOut.fee().display() + " "
                        + closeOut.rebate().display() + " " + line.netted().display() + " "
                        + line.net().display() + " PDF · CSV");
        assertThat(list.source()).contains("/portal/statements/" + b.run().id() + ".pdf");

        String staffToken = fixtures.token(null, Role.FUNDING_OFFICER);
        String staffUrl = "/api/v1/settlements/runs/" + b.run().id() + "/clients/" + c + "/statement.";
        String mine = pdfText(bytes("/portal/statements/" + b.run().id() + ".pdf", me));
        assertThat(mine).isEqualTo(pdfText(api(staffUrl + "pdf", staffToken)));
        assertThat(mine).contains(b.client().legalName()).contains(b.run().reference());
        assertThat(mine.replace("\n", "")).contains(b.closed().number());
        String csv = new String(bytes("/portal/statements/" + b.run().id() + ".csv", me));
        assertThat(csv)
                .isEqualTo(new String(api(staffUrl + "csv", staffToken)))
                .contains(b.closed().number() + ",")
                .contains(",10000.00,8000.00,9850.00,150.00,");

        // the same through the API with the client's own token
        String token = fixtures.token(c, Role.CLIENT_USER);
        assertThat(pdfText(api("/api/v1/portal/statements/" + b.run().id() + ".pdf", token)))
                .isEqualTo(mine);
        assertThat(pdfText(api(staffUrl + "pdf", token))).isEqualTo(mine);
        assertThat(new String(api(staffUrl + "csv", token))).isEqualTo(csv);
        String json = new String(api("/api/v1/portal/statements", token));
        List<String> ids = JsonPath.read(json, "$[*].runId");
        assertThat(ids).containsExactly(b.run().id().toString());
        assertThat(JsonPath.<Object>read(json, "$[0].paid.amount").toString())
                .isEqualTo(line.net().amount().toPlainString());
    }

    @Test
    void theAgingMatchesAHandCountAndTheOpenInvoices() throws Exception {
        Book b = book();
        UUID c = b.client().id().value();
        Actor me = TestSupport.clientUser(c);
        LocalDate today = LocalDate.now(clock);
        LocalDate asOf = today.plusDays(100);

        // due 12, 37, 117 days from now on the first customer; 57, 87, 2 on the second: 100 days on they are
        // 88, 63, -17 and 43, 13, 98 days past due
        Aging aging = TestSupport.as(me, () -> agings.ofClient(c, asOf, Aging.Basis.DUE_DATE));
        assertThat(aging.rows())
                .extracting(Aging.Row::debtorId)
                .containsExactlyInAnyOrder(
                        b.first().id().value(), b.second().id().value());
        Aging.Row first = aging.rows().stream()
                .filter(r -> r.debtorId().equals(b.first().id().value()))
                .findFirst()
                .orElseThrow();
        Aging.Row second = aging.rows().stream()
                .filter(r -> r.debtorId().equals(b.second().id().value()))
                .findFirst()
                .orElseThrow();
        assertThat(amounts(first)).containsExactly("1500.00", "0.00", "0.00", "3000.00", "0.00");
        assertThat(amounts(second)).containsExactly("0.00", "4000.00", "3000.00", "0.00", "300.00");
        assertThat(first.invoices()).isEqualTo(3);
        assertThat(amounts(aging.total())).containsExactly("1500.00", "4000.00", "3000.00", "3000.00", "300.00");
        assertThat(aging.total().total()).isEqualTo(Money.usd("11800.00"));

        // the totals are what is open on the client's invoices, and what the ledger holds as bought from it
        Money open = TestSupport.as(
                OFFICER,
                () -> b.open().stream()
                        .map(i -> receipts.open(invoices.get(i.id())))
                        .reduce(Money.usd("0"), Money::plus));
        assertThat(aging.total().total()).isEqualTo(open);
        assertThat(ledger.balance(AccountCode.PURCHASED_RECEIVABLES, c, Money.USD))
                .isEqualTo(open);

        // by invoice date every invoice is 103 days old; today, nothing is past due yet
        Aging byIssue = TestSupport.as(me, () -> agings.ofClient(c, asOf, Aging.Basis.INVOICE_DATE));
        assertThat(amounts(byIssue.total())).containsExactly("0.00", "0.00", "0.00", "11800.00", "0.00");
        Aging now = TestSupport.as(me, () -> agings.ofClient(c, null, null));
        assertThat(now.asOf()).isEqualTo(today);
        assertThat(amounts(now.total())).containsExactly("11800.00", "0.00", "0.00", "0.00", "0.00");
        // before the invoices were issued there was nothing to age
        assertThat(TestSupport.as(me, () -> agings.ofClient(c, today.minusDays(4), null))
                        .rows())
                .isEmpty();

        Html shown = page("/portal/aging?asOf=" + asOf, me);
        assertThat(shown.text("aging-" + b.second().id()))
                .isEqualTo(
                        second.debtorName() + " 3 USD 0.00 USD 4,000.00 USD 3,000.00 USD 0.00 USD 300.00 USD 7,300.00");
        assertThat(shown.text("aging-total"))
                .isEqualTo("Total 6 USD 1,500.00 USD 4,000.00 USD 3,000.00 USD 3,000.00 USD 300.00 USD 11,800.00");
        assertThat(shown.tag("aging-chart")).startsWith("<figure");
        assertThat(shown.source())
                .contains("<svg")
                .contains("<title>61–90: USD 3,000.00</title>")
                .doesNotContain("<script>");
        String csv = new String(bytes("/portal/aging.csv?asOf=" + asOf, me));
        assertThat(csv)
                .startsWith("customer,invoices,Current,1-30,31-60,61-90,Over 90,total\r\n")
                .contains(second.debtorName() + ",3,0.00,4000.00,3000.00,0.00,300.00,7300.00\r\n")
                .endsWith("Total,6,1500.00,4000.00,3000.00,3000.00,300.00,11800.00\r\n");
        assertThat(page("/portal/aging?asOf=" + asOf + "&basis=INVOICE_DATE", me)
                        .text("aging-total"))
                .contains("USD 11,800.00 USD 0.00 USD 11,800.00");
        assertThat(page("/portal/aging?asOf=someday", me).text())
                .contains("asOf")
                .contains("someday");

        String token = fixtures.token(c, Role.CLIENT_USER);
        String json = new String(api("/api/v1/portal/aging?asOf=" + asOf, token));
        assertThat(JsonPath.<List<Object>>read(json, "$.rows")).hasSize(2);
        assertThat(JsonPath.<Object>read(json, "$.total.buckets[4].amount").toString())
                .isEqualTo("300.00");
        assertThat(JsonPath.<Object>read(json, "$.total.total.amount").toString())
                .isEqualTo("11800.00");
        assertThat(JsonPath.<List<String>>read(json, "$.labels"))
                .containsExactly("Current", "1–30", "31–60", "61–90", "Over 90");
        assertThat(new String(api("/api/v1/portal/aging.csv?asOf=" + asOf, token)))
                .isEqualTo(csv);
        apiStatus("/api/v1/portal/aging", fixtures.token(null, Role.FUNDING_OFFICER), 403);
    }

    /** Regression: the aging as of an earlier day took away payments made after it, and left out invoices paid since. */
    @Test
    void anAgingAsOfAnEarlierDayCountsOnlyWhatWasPaidByThen() {
        Client client = fixtures.activeClient();
        Debtor debtor = fixtures.debtor();
        Invoice paidLater = approved(client, debtor, "5000.00", 30);
        Invoice partPaid = approved(client, debtor, "2000.00", 30);
        fund(client, List.of(paidLater, partPaid));
        LocalDate fundedOn = LocalDate.now(clock);
        clock.set(clock.instant().plus(java.time.Duration.ofDays(5)));
        pay(paidLater, "5000.00");
        pay(partPaid, "500.00");
        UUID c = client.id().value();
        Actor me = TestSupport.clientUser(c);

        Aging before = TestSupport.as(me, () -> agings.ofClient(c, fundedOn.plusDays(2), Aging.Basis.DUE_DATE));
        assertThat(before.total().invoices()).isEqualTo(2);
        assertThat(before.total().total()).isEqualTo(Money.usd("7000.00"));
        Aging after = TestSupport.as(me, () -> agings.ofClient(c, fundedOn.plusDays(5), Aging.Basis.DUE_DATE));
        assertThat(after.total().invoices()).isEqualTo(1);
        assertThat(after.total().total()).isEqualTo(Money.usd("1500.00"));
        assertThat(TestSupport.as(me, () -> agings.ofClient(c, fundedOn.minusDays(1), Aging.Basis.DUE_DATE))
                        .rows())
                .as("nothing was bought before the funding day")
                .isEmpty();
    }

    @Test
    void theAccountStatementClosesOnTheLedgersBalance() throws Exception {
        Book b = book();
        UUID c = b.client().id().value();
        Actor me = TestSupport.clientUser(c);
        LocalDate today = LocalDate.now(clock);
        Money ledgerBalance = Money.usd("0");
        for (AccountCode code : ClientAccount.ACCOUNTS) {
            Money normal = ledger.balance(code, c, Money.USD);
            ledgerBalance =
                    code == AccountCode.CLIENT_RECEIVABLE ? ledgerBalance.minus(normal) : ledgerBalance.plus(normal);
        }
        ClientAccount account =
                TestSupport.as(me, () -> ledger.clientAccount(c, Money.USD, today.withDayOfMonth(1), today));
        assertThat(account.openingBalance()).isEqualTo(Money.usd("0.00"));
        assertThat(account.closingBalance()).isEqualTo(ledgerBalance);
        assertThat(account.openingBalance().plus(account.moved())).isEqualTo(account.closingBalance());
        assertThat(account.closingOf(AccountCode.CLIENT_RESERVE))
                .isEqualTo(ledger.balance(AccountCode.CLIENT_RESERVE, c, Money.USD));
        // bought $22,000 in all: the reserve of the open invoices is held, the closed one's went out as a rebate
        assertThat(account.closingOf(AccountCode.CLIENT_RESERVE)).isEqualTo(Money.usd("2400.00"));
        assertThat(account.movements())
                .extracting(ClientAccount.Movement::reason)
                .contains(
                        org.factorline.ledger.ReasonCode.PURCHASE,
                        org.factorline.ledger.ReasonCode.DISCOUNT_FEE,
                        org.factorline.ledger.ReasonCode.REBATE);

        // a period that ends before anything happened is empty; one that starts after opens where this closed
        ClientAccount before =
                TestSupport.as(me, () -> ledger.clientAccount(c, Money.USD, today.minusDays(40), today.minusDays(1)));
        assertThat(before.movements()).isEmpty();
        assertThat(before.closingBalance()).isEqualTo(Money.usd("0.00"));
        ClientAccount after =
                TestSupport.as(me, () -> ledger.clientAccount(c, Money.USD, today.plusDays(1), today.plusDays(5)));
        assertThat(after.openingBalance()).isEqualTo(ledgerBalance);

        Html shown = page("/portal/statements", me);
        assertThat(shown.text("account-closing")).endsWith(ledgerBalance.display());
        assertThat(shown.text("account-opening")).startsWith("Opening balance, " + today.withDayOfMonth(1));
        assertThat(shown.text("movement-PURCHASE")).startsWith("Invoices bought");
        String pdf =
                pdfText(bytes("/portal/account-statement.pdf?from=" + today.withDayOfMonth(1) + "&to=" + today, me));
        assertThat(pdf).contains("Account statement").contains(b.client().legalName());
        assertThat(pdf.replace("\n", " ")).contains(ledgerBalance.display());
        String csv = new String(bytes("/portal/account-statement.csv", me));
        assertThat(csv)
                .startsWith(
                        "line,reason,client_payable,client_reserve,rebates_payable,due_to_client,client_receivable,balance\r\n")
                .contains("\r\nClosing balance " + today + ",,")
                .endsWith("," + ledgerBalance.amount().toPlainString() + "\r\n");
        assertThat(page("/portal/statements?from=" + today + "&to=" + today.minusDays(1), me)
                        .text())
                .contains("from")
                .contains("is after the end of the period");
        mvc.perform(get("/portal/account-statement.csv?from=nope").with(SignedIn.as(me)))
                .andExpect(status().isBadRequest());

        String token = fixtures.token(c, Role.CLIENT_ADMIN);
        String json = new String(api("/api/v1/portal/account-statement", token));
        assertThat(new BigDecimal(JsonPath.<Object>read(json, "$.closing.CLIENT_RESERVE.amount")
                        .toString()))
                .isEqualByComparingTo("2400.00");
        assertThat(JsonPath.<Object>read(json, "$.closingBalance.amount").toString())
                .isEqualTo(ledgerBalance.amount().toPlainString());
        assertThat(JsonPath.<List<Object>>read(json, "$.movements[*].net")).isNotEmpty();
        assertThat(new String(api("/api/v1/portal/account-statement?format=csv", token)))
                .isEqualTo(csv);
    }

    @Test
    void anotherClientsRunsStatementsAndCustomersAreNotFound() throws Exception {
        Book a = book();
        UUID me = a.client().id().value();
        Client other = fixtures.activeClient(
                TestSupport.workedExampleTerms(LocalDate.now(clock).minusDays(30)));
        UUID them = other.id().value();
        Debtor theirs = fixtures.debtor(TestSupport.unique("Their Only Aging Customer"));
        closedOut(other, theirs);
        SettlementRun theirRun = TestSupport.as(OFFICER, () -> settlement.run(PayoutMethod.ACH));
        assertThat(theirRun.lines())
                .extracting(SettlementRun.Line::clientId)
                .contains(them)
                .doesNotContain(me);
        fund(other, List.of(approved(other, theirs, "2500.00", 30)));
        Actor user = TestSupport.clientUser(me);

        // pages
        Html list = page("/portal/statements", user);
        assertThat(list.hasId("statement-" + theirRun.reference())).isFalse();
        assertThat(list.source()).doesNotContain(theirRun.id().toString());
        for (String url : List.of(
                "/portal/statements/" + theirRun.id() + ".pdf",
                "/portal/statements/" + theirRun.id() + ".csv",
                "/portal/statements/" + UUID.randomUUID() + ".pdf")) {
            mvc.perform(get(url).with(SignedIn.as(user))).andExpect(status().isNotFound());
        }
        String aging = page("/portal/aging?asOf=" + LocalDate.now(clock).plusDays(100), user)
                .source();
        assertThat(aging)
                .doesNotContain(theirs.name())
                .doesNotContain(theirs.id().toString());
        assertThat(page("/portal/aging", TestSupport.clientUser(them)).source())
                .contains(theirs.name())
                .doesNotContain(a.first().name());

        // the API, with the client's own token
        String token = fixtures.token(me, Role.CLIENT_ADMIN);
        for (String url : List.of(
                "/api/v1/settlements/runs/" + a.run().id() + "/clients/" + them + "/statement.pdf",
                "/api/v1/settlements/runs/" + theirRun.id() + "/clients/" + them + "/statement.csv",
                "/api/v1/settlements/runs/" + theirRun.id() + "/clients/" + me + "/statement.pdf",
                "/api/v1/settlements/runs/" + UUID.randomUUID() + "/clients/" + me + "/statement.pdf",
                "/api/v1/portal/statements/" + theirRun.id() + ".pdf",
                "/api/v1/portal/statements/" + theirRun.id() + ".csv")) {
            apiStatus(url, token, 404);
        }
        // a not-found answer does not name the run
        String problem = mvc.perform(get("/api/v1/portal/statements/" + theirRun.id() + ".pdf")
                        .header("Authorization", "Bearer " + token))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(problem).doesNotContain(theirRun.reference());
        List<String> ids = JsonPath.read(new String(api("/api/v1/portal/statements", token)), "$[*].runId");
        assertThat(ids).doesNotContain(theirRun.id().toString());
        List<String> customers = JsonPath.read(
                new String(
                        api("/api/v1/portal/aging?asOf=" + LocalDate.now(clock).plusDays(100), token)),
                "$.rows[*].debtorId");
        assertThat(customers)
                .containsExactlyInAnyOrder(
                        a.first().id().toString(), a.second().id().toString());
        // the run itself stays a staff matter
        apiStatus("/api/v1/settlements/runs/" + a.run().id(), token, 403);
        // staff still read any client's statement
        apiStatus(
                "/api/v1/settlements/runs/" + theirRun.id() + "/clients/" + them + "/statement.csv",
                fixtures.token(null, Role.AUDITOR),
                200);
    }

    @Test
    void aClientWithNothingYetSeesTheEmptyStates() throws Exception {
        Client fresh = fixtures.activeClient();
        Actor user = TestSupport.clientUser(fresh.id().value());
        Html statementsPage = page("/portal/statements", user);
        assertThat(statementsPage.text("no-statements")).startsWith("No settlement statements yet");
        assertThat(statementsPage.text("account-closing")).endsWith("USD 0.00");
        assertThat(statementsPage.text()).contains("No movements in the period.");
        Html agingPage = page("/portal/aging", user);
        assertThat(agingPage.text("no-aging")).startsWith("No open invoices");
        assertThat(agingPage.text("aging-total"))
                .isEqualTo("Total 0 USD 0.00 USD 0.00 USD 0.00 USD 0.00 USD 0.00 USD 0.00");
    }
}
