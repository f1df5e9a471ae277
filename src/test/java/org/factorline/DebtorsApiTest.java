package org.factorline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.LocalDate;
import org.factorline.debtors.Debtor;
import org.factorline.debtors.Debtors;
import org.factorline.identity.AuditLog;
import org.factorline.identity.Role;
import org.factorline.support.FactorlineTest;
import org.factorline.support.TestSupport;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@FactorlineTest
class DebtorsApiTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    MockMvc mvc;

    @Autowired
    TestSupport.Fixtures fixtures;

    @Autowired
    Debtors debtors;

    @Autowired
    AuditLog audit;

    static String details(String name, String city) {
        return """
                {"name": "%s", "taxId": "36-1234567",
                 "address": {"street": "200 Wacker Dr", "city": "%s", "region": "IL", "postalCode": "60606", "country": "US"},
                 "timeZone": "America/Chicago",
                 "creditLimit": {"amount": "150000.00", "currency": "USD"},
                 "contacts": [{"name": "Accounts Payable", "email": "AP@example.com", "phone": "+1 312 555 0100", "primary": true},
                              {"name": "Controller", "email": "controller@example.com"}]}""".formatted(name, city);
    }

    JsonNode call(org.springframework.test.web.servlet.RequestBuilder request, int expectedStatus) throws Exception {
        String body = mvc.perform(request)
                .andExpect(status().is(expectedStatus))
                .andReturn()
                .getResponse()
                .getContentAsString();
        return JSON.readTree(body);
    }

    @Test
    void registersUpdatesAndChangesTheStatusOfADebtor() throws Exception {
        String token = fixtures.token(null, Role.ACCOUNT_MANAGER);
        String name = TestSupport.unique("Great Lakes Grocers") + " Inc.";
        JsonNode created = call(
                post("/api/v1/debtors")
                        .header("Authorization", "Bearer " + token)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(details(name, "Chicago")),
                201);
        String id = created.get("id").asString();
        assertThat(created.get("reference").asString()).matches("D-\\d{6}");
        assertThat(created.get("status").asString()).isEqualTo("ACTIVE");
        assertThat(created.get("creditLimit").get("amount").asString()).isEqualTo("150000.00");
        assertThat(created.get("contacts")).hasSize(2);
        assertThat(created.get("contacts").get(0).get("email").asString()).isEqualTo("ap@example.com");
        assertThat(created.get("contacts").get(0).get("primary").asBoolean()).isTrue();

        mvc.perform(get("/api/v1/debtors/" + id).header("Authorization", "Bearer " + token))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.name").value(name))
                .andExpect(jsonPath("$.timeZone").value("America/Chicago"));

        JsonNode updated = call(
                put("/api/v1/debtors/" + id)
                        .header("Authorization", "Bearer " + token)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"details\": " + details(name, "Evanston") + ", \"version\": 0}"),
                200);
        assertThat(updated.get("address").get("city").asString()).isEqualTo("Evanston");
        assertThat(updated.get("version").asInt()).isEqualTo(1);

        // A stale version is refused, never overwrites.
        mvc.perform(put("/api/v1/debtors/" + id)
                        .header("Authorization", "Bearer " + token)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"details\": " + details(name, "Skokie") + ", \"version\": 0}"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("resource.concurrent_modification"));

        mvc.perform(post("/api/v1/debtors/" + id + "/status")
                        .header("Authorization", "Bearer " + token)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"status\": \"ON_HOLD\", \"reason\": \"Slow payer, reviewing\", \"version\": 1}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("ON_HOLD"))
                .andExpect(jsonPath("$.version").value(2));

        mvc.perform(post("/api/v1/debtors/" + id + "/status")
                        .header("Authorization", "Bearer " + token)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"status\": \"ACTIVE\", \"reason\": \"\", \"version\": 2}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[?(@.field == 'reason')]").exists());

        var history =
                TestSupport.as(TestSupport.admin(), () -> audit.forEntity("debtor", java.util.UUID.fromString(id)));
        assertThat(history)
                .extracting(AuditLog.Entry::action)
                .containsExactly("debtor.registered", "debtor.updated", "debtor.status_changed");
        assertThat(history.get(2).reason()).isEqualTo("Slow payer, reviewing");
    }

    @Test
    void anIllegalStatusChangeNamesBothStates() throws Exception {
        String token = fixtures.token(null, Role.UNDERWRITER);
        Debtor d = fixtures.debtor();
        mvc.perform(post("/api/v1/debtors/" + d.id() + "/status")
                        .header("Authorization", "Bearer " + token)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"status\": \"INSOLVENT\", \"reason\": \"Chapter 7 filing\", \"version\": 0}"))
                .andExpect(status().isOk());
        mvc.perform(post("/api/v1/debtors/" + d.id() + "/status")
                        .header("Authorization", "Bearer " + token)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"status\": \"ACTIVE\", \"reason\": \"Paid up\", \"version\": 1}"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("debtor.illegal_transition"))
                .andExpect(jsonPath("$.detail").value(Matchers.containsString("INSOLVENT")))
                .andExpect(jsonPath("$.detail").value(Matchers.containsString("ACTIVE")));
        mvc.perform(post("/api/v1/debtors/" + d.id() + "/status")
                        .header("Authorization", "Bearer " + token)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"reason\": \"no status\", \"version\": 1}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[?(@.field == 'status')]").exists());
    }

    @Test
    void aSecondDebtorWithTheSameNameIsRefused() throws Exception {
        String token = fixtures.token(null, Role.ACCOUNT_MANAGER);
        String base = TestSupport.unique("Acme");
        Debtor first = fixtures.debtor(base.toUpperCase() + " Corp., Inc.");
        String again = base + " Corp";
        assertThat(Debtors.nameKey(again)).isEqualTo(Debtors.nameKey(first.name()));
        mvc.perform(post("/api/v1/debtors")
                        .header("Authorization", "Bearer " + token)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(details(again, "Chicago")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("request.invalid"))
                .andExpect(jsonPath("$.errors[0].field").value("name"))
                .andExpect(jsonPath("$.errors[0].value").value(again))
                .andExpect(jsonPath("$.errors[0].message").value(Matchers.containsString(first.reference())));

        // Renaming another debtor onto the same name is refused too.
        Debtor other = fixtures.debtor();
        mvc.perform(put("/api/v1/debtors/" + other.id())
                        .header("Authorization", "Bearer " + token)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"details\": " + details(again, "Chicago") + ", \"version\": 0}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[?(@.field == 'name')].value").value(again));
    }

    @Test
    void validationErrorsNameTheFieldAndTheValue() throws Exception {
        String token = fixtures.token(null, Role.ACCOUNT_MANAGER);
        mvc.perform(post("/api/v1/debtors")
                        .header("Authorization", "Bearer " + token)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"name": "", "address": {"street": "1 Main", "city": "Dallas", "country": "usa"},
                                 "timeZone": "Mars/Olympus", "creditLimit": {"amount": "-5.00", "currency": "USD"},
                                 "contacts": [{"name": "AP", "email": "not-an-email"}]}"""))
                .andExpect(status().isBadRequest())
                .andExpect(header().string("Content-Type", Matchers.startsWith("application/problem+json")))
                .andExpect(jsonPath("$.code").value("request.invalid"))
                .andExpect(jsonPath("$.errors[?(@.field == 'name')]").exists())
                .andExpect(jsonPath("$.errors[?(@.field == 'address.country')].value")
                        .value("usa"))
                .andExpect(jsonPath("$.errors[?(@.field == 'timeZone')].value").value("Mars/Olympus"))
                .andExpect(
                        jsonPath("$.errors[?(@.field == 'creditLimit')].value").value("USD -5.00"))
                .andExpect(jsonPath("$.errors[?(@.field == 'contacts[0].email')].value")
                        .value("not-an-email"));

        mvc.perform(put("/api/v1/debtors/" + fixtures.debtor().id())
                        .header("Authorization", "Bearer " + token)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"version\": 0}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("details"));
    }

    @Test
    void aClientUserSeesOnlyTheDebtorsItsClientSellsOnAndNeverTheOtherClients() throws Exception {
        var mine = fixtures.activeClient();
        var other = fixtures.activeClient();
        Debtor shared = fixtures.debtor();
        Debtor onlyOthers = fixtures.debtor();
        TestSupport.as(TestSupport.admin(), () -> {
            debtors.ensureRelationship(mine.id().value(), shared.id(), true, LocalDate.of(2026, 1, 5));
            debtors.ensureRelationship(other.id().value(), shared.id(), true, LocalDate.of(2025, 6, 1));
            debtors.ensureRelationship(other.id().value(), onlyOthers.id(), false, LocalDate.of(2025, 6, 1));
        });
        String client = fixtures.token(mine.id().value(), Role.CLIENT_ADMIN);
        String staff = fixtures.token(null, Role.VERIFIER);

        String list = mvc.perform(get("/api/v1/debtors?limit=200").header("Authorization", "Bearer " + client))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(list)
                .contains(shared.id().toString())
                .doesNotContain(onlyOthers.id().toString());

        mvc.perform(get("/api/v1/debtors/" + onlyOthers.id()).header("Authorization", "Bearer " + client))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("resource.not_found"));
        mvc.perform(get("/api/v1/debtors/" + onlyOthers.id() + "/relationships")
                        .header("Authorization", "Bearer " + client))
                .andExpect(status().isNotFound());

        String relationships = mvc.perform(get("/api/v1/debtors/" + shared.id() + "/relationships")
                        .header("Authorization", "Bearer " + client))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(1))
                .andExpect(jsonPath("$[0].clientId").value(mine.id().toString()))
                .andExpect(jsonPath("$[0].notificationState").value("NOT_NOTIFIED"))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(relationships).doesNotContain(other.id().toString());

        // Staff see both clients on the shared debtor.
        mvc.perform(get("/api/v1/debtors/" + shared.id() + "/relationships").header("Authorization", "Bearer " + staff))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(2))
                .andExpect(jsonPath("$[?(@.clientId == '%s')]", other.id().toString())
                        .exists());

        // A client user cannot register or change debtors.
        mvc.perform(post("/api/v1/debtors")
                        .header("Authorization", "Bearer " + client)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(details(TestSupport.unique("Sneaky"), "Chicago")))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("auth.forbidden"));
    }

    @Test
    void aClientUserCannotStartARelationshipForAnotherClient() {
        var mine = fixtures.activeClient();
        var other = fixtures.activeClient();
        Debtor d = fixtures.debtor();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TestSupport.as(
                        TestSupport.clientUser(mine.id().value()),
                        () -> debtors.ensureRelationship(other.id().value(), d.id(), true, LocalDate.of(2026, 1, 5))))
                .isInstanceOf(org.factorline.shared.FactorlineException.class)
                .hasMessageContaining("not found");
        boolean first = TestSupport.as(
                TestSupport.clientUser(mine.id().value()),
                () -> debtors.ensureRelationship(mine.id().value(), d.id(), true, LocalDate.of(2026, 1, 5)));
        boolean again = TestSupport.as(
                TestSupport.clientUser(mine.id().value()),
                () -> debtors.ensureRelationship(mine.id().value(), d.id(), true, LocalDate.of(2026, 1, 6)));
        assertThat(first).isTrue();
        assertThat(again).isFalse();
    }

    @Test
    void searchAndCursorPaging() throws Exception {
        String token = fixtures.token(null, Role.VERIFIER);
        String tag = TestSupport.unique("Pagetest");
        for (int i = 0; i < 3; i++) {
            fixtures.debtor(tag + " Buyer " + i);
        }
        JsonNode first = call(
                get("/api/v1/debtors").param("q", tag).param("limit", "2").header("Authorization", "Bearer " + token),
                200);
        assertThat(first.get("items")).hasSize(2);
        String cursor = first.get("nextCursor").asString();
        JsonNode second = call(
                get("/api/v1/debtors")
                        .param("q", tag)
                        .param("limit", "2")
                        .param("cursor", cursor)
                        .header("Authorization", "Bearer " + token),
                200);
        assertThat(second.get("items")).hasSize(1);
        assertThat(second.hasNonNull("nextCursor")).isFalse();
        mvc.perform(get("/api/v1/debtors").param("limit", "500").header("Authorization", "Bearer " + token))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("limit"));
    }
}
