package org.factorline.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.factorline.identity.Role;
import org.factorline.support.FactorlineTest;
import org.factorline.support.Html;
import org.factorline.support.SignedIn;
import org.factorline.support.TestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

@FactorlineTest
class StaffHomePagesTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestSupport.Fixtures fixtures;

    Html home() throws Exception {
        return Html.of(mvc.perform(get("/staff").with(SignedIn.as(TestSupport.staff(Role.FUNDING_OFFICER))))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString());
    }

    @Test
    void welcomesByNameWithCountsAndQuickLinks() throws Exception {
        long before = Long.parseLong(home().text("debtors-ACTIVE"));
        fixtures.debtor();
        fixtures.activeClient();
        Html page = home();
        assertThat(page.text("welcome")).isEqualTo("Welcome, Test FUNDING_OFFICER");
        assertThat(Long.parseLong(page.text("debtors-ACTIVE"))).isEqualTo(before + 1);
        assertThat(page.text("clients-ACTIVE")).matches("[1-9][0-9]*\\+?");
        assertThat(page.text("clients-PROSPECT")).matches("[0-9]+\\+?");
        assertThat(page.tag("quick-new-client")).contains("href=\"/staff/clients/new\"");
        assertThat(page.tag("quick-new-debtor")).contains("href=\"/staff/debtors/new\"");
        assertThat(page.tag("quick-invoices")).contains("href=\"/staff/invoices\"");
        assertThat(page.tag("quick-import-schedule")).contains("href=\"/staff/schedules/import\"");
    }

    @Test
    void clientUsersLandInTheirPortalNotTheConsole() throws Exception {
        var client = fixtures.activeClient();
        mvc.perform(get("/staff")
                        .with(SignedIn.as(TestSupport.clientUser(client.id().value()))))
                .andExpect(status().isForbidden());
    }
}
