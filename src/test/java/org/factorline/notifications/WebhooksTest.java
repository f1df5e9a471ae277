package org.factorline.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.factorline.clients.Client;
import org.factorline.debtors.Debtor;
import org.factorline.identity.Actor;
import org.factorline.identity.Role;
import org.factorline.invoices.Invoice;
import org.factorline.notifications.internal.UrlGuard;
import org.factorline.outreach.Outreach;
import org.factorline.shared.FactorlineException;
import org.factorline.shared.Money;
import org.factorline.shared.MutableClock;
import org.factorline.support.FactorlineTest;
import org.factorline.support.TestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Webhooks against a real HTTP receiver: the signature verifies with the endpoint's secret and not with
 * another; a receiver that fails gets the same event again after 1, then 2 minutes; an event is sent once
 * however often the jobs run and however many senders race; kinds an endpoint did not subscribe to are
 * never sent; and URLs on private addresses are refused when the guard is on. The database is shared: each
 * test makes its own client, and only that client's endpoints receive its facts.
 */
@FactorlineTest
class WebhooksTest {

    static final Actor VERIFIER = TestSupport.staff(Role.VERIFIER);
    static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    TestSupport.Fixtures fixtures;

    @Autowired
    Notifications notifications;

    @Autowired
    Webhooks webhooks;

    @Autowired
    Outreach outreach;

    @Autowired
    MutableClock clock;

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @Autowired
    org.factorline.funding.Funding funding;

    @Autowired
    org.factorline.receipts.Receipts receipts;

    @AfterEach
    void resetClock() {
        clock.set(TestSupport.START);
    }

    private WebhookEndpoint.Created endpoint(Client client, String url, String... types) {
        return TestSupport.as(
                TestSupport.clientUser(client.id().value()),
                () -> notifications.addEndpoint(client.id().value(), url, List.of(types)));
    }

    private void logCall(Client client, Debtor debtor, String summary) {
        TestSupport.as(VERIFIER, () -> outreach.logCall(client.id().value(), debtor.id(), null, summary, null));
    }

    private List<WebhookDelivery> deliveries(Client client) {
        return TestSupport.as(
                TestSupport.clientUser(client.id().value()), () -> notifications.deliveries(null, null, 200));
    }

    /** Past the settling pause, so the facts just recorded are read. */
    private void settle() {
        clock.advance(Duration.ofMinutes(1));
    }

    @Test
    void eventsArriveSignedWithTheEndpointsSecret() throws Exception {
        Client client = fixtures.activeClient();
        Debtor debtor = fixtures.debtor();
        try (Receiver receiver = new Receiver()) {
            WebhookEndpoint.Created created = endpoint(client, receiver.url(), "invoice.status_changed");
            assertThat(created.secret()).startsWith("whsec_").hasSizeGreaterThan(40);
            assertThat(created.endpoint().secretHint())
                    .endsWith(created.secret().substring(created.secret().length() - 4));
            Invoice invoice = fixtures.readyToFund(client, debtor, Money.usd("1200.00"));
            settle();

            assertThat(webhooks.collect()).isGreaterThanOrEqualTo(2);
            webhooks.deliverDue();

            assertThat(receiver.requests).hasSizeGreaterThanOrEqualTo(2);
            long now = clock.instant().getEpochSecond();
            Set<String> toStatuses = new java.util.HashSet<>();
            for (Receiver.Request r : receiver.requests) {
                String signature = r.header("Factorline-Signature");
                assertThat(signature).matches("t=\\d+,v1=[0-9a-f]{64}");
                assertThat(WebhookSignature.verify(created.secret(), signature, r.body(), now, 300))
                        .isTrue();
                assertThat(WebhookSignature.verify("whsec_wrong", signature, r.body(), now, 300))
                        .isFalse();
                byte[] tampered = r.text().replace(invoice.number(), "X").getBytes();
                assertThat(WebhookSignature.verify(created.secret(), signature, tampered, now, 300))
                        .isFalse();
                assertThat(WebhookSignature.verify(created.secret(), signature, r.body(), now + 3600, 300))
                        .isFalse();
                assertThat(r.header("Factorline-Event-Type")).isEqualTo("invoice.status_changed");
                JsonNode body = JSON.readTree(r.body());
                assertThat(body.get("id").asString()).isEqualTo(r.header("Factorline-Event-Id"));
                assertThat(body.get("type").asString()).isEqualTo("invoice.status_changed");
                assertThat(body.get("data").get("invoiceNumber").asString()).isEqualTo(invoice.number());
                assertThat(body.get("data").get("faceAmount").get("amount").asString())
                        .isEqualTo("1200.00");
                toStatuses.add(body.get("data").get("toStatus").asString());
            }
            assertThat(toStatuses).contains("SUBMITTED", "APPROVED");
            assertThat(deliveries(client)).allSatisfy(d -> {
                assertThat(d.status()).isEqualTo(WebhookDelivery.Status.DELIVERED);
                assertThat(d.lastStatusCode()).isEqualTo(200);
                assertThat(d.attempts()).isEqualTo(1);
            });
        }
    }

