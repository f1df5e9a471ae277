package org.factorline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.factorline.identity.Role;
import org.factorline.identity.UserAccounts;
import org.factorline.support.FactorlineTest;
import org.factorline.support.Html;
import org.factorline.support.SignedIn;
import org.factorline.support.TestSupport;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@FactorlineTest
class ProfileAndTokensTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    MockMvc mvc;

    @Autowired
    TestSupport.Fixtures fixtures;

    @Autowired
    UserAccounts users;

    @Autowired
    JdbcClient jdbc;

    String tokenFor(UserAccounts.UserView u) {
        return TestSupport.as(
                TestSupport.admin(), () -> users.issueToken(u.id(), "first").token());
    }

    @Test
    void aTokenIssuedThroughTheApiWorksUntilItIsRevoked() throws Exception {
        var user = fixtures.user(null, Role.VERIFIER);
        String first = tokenFor(user);

        mvc.perform(get("/api/v1/me").header("Authorization", "Bearer " + first))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.username").value(user.username()))
                .andExpect(jsonPath("$.roles[0]").value("VERIFIER"));

        String issued = mvc.perform(post("/api/v1/me/tokens")
                        .header("Authorization", "Bearer " + first)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\": \"Accounting sync\"}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.token").value(Matchers.startsWith("flt_")))
                .andReturn()
                .getResponse()
                .getContentAsString();
        JsonNode token = JSON.readTree(issued);
        String second = token.get("token").asString();
        String secondId = token.get("id").asString();

        mvc.perform(get("/api/v1/me").header("Authorization", "Bearer " + second))
                .andExpect(status().isOk());
        String list = mvc.perform(get("/api/v1/me/tokens").header("Authorization", "Bearer " + first))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[?(@.name == 'Accounting sync')].prefix").value(second.substring(0, 12)))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(list).doesNotContain(second).doesNotContain(first);

        mvc.perform(delete("/api/v1/me/tokens/" + secondId).header("Authorization", "Bearer " + first))
                .andExpect(status().isNoContent());
        mvc.perform(get("/api/v1/me").header("Authorization", "Bearer " + second))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.code").value("auth.unauthenticated"));
        mvc.perform(delete("/api/v1/me/tokens/" + secondId).header("Authorization", "Bearer " + first))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/me/tokens").header("Authorization", "Bearer " + first))
                .andExpect(jsonPath("$[?(@.name == 'Accounting sync' && @.revokedAt != null)]")
                        .exists());
    }

    @Test
    void nobodyRevokesAnotherUsersToken() throws Exception {
        var owner = fixtures.user(null, Role.VERIFIER);
        var ownerToken = TestSupport.as(TestSupport.admin(), () -> users.issueToken(owner.id(), "mine"));
        String intruder = fixtures.token(null, Role.UNDERWRITER);
        mvc.perform(delete("/api/v1/me/tokens/" + ownerToken.id()).header("Authorization", "Bearer " + intruder))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/me").header("Authorization", "Bearer " + ownerToken.token()))
                .andExpect(status().isOk());
    }

    @Test
    void aNewTokenIsNeverStoredForIdempotentReplay() throws Exception {
        var user = fixtures.user(null, Role.FUNDING_OFFICER);
        String first = tokenFor(user);
        String key = TestSupport.unique("issue-token");
        String body = mvc.perform(post("/api/v1/me/tokens")
                        .header("Authorization", "Bearer " + first)
                        .header("Idempotency-Key", key)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\": \"ci\"}"))
                .andExpect(status().isCreated())
                .andReturn()
                .getResponse()
                .getContentAsString();
        String secret = JSON.readTree(body).get("token").asString();
        long stored = jdbc.sql("select count(*) from idempotency_record where idem_key = ?")
                .param(key)
                .query(Long.class)
                .single();
        assertThat(stored).isZero();
        assertThat(jdbc.sql("select count(*) from api_token where token_prefix = ?")
                        .param(secret.substring(0, 12))
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void theProfilePageIssuesATokenOnceAndRevokesIt() throws Exception {
        var user = fixtures.user(null, Role.ACCOUNT_MANAGER);
        var me = SignedIn.as(UserAccounts.toActor(user));

        Html page = Html.of(mvc.perform(get("/staff/profile").with(me))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString());
        assertThat(page.text("username")).isEqualTo(user.username());
        assertThat(page.text("roles")).contains("ACCOUNT_MANAGER");
        assertThat(page.text("tokens")).contains("No API tokens yet");
        assertThat(page.source()).contains("href=\"/staff/clients\"");
        assertThat(page.unlabelledControls()).isEmpty();

        var result = mvc.perform(
                        post("/staff/profile/tokens").with(me).with(csrf()).param("name", "Spreadsheet"))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/staff/profile"))
                .andReturn();
        var issued = (UserAccounts.IssuedToken) result.getFlashMap().get("issuedToken");
        assertThat(issued.token()).startsWith("flt_");

        Html shown = Html.of(mvc.perform(get("/staff/profile").with(me).flashAttr("issuedToken", issued))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString());
        assertThat(shown.value("new-token-value")).isEqualTo(issued.token());
        assertThat(shown.text("issued-token")).contains("Copy it now", "shown only this once");
        Html later = Html.of(mvc.perform(get("/staff/profile").with(me))
                .andReturn()
                .getResponse()
                .getContentAsString());
        assertThat(later.source()).doesNotContain(issued.token());
        assertThat(later.text("tokens")).contains("Spreadsheet", issued.prefix(), "never");

        mvc.perform(get("/api/v1/me").header("Authorization", "Bearer " + issued.token()))
                .andExpect(status().isOk());
        mvc.perform(post("/staff/profile/tokens/" + issued.id() + "/revoke")
                        .with(me)
                        .with(csrf()))
                .andExpect(status().is3xxRedirection());
        mvc.perform(get("/api/v1/me").header("Authorization", "Bearer " + issued.token()))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.code").value("auth.unauthenticated"));
    }

    @Test
    void clientUsersHaveAProfilePageToo() throws Exception {
        var client = fixtures.activeClient();
        var user = fixtures.user(client.id().value(), Role.CLIENT_USER);
        Html page = Html.of(mvc.perform(get("/staff/profile").with(SignedIn.as(UserAccounts.toActor(user))))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString());
        assertThat(page.text("roles")).contains("CLIENT_USER");
        assertThat(page.source()).contains("aria-label=\"Client portal\"").doesNotContain("href=\"/staff/clients\"");
        // ...but the rest of the staff console stays closed to them.
        mvc.perform(get("/staff/debtors").with(SignedIn.as(UserAccounts.toActor(user))))
                .andExpect(status().isForbidden());
    }
}
