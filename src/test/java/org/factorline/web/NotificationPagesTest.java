package org.factorline.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import org.factorline.clients.Client;
import org.factorline.identity.Actor;
import org.factorline.identity.Role;
import org.factorline.notifications.Notifications;
import org.factorline.notifications.WebhookDelivery;
import org.factorline.notifications.WebhookEndpoint;
import org.factorline.shared.MutableClock;
import org.factorline.support.FactorlineTest;
import org.factorline.support.Html;
import org.factorline.support.SignedIn;
import org.factorline.support.TestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * The portal's notifications page and the webhook API: a client admin adds an endpoint and sees its secret
 * once, tests it, switches digest sections; a plain client user reads but cannot change; and another
 * client's endpoints and deliveries are "not found" on every page and endpoint.
 */
@FactorlineTest
class NotificationPagesTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestSupport.Fixtures fixtures;

    @Autowired
    Notifications notifications;

    @Autowired
    MutableClock clock;

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient db;

    @AfterEach
    void resetClock() {
        clock.set(TestSupport.START);
    }

    private Html page(String url, Actor actor) throws Exception {
        Html html = Html.of(mvc.perform(get(url).with(SignedIn.as(actor)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString());
        assertThat(html.unlabelledControls())
                .as("unlabelled controls on " + url)
                .isEmpty();
        return html;
    }

    /** Another client's endpoint with one delivery (to an address nobody listens on). */
    private record Theirs(Client client, WebhookEndpoint endpoint, WebhookDelivery delivery) {}

    private Theirs theirs() {
        Client other = fixtures.activeClient();
        Actor admin = TestSupport.clientUser(other.id().value());
        WebhookEndpoint e = TestSupport.as(
                        admin,
                        () -> notifications.addEndpoint(
                                null, "http://127.0.0.1:9/their-secret-hook", List.of("contact.logged")))
                .endpoint();
        WebhookDelivery d = TestSupport.as(admin, () -> notifications.testSend(null, e.id()));
        return new Theirs(other, e, d);
    }

    @Test
    void aClientAdminAddsAnEndpointSeesTheSecretOnceAndSwitchesSections() throws Exception {
        Client mine = fixtures.activeClient();
        Actor me = TestSupport.clientUser(mine.id().value());
        MvcResult added = mvc.perform(post("/portal/notifications/webhooks")
                        .param("url", "http://127.0.0.1:9/erp-hook")
                        .param("eventTypes", "invoice.status_changed", "payment.applied")
                        .with(csrf())
                        .with(SignedIn.as(me)))
                .andExpect(status().is3xxRedirection())
                .andReturn();
        String secret = (String) added.getFlashMap().get("secret");
        assertThat(secret).startsWith("whsec_");
        WebhookEndpoint e =
                TestSupport.as(me, () -> notifications.endpoints(null)).get(0);
        assertThat(e.eventTypes()).hasSize(2);

        Html html = page("/portal/notifications", me);
        assertThat(html.text("endpoint-table"))
                .contains("http://127.0.0.1:9/erp-hook")
                .contains("invoice.status_changed")
                .contains(e.secretHint());
        assertThat(html.source()).doesNotContain(secret);

        mvc.perform(post("/portal/notifications/webhooks")
                        .param("url", "gopher://example.com/")
                        .param("eventTypes", "contact.logged")
                        .with(csrf())
                        .with(SignedIn.as(me)))
                .andExpect(status().is3xxRedirection())
                .andExpect(r -> assertThat(r.getFlashMap().get("problems").toString())
                        .contains("url")
                        .contains("gopher://example.com/"));

        mvc.perform(post("/portal/notifications/digest")
                        .param("funded", "true")
                        .param("planned", "true")
                        .with(csrf())
                        .with(SignedIn.as(me)))
                .andExpect(status().is3xxRedirection());
        var s = TestSupport.as(me, () -> notifications.settings(null));
        assertThat(List.of(s.funded(), s.paid(), s.disputes(), s.planned())).containsExactly(true, false, false, true);

        mvc.perform(post("/portal/notifications/webhooks/" + e.id() + "/test")
                        .with(csrf())
                        .with(SignedIn.as(me)))
                .andExpect(status().is3xxRedirection())
                .andExpect(
                        r -> assertThat(r.getFlashMap().get("flash").toString()).contains("not delivered"));
        assertThat(page("/portal/notifications", me).text("delivery-table")).contains("webhook.test");
    }

    @Test
    void aPlainClientUserReadsButCannotChange() throws Exception {
        Client mine = fixtures.activeClient();
        Actor user = new Actor(null, "plain-user", "Plain User", mine.id().value(), EnumSet.of(Role.CLIENT_USER));
        Html html = page("/portal/notifications", user);
        assertThat(html.source()).doesNotContain("id=\"endpoint-form\"");
        mvc.perform(post("/portal/notifications/webhooks")
                        .param("url", "https://example.com/hook")
                        .param("eventTypes", "contact.logged")
                        .with(csrf())
                        .with(SignedIn.as(user)))
                .andExpect(status().isForbidden());
        mvc.perform(post("/portal/notifications/digest").with(csrf()).with(SignedIn.as(user)))
                .andExpect(status().isForbidden());
    }

    @Test
    void anotherClientsEndpointsAndDeliveriesAreNotFoundOnPages() throws Exception {
        Theirs theirs = theirs();
        Client mine = fixtures.activeClient();
        Actor me = TestSupport.clientUser(mine.id().value());
        Html html = page("/portal/notifications", me);
        assertThat(html.source())
                .doesNotContain("their-secret-hook")
                .doesNotContain(theirs.endpoint().id().toString())
                .doesNotContain(theirs.delivery().id().toString());
        mvc.perform(get("/portal/notifications")
                        .param("endpoint", theirs.endpoint().id().toString())
                        .with(SignedIn.as(me)))
                .andExpect(status().isNotFound());
        for (String url : List.of(
                "/portal/notifications/webhooks/" + theirs.endpoint().id() + "/test",
                "/portal/notifications/webhooks/" + theirs.endpoint().id() + "/disable",
                "/portal/notifications/deliveries/" + theirs.delivery().id() + "/redeliver")) {
            mvc.perform(post(url).with(csrf()).with(SignedIn.as(me))).andExpect(status().isNotFound());
        }
        Actor them = TestSupport.clientUser(theirs.client().id().value());
        assertThat(TestSupport.as(
                                them,
                                () -> notifications.endpoint(
                                        null, theirs.endpoint().id()))
                        .enabled())
                .isTrue();
    }

    @Test
    void anotherClientsEndpointsAndDeliveriesAreNotFoundInTheApi() throws Exception {
        Theirs theirs = theirs();
        Client mine = fixtures.activeClient();
        String token = fixtures.token(mine.id().value(), Role.CLIENT_ADMIN);
        String auth = "Bearer " + token;

        String key = UUID.randomUUID().toString();
        String created = mvc.perform(post("/api/v1/webhooks")
                        .header("Authorization", auth)
                        .header("Idempotency-Key", key)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"url\":\"http://127.0.0.1:9/mine\",\"eventTypes\":[\"contact.logged\"]}"))
                .andExpect(status().isCreated())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(created).contains("\"secret\":\"whsec_").contains("/mine");
        // the secret is never kept for an Idempotency-Key replay
        assertThat(db.sql("select count(*) from idempotency_record where idem_key = ? and response_body is not null")
                        .param(key)
                        .query(Integer.class)
                        .single())
                .isZero();
        mvc.perform(post("/api/v1/webhooks")
                        .header("Authorization", auth)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"url\":\"http://127.0.0.1:9/x\",\"eventTypes\":[\"invoice.deleted\"]}"))
                .andExpect(status().isBadRequest())
                .andExpect(r -> assertThat(r.getResponse().getContentAsString())
                        .contains("eventTypes")
                        .contains("invoice.deleted"));

        String list = mvc.perform(get("/api/v1/webhooks").header("Authorization", auth))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(list)
                .contains("/mine")
                .contains("\"eventTypes\":[\"contact.logged\"]")
                .doesNotContain("their-secret-hook")
                .doesNotContain("secret\"");
        String deliveries = mvc.perform(get("/api/v1/webhooks/deliveries").header("Authorization", auth))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(deliveries).doesNotContain(theirs.delivery().id().toString());

        UUID theirClient = theirs.client().id().value();
        mvc.perform(get("/api/v1/webhooks")
                        .param("clientId", theirClient.toString())
                        .header("Authorization", auth))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/webhooks/deliveries")
                        .param("endpointId", theirs.endpoint().id().toString())
                        .header("Authorization", auth))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/webhooks/deliveries")
                        .param("clientId", theirClient.toString())
                        .header("Authorization", auth))
                .andExpect(status().isNotFound());
        for (String url : List.of(
                "/api/v1/webhooks/" + theirs.endpoint().id() + "/disable",
                "/api/v1/webhooks/" + theirs.endpoint().id() + "/test",
                "/api/v1/webhooks/deliveries/" + theirs.delivery().id() + "/redeliver")) {
            mvc.perform(post(url).header("Authorization", auth)).andExpect(status().isNotFound());
        }
        Actor them = TestSupport.clientUser(theirClient);
        assertThat(TestSupport.as(
                                them,
                                () -> notifications.endpoint(
                                        null, theirs.endpoint().id()))
                        .enabled())
                .isTrue();
    }

    @Test
    void staffReadAClientsEndpointsAndDeliveriesAndClientUsersCannot() throws Exception {
        Theirs theirs = theirs();
        UUID clientId = theirs.client().id().value();
        Actor manager = TestSupport.staff(Role.ACCOUNT_MANAGER);
        Html html = page("/staff/clients/" + clientId + "/notifications", manager);
        assertThat(html.text("endpoint-table")).contains("their-secret-hook").contains("contact.logged");
        assertThat(html.text("delivery-table"))
                .contains("webhook.test")
                .contains(theirs.delivery().eventId().toString());
        mvc.perform(get("/staff/clients/" + UUID.randomUUID() + "/notifications")
                        .with(SignedIn.as(manager)))
                .andExpect(status().isNotFound());
        mvc.perform(get("/staff/clients/" + clientId + "/notifications")
                        .with(SignedIn.as(TestSupport.clientUser(clientId))))
                .andExpect(status().isForbidden());
    }
}
