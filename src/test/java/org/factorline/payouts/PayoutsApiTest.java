package org.factorline.payouts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import org.factorline.clients.Client;
import org.factorline.identity.Actor;
import org.factorline.identity.Role;
import org.factorline.identity.UserAccounts;
import org.factorline.ledger.Ledger;
import org.factorline.pricing.PayoutMethod;
import org.factorline.shared.MutableClock;
import org.factorline.support.FactorlineTest;
import org.factorline.support.TestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.transaction.PlatformTransactionManager;

/** The payouts API: who may do what with a token, and a client user's view of its own payouts only. */
@FactorlineTest
class PayoutsApiTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    Payouts payouts;

    @Autowired
    Ledger ledger;

    @Autowired
    TestSupport.Fixtures fixtures;

    @Autowired
    MutableClock clock;

    @Autowired
    PlatformTransactionManager transactions;

    Owed owed;

    @BeforeEach
    void setUp() {
        owed = new Owed(transactions, ledger, payouts, clock);
    }

    /** The actor behind a user's token, so that a payout can be created as that user. */
    static Actor actorOf(UserAccounts.UserView user) {
        return new Actor(user.id(), user.username(), user.displayName(), null, EnumSet.of(Role.FUNDING_OFFICER));
    }

    static MockHttpServletRequestBuilder json(MockHttpServletRequestBuilder request, String token, String body) {
        return request.header("Authorization", "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON)
                .content(body);
    }

    @Test
    void aFundingOfficerReleasesDownloadsAndMarksAFileSentAndTheBankOutcomesFollow() throws Exception {
        Client client = fixtures.activeClient();
        UserAccounts.UserView creator = fixtures.user(null, Role.FUNDING_OFFICER);
        String creatorToken = fixtures.tokenFor(creator);
        String officer = fixtures.token(null, Role.FUNDING_OFFICER);
        Payout p = owed.payout(actorOf(creator), client, "7970.00", PayoutMethod.ACH);
        Payout q = owed.payout(actorOf(creator), client, "30.00", PayoutMethod.ACH);
        String release = """
                {"method": "ACH", "payoutIds": ["%s", "%s"]}""".formatted(p.id(), q.id());

        mvc.perform(get("/api/v1/payouts/" + p.id()).header("Authorization", "Bearer " + officer))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.reference").value(p.reference()))
                .andExpect(jsonPath("$.status").value("PENDING"))
                .andExpect(jsonPath("$.amount.amount").value("7970.00"))
                .andExpect(jsonPath("$.accountMasked").value("••••6789"))
                .andExpect(jsonPath("$.accountSealed").doesNotExist());
        mvc.perform(json(post("/api/v1/payouts/files"), creatorToken, release))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("approval.four_eyes_required"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString(creator.username())))
                .andExpect(jsonPath("$.errors[0].value").value(p.reference()));

        String created = mvc.perform(json(post("/api/v1/payouts/files"), officer, release))
                .andExpect(status().isCreated())
                .andExpect(header().exists("Location"))
                .andExpect(jsonPath("$.method").value("ACH"))
                .andExpect(jsonPath("$.entryCount").value(2))
                .andExpect(jsonPath("$.total.amount").value("8000.00"))
                .andReturn()
                .getResponse()
                .getContentAsString();
        String fileId = JsonPath.read(created, "$.id");
        String reference = JsonPath.read(created, "$.reference");
        String sha = JsonPath.read(created, "$.sha256");
        mvc.perform(json(post("/api/v1/payouts/files"), officer, release))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("payout.not_pending"));

        mvc.perform(get("/api/v1/payouts/files/" + fileId).header("Authorization", "Bearer " + officer))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.fileName").value(reference + ".ach"))
                .andExpect(jsonPath("$.status").value("RELEASED"));
        mvc.perform(get("/api/v1/payouts/files?status=RELEASED").header("Authorization", "Bearer " + officer))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[?(@.id == '" + fileId + "')]").exists());
        mvc.perform(get("/api/v1/payouts/files/" + fileId + "/payouts").header("Authorization", "Bearer " + officer))
                .andExpect(jsonPath("$[0].id").value(p.id().toString()))
                .andExpect(jsonPath("$[1].id").value(q.id().toString()));
        byte[] content = mvc.perform(get("/api/v1/payouts/files/" + fileId + "/content")
                        .header("Authorization", "Bearer " + officer))
                .andExpect(status().isOk())
                .andExpect(header().string(
                                "Content-Disposition",
                                org.hamcrest.Matchers.containsString("filename=\"" + reference + ".ach\"")))
                .andExpect(header().string("X-Content-SHA256", sha))
                .andReturn()
                .getResponse()
                .getContentAsByteArray();
        assertThat(BankFiles.sha256(content)).isEqualTo(sha);
        assertThat(NachaReader.read(new String(content, StandardCharsets.US_ASCII))
                        .entries())
                .extracting(NachaEntry::identificationNumber)
                .containsExactly(p.reference(), q.reference());
        String auditor = fixtures.token(null, Role.AUDITOR);
        mvc.perform(get("/api/v1/payouts/files/" + fileId).header("Authorization", "Bearer " + auditor))
                .andExpect(status().isOk());
        mvc.perform(get("/api/v1/payouts/files/" + fileId + "/content").header("Authorization", "Bearer " + auditor))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("auth.forbidden"));

        mvc.perform(post("/api/v1/payouts/files/" + fileId + "/sent").header("Authorization", "Bearer " + auditor))
                .andExpect(status().isForbidden());
        mvc.perform(post("/api/v1/payouts/files/" + fileId + "/sent").header("Authorization", "Bearer " + officer))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("SENT"));
        mvc.perform(post("/api/v1/payouts/files/" + fileId + "/sent").header("Authorization", "Bearer " + officer))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("payout.file_illegal_transition"));

        mvc.perform(json(post("/api/v1/payouts/" + p.id() + "/returned"), officer, "{}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("request.invalid"))
                .andExpect(jsonPath("$.errors[0].field").value("reason"));
        mvc.perform(json(post("/api/v1/payouts/" + p.id() + "/returned"), officer, """
                        {"reason": "R03 no account"}"""))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("RETURNED"))
                .andExpect(jsonPath("$.returnReason").value("R03 no account"));
        mvc.perform(post("/api/v1/payouts/" + p.id() + "/settled").header("Authorization", "Bearer " + officer))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("payout.illegal_transition"))
                .andExpect(
                        jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("from RETURNED to SETTLED")));
        mvc.perform(post("/api/v1/payouts/" + q.id() + "/settled").header("Authorization", "Bearer " + officer))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("SETTLED"));
        mvc.perform(post("/api/v1/payouts/" + p.id() + "/reissue").header("Authorization", "Bearer " + officer))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.status").value("PENDING"))
                .andExpect(jsonPath("$.sourceType").value("payout"))
                .andExpect(jsonPath("$.sourceId").value(p.id().toString()))
                .andExpect(jsonPath("$.amount.amount").value("7970.00"));
    }

    @Test
    void aBadTokenOrAWrongRoleIsRefused() throws Exception {
        Client client = fixtures.activeClient();
        Payout p = owed.payout(Owed.officer("alice"), client, "10.00", PayoutMethod.ACH);
        String body = """
                {"method": "ACH", "payoutIds": ["%s"]}""".formatted(p.id());

        mvc.perform(get("/api/v1/payouts")).andExpect(status().isUnauthorized());
        mvc.perform(get("/api/v1/payouts").header("Authorization", "Bearer flt_not-a-real-token"))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.code").value("auth.unauthenticated"));
        mvc.perform(json(post("/api/v1/payouts/files"), "flt_not-a-real-token", body))
                .andExpect(status().isUnauthorized());
        for (Role role : List.of(Role.AUDITOR, Role.ACCOUNT_MANAGER, Role.UNDERWRITER, Role.VERIFIER)) {
            mvc.perform(json(post("/api/v1/payouts/files"), fixtures.token(null, role), body))
                    .andExpect(status().isForbidden())
                    .andExpect(jsonPath("$.code").value("auth.forbidden"));
        }
        mvc.perform(json(post("/api/v1/payouts/files"), fixtures.token(null, Role.FUNDING_OFFICER), "{}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("method"));
        assertThat(payouts.get(p.id()).status()).isEqualTo(PayoutStatus.PENDING);
    }

    @Test
    void aClientUserSeesItsOwnPayoutsOnlyAndNoBankFile() throws Exception {
        Client mine = fixtures.activeClient();
        Client theirs = fixtures.activeClient();
        Actor alice = Owed.officer("alice");
        Payout own = owed.payout(alice, mine, "120.00", PayoutMethod.ACH);
        Payout other = owed.payout(alice, theirs, "340.00", PayoutMethod.WIRE);
        String clientToken = fixtures.token(mine.id().value(), Role.CLIENT_ADMIN);

        mvc.perform(get("/api/v1/payouts").header("Authorization", "Bearer " + clientToken))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[*].clientId")
                        .value(org.hamcrest.Matchers.everyItem(
                                org.hamcrest.Matchers.is(mine.id().toString()))))
                .andExpect(jsonPath("$.items[?(@.id == '" + own.id() + "')]").exists());
        mvc.perform(get("/api/v1/payouts?clientId=" + theirs.id()).header("Authorization", "Bearer " + clientToken))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items.length()").value(0));
        mvc.perform(get("/api/v1/payouts/" + own.id()).header("Authorization", "Bearer " + clientToken))
                .andExpect(status().isOk());
        mvc.perform(get("/api/v1/payouts/" + other.id()).header("Authorization", "Bearer " + clientToken))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("resource.not_found"));
        mvc.perform(get("/api/v1/payouts/files").header("Authorization", "Bearer " + clientToken))
                .andExpect(status().isForbidden());
        mvc.perform(json(post("/api/v1/payouts/files"), clientToken, """
                        {"method": "ACH", "payoutIds": ["%s"]}""".formatted(own.id())))
                .andExpect(status().isForbidden());
        mvc.perform(post("/api/v1/payouts/" + own.id() + "/reissue").header("Authorization", "Bearer " + clientToken))
                .andExpect(status().isForbidden());

        String staff = fixtures.token(null, Role.ACCOUNT_MANAGER);
        mvc.perform(get("/api/v1/payouts?clientId=" + theirs.id() + "&method=WIRE&status=PENDING")
                        .header("Authorization", "Bearer " + staff))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[0].id").value(other.id().toString()))
                .andExpect(jsonPath("$.items.length()").value(1));
    }
}
