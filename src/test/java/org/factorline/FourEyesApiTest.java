package org.factorline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import org.factorline.clients.Client;
import org.factorline.debtors.Debtor;
import org.factorline.funding.Funding;
import org.factorline.funding.FundingRequest;
import org.factorline.funding.FundingStatus;
import org.factorline.funding.NewFundingRequest;
import org.factorline.identity.Role;
import org.factorline.identity.UserAccounts;
import org.factorline.invoices.Invoice;
import org.factorline.ledger.AccountCode;
import org.factorline.ledger.Ledger;
import org.factorline.pricing.PayoutMethod;
import org.factorline.shared.Money;
import org.factorline.shared.MutableClock;
import org.factorline.support.FactorlineTest;
import org.factorline.support.SignedIn;
import org.factorline.support.TestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Four eyes above the set amount hold through the API as through the pages: the person who gave the first
 * approval cannot give the second with another of their tokens, nor by turning to the page, and the request
 * stays unfunded until a different person approves it.
 */
@FactorlineTest
class FourEyesApiTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestSupport.Fixtures fixtures;

    @Autowired
    Funding funding;

    @Autowired
    Ledger ledger;

    @Autowired
    MutableClock clock;

    @AfterEach
    void resetClock() {
        clock.set(TestSupport.START);
    }

    @Test
    void theFirstApproverCannotGiveTheSecondApprovalWithAnotherTokenNorThroughThePage() throws Exception {
        Client client = fixtures.activeClient();
        Debtor debtor = fixtures.debtor();
        Invoice big = fixtures.readyToFund(client, debtor, Money.usd("75000.00"));
        UserAccounts.UserView fiona = fixtures.user(null, Role.FUNDING_OFFICER);
        UserAccounts.UserView frank = fixtures.user(null, Role.FUNDING_OFFICER, Role.ADMIN);
        String fionasToken = fixtures.tokenFor(fiona);
        String fionasOtherToken = fixtures.tokenFor(fiona);
        FundingRequest r = TestSupport.as(
                UserAccounts.toActor(fiona),
                () -> funding.request(new NewFundingRequest(
                        client.id().value(), List.of(big.id().value()), null, PayoutMethod.ACH)));
        String approval = "/api/v1/funding/requests/" + r.id() + "/approval";

        mvc.perform(post(approval).header("Authorization", "Bearer " + fionasToken))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("AWAITING_SECOND_APPROVAL"));
        for (String token : List.of(fionasToken, fionasOtherToken)) {
            mvc.perform(post(approval).header("Authorization", "Bearer " + token))
                    .andExpect(status().isForbidden())
                    .andExpect(jsonPath("$.code").value("approval.four_eyes_required"));
        }
        mvc.perform(post("/staff/funding/requests/" + r.id() + "/approve")
                        .with(SignedIn.as(UserAccounts.toActor(fiona)))
                        .with(csrf()))
                .andExpect(status().is3xxRedirection());
        assertThat(TestSupport.as(TestSupport.admin(), () -> funding.get(r.id()))
                        .status())
                .as("after the first approver tried twice by API and once by page")
                .isEqualTo(FundingStatus.AWAITING_SECOND_APPROVAL);
        assertThat(ledger.balance(AccountCode.PURCHASED_RECEIVABLES, client.id().value(), Money.USD))
                .isEqualTo(Money.usd("0.00"));

        mvc.perform(post(approval).header("Authorization", "Bearer " + fixtures.tokenFor(frank)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("FUNDED"))
                .andExpect(jsonPath("$.fundedBy").value(frank.username()));
        assertThat(ledger.balance(AccountCode.PURCHASED_RECEIVABLES, client.id().value(), Money.USD))
                .isEqualTo(Money.usd("75000.00"));
    }
}
