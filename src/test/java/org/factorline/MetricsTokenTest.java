package org.factorline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.factorline.identity.Role;
import org.factorline.support.FactorlineTest;
import org.factorline.support.TestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The Prometheus server's credential, {@code FACTORLINE_METRICS_TOKEN}: it opens the metrics scrape (and
 * health), and nothing else — not the other actuator endpoints, not the API, not a page. (Its own application
 * context, since the token is read at start-up.)
 */
@FactorlineTest
@TestPropertySource(properties = "FACTORLINE_METRICS_TOKEN=" + MetricsTokenTest.TOKEN)
class MetricsTokenTest {

    static final String TOKEN = "scrape-4f9a2c7e1b8d6053a9e2f4c1d7b3e8a6";

    @Autowired
    MockMvc mvc;

    @Autowired
    TestSupport.Fixtures fixtures;

    @Test
    void theScrapeTokenOpensTheMetricsAndHealthOnly() throws Exception {
        String body = mvc.perform(get("/actuator/prometheus").header("Authorization", "Bearer " + TOKEN))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(body).contains("factorline_job_runs_total").contains("factorline_outbox_messages");
        mvc.perform(get("/actuator/health").header("Authorization", "Bearer " + TOKEN))
                .andExpect(status().isOk());

        // nothing else
        for (String url : java.util.List.of("/actuator/metrics", "/actuator/info", "/actuator/metrics/jvm.info")) {
            mvc.perform(get(url).header("Authorization", "Bearer " + TOKEN)).andExpect(status().isForbidden());
        }
        for (String url : java.util.List.of("/api/v1/clients", "/api/v1/audit", "/api/v1/invoices")) {
            mvc.perform(get(url).header("Authorization", "Bearer " + TOKEN)).andExpect(status().isUnauthorized());
        }
        mvc.perform(post("/api/v1/clients").header("Authorization", "Bearer " + TOKEN))
                .andExpect(status().isUnauthorized());
        for (String url : java.util.List.of("/staff", "/staff/clients", "/portal", "/")) {
            int status = mvc.perform(get(url).header("Authorization", "Bearer " + TOKEN))
                    .andReturn()
                    .getResponse()
                    .getStatus();
            assertThat(status).as(url).isNotEqualTo(200).isNotEqualTo(404);
        }
    }

    @Test
    void aWrongOrAlteredTokenIsRefusedAndAdministratorsStillRead() throws Exception {
        String altered = TOKEN.substring(0, TOKEN.length() - 1) + "7";
        for (String wrong : java.util.List.of(altered, TOKEN + "0", TOKEN.substring(1), "")) {
            mvc.perform(get("/actuator/prometheus").header("Authorization", "Bearer " + wrong))
                    .andExpect(status().isUnauthorized());
        }
        mvc.perform(get("/actuator/prometheus")).andExpect(status().isUnauthorized());
        mvc.perform(get("/actuator/prometheus").header("Authorization", "Bearer " + fixtures.token(null, Role.ADMIN)))
                .andExpect(status().isOk());
        mvc.perform(get("/actuator/prometheus").header("Authorization", "Bearer " + fixtures.token(null, Role.AUDITOR)))
                .andExpect(status().isForbidden());
    }
}
