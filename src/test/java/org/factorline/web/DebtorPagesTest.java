package org.factorline.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.LocalDate;
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
import org.springframework.test.web.servlet.MockMvc;

@FactorlineTest
class DebtorPagesTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestSupport.Fixtures fixtures;

    @Autowired
    Debtors debtors;

    Html page(String url, org.factorline.identity.Actor actor) throws Exception {
        return Html.of(mvc.perform(get(url).with(SignedIn.as(actor)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString());
    }

    @Test
    void theFormHasStableIdsAndEveryInputHasALabel() throws Exception {
        Html list = page("/staff/debtors", TestSupport.staff(Role.ACCOUNT_MANAGER));
        assertThat(list.hasId("new-debtor")).isTrue();

        Html form = page("/staff/debtors/new", TestSupport.staff(Role.ACCOUNT_MANAGER));
        for (String id : new String[] {
            "name",
            "street",
            "city",
            "country",
            "timeZone",
            "creditLimit",
            "contact0Name",
            "contact0Email",
            "save-debtor"
        }) {
            assertThat(form.hasId(id)).as(id).isTrue();
        }
        assertThat(form.source()).contains("<option value=\"America/Chicago\">");
        assertThat(form.value("timeZone")).isEqualTo("America/New_York");
        assertThat(form.unlabelledControls()).isEmpty();
    }

    @Test
    void staffRegisterADebtorThroughTheFormAndSeeItsPage() throws Exception {
        var actor = TestSupport.staff(Role.ACCOUNT_MANAGER);
        String name = TestSupport.unique("Prairie Foods");
        String location = mvc.perform(post("/staff/debtors")
                        .with(SignedIn.as(actor))
                        .with(csrf())
                        .param("name", name)
                        .param("street", "1 Harvest Rd")
                        .param("city", "Omaha")
                        .param("region", "NE")
                        .param("country", "us")
                        .param("timeZone", "America/Chicago")
                        .param("creditLimit", "75000")
                        .param("currency", "USD")
                        .param("contacts[0].name", "Payables")
                        .param("contacts[0].email", "payables@prairie.example")
                        .param("contacts[1].name", "Dana Buyer")
                        .param("contacts[1].phone", "+1 402 555 0101")
                        .param("contacts[2].name", "")
                        .param("primaryContact", "1")
                        .param("version", "0"))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrlPattern("/staff/debtors/*"))
                .andExpect(flash().attributeExists("flash"))
                .andReturn()
                .getResponse()
                .getRedirectedUrl();
        Html show = page(location, actor);
        assertThat(show.source()).contains("<h1>" + name + "</h1>");
        assertThat(show.text("credit-limit")).isEqualTo("USD 75,000.00");
        String contacts = show.text("contacts");
        assertThat(contacts).contains("Dana Buyer +1 402 555 0101 primary", "Payables payables@prairie.example");
        assertThat(contacts.indexOf("Dana Buyer")).isLessThan(contacts.indexOf("Payables"));
        assertThat(show.text("history")).contains("registered");

        // The same name again is refused on the form, naming the field and the value.
        String again = mvc.perform(post("/staff/debtors")
                        .with(SignedIn.as(actor))
                        .with(csrf())
                        .param("name", name + ", Inc.")
                        .param("street", "1 Harvest Rd")
                        .param("city", "Omaha")
                        .param("country", "US")
                        .param("timeZone", "Nowhere/Else")
                        .param("creditLimit", "75000")
                        .param("currency", "USD"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        Html refused = Html.of(again);
        assertThat(refused.text()).contains(name + ", Inc.", "already exists", "timeZone", "Nowhere/Else");
        assertThat(refused.value("city")).isEqualTo("Omaha");
    }

    @Test
    void theDetailPageShowsClientsWithLinksAndChangesTheStatusWithAReason() throws Exception {
        var actor = TestSupport.staff(Role.UNDERWRITER);
        var client = fixtures.activeClient();
        Debtor d = fixtures.debtor();
        TestSupport.as(
                TestSupport.admin(),
                () -> debtors.ensureRelationship(client.id().value(), d.id(), false, LocalDate.of(2026, 2, 1)));

        Html show = page("/staff/debtors/" + d.id(), actor);
        assertThat(show.source()).contains("href=\"/staff/clients/" + client.id() + "\"");
        assertThat(show.text("relationships")).contains(client.reference(), client.displayName(), "CONFIDENTIAL");

        mvc.perform(post("/staff/debtors/" + d.id() + "/status")
                        .with(SignedIn.as(actor))
                        .with(csrf())
                        .param("status", "ON_HOLD")
                        .param("reason", "Returned checks")
                        .param("version", "0"))
                .andExpect(status().is3xxRedirection());
        Debtor after = TestSupport.as(TestSupport.admin(), () -> debtors.get(d.id()));
        assertThat(after.status()).isEqualTo(DebtorStatus.ON_HOLD);
        Html again = page("/staff/debtors/" + d.id(), actor);
        assertThat(again.text("history")).contains("Returned checks");

        // Without a reason nothing changes and the page says why.
        mvc.perform(post("/staff/debtors/" + d.id() + "/status")
                        .with(SignedIn.as(actor))
                        .with(csrf())
                        .param("status", "ACTIVE")
                        .param("reason", "")
                        .param("version", "1"))
                .andExpect(status().is3xxRedirection())
                .andExpect(flash().attributeExists("problems"));
        assertThat(TestSupport.as(TestSupport.admin(), () -> debtors.get(d.id()))
                        .status())
                .isEqualTo(DebtorStatus.ON_HOLD);
    }

    @Test
    void theEditFormKeepsTheContactsAndSaves() throws Exception {
        var actor = TestSupport.staff(Role.ACCOUNT_MANAGER);
        Debtor d = fixtures.debtor();
        Html edit = page("/staff/debtors/" + d.id() + "/edit", actor);
        assertThat(edit.value("contact0Email")).isEqualTo(d.contacts().get(0).email());
        assertThat(edit.tag("contact0Primary")).contains("checked");
        assertThat(edit.tag("contact1Primary")).doesNotContain("checked");
        mvc.perform(post("/staff/debtors/" + d.id())
                        .with(SignedIn.as(actor))
                        .with(csrf())
                        .param("name", d.name())
                        .param("street", d.address().street())
                        .param("city", "Naperville")
                        .param("country", "US")
                        .param("timeZone", "America/Chicago")
                        .param("creditLimit", "300000.00")
                        .param("currency", "USD")
                        .param("contacts[0].name", "AP Team")
                        .param("contacts[0].email", d.contacts().get(0).email())
                        .param("primaryContact", "0")
                        .param("version", String.valueOf(d.version())))
                .andExpect(status().is3xxRedirection());
        Debtor after = TestSupport.as(TestSupport.admin(), () -> debtors.get(d.id()));
        assertThat(after.address().city()).isEqualTo("Naperville");
        assertThat(after.creditLimit().amount()).isEqualByComparingTo("300000.00");
    }

    @Test
    void clientUsersCannotOpenTheStaffDebtorPages() throws Exception {
        var client = fixtures.activeClient();
        mvc.perform(get("/staff/debtors")
                        .with(SignedIn.as(TestSupport.clientUser(client.id().value()))))
                .andExpect(status().isForbidden());
    }

    @Test
    void anUnknownDebtorIsNotFound() throws Exception {
        mvc.perform(get("/staff/debtors/" + java.util.UUID.randomUUID())
                        .with(SignedIn.as(TestSupport.staff(Role.VERIFIER))))
                .andExpect(status().isNotFound());
    }
}