    @Test
    void aFailingReceiverGetsTheEventAgainAfterOneThenTwoMinutes() throws Exception {
        Client client = fixtures.activeClient();
        Debtor debtor = fixtures.debtor();
        try (Receiver receiver = new Receiver(500, 500, 200)) {
            endpoint(client, receiver.url(), "contact.logged");
            logCall(client, debtor, "Called AP about the remit-to");
            settle();
            assertThat(webhooks.collect()).isGreaterThanOrEqualTo(1);
            Instant first = clock.instant();

            webhooks.deliverDue();
            WebhookDelivery d = deliveries(client).get(0);
            assertThat(d.status()).isEqualTo(WebhookDelivery.Status.PENDING);
            assertThat(d.attempts()).isEqualTo(1);
            assertThat(d.lastStatusCode()).isEqualTo(500);
            assertThat(d.nextAttemptAt()).isEqualTo(first.plus(Duration.ofMinutes(1)));

            clock.advance(Duration.ofSeconds(59));
            webhooks.deliverDue();
            assertThat(receiver.requests).hasSize(1);

            clock.advance(Duration.ofSeconds(1));
            webhooks.deliverDue();
            d = deliveries(client).get(0);
            assertThat(d.attempts()).isEqualTo(2);
            assertThat(d.status()).isEqualTo(WebhookDelivery.Status.PENDING);
            assertThat(d.nextAttemptAt()).isEqualTo(first.plus(Duration.ofMinutes(3)));

            clock.advance(Duration.ofMinutes(1));
            webhooks.deliverDue();
            assertThat(receiver.requests).hasSize(2);

            clock.advance(Duration.ofMinutes(1));
            webhooks.deliverDue();
            d = deliveries(client).get(0);
            assertThat(d.status()).isEqualTo(WebhookDelivery.Status.DELIVERED);
            assertThat(d.attempts()).isEqualTo(3);
            assertThat(d.lastStatusCode()).isEqualTo(200);
            assertThat(receiver.requests).hasSize(3);
            assertThat(receiver.requests.stream()
                            .map(r -> r.header("Factorline-Event-Id"))
                            .distinct())
                    .containsExactly(d.eventId().toString());
            assertThat(receiver.requests.stream().map(r -> r.header("Factorline-Delivery-Attempt")))
                    .containsExactly("1", "2", "3");
        }
    }

