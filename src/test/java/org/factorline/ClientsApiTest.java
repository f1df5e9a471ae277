package org.factorline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.factorline.identity.Role;
import org.factorline.support.FactorlineTest;
import org.factorline.support.TestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

@FactorlineTest
class ClientsApiTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestSupport.Fixtures fixtures;

    @Test
    void registersAClientAndRefusesABadOneNamingEveryField() throws Exception {
        String token = fixtures.token(null, Role.ACCOUNT_MANAGER);
        String taxId = TestSupport.uniqueTaxId();
        mvc.perform(post("/api/v1/clients")
                        .header("Authorization", "Bearer " + token)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"legalName": "Lone Star Freight LLC", "taxId": "%s",
                                 "address": {"street": "1 Main", "city": "Dallas", "region": "TX", "postalCode": "75201", "country": "US"}}
                                """.formatted(taxId)))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.reference").value(org.hamcrest.Matchers.startsWith("C-")))
                .andExpect(jsonPath("$.status").value("PROSPECT"));

        mvc.perform(post("/api/v1/clients")
                        .header("Authorization", "Bearer " + token)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"legalName": "", "taxId": "12", "address": {"street": "x", "city": "y", "country": "usa"}}"""))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("request.invalid"))
                .andExpect(jsonPath("$.errors[?(@.field == 'legalName')]").exists())
                .andExpect(jsonPath("$.errors[?(@.field == 'taxId')].value").value("12"))
                .andExpect(jsonPath("$.errors[?(@.field == 'address.country')].value")
                        .value("usa"));
    }

    @Test
    void clientUserSeesOnlyItsOwnClient() throws Exception {
        var mine = fixtures.activeClient();
        var other = fixtures.activeClient();
        String token = fixtures.token(mine.id().value(), Role.CLIENT_ADMIN);
        var body = mvc.perform(get("/api/v1/clients").header("Authorization", "Bearer " + token))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(body)
                .contains(mine.id().toString())
                .doesNotContain(other.id().toString());
        mvc.perform(get("/api/v1/clients/" + other.id()).header("Authorization", "Bearer " + token))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("resource.not_found"));
    }
}
