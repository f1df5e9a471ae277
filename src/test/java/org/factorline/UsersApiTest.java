package org.factorline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.UUID;
import org.factorline.identity.Role;
import org.factorline.identity.UserAccounts;
import org.factorline.support.FactorlineTest;
import org.factorline.support.Html;
import org.factorline.support.SignedIn;
import org.factorline.support.TestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

@FactorlineTest
class UsersApiTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestSupport.Fixtures fixtures;

    @Autowired
    UserAccounts users;

    static String newUser(String username, UUID clientId, String role) {
        return """
                {"username": "%s", "displayName": "New Person", "email": "new.person@example.com",
                 "password": "a-long-enough-password", "clientId": %s, "roles": ["%s"]}""".formatted(username, clientId == null ? "null" : "\"" + clientId + "\"", role);
    }

    org.springframework.test.web.servlet.ResultActions create(String token, String body) throws Exception {
        return mvc.perform(post("/api/v1/users")
                .header("Authorization", "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON)
                .content(body));
    }

    @Test
    void onlyAdministratorsListUsersAndCreateStaffUsers() throws Exception {
        String admin = fixtures.token(null, Role.ADMIN);
        String manager = fixtures.token(null, Role.ACCOUNT_MANAGER);
        String username = TestSupport.unique("fiona");

        create(admin, newUser(username, null, "FUNDING_OFFICER"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.username").value(username))
                .andExpect(jsonPath("$.roles[0]").value("FUNDING_OFFICER"))
                .andExpect(jsonPath("$.password").doesNotExist());
        mvc.perform(get("/api/v1/users").param("q", username).header("Authorization", "Bearer " + admin))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items.length()").value(1))
                .andExpect(jsonPath("$.items[0].username").value(username));

        mvc.perform(get("/api/v1/users").header("Authorization", "Bearer " + manager))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("auth.forbidden"));
        create(manager, newUser(TestSupport.unique("sneaky"), null, "ADMIN"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("auth.forbidden"));
    }

    @Test
    void accountManagersCreateClientUsersForAnExistingClient() throws Exception {
        var client = fixtures.activeClient();
        String manager = fixtures.token(null, Role.ACCOUNT_MANAGER);
        create(manager, newUser(TestSupport.unique("bookkeeper"), client.id().value(), "CLIENT_ADMIN"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.clientId").value(client.id().toString()));
        UUID nowhere = UUID.randomUUID();
        create(manager, newUser(TestSupport.unique("ghost"), nowhere, "CLIENT_USER"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[?(@.field == 'clientId')].value").value(nowhere.toString()));
        // Staff roles never go to a client user, and validation names every field at fault.
        create(manager, """
                        {"username": "x", "displayName": "", "email": "nope", "password": "short",
                         "clientId": "%s", "roles": ["ADMIN"]}""".formatted(client.id()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[?(@.field == 'username')].value").value("x"))
                .andExpect(jsonPath("$.errors[?(@.field == 'email')].value").value("nope"))
                .andExpect(jsonPath("$.errors[?(@.field == 'password')]").exists())
                .andExpect(jsonPath("$.errors[?(@.field == 'clientId')]").exists());
    }

    @Test
    void aClientAdminCreatesPlainUsersOfItsOwnClientOnly() throws Exception {
        var mine = fixtures.activeClient();
        var other = fixtures.activeClient();
        String clientAdmin = fixtures.token(mine.id().value(), Role.CLIENT_ADMIN);
        String clientUser = fixtures.token(mine.id().value(), Role.CLIENT_USER);

        create(clientAdmin, newUser(TestSupport.unique("clerk"), mine.id().value(), "CLIENT_USER"))
                .andExpect(status().isCreated());
        create(clientAdmin, newUser(TestSupport.unique("clerk"), other.id().value(), "CLIENT_USER"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("resource.not_found"));
        create(clientAdmin, newUser(TestSupport.unique("boss"), mine.id().value(), "CLIENT_ADMIN"))
                .andExpect(status().isForbidden());
        create(clientAdmin, newUser(TestSupport.unique("staff"), null, "VERIFIER"))
                .andExpect(status().isForbidden());
        create(clientUser, newUser(TestSupport.unique("clerk"), mine.id().value(), "CLIENT_USER"))
                .andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/users").header("Authorization", "Bearer " + clientAdmin))
                .andExpect(status().isForbidden());
    }

    @Test
    void theUsersPageListsAndCreatesUsersForAdministratorsOnly() throws Exception {
        var client = fixtures.activeClient();
        var admin = SignedIn.as(TestSupport.admin());
        String username = TestSupport.unique("ray");
        mvc.perform(post("/staff/users")
                        .with(admin)
                        .with(csrf())
                        .param("username", username)
                        .param("displayName", "Ray Alvarez")
                        .param("email", "ray@example.com")
                        .param("password", "a-long-enough-password")
                        .param("clientId", client.id().toString())
                        .param("roles", "CLIENT_ADMIN"))
                .andExpect(status().is3xxRedirection());
        Html page = Html.of(mvc.perform(get("/staff/users").param("q", username).with(admin))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString());
        assertThat(page.text("users")).contains(username, "Ray Alvarez", "CLIENT_ADMIN", client.displayName());
        assertThat(page.unlabelledControls()).isEmpty();

        Html refused = Html.of(mvc.perform(post("/staff/users")
                        .with(admin)
                        .with(csrf())
                        .param("username", username)
                        .param("displayName", "Again")
                        .param("email", "ray@example.com")
                        .param("password", "a-long-enough-password")
                        .param("roles", "VERIFIER"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString());
        assertThat(refused.text()).contains("username", username, "already taken");

        mvc.perform(get("/staff/users").with(SignedIn.as(TestSupport.staff(Role.ACCOUNT_MANAGER))))
                .andExpect(status().isForbidden());
    }
}
