package org.factorline.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.factorline.clients.Client;
import org.factorline.debtors.Debtor;
import org.factorline.funding.Funding;
import org.factorline.funding.FundingRequest;
import org.factorline.funding.NewFundingRequest;
import org.factorline.identity.Actor;
import org.factorline.identity.Role;
import org.factorline.invoices.Invoice;
import org.factorline.invoices.InvoiceStatus;
import org.factorline.invoices.Invoices;
import org.factorline.pricing.PayoutMethod;
import org.factorline.pricing.ReceiptKind;
import org.factorline.receipts.IncomingPayment;
import org.factorline.receipts.Payment;
import org.factorline.receipts.PaymentStatus;
import org.factorline.receipts.Receipts;
import org.factorline.shared.CursorPage;
import org.factorline.shared.FieldProblem;
import org.factorline.shared.Money;
import org.factorline.support.FactorlineTest;
import org.factorline.support.Html;
import org.factorline.support.SignedIn;
import org.factorline.support.TestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/** The cash desk as the cash team uses it: a bank file in, unsure payments placed by hand, short pays accepted. */
@FactorlineTest
class CashPagesTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestSupport.Fixtures fixtures;

    @Autowired
    Funding funding;

    @Autowired
    Invoices invoices;

    @Autowired
    Receipts receipts;

    @Autowired
    Clock clock;

    static final Actor OFFICER = new Actor(null, "cash-desk-fiona", "Fiona", null, EnumSet.of(Role.FUNDING_OFFICER));

    /** A BAI2 lockbox report of one check deposit naming the payer and the invoice (as the worked example's). */
    static String bai2(LocalDate asOf, String payer, String invoiceNumber, String amountCents) {
        String d = asOf.format(DateTimeFormatter.ofPattern("yyMMdd"));
        return String.join(
                        "\n",
                        "01,021000021,FACTORLINE," + d + ",0630,1,,,2/",
                        "02,FACTORLINE,021000021,1," + d + ",2400,USD,2/",
                        "03,000123456789,USD,/",
                        "16,115," + amountCents + ",0,LBX-0001,7734,PAYMENT " + payer.toUpperCase(Locale.ROOT) + "/",
                        "88,INV " + invoiceNumber + " LESS DAMAGED PALLET",
                        "49," + amountCents + ",4/",
                        "98," + amountCents + ",1,6/",
                        "99," + amountCents + ",1,8/")
                + "\n";
    }

    private Invoice funded(Client client, Debtor debtor, String amount) {
        Invoice i = fixtures.readyToFund(client, debtor, Money.usd(amount));
        TestSupport.as(OFFICER, () -> {
            FundingRequest r = funding.request(
                    new NewFundingRequest(client.id().value(), List.of(i.id().value()), null, PayoutMethod.ACH));
            return funding.approve(r.id());
        });
        return invoice(i);
    }

    private Invoice invoice(Invoice i) {
        return TestSupport.as(OFFICER, () -> invoices.get(i.id()));
    }

    private Payment payment(UUID id) {
        return TestSupport.as(OFFICER, () -> receipts.get(id));
    }

    private Payment check(String amount, String payer, String remittance) {
        return TestSupport.as(
                OFFICER,
                () -> receipts.record(
                        new IncomingPayment(
                                LocalDate.now(clock),
                                Money.usd(amount),
                                ReceiptKind.CHECK,
                                payer,
                                null,
                                null,
                                null,
                                remittance,
                                "test"),
                        null));
    }

    private List<UUID> newestPayment() {
        return TestSupport.as(
                OFFICER,
                () -> receipts.list(null, null, CursorPage.Request.first(1)).items().stream()
                        .map(Payment::id)
                        .toList());
    }

    private Html page(String url, Actor actor) throws Exception {
        return Html.of(mvc.perform(get(url).with(SignedIn.as(actor)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString());
    }

    private static String flash(MvcResult result) {
        return (String) result.getFlashMap().get("flash");
    }

    @SuppressWarnings("unchecked")
    private static List<FieldProblem> problems(MvcResult result) {
        return (List<FieldProblem>) result.getFlashMap().get("problems");
    }

    @Test
    void aBankFileUploadedOnThePageIsMatchedAndTheFlashSaysWhatItDid() throws Exception {
        Client client = fixtures.activeClient(
                TestSupport.workedExampleTerms(LocalDate.now(clock).minusDays(30)));
        Debtor debtor = fixtures.debtor();
        Invoice invoice = funded(client, debtor, "10000.00");
        byte[] file = bai2(LocalDate.now(clock), debtor.name(), invoice.number(), "985000")
                .getBytes(StandardCharsets.US_ASCII);

        MvcResult uploaded = mvc.perform(multipart("/staff/cash/files")
                        .file(new MockMultipartFile("file", "lockbox.bai", "text/plain", file))
                        .with(SignedIn.as(OFFICER))
                        .with(csrf()))
                .andExpect(redirectedUrl("/staff/cash"))
                .andReturn();

        assertThat(flash(uploaded))
                .matches("B-\\d{4}-\\d{6}: 1 credit, USD 9,850\\.00 — 1 applied automatically, 0 left for review");
        assertThat(invoice(invoice).status()).isEqualTo(InvoiceStatus.PARTIALLY_PAID);
        Html desk = page("/staff/cash", OFFICER);
        assertThat(desk.text("recently-applied"))
                .contains(invoice.number())
                .contains("USD 9,850.00")
                .containsPattern(invoice.number() + " USD 9,850.00 AUTO \\d+% sure");
        assertThat(desk.hasId("upload-bank-file")).isTrue();
        assertThat(desk.unlabelledControls()).isEmpty();
    }

    @Test
    void aBrokenBankFileIsRefusedNamingLineFieldAndValueAndNothingIsImported() throws Exception {
        Debtor debtor = fixtures.debtor();
        String broken = bai2(LocalDate.now(clock), debtor.name(), TestSupport.unique("INV"), "985000")
                .replace("16,115,985000,", "16,115,98X000,");
        List<UUID> newestBefore = newestPayment();

        Html refused = Html.of(mvc.perform(multipart("/staff/cash/files")
                        .file(new MockMultipartFile(
                                "file", "broken.bai", "text/plain", broken.getBytes(StandardCharsets.US_ASCII)))
                        .with(SignedIn.as(OFFICER))
                        .with(csrf()))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString());

        assertThat(refused.text("import-refused")).contains("Nothing was imported");
        assertThat(refused.text())
                .contains("The bank file broken.bai was not imported")
                .contains("Line 4, amount = “ 98X000 ” : is not a whole number of cents");
        assertThat(newestPayment()).isEqualTo(newestBefore);
    }

    @Test
    void aCheckFromAnUnknownPayerWaitsWithItsSuggestionAndIsAppliedFromThePage() throws Exception {
        Client client = fixtures.activeClient();
        Invoice invoice = funded(client, fixtures.debtor(), "1500.00");
        String payer = "ACME HOLDINGS AP DEPT " + TestSupport.unique("P");

        String location = mvc.perform(post("/staff/cash/payments")
                        .with(SignedIn.as(OFFICER))
                        .with(csrf())
                        .param("valueDate", LocalDate.now(clock).toString())
                        .param("amount", "1,500.00")
                        .param("currency", "USD")
                        .param("payerName", payer)
                        .param("checkNumber", "7781")
                        .param("remittance", "inv " + invoice.number()))
                .andExpect(redirectedUrlPattern("/staff/cash/payments/*"))
                .andReturn()
                .getResponse()
                .getRedirectedUrl();
        Payment p = payment(UUID.fromString(location.substring(location.lastIndexOf('/') + 1)));
        assertThat(p.status()).isEqualTo(PaymentStatus.UNAPPLIED);
        assertThat(p.kind()).isEqualTo(ReceiptKind.CHECK);
        assertThat(p.customerReference()).isEqualTo("7781");

        Html desk = page("/staff/cash", OFFICER);
        assertThat(desk.text("queued-" + p.reference()))
                .contains(payer)
                .contains("USD 1,500.00")
                .contains("inv " + invoice.number())
                .contains(invoice.number() + " USD 1,500.00 80% invoice number " + invoice.number()
                        + " in the remittance");
        assertThat(desk.hasId("apply-" + p.reference() + "-0")).isTrue();
        assertThat(page("/staff/cash?q=" + payer.substring(payer.length() - 8), OFFICER)
                        .hasId("queued-" + p.reference()))
                .isTrue();
        assertThat(page("/staff/cash?q=no-such-payer-" + UUID.randomUUID(), OFFICER)
                        .hasId("queued-" + p.reference()))
                .isFalse();

        MvcResult applied = mvc.perform(post("/staff/cash/payments/" + p.id() + "/apply")
                        .with(SignedIn.as(OFFICER))
                        .with(csrf())
                        .param("invoice", invoice.id().toString())
                        .param("amount", "1500.00"))
                .andExpect(redirectedUrl("/staff/cash"))
                .andReturn();
        assertThat(flash(applied))
                .isEqualTo(p.reference() + ": USD 1,500.00 applied to invoice " + invoice.number()
                        + ", now CLOSED; USD 0.00 left unapplied.");
        assertThat(payment(p.id()).status()).isEqualTo(PaymentStatus.APPLIED);
        assertThat(invoice(invoice).status()).isEqualTo(InvoiceStatus.CLOSED);
        Html after = page("/staff/cash", OFFICER);
        assertThat(after.hasId("queued-" + p.reference())).isFalse();
        assertThat(after.text("applied-" + p.reference()))
                .contains(invoice.number())
                .contains("MANUAL");
    }

    @Test
    void aMistypedCheckIsShownBackWithItsProblemsAndNothingIsRecorded() throws Exception {
        List<UUID> newestBefore = newestPayment();
        Html shown = Html.of(mvc.perform(post("/staff/cash/payments")
                        .with(SignedIn.as(OFFICER))
                        .with(csrf())
                        .param("valueDate", LocalDate.now(clock).plusDays(1).toString())
                        .param("amount", "12.345")
                        .param("currency", "USD")
                        .param("payerName", "Typo Corp"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString());
        assertThat(shown.text()).contains("amount = “ 12.345 ” : is not an amount of USD");
        assertThat(shown.value("entry-payer")).isEqualTo("Typo Corp");

        Html future = Html.of(mvc.perform(post("/staff/cash/payments")
                        .with(SignedIn.as(OFFICER))
                        .with(csrf())
                        .param("valueDate", LocalDate.now(clock).plusDays(1).toString())
                        .param("amount", "12.00")
                        .param("currency", "USD"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString());
        assertThat(future.text()).contains("valueDate").contains("must not be in the future");
        assertThat(newestPayment()).isEqualTo(newestBefore);
    }

    @Test
    void aShortPayAcceptedOnThePaymentPageClosesTheInvoice() throws Exception {
        Client client = fixtures.activeClient();
        Invoice invoice = funded(client, fixtures.debtor(), "1000.00");
        Payment p = check("900.00", "Unknown Payer " + TestSupport.unique("SP"), null);
        assertThat(p.status()).isEqualTo(PaymentStatus.UNAPPLIED);
        String url = "/staff/cash/payments/" + p.id();
        Html before = page(url, OFFICER);
        assertThat(before.hasId("apply-manual")).isTrue();
        assertThat(before.hasId("short-pays")).isFalse();
        assertThat(before.unlabelledControls()).isEmpty();

        MvcResult applied = mvc.perform(post(url + "/apply")
                        .with(SignedIn.as(OFFICER))
                        .with(csrf())
                        .param("invoice", invoice.number())
                        .param("amount", "")
                        .param("back", "payment"))
                .andExpect(redirectedUrl(url))
                .andReturn();
        assertThat(flash(applied))
                .contains("USD 900.00 applied to invoice " + invoice.number() + ", now PARTIALLY_PAID");
        assertThat(invoice(invoice).status()).isEqualTo(InvoiceStatus.PARTIALLY_PAID);
        Html partly = page(url, OFFICER);
        assertThat(partly.text("short-pay-" + invoice.id())).contains("USD 100.00 still open");
        assertThat(partly.hasId("accept-short-pay-" + invoice.id())).isTrue();

        MvcResult noReason = mvc.perform(post(url + "/short-pay")
                        .with(SignedIn.as(OFFICER))
                        .with(csrf())
                        .param("invoiceId", invoice.id().toString())
                        .param("reason", " "))
                .andExpect(redirectedUrl(url))
                .andReturn();
        assertThat(problems(noReason)).extracting(FieldProblem::field).containsExactly("reason");
        assertThat(invoice(invoice).status()).isEqualTo(InvoiceStatus.PARTIALLY_PAID);

        MvcResult accepted = mvc.perform(post(url + "/short-pay")
                        .with(SignedIn.as(OFFICER))
                        .with(csrf())
                        .param("invoiceId", invoice.id().toString())
                        .param("reason", "Two cartons short, credit note agreed with the client"))
                .andExpect(redirectedUrl(url))
                .andReturn();
        assertThat(flash(accepted))
                .isEqualTo("Short pay of USD 100.00 accepted on invoice " + invoice.number()
                        + ", charged to the client's reserve; the invoice is CLOSED.");
        assertThat(invoice(invoice).status()).isEqualTo(InvoiceStatus.CLOSED);
        assertThat(page(url, OFFICER).hasId("short-pays")).isFalse();
    }

    @Test
    void moneyThatIsNotTheFactorsIsForwardedToTheClientFromThePaymentPage() throws Exception {
        Client client = fixtures.activeClient();
        Payment p = check("300.00", "Not Ours Inc " + TestSupport.unique("FW"), null);
        String url = "/staff/cash/payments/" + p.id();
        assertThat(page(url, OFFICER).hasId("forward-to-client")).isTrue();

        MvcResult noReason = mvc.perform(post(url + "/forward")
                        .with(SignedIn.as(OFFICER))
                        .with(csrf())
                        .param("clientId", client.id().toString()))
                .andExpect(redirectedUrl(url))
                .andReturn();
        assertThat(problems(noReason)).extracting(FieldProblem::field).containsExactly("reason");

        MvcResult forwarded = mvc.perform(post(url + "/forward")
                        .with(SignedIn.as(OFFICER))
                        .with(csrf())
                        .param("clientId", client.id().toString())
                        .param("amount", "")
                        .param("reason", "Invoice the factor did not buy; the debtor paid the factor"))
                .andExpect(redirectedUrl(url))
                .andReturn();
        assertThat(flash(forwarded))
                .isEqualTo(p.reference() + ": USD 300.00 forwarded to " + client.reference() + " "
                        + client.displayName() + "; the next settlement run pays it.");
        assertThat(payment(p.id()).status()).isEqualTo(PaymentStatus.APPLIED);
        assertThat(page(url, OFFICER).hasId("forward-to-client")).isFalse();
    }

    @Test
    void anAuditorSeesTheCashPagesWithoutPostingButtonsAndClientUsersAreKeptOut() throws Exception {
        Client client = fixtures.activeClient();
        Invoice invoice = funded(client, fixtures.debtor(), "600.00");
        Payment p = check("600.00", "Auditor Check " + TestSupport.unique("AU"), "inv " + invoice.number());
        assertThat(p.status()).isEqualTo(PaymentStatus.UNAPPLIED);
        Actor auditor = TestSupport.staff(Role.AUDITOR);

        Html desk = page("/staff/cash", auditor);
        assertThat(desk.text("queued-" + p.reference()))
                .contains(invoice.number())
                .contains("80%");
        assertThat(desk.source())
                .doesNotContain("id=\"upload-bank-file\"")
                .doesNotContain("id=\"record-payment\"")
                .doesNotContain("id=\"apply-" + p.reference() + "-0\"")
                .doesNotContain("id=\"apply-manual-" + p.reference() + "\"");
        Html detail = page("/staff/cash/payments/" + p.id(), auditor);
        assertThat(detail.text()).contains(invoice.number());
        assertThat(detail.source())
                .doesNotContain("id=\"apply-0\"")
                .doesNotContain("id=\"apply-manual\"")
                .doesNotContain("id=\"forward-to-client\"");

        mvc.perform(post("/staff/cash/payments/" + p.id() + "/apply")
                        .with(SignedIn.as(auditor))
                        .with(csrf())
                        .param("invoice", invoice.id().toString()))
                .andExpect(status().isForbidden());
        assertThat(payment(p.id()).status()).isEqualTo(PaymentStatus.UNAPPLIED);

        Actor clientUser = TestSupport.clientUser(client.id().value());
        mvc.perform(get("/staff/cash").with(SignedIn.as(clientUser))).andExpect(status().isForbidden());
        mvc.perform(get("/staff/cash/payments/" + p.id()).with(SignedIn.as(clientUser)))
                .andExpect(status().isForbidden());
    }
}
