package org.factorline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.factorline.debtors.Debtor;
import org.factorline.debtors.DebtorStatus;
import org.factorline.debtors.Debtors;
import org.factorline.identity.Role;
import org.factorline.support.FactorlineTest;
import org.factorline.support.Html;
import org.factorline.support.SignedIn;
import org.factorline.support.TestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

@FactorlineTest
class AuditApiTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestSupport.Fixtures fixtures;

    @Autowired
    Debtors debtors;

    @Test
    void anAuditorReadsTheLogButCannotWrite() throws Exception {
        Debtor d = fixtures.debtor();
        TestSupport.as(
                TestSupport.admin(), () -> debtors.changeStatus(d.id(), DebtorStatus.ON_HOLD, "Disputed invoices", 0));
        String auditor = fixtures.token(null, Role.AUDITOR);

        mvc.perform(get("/api/v1/audit")
                        .param("entityType", "debtor")
                        .param("entityId", d.id().toString())
                        .header("Authorization", "Bearer " + auditor))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items.length()").value(2))
                .andExpect(jsonPath("$.items[0].action").value("debtor.status_changed"))
                .andExpect(jsonPath("$.items[0].reason").value("Disputed invoices"))
                .andExpect(jsonPath("$.items[0].actor").value("test-admin"))
                .andExpect(jsonPath("$.items[1].action").value("debtor.registered"));
        mvc.perform(get("/api/v1/audit").param("limit", "1").header("Authorization", "Bearer " + auditor))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items.length()").value(1))
                .andExpect(jsonPath("$.nextCursor").isNotEmpty());

        mvc.perform(post("/api/v1/debtors")
                        .header("Authorization", "Bearer " + auditor)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{}"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("auth.forbidden"));
    }

    @Test
    void onlyAdministratorsAndAuditorsReadTheWholeLog() throws Exception {
        var client = fixtures.activeClient();
        mvc.perform(get("/api/v1/audit").header("Authorization", "Bearer " + fixtures.token(null, Role.ADMIN)))
                .andExpect(status().isOk());
        mvc.perform(get("/api/v1/audit")
                        .header("Authorization", "Bearer " + fixtures.token(null, Role.ACCOUNT_MANAGER)))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("auth.forbidden"));
        mvc.perform(get("/api/v1/audit")
                        .header(
                                "Authorization",
                                "Bearer " + fixtures.token(client.id().value(), Role.CLIENT_ADMIN)))
                .andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/audit")
                        .param("entityId", "not-a-uuid")
                        .header("Authorization", "Bearer " + fixtures.token(null, Role.AUDITOR)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("entityId"));
    }

    @Test
    void theAuditPageShowsBeforeAndAfterToAuditorsOnly() throws Exception {
        Debtor d = fixtures.debtor();
        TestSupport.as(
                TestSupport.admin(), () -> debtors.changeStatus(d.id(), DebtorStatus.ON_HOLD, "Returned check", 0));
        Html page = Html.of(mvc.perform(get("/staff/audit")
                        .param("entityType", "debtor")
                        .param("entityId", d.id().toString())
                        .with(SignedIn.as(TestSupport.staff(Role.AUDITOR))))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString());
        String events = page.text("audit-events");
        assertThat(events)
                .contains("debtor.status_changed", "Returned check", "test-admin", "Before and after", "ON_HOLD");
        assertThat(page.source()).contains("<details>", "href=\"/staff/audit\"");
        assertThat(page.unlabelledControls()).isEmpty();

        mvc.perform(get("/staff/audit").with(SignedIn.as(TestSupport.staff(Role.VERIFIER))))
                .andExpect(status().isForbidden());
        Html verifierNav =
                Html.of(mvc.perform(get("/staff/debtors").with(SignedIn.as(TestSupport.staff(Role.VERIFIER))))
                        .andReturn()
                        .getResponse()
                        .getContentAsString());
        assertThat(verifierNav.source()).doesNotContain("href=\"/staff/audit\"");
    }

    @Test
    void administratorsAndAuditorsVerifyTheChainThroughTheApiAndThePage() throws Exception {
        Debtor d = fixtures.debtor();
        TestSupport.as(TestSupport.admin(), () -> debtors.changeStatus(d.id(), DebtorStatus.ON_HOLD, "Chain check", 0));
        for (Role role : new Role[] {Role.ADMIN, Role.AUDITOR}) {
            mvc.perform(get("/api/v1/audit/verify").header("Authorization", "Bearer " + fixtures.token(null, role)))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.intact").value(true))
                    .andExpect(jsonPath("$.broken").doesNotExist())
                    .andExpect(jsonPath("$.chainedRows").isNumber())
                    .andExpect(jsonPath("$.headHash").isString());
        }
        mvc.perform(get("/api/v1/audit/verify")
                        .header("Authorization", "Bearer " + fixtures.token(null, Role.ACCOUNT_MANAGER)))
                .andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/audit/verify")
                        .header(
                                "Authorization",
                                "Bearer "
                                        + fixtures.token(
                                                fixtures.activeClient().id().value(), Role.CLIENT_ADMIN)))
                .andExpect(status().isForbidden());

        Html before = Html.of(mvc.perform(get("/staff/audit").with(SignedIn.as(TestSupport.staff(Role.AUDITOR))))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString());
        assertThat(before.text("audit-chain")).contains("Verify the chain now");
        Html after = Html.of(mvc.perform(
                        get("/staff/audit").param("verify", "true").with(SignedIn.as(TestSupport.staff(Role.AUDITOR))))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString());
        assertThat(after.text("audit-chain")).contains("Chain intact").containsPattern("[0-9a-f]{64}");
    }
}
