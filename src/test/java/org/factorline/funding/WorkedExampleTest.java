package org.factorline.funding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.UUID;
import org.factorline.clients.Client;
import org.factorline.debtors.Debtor;
import org.factorline.identity.Role;
import org.factorline.ledger.AccountCode;
import org.factorline.ledger.Ledger;
import org.factorline.ledger.LedgerInvariants;
import org.factorline.payouts.NachaFile;
import org.factorline.payouts.NachaReader;
import org.factorline.shared.Money;
import org.factorline.support.FactorlineTest;
import org.factorline.support.TestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/**
 * The design guide's worked example, end to end through the API as the factor's staff would do it:
 * an invoice of $10,000 is submitted, verified, its debtor acknowledges the notice, it is approved and
 * bought at 80% with $25 for the transfer and $5 per invoice, and the ACH file released by a second
 * person credits the client $7,970.00. The books balance at every step.
 */
@FactorlineTest
class WorkedExampleTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestSupport.Fixtures fixtures;

    @Autowired
    Ledger ledger;

    @Autowired
    LedgerInvariants invariants;

    @Autowired
    Clock clock;

    private ResultActions postJson(String url, String token, String json) throws Exception {
        return mvc.perform(post(url)
                .header("Authorization", "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON)
                .content(json));
    }

    private static String read(ResultActions r, String path) throws Exception {
        return JsonPath.read(r.andReturn().getResponse().getContentAsString(), path)
                .toString();
    }

    @Test
    void tenThousandDollarsBoughtAtEightyPercentPaysTheClient7970ByAch() throws Exception {
        Client client = fixtures.activeClient(
                TestSupport.workedExampleTerms(LocalDate.now(clock).minusDays(30)));
        Debtor debtor = fixtures.debtor();
        UUID clientId = client.id().value();
        String manager = fixtures.token(null, Role.ACCOUNT_MANAGER);
        String verifier = fixtures.token(null, Role.VERIFIER);
        String underwriter = fixtures.token(null, Role.UNDERWRITER);
        String fundingOfficer = fixtures.token(null, Role.FUNDING_OFFICER);
        String admin = fixtures.token(null, Role.ADMIN);

        // submitted
        String invoiceId = read(
                postJson("/api/v1/invoices", manager, """
                                {"clientId": "%s", "debtorId": "%s", "number": "WE-1001", "issueDate": "%s",
                                 "termsDays": 30, "faceAmount": {"amount": "10000.00", "currency": "USD"}}""".formatted(
                                clientId, debtor.id(), LocalDate.now(clock).minusDays(2)))
                        .andExpect(status().isCreated()),
                "$.id");

        // not yet eligible: unverified, notice not acknowledged, not approved
        mvc.perform(get("/api/v1/invoices/" + invoiceId + "/eligibility").header("Authorization", "Bearer " + manager))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.results[?(@.policy == 'VERIFICATION')].allowed")
                        .value(false))
                .andExpect(jsonPath("$.results[?(@.policy == 'NOTICE_OF_ASSIGNMENT')].allowed")
                        .value(false));

        // verified by phone, notice acknowledged, approved
        postJson("/api/v1/invoices/" + invoiceId + "/verification", verifier, """
                        {"outcome": "VERIFIED", "note": "Confirmed by phone with AP clerk J. Ortiz"}""")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.verificationStatus").value("VERIFIED"));
        postJson("/api/v1/debtors/" + debtor.id() + "/relationships/" + clientId + "/notice", manager, """
                        {"state": "ACKNOWLEDGED", "note": "Signed notice returned by e-mail"}""")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.notificationState").value("ACKNOWLEDGED"));
        postJson("/api/v1/invoices/" + invoiceId + "/transitions", underwriter, """
                        {"to": "APPROVED"}""")
                .andExpect(status().isOk());
        postJson("/api/v1/invoices/" + invoiceId + "/transitions", admin, """
                        {"to": "FUNDED"}""")
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.errors[0].message").value("use a funding request to fund an invoice"));

        // requested and approved: bought
        String requestId = read(
                postJson("/api/v1/funding/requests", fundingOfficer, """
                                {"clientId": "%s", "invoiceIds": ["%s"], "payoutMethod": "ACH"}""".formatted(clientId, invoiceId))
                        .andExpect(status().isCreated())
                        .andExpect(jsonPath("$.totalAdvance.amount").value("8000.00"))
                        .andExpect(jsonPath("$.charges.amount").value("30.00"))
                        .andExpect(jsonPath("$.net.amount").value("7970.00")),
                "$.id");
        postJson("/api/v1/funding/requests/" + requestId + "/approval", fundingOfficer, "")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("FUNDED"))
                .andExpect(jsonPath("$.payoutId").isNotEmpty());
        mvc.perform(get("/api/v1/invoices/" + invoiceId).header("Authorization", "Bearer " + manager))
                .andExpect(jsonPath("$.status").value("FUNDED"));

        assertThat(ledger.balance(AccountCode.PURCHASED_RECEIVABLES, clientId, Money.USD))
                .isEqualTo(Money.usd("10000.00"));
        assertThat(ledger.balance(AccountCode.CLIENT_RESERVE, clientId, Money.USD))
                .isEqualTo(Money.usd("2000.00"));
        assertThat(ledger.balance(AccountCode.CLIENT_PAYABLE, clientId, Money.USD))
                .isEqualTo(Money.usd("7970.00"));
        assertThat(invariants.checkAsSystem().rules())
                .allSatisfy(r -> assertThat(r.violations()).as(r.name()).isEmpty());

        // released into an ACH file by a second person: one CCD credit of $7,970.00
        String fileId = read(postJson("/api/v1/payouts/files", admin, """
                                {"method": "ACH"}""").andExpect(status().isCreated()), "$.id");
        String ach = mvc.perform(
                        get("/api/v1/payouts/files/" + fileId + "/content").header("Authorization", "Bearer " + admin))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.US_ASCII);
        NachaFile file = NachaReader.read(ach);
        assertThat(file.entries())
                .filteredOn(e -> e.amount().equals(Money.usd("7970.00")))
                .isNotEmpty();

        // the trial balance is zero
        mvc.perform(get("/api/v1/ledger/trial-balance").header("Authorization", "Bearer " + admin))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.totals[0].currency").value("USD"))
                .andExpect(jsonPath("$.totals[0].debits.amount")
                        .value(org.hamcrest.Matchers.equalTo(JsonPath.read(
                                mvc.perform(get("/api/v1/ledger/trial-balance")
                                                .header("Authorization", "Bearer " + admin))
                                        .andReturn()
                                        .getResponse()
                                        .getContentAsString(),
                                "$.totals[0].credits.amount"))));
        assertThat(invariants.checkAsSystem().holds()).isTrue();
    }
}