    @Test
    void aDeliveryIsGivenUpAfterTheLastAttemptAndCanBeSentAgain() throws Exception {
        Client client = fixtures.activeClient();
        Debtor debtor = fixtures.debtor();
        Integer[] failures = new Integer[8];
        java.util.Arrays.fill(failures, 503);
        try (Receiver receiver = new Receiver(failures)) {
            endpoint(client, receiver.url(), "contact.logged");
            logCall(client, debtor, "Left a voicemail");
            settle();
            webhooks.collect();
            List<Duration> pauses = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                webhooks.deliverDue();
                WebhookDelivery d = deliveries(client).get(0);
                if (d.status() == WebhookDelivery.Status.PENDING) {
                    pauses.add(Duration.between(clock.instant(), d.nextAttemptAt()));
                    clock.set(d.nextAttemptAt());
                }
            }
            assertThat(pauses).extracting(Duration::toMinutes).containsExactly(1L, 2L, 4L, 8L, 16L, 32L, 60L);
            WebhookDelivery failed = deliveries(client).get(0);
            assertThat(failed.status()).isEqualTo(WebhookDelivery.Status.FAILED);
            assertThat(failed.attempts()).isEqualTo(8);
            assertThat(failed.lastError()).contains("503").contains("given up");
            assertThat(receiver.requests).hasSize(8);

            WebhookDelivery again = TestSupport.as(
                    TestSupport.clientUser(client.id().value()), () -> notifications.redeliver(null, failed.id()));
            assertThat(again.status()).isEqualTo(WebhookDelivery.Status.PENDING);
            webhooks.deliverDue();
            assertThat(deliveries(client).get(0).status()).isEqualTo(WebhookDelivery.Status.DELIVERED);
            assertThat(receiver.requests).hasSize(9);
        }
    }

    @Test
    void anEventIsSentOnceWhenTheJobsRunTwiceAndSendersRace() throws Exception {
        Client client = fixtures.activeClient();
        Debtor debtor = fixtures.debtor();
        try (Receiver receiver = new Receiver()) {
            endpoint(client, receiver.url(), "contact.logged");
            for (int i = 0; i < 12; i++) {
                logCall(client, debtor, "Call " + i);
            }
            settle();
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                CyclicBarrier together = new CyclicBarrier(2);
                List<Future<Integer>> collected = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    collected.add(pool.submit(() -> {
                        together.await();
                        return webhooks.collect();
                    }));
                }
                int queued = 0;
                for (Future<Integer> f : collected) {
                    queued += f.get();
                }
                assertThat(webhooks.collect()).isZero();
                assertThat(deliveries(client)).hasSize(12);
                assertThat(queued).isGreaterThanOrEqualTo(12);

                List<Future<Webhooks.Delivery>> sent = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    sent.add(pool.submit(() -> {
                        together.await();
                        return webhooks.deliverDue();
                    }));
                }
                for (Future<Webhooks.Delivery> f : sent) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            webhooks.deliverDue();
            Map<String, Long> perEvent = receiver.requests.stream()
                    .collect(Collectors.groupingBy(r -> r.header("Factorline-Event-Id"), Collectors.counting()));
            assertThat(perEvent).hasSize(12).allSatisfy((id, n) -> assertThat(n).isEqualTo(1L));
            assertThat(deliveries(client))
                    .allSatisfy(d -> assertThat(d.attempts()).isEqualTo(1));
        }
    }

    @Test
    void aFactThatCommittedAfterTheCursorPassedItsTimeIsSentOnceAndOnlyOnce() throws Exception {
        Client client = fixtures.activeClient();
        Debtor debtor = fixtures.debtor();
        Instant t0 = clock.instant();
        try (Receiver receiver = new Receiver()) {
            endpoint(client, receiver.url(), "contact.logged");
            clock.set(t0.plusSeconds(40));
            logCall(client, debtor, "Recorded on time");
            clock.set(t0.plus(Duration.ofMinutes(2)));
            webhooks.collect();
            webhooks.deliverDue();
            assertThat(receiver.requests).hasSize(1);

            // a long transaction that started at t0 + 10 s commits now, behind the cursor (t0 + 40 s)
            clock.set(t0.plusSeconds(10));
            logCall(client, debtor, "Recorded late");
            for (int run = 0; run < 4; run++) {
                clock.set(t0.plus(Duration.ofMinutes(3 + run * 20L)));
                webhooks.collect();
                webhooks.deliverDue();
            }
            assertThat(receiver.requests.stream().map(Receiver.Request::text))
                    .filteredOn(b -> b.contains("Recorded late"))
                    .hasSize(1);
            assertThat(receiver.requests.stream().map(Receiver.Request::text))
                    .filteredOn(b -> b.contains("Recorded on time"))
                    .hasSize(1);
            assertThat(deliveries(client))
                    .hasSize(2)
                    .allSatisfy(d -> assertThat(d.status()).isEqualTo(WebhookDelivery.Status.DELIVERED));
        }
    }

    @Test
    void aDeliveryThatFailsOnOurSideIsRetriedLaterAndDoesNotHoldUpTheOthers() throws Exception {
        Client client = fixtures.activeClient();
        Debtor debtor = fixtures.debtor();
        try (Receiver broken = new Receiver();
                Receiver fine = new Receiver()) {
            UUID brokenId =
                    endpoint(client, broken.url(), "contact.logged").endpoint().id();
            endpoint(client, fine.url(), "contact.logged");
            // sealed with another data key, or damaged: it cannot be opened
            jdbc.sql("update webhook_endpoint set secret = ? where id = ?")
                    .params("v1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", brokenId)
                    .update();
            logCall(client, debtor, "Asked for the remittance advice");
            settle();
            webhooks.collect();
            Instant attempted = clock.instant();

            webhooks.deliverDue();

            assertThat(fine.requests).hasSize(1);
            assertThat(broken.requests).isEmpty();
            List<WebhookDelivery> ds = deliveries(client);
            assertThat(ds).hasSize(2);
            WebhookDelivery bad = ds.stream()
                    .filter(d -> d.endpointId().equals(brokenId))
                    .findFirst()
                    .orElseThrow();
            assertThat(bad.status()).isEqualTo(WebhookDelivery.Status.PENDING);
            assertThat(bad.attempts()).isEqualTo(1);
            assertThat(bad.lastError()).contains("secret could not be opened");
            assertThat(bad.nextAttemptAt()).isEqualTo(attempted.plus(Duration.ofMinutes(1)));
            assertThat(ds)
                    .filteredOn(d -> !d.endpointId().equals(brokenId))
                    .singleElement()
                    .satisfies(d -> assertThat(d.status()).isEqualTo(WebhookDelivery.Status.DELIVERED));
            // the next attempt finds the endpoint disabled and gives up (the database is shared)
            TestSupport.as(
                    TestSupport.clientUser(client.id().value()), () -> notifications.disableEndpoint(null, brokenId));
        }
    }

    @Test
    void kindsNotSubscribedAreNotSent() throws Exception {
        Client client = fixtures.activeClient();
        Debtor debtor = fixtures.debtor();
        try (Receiver contacts = new Receiver();
                Receiver invoices = new Receiver()) {
            endpoint(client, contacts.url(), "contact.logged");
            endpoint(client, invoices.url(), "invoice.status_changed");
            fixtures.readyToFund(client, debtor, Money.usd("300.00"));
            logCall(client, debtor, "Confirmed the invoice by phone");
            settle();
            webhooks.collect();
            webhooks.deliverDue();
            assertThat(contacts.requests)
                    .isNotEmpty()
                    .allSatisfy(
                            r -> assertThat(r.header("Factorline-Event-Type")).isEqualTo("contact.logged"));
            assertThat(invoices.requests)
                    .isNotEmpty()
                    .allSatisfy(
                            r -> assertThat(r.header("Factorline-Event-Type")).isEqualTo("invoice.status_changed"));
            // another client's facts reach none of them
            Client other = fixtures.activeClient();
            logCall(other, debtor, "Another client's call");
            settle();
            int before = contacts.requests.size();
            webhooks.collect();
            webhooks.deliverDue();
            assertThat(contacts.requests).hasSize(before);
        }
    }

    @Test
    void aPaymentAppliedIsSentWithTheAmountOfTheAllocation() throws Exception {
        Client client = fixtures.activeClient();
        Debtor debtor = fixtures.debtor();
        Actor officer = TestSupport.staff(Role.FUNDING_OFFICER);
        Invoice invoice = fixtures.readyToFund(client, debtor, Money.usd("4000.00"));
        TestSupport.as(officer, () -> {
            var r = funding.request(new org.factorline.funding.NewFundingRequest(
                    client.id().value(), List.of(invoice.id().value()), null, org.factorline.pricing.PayoutMethod.ACH));
            funding.approve(r.id());
        });
        try (Receiver receiver = new Receiver()) {
            endpoint(client, receiver.url(), "payment.applied");
            TestSupport.as(officer, () -> {
                var p = receipts.record(
                        new org.factorline.receipts.IncomingPayment(
                                java.time.LocalDate.now(clock),
                                Money.usd("1500.00"),
                                org.factorline.pricing.ReceiptKind.ELECTRONIC,
                                "Webhook Payer " + TestSupport.unique("WP"),
                                null,
                                null,
                                null,
                                null,
                                "test"),
                        null);
                receipts.apply(p.id(), invoice.id(), Money.usd("1500.00"));
            });
            settle();
            webhooks.collect();
            webhooks.deliverDue();
            assertThat(receiver.requests).hasSize(1);
            JsonNode body = JSON.readTree(receiver.requests.get(0).body());
            assertThat(body.get("type").asString()).isEqualTo("payment.applied");
            assertThat(body.get("data").get("invoiceNumber").asString()).isEqualTo(invoice.number());
            assertThat(body.get("data").get("amount").get("amount").asString()).isEqualTo("1500.00");
            assertThat(body.get("data").get("amount").get("currency").asString())
                    .isEqualTo("USD");
        }
    }

    @Test
    void theTestButtonSendsASignedPingAndAnswersHowItWent() throws Exception {
        Client client = fixtures.activeClient();
        try (Receiver receiver = new Receiver(404)) {
            WebhookEndpoint.Created created = endpoint(client, receiver.url(), "payment.applied");
            UUID id = created.endpoint().id();
            Actor admin = TestSupport.clientUser(client.id().value());
            WebhookDelivery first = TestSupport.as(admin, () -> notifications.testSend(null, id));
            assertThat(first.status()).isEqualTo(WebhookDelivery.Status.PENDING);
            assertThat(first.lastStatusCode()).isEqualTo(404);
            WebhookDelivery second = TestSupport.as(admin, () -> notifications.testSend(null, id));
            assertThat(second.status()).isEqualTo(WebhookDelivery.Status.DELIVERED);
            Receiver.Request r = receiver.requests.get(1);
            assertThat(r.header("Factorline-Event-Type")).isEqualTo("webhook.test");
            assertThat(WebhookSignature.verify(
                            created.secret(),
                            r.header("Factorline-Signature"),
                            r.body(),
                            clock.instant().getEpochSecond(),
                            300))
                    .isTrue();

            TestSupport.as(admin, () -> notifications.disableEndpoint(null, id));
            assertThatThrownBy(() -> TestSupport.as(admin, () -> notifications.testSend(null, id)))
                    .isInstanceOf(FactorlineException.class)
                    .hasMessageContaining("disabled");
        }
    }

    @Test
    void aRefusalNamesTheHostButNeverTheAddressItResolvedTo() {
        UrlGuard guard = new UrlGuard(false);
        assertThat(guard.refusal("https://[::1]/hook"))
                .get()
                .asString()
                .contains("[::1]")
                .contains("private or local")
                .doesNotContain("0:0:0:0:0:0:0:1");
        assertThat(guard.refusal("https://[fd00::1]/hook"))
                .get()
                .asString()
                .contains("[fd00::1]")
                .doesNotContain("fd00:0:0:0:0:0:0:1");
        assertThat(guard.refusal("https://[::ffff:a00:1]/hook"))
                .get()
                .asString()
                .doesNotContain("10.0.0.1");
    }

    @Test
    void plainHttpIsRefusedUnlessPrivateAddressesAreAllowed() {
        assertThat(new UrlGuard(false).refusal("http://93.184.216.34/hook"))
                .get()
                .asString()
                .contains("https://")
                .doesNotContain("http://)");
        assertThat(new UrlGuard(false).refusal("https://93.184.216.34/hook")).isEmpty();
        assertThat(new UrlGuard(true).refusal("http://93.184.216.34/hook")).isEmpty();
        assertThat(new UrlGuard(true).refusal("ftp://93.184.216.34/hook")).isPresent();
    }

    @Test
    void privateAndLocalAddressesAreRefusedUnlessAllowed() {
        UrlGuard guard = new UrlGuard(false);
        assertThat(guard.refusal("http://127.0.0.1:8080/hook")).isPresent();
        assertThat(guard.refusal("http://localhost/hook")).isPresent();
        assertThat(guard.refusal("https://10.1.2.3/hook")).isPresent();
        assertThat(guard.refusal("https://192.168.0.10/hook")).isPresent();
        assertThat(guard.refusal("https://172.16.5.4/hook")).isPresent();
        assertThat(guard.refusal("https://169.254.169.254/latest/meta-data")).isPresent();
        assertThat(guard.refusal("https://100.64.0.1/hook")).isPresent();
        assertThat(guard.refusal("https://[::1]/hook")).isPresent();
        assertThat(guard.refusal("https://[fd00::1]/hook")).isPresent();
        assertThat(guard.refusal("https://[::ffff:10.0.0.1]/hook")).isPresent();
        assertThat(guard.refusal("https://0.0.0.0/hook")).isPresent();
        assertThat(guard.refusal("ftp://93.184.216.34/hook")).get().asString().contains("https://");
        assertThat(guard.refusal("https://user:pw@93.184.216.34/hook")).isPresent();
        assertThat(guard.refusal("https://93.184.216.34/hook")).isEmpty();
        assertThat(new UrlGuard(true).refusal("http://127.0.0.1:8080/hook")).isEmpty();

        Client client = fixtures.activeClient();
        assertThatThrownBy(() -> endpoint(client, "ftp://example.com/x", "contact.logged"))
                .isInstanceOfSatisfying(
                        FactorlineException.class,
                        e -> assertThat(e.problems())
                                .anySatisfy(p -> assertThat(p.field()).isEqualTo("url")));
        assertThatThrownBy(() -> endpoint(client, "https://example.com/x", "invoice.paid"))
                .isInstanceOfSatisfying(
                        FactorlineException.class,
                        e -> assertThat(e.problems()).anySatisfy(p -> {
                            assertThat(p.field()).isEqualTo("eventTypes");
                            assertThat(String.valueOf(p.value())).isEqualTo("invoice.paid");
                        }));
    }
}
