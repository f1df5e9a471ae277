package org.factorline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.authenticated;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.unauthenticated;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.factorline.identity.Role;
import org.factorline.identity.UserAccounts;
import org.factorline.shared.MutableClock;
import org.factorline.support.FactorlineTest;
import org.factorline.support.TestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

@FactorlineTest
class SecurityTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    MeterRegistry meters;

    @Autowired
    TestSupport.Fixtures fixtures;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MutableClock clock;

    @Test
    void apiWithoutOrWithABadTokenIsRefusedAsProblemDetails() throws Exception {
        mvc.perform(get("/api/v1/clients"))
                .andExpect(status().isUnauthorized())
                .andExpect(
                        header().string("Content-Type", org.hamcrest.Matchers.startsWith("application/problem+json")))
                .andExpect(jsonPath("$.code").value("auth.unauthenticated"));
        mvc.perform(get("/api/v1/clients").header("Authorization", "Bearer flt_0000"))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.code").value("auth.unauthenticated"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("unknown or revoked")));
    }

    @Test
    void auditorReadsButCannotWrite() throws Exception {
        String token = fixtures.token(null, Role.AUDITOR);
        mvc.perform(get("/api/v1/clients").header("Authorization", "Bearer " + token))
                .andExpect(status().isOk());
        mvc.perform(post("/api/v1/clients")
                        .header("Authorization", "Bearer " + token)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{}"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("auth.forbidden"));
    }

    @Test
    void aRoleWithoutTheRightIsRefused() throws Exception {
        String verifier = fixtures.token(null, Role.VERIFIER);
        mvc.perform(post("/api/v1/clients")
                        .header("Authorization", "Bearer " + verifier)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{}"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("auth.forbidden"));
    }

    @Test
    void formSignInWorksAndFiveFailuresLockTheAccountForFifteenMinutes() throws Exception {
        UserAccounts.UserView user = fixtures.user(null, Role.UNDERWRITER);
        mvc.perform(formLogin().user(user.username()).password(TestSupport.PASSWORD))
                .andExpect(authenticated());
        for (int i = 0; i < UserAccounts.MAX_FAILED_SIGN_INS; i++) {
            mvc.perform(formLogin().user(user.username()).password("wrong-password-" + i))
                    .andExpect(unauthenticated());
        }
        // Locked: even the right password is refused now...
        mvc.perform(formLogin().user(user.username()).password(TestSupport.PASSWORD))
                .andExpect(unauthenticated());
        // ...and accepted again once the lockout has passed.
        clock.advance(UserAccounts.LOCKOUT.plus(Duration.ofSeconds(1)));
        try {
            mvc.perform(formLogin().user(user.username()).password(TestSupport.PASSWORD))
                    .andExpect(authenticated());
        } finally {
            clock.set(TestSupport.START);
        }
    }

    @Test
    void formsWithoutACsrfTokenAreRefused() throws Exception {
        mvc.perform(post("/login").param("username", "admin").param("password", "x"))
                .andExpect(status().isForbidden());
    }

    @Test
    void pagesCarrySecurityHeaders() throws Exception {
        mvc.perform(get("/login"))
                .andExpect(status().isOk())
                .andExpect(header().string(
                                "Content-Security-Policy", org.hamcrest.Matchers.containsString("default-src 'self'")))
                .andExpect(header().string("X-Frame-Options", "DENY"))
                .andExpect(header().string("X-Content-Type-Options", "nosniff"));
    }

    @Test
    void bankAccountNumbersAreEncryptedAtRestAndMaskedInTheApi() throws Exception {
        var client = fixtures.activeClient();
        String token = fixtures.token(null, Role.ACCOUNT_MANAGER);
        String body = mvc.perform(put("/api/v1/clients/" + client.id() + "/payout-account")
                        .header("Authorization", "Bearer " + token)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"accountName": "Operating", "routingNumber": "021000021", "accountNumber": "987654321012", "version": %d}
                                """.formatted(client.version())))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.payoutAccount.accountNumberMasked").value("••••1012"))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(body).doesNotContain("987654321012");
        String stored = jdbc.sql("select bank_account_sealed from client where id = ?")
                .param(client.id().value())
                .query(String.class)
                .single();
        assertThat(stored).startsWith("v1:").doesNotContain("987654321012");
    }

    @Test
    void aRoutingNumberWithABadCheckDigitIsRefusedNamingTheValue() throws Exception {
        var client = fixtures.activeClient();
        String token = fixtures.token(null, Role.ACCOUNT_MANAGER);
        mvc.perform(put("/api/v1/clients/" + client.id() + "/payout-account")
                        .header("Authorization", "Bearer " + token)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"accountName": "Operating", "routingNumber": "021000022", "accountNumber": "12", "version": %d}
                                """.formatted(client.version())))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[?(@.field == 'routingNumber')].value")
                        .value("021000022"))
                .andExpect(jsonPath("$.errors[?(@.field == 'accountNumber')].message")
                        .value("must be 4 to 17 digits"));
    }

    @Test
    void theProductionProfileRefusesH2AndMissingSecrets() {
        assertThatThrownBy(() ->
                        org.factorline.shared.ProductionGuardAccess.check("jdbc:h2:file:./data/x", "", "short", true))
                .hasMessageContaining("DB_URL must point at PostgreSQL")
                .hasMessageContaining("DB_PASSWORD must be set")
                .hasMessageContaining("FACTORLINE_DATA_KEY")
                .hasMessageContaining("demo data must be off");
        org.factorline.shared.ProductionGuardAccess.check(
                "jdbc:postgresql://db/factorline", "secret", "a-very-long-production-data-key-0123456789", false);
    }

    /**
     * An API call is timed once, as {@code http.server.requests}; the security filters, sign-in and
     * authorization add no observations of their own, which cost every invoice submission a dozen timers.
     */
    @Test
    void anApiCallLeavesNoSecurityFilterTimers() throws Exception {
        mvc.perform(get("/api/v1/clients").header("Authorization", "Bearer " + fixtures.token(null, Role.ADMIN)))
                .andExpect(status().isOk());
        assertThat(meters.getMeters())
                .extracting(m -> m.getId().getName())
                .noneMatch(name -> name.startsWith("spring.security."));
    }
}
