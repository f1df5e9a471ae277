package org.factorline.settlement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
import org.factorline.ledger.AccountCode;
import org.factorline.ledger.Ledger;
import org.factorline.ledger.LedgerInvariants;
import org.factorline.payouts.Payout;
import org.factorline.payouts.PayoutFilter;
import org.factorline.payouts.Payouts;
import org.factorline.pricing.PayoutMethod;
import org.factorline.shared.CursorPage;
import org.factorline.shared.Money;
import org.factorline.shared.MutableClock;
import org.factorline.support.FactorlineTest;
import org.factorline.support.TestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/**
 * The design guide's worked example after funding: a BAI2 lockbox file brings the debtor's $9,850 on
 * day 47; the payment is matched to the invoice by itself; the $150 left is accepted as a short pay; the fee is fixed at
 * $400.00 and the rebate at $1,450.00, paid out by a settlement run: the client has received $9,420.00
 * in all, and the books balance.
 */
@FactorlineTest
class WorkedExampleSettlementTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestSupport.Fixtures fixtures;

    @Autowired
    Funding funding;

    @Autowired
    Payouts payouts;

    @Autowired
    Ledger ledger;

    @Autowired
    LedgerInvariants invariants;

    @Autowired
    MutableClock clock;

    static final Actor OFFICER = new Actor(null, "we-officer", "Officer", null, EnumSet.of(Role.FUNDING_OFFICER));

    @AfterEach
    void backToTheStart() {
        clock.set(TestSupport.START);
    }

    private ResultActions postJson(String url, String token, String json) throws Exception {
        return mvc.perform(post(url)
                .header("Authorization", "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON)
                .content(json));
    }

    /** A BAI2 lockbox report of one $9,850.00 check deposit naming the debtor and the invoice. */
    static String bai2(LocalDate asOf, String payer, String invoiceNumber) {
        String d = asOf.format(java.time.format.DateTimeFormatter.ofPattern("yyMMdd"));
        return String.join(
                        "\n",
                        "01,021000021,FACTORLINE," + d + ",0630,1,,,2/",
                        "02,FACTORLINE,021000021,1," + d + ",2400,USD,2/",
                        "03,000123456789,USD,/",
                        "16,115,985000,0,LBX-0001,7734,PAYMENT " + payer.toUpperCase(java.util.Locale.ROOT) + "/",
                        "88,INV " + invoiceNumber + " LESS DAMAGED PALLET",
                        "49,985000,4/",
                        "98,985000,1,6/",
                        "99,985000,1,8/")
                + "\n";
    }

    @Test
    void paidOnDay47WithA150ShortPayTheClientReceives9420InAll() throws Exception {
        Client client = fixtures.activeClient(
                TestSupport.workedExampleTerms(LocalDate.now(clock).minusDays(30)));
        Debtor debtor = fixtures.debtor();
        UUID c = client.id().value();
        Invoice invoice = fixtures.readyToFund(client, debtor, Money.usd("10000.00"));
        FundingRequest r = TestSupport.as(
                OFFICER,
                () -> funding.request(
                        new NewFundingRequest(c, List.of(invoice.id().value()), null, PayoutMethod.ACH)));
        FundingRequest funded = TestSupport.as(OFFICER, () -> funding.approve(r.id()));
        assertThat(funded.net()).isEqualTo(Money.usd("7970.00"));
        LocalDate purchased = funded.fundingDate();

        // day 47: the debtor's payment arrives, naming the invoice
        clock.advance(Duration.ofDays(46));
        String officer = fixtures.token(null, Role.FUNDING_OFFICER);
        byte[] bai2 =
                bai2(purchased.plusDays(46), debtor.name(), invoice.number()).getBytes(StandardCharsets.US_ASCII);
        String imported = mvc.perform(multipart("/api/v1/receipts/files")
                        .file(new MockMultipartFile("file", "lockbox-day47.bai", "text/plain", bai2))
                        .header("Authorization", "Bearer " + officer))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.format").value("BAI2"))
                .andExpect(jsonPath("$.payments").value(1))
                .andExpect(jsonPath("$.appliedAutomatically").value(1))
                .andExpect(jsonPath("$.ledgerInvariantsHold").value(true))
                .andReturn()
                .getResponse()
                .getContentAsString();
        String paymentId = JsonPath.read(imported, "$.received[0].id");
        // the same file again is refused and applies nothing
        mvc.perform(multipart("/api/v1/receipts/files")
                        .file(new MockMultipartFile("file", "again.bai", "text/plain", bai2))
                        .header("Authorization", "Bearer " + officer))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("bank_file.duplicate"));
        mvc.perform(get("/api/v1/receipts/payments/" + paymentId + "/allocations")
                        .header("Authorization", "Bearer " + officer))
                .andExpect(jsonPath("$[0].method").value("AUTO"))
                .andExpect(jsonPath("$[0].amount.amount").value("9850.00"));
        mvc.perform(get("/api/v1/invoices/" + invoice.id()).header("Authorization", "Bearer " + officer))
                .andExpect(jsonPath("$.status").value("PARTIALLY_PAID"));

        // the $150 the debtor held back is accepted as a short pay: the invoice closes out
        postJson("/api/v1/receipts/short-pays", officer, """
                        {"invoiceId": "%s", "reason": "Damaged pallet, credit note agreed with the client"}""".formatted(invoice.id()))
                .andExpect(status().isOk());
        mvc.perform(get("/api/v1/invoices/" + invoice.id() + "/close-out").header("Authorization", "Bearer " + officer))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.fee.amount").value("400.00"))
                .andExpect(jsonPath("$.daysCharged").value(47))
                .andExpect(jsonPath("$.deductions.amount").value("150.00"))
                .andExpect(jsonPath("$.rebate.amount").value("1450.00"));
        mvc.perform(get("/api/v1/invoices/" + invoice.id()).header("Authorization", "Bearer " + officer))
                .andExpect(jsonPath("$.status").value("CLOSED"));
        assertThat(ledger.balance(AccountCode.PURCHASED_RECEIVABLES, c, Money.USD))
                .isEqualTo(Money.usd("0.00"));
        assertThat(ledger.balance(AccountCode.CLIENT_RESERVE, c, Money.USD)).isEqualTo(Money.usd("0.00"));
        assertThat(ledger.balance(AccountCode.REBATES_PAYABLE, c, Money.USD)).isEqualTo(Money.usd("1450.00"));

        // the settlement run pays the rebate
        String runId = JsonPath.read(
                postJson("/api/v1/settlements/runs", officer, "{\"method\": \"ACH\"}")
                        .andExpect(status().isCreated())
                        .andExpect(jsonPath("$.ledgerInvariantsHold").value(true))
                        .andReturn()
                        .getResponse()
                        .getContentAsString(),
                "$.run.id");
        byte[] pdf = mvc.perform(get("/api/v1/settlements/runs/" + runId + "/clients/" + c + "/statement.pdf")
                        .header("Authorization", "Bearer " + officer))
                .andExpect(status().isOk())
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.content()
                        .contentType(MediaType.APPLICATION_PDF))
                .andReturn()
                .getResponse()
                .getContentAsByteArray();
        String text;
        try (var doc = org.apache.pdfbox.Loader.loadPDF(pdf)) {
            text = new org.apache.pdfbox.text.PDFTextStripper().getText(doc);
        }
        // narrow table cells wrap: read the cells with their line breaks taken out
        assertThat(text).contains("Settlement statement").contains(client.legalName());
        assertThat(text.replace("\n", "")).contains(invoice.number());
        assertThat(text.replace("\n", " ")).contains("USD 400.00").contains("USD 1,450.00");
        String csv = mvc.perform(get("/api/v1/settlements/runs/" + runId + "/clients/" + c + "/statement.csv")
                        .header("Authorization", "Bearer " + officer))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(csv).contains(invoice.number() + ",").contains(",47,400.00,1450.00");
        List<Payout> paid = TestSupport.as(
                        TestSupport.admin(),
                        () -> payouts.list(new PayoutFilter(client.id(), null, null), CursorPage.Request.first(10)))
                .items();
        assertThat(paid)
                .extracting(Payout::amount)
                .containsExactlyInAnyOrder(Money.usd("7970.00"), Money.usd("1450.00"));
        assertThat(paid.stream().map(Payout::amount).reduce(Money.zero(Money.USD), Money::plus))
                .isEqualTo(Money.usd("9420.00"));
        assertThat(ledger.balance(AccountCode.REBATES_PAYABLE, c, Money.USD)).isEqualTo(Money.usd("0.00"));
        assertThat(invariants.checkAsSystem().rules())
                .allSatisfy(
                        rule -> assertThat(rule.violations()).as(rule.name()).isEmpty());
    }
}
