package org.factorline.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.factorline.identity.Actor;
import org.factorline.identity.Role;
import org.factorline.support.FactorlineTest;
import org.factorline.support.SignedIn;
import org.factorline.support.TestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

@FactorlineTest
class ClientPagesTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestSupport.Fixtures fixtures;

    @Autowired
    java.time.Clock clock;

    private String page(String url, Actor actor) throws Exception {
        return mvc.perform(get(url).with(SignedIn.as(actor)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
    }

    @Test
    void everyClientPageRenders() throws Exception {
        Actor manager = TestSupport.staff(Role.ACCOUNT_MANAGER);
        var client = fixtures.activeClient();
        assertThat(page("/staff/clients", manager)).contains(client.reference());
        assertThat(page("/staff/clients/new", manager))
                .contains("Register a client")
                .contains("id=\"save-client\"");
        assertThat(page("/staff/clients/" + client.id(), manager))
                .contains(client.legalName())
                .contains("v1");
        assertThat(page("/staff/clients/" + client.id() + "/edit", manager)).contains(client.legalName());
        assertThat(page("/staff/clients/" + client.id() + "/agreements/new", manager))
                .contains("id=\"save-agreement\"");
    }

    /** Regression: the date was rendered as 3/2/26, which a date input drops, so the form never submitted. */
    @Test
    void theAgreementFormShowsItsEffectiveDateAsAnIsoDateTheBrowserCanSubmit() throws Exception {
        var client = fixtures.activeClient();
        var manager = TestSupport.staff(Role.ACCOUNT_MANAGER);
        assertThat(page("/staff/clients/" + client.id() + "/agreements/new", manager))
                .containsPattern("type=\"date\"[^>]*value=\"" + java.time.LocalDate.now(clock) + "\"");
    }

    @Test
    void aBadClientFormShowsEveryProblemAndKeepsWhatWasTyped() throws Exception {
        String html = mvc.perform(post("/staff/clients")
                        .with(SignedIn.as(TestSupport.staff(Role.ACCOUNT_MANAGER)))
                        .with(csrf())
                        .param("legalName", "Keep This Name LLC")
                        .param("taxId", "12")
                        .param("street", "1 Main")
                        .param("city", "Dallas")
                        .param("country", "USA"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(html)
                .contains("taxId")
                .contains("<span>12</span>")
                .contains("address.country")
                .contains("Keep This Name LLC");
    }

    @Test
    void aGoodClientFormRegistersTheClient() throws Exception {
        mvc.perform(post("/staff/clients")
                        .with(SignedIn.as(TestSupport.staff(Role.ACCOUNT_MANAGER)))
                        .with(csrf())
                        .param("legalName", TestSupport.unique("Page Client"))
                        .param("taxId", TestSupport.uniqueTaxId())
                        .param("street", "1 Main")
                        .param("city", "Dallas")
                        .param("country", "US"))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrlPattern("/staff/clients/*"));
    }

    @Test
    void clientUsersCannotOpenTheStaffConsole() throws Exception {
        var client = fixtures.activeClient();
        mvc.perform(get("/staff/clients")
                        .with(SignedIn.as(TestSupport.clientUser(client.id().value()))))
                .andExpect(status().isForbidden());
        assertThat(page("/portal", TestSupport.clientUser(client.id().value()))).contains(client.legalName());
    }
}
