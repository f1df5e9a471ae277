package org.factorline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.UUID;
import org.factorline.identity.Role;
import org.factorline.support.FactorlineTest;
import org.factorline.support.TestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

@FactorlineTest
class IdempotencyTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestSupport.Fixtures fixtures;

    @Autowired
    JdbcClient jdbc;

    private static String clientJson(String taxId, String name) {
        return """
                {"legalName": "%s", "taxId": "%s",
                 "address": {"street": "1 Main", "city": "Dallas", "region": "TX", "postalCode": "75201", "country": "US"}}
                """.formatted(name, taxId);
    }

    private static MockHttpServletRequestBuilder register(String token, String key, String body) {
        return post("/api/v1/clients")
                .header("Authorization", "Bearer " + token)
                .header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON)
                .content(body);
    }

    @Test
    void sameKeyAndSameRequestReplaysTheFirstResponseAndCreatesOnce() throws Exception {
        String token = fixtures.token(null, Role.ACCOUNT_MANAGER);
        String taxId = TestSupport.uniqueTaxId();
        String key = UUID.randomUUID().toString();
        String body = clientJson(taxId, "Replay Freight LLC");

        String first = mvc.perform(register(token, key, body))
                .andExpect(status().isCreated())
                .andReturn()
                .getResponse()
                .getContentAsString();
        String second = mvc.perform(register(token, key, body))
                .andExpect(status().isCreated())
                .andExpect(header().string("Idempotent-Replayed", "true"))
                .andReturn()
                .getResponse()
                .getContentAsString();

        assertThat(second).isEqualTo(first);
        long count = jdbc.sql("select count(*) from client where tax_id = ?")
                .param(taxId)
                .query(Long.class)
                .single();
        assertThat(count).isEqualTo(1);
    }

    @Test
    void sameKeyWithADifferentRequestIsRefusedWith422() throws Exception {
        String token = fixtures.token(null, Role.ACCOUNT_MANAGER);
        String key = UUID.randomUUID().toString();
        mvc.perform(register(token, key, clientJson(TestSupport.uniqueTaxId(), "First Co")))
                .andExpect(status().isCreated());
        mvc.perform(register(token, key, clientJson(TestSupport.uniqueTaxId(), "Second Co")))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("idempotency.key_reused"))
                .andExpect(jsonPath("$.errors[0].field").value("Idempotency-Key"))
                .andExpect(jsonPath("$.errors[0].value").value(key));
    }

    @Test
    void aKeyStillInFlightAnswers409() throws Exception {
        String token = fixtures.token(null, Role.ACCOUNT_MANAGER);
        String key = UUID.randomUUID().toString();
        String body = clientJson(TestSupport.uniqueTaxId(), "In Flight Co");
        // The first request is recorded as in flight but has not finished (as if it were still running).
        mvc.perform(register(token, key, body)).andExpect(status().isCreated());
        jdbc.sql("update idempotency_record set state = 'IN_FLIGHT', response_body = null where idem_key = ?")
                .param(key)
                .update();
        mvc.perform(register(token, key, body))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("idempotency.in_flight"));
    }

    @Test
    void keysBelongToTheCallerAndRefusalsAreRememberedButServerErrorsAreNot() throws Exception {
        String alice = fixtures.token(null, Role.ACCOUNT_MANAGER);
        String bob = fixtures.token(null, Role.ACCOUNT_MANAGER);
        String key = UUID.randomUUID().toString();
        mvc.perform(register(alice, key, clientJson(TestSupport.uniqueTaxId(), "Alice Co")))
                .andExpect(status().isCreated());
        // The same key from another caller is a different key.
        mvc.perform(register(bob, key, clientJson(TestSupport.uniqueTaxId(), "Bob Co")))
                .andExpect(status().isCreated());

        String badKey = UUID.randomUUID().toString();
        String bad = clientJson("1", "");
        mvc.perform(register(alice, badKey, bad)).andExpect(status().isBadRequest());
        mvc.perform(register(alice, badKey, bad))
                .andExpect(status().isBadRequest())
                .andExpect(header().string("Idempotent-Replayed", "true"));
    }

    @Test
    void anInvalidKeyIsRefused() throws Exception {
        String token = fixtures.token(null, Role.ACCOUNT_MANAGER);
        mvc.perform(register(token, "x".repeat(300), clientJson(TestSupport.uniqueTaxId(), "Long Key Co")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("idempotency.key_invalid"));
    }
}
