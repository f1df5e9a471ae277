package org.factorline.notifications;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.factorline.notifications.internal.NotificationProperties;
import org.factorline.notifications.internal.NotificationRepository;
import org.factorline.notifications.internal.UrlGuard;
import org.factorline.shared.SecretBox;
import org.factorline.shared.UuidV7;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Webhook delivery in two steps, each safe to run on several instances at once. {@link #collect()} reads,
 * for every enabled endpoint and each kind it subscribed to, the facts recorded since the lookback before the
 * endpoint's cursor that have no delivery yet, and queues one delivery per fact (the fact's id is the event
 * id; an event is queued once per endpoint), moving the cursor in the same transaction; looking back catches
 * facts whose transaction committed after the cursor passed their time. {@link #deliverDue()} claims each
 * due delivery (PENDING → SENDING, one sender per attempt) and POSTs it signed; a 2xx answer delivers it,
 * anything else waits 1, 2, 4, 8 … minutes (capped) and is given up as FAILED after the configured number of
 * attempts. The promise is <em>at least once</em>: an attempt whose sender stopped is sent again, so
 * receivers drop event ids they have already seen.
 */
@Service
public class Webhooks {

    private static final Logger log = LoggerFactory.getLogger(Webhooks.class);
    static final Duration STUCK_AFTER = Duration.ofMinutes(5);
    static final int BATCH = 200;
    static final JsonMapper JSON = JsonMapper.builder().build();

    private final NotificationRepository repo;
    private final TransactionTemplate tx;
    private final SecretBox secrets;
    private final NotificationProperties props;
    private final UrlGuard guard;
    private final Clock clock;
    private final HttpClient http;

    public Webhooks(
            NotificationRepository repo,
            org.springframework.transaction.PlatformTransactionManager transactions,
            SecretBox secrets,
            NotificationProperties props,
            UrlGuard guard,
            Clock clock) {
        this.repo = repo;
        this.tx = new TransactionTemplate(transactions);
        this.secrets = secrets;
        this.props = props;
        this.guard = guard;
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .connectTimeout(props.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * Queues a delivery for every new fact each enabled endpoint subscribed to; the number queued. An endpoint
     * whose facts cannot be read is logged and left for the next run; the others are still served.
     */
    public int collect() {
        Instant until = clock.instant().minus(props.settle());
        int queued = 0;
        for (WebhookEndpoint e : repo.enabledEndpoints()) {
            for (EventType type : e.eventTypes()) {
                try {
                    int[] read;
                    do {
                        read = tx.execute(s -> collectBatch(e, type, until));
                        queued += read[1];
                    } while (read[0] == BATCH);
                } catch (RuntimeException ex) {
                    log.error("Webhooks: could not collect {} events for endpoint {}", type.wireName(), e.id(), ex);
                }
            }
        }
        if (queued > 0) {
            log.info("Webhooks: {} events queued", queued);
        }
        return queued;
    }

    /**
     * One batch under the endpoint's cursor lock: {facts read, deliveries queued}. A fact carries the time its
     * transaction started and may become visible long after the cursor passed that time, so the batch reads
     * from {@code lookback} behind the cursor (never before the endpoint existed) every fact not queued yet:
     * each batch queues all it reads, so the next one moves on, and an event queued once is never queued
     * (or sent) again.
     */
    private int[] collectBatch(WebhookEndpoint e, EventType type, Instant until) {
        Optional<NotificationRepository.Cursor> cursor = repo.lockCursor(e.id(), type.source());
        if (cursor.isEmpty()) {
            return new int[] {0, 0};
        }
        Instant from = cursor.get().at().minus(props.lookback());
        if (e.createdAt() != null && from.isBefore(e.createdAt())) {
            from = e.createdAt();
        }
        List<NotificationRepository.Fact> facts = repo.factsNotQueued(type, e.clientId(), e.id(), from, until, BATCH);
        if (facts.isEmpty()) {
            return new int[] {0, 0};
        }
        Instant now = clock.instant();
        List<NotificationRepository.NewDelivery> ds = new ArrayList<>();
        for (NotificationRepository.Fact f : facts) {
            ds.add(new NotificationRepository.NewDelivery(
                    UuidV7.next(clock),
                    e.id(),
                    e.clientId(),
                    f.id(),
                    type.wireName(),
                    payload(f.id(), type, f.at(), f.data()),
                    now));
        }
        int queued = repo.insertDeliveries(ds);
        NotificationRepository.Fact last = facts.get(facts.size() - 1);
        if (last.at().isAfter(cursor.get().at())) {
            repo.moveCursor(e.id(), type.source(), new NotificationRepository.Cursor(last.at(), last.id()));
        }
        return new int[] {facts.size(), queued};
    }

    static String payload(UUID eventId, EventType type, Instant at, Map<String, Object> data) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("id", eventId.toString());
        p.put("type", type.wireName());
        p.put("occurredAt", at.toString());
        p.put("data", data);
        return JSON.writeValueAsString(p);
    }

    public record Delivery(int delivered, int retried, int failed) {}

    /** Attempts every delivery whose time has come. */
    public Delivery deliverDue() {
        Instant now = clock.instant();
        int released = repo.releaseStuck(now.minus(STUCK_AFTER), now);
        if (released > 0) {
            log.warn("Webhooks: {} attempts whose sender stopped are queued again", released);
        }
        int delivered = 0, retried = 0, failed = 0;
        for (UUID id : repo.due(now, BATCH)) {
            WebhookDelivery.Status status;
            try {
                if (!repo.claim(id, clock.instant())) {
                    continue; // another sender has it
                }
                status = attempt(id);
            } catch (RuntimeException e) {
                // attempt() records its own failures; this is the database failing around it. The row stays
                // SENDING and is queued again after STUCK_AFTER; the next deliveries are still tried.
                log.error("Webhooks: delivery {} could not be attempted", id, e);
                status = WebhookDelivery.Status.PENDING;
            }
            switch (status) {
                case DELIVERED -> delivered++;
                case PENDING -> retried++;
                default -> failed++;
            }
        }
        if (delivered + retried + failed > 0) {
            log.info("Webhooks: {} delivered, {} to retry, {} failed", delivered, retried, failed);
        }
        return new Delivery(delivered, retried, failed);
    }

    /** Queues a test event to one endpoint and attempts it at once. */
    WebhookDelivery sendTest(WebhookEndpoint e) {
        Instant now = clock.instant();
        UUID eventId = UuidV7.next(clock);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("endpointId", e.id().toString());
        data.put("message", "A test event: your endpoint is reachable and can check the signature.");
        UUID id = UuidV7.next(clock);
        repo.insertDeliveries(List.of(new NotificationRepository.NewDelivery(
                id,
                e.id(),
                e.clientId(),
                eventId,
                EventType.TEST.wireName(),
                payload(eventId, EventType.TEST, now, data),
                now)));
        if (repo.claim(id, now)) {
            attempt(id);
        }
        return repo.delivery(id).orElseThrow();
    }

    /**
     * One claimed attempt; the delivery's status afterwards. Whatever goes wrong on our side (a secret that
     * cannot be opened, a bad stored URL) counts as a failed attempt with its pause, like a receiver's error,
     * so one bad delivery neither stays SENDING nor stops the others.
     */
    private WebhookDelivery.Status attempt(UUID id) {
        WebhookDelivery d = repo.delivery(id).orElseThrow();
        try {
            return send(d);
        } catch (RuntimeException e) {
            log.error("Webhooks: delivery {} to endpoint {} failed on our side", id, d.endpointId(), e);
            return failed(d, null, "not sent: " + internal(e));
        }
    }

    private WebhookDelivery.Status send(WebhookDelivery d) {
        UUID id = d.id();
        Optional<WebhookEndpoint> endpoint = repo.endpoint(d.clientId(), d.endpointId());
        if (endpoint.isEmpty() || !endpoint.get().enabled()) {
            repo.attemptFailed(id, null, "the endpoint is disabled", null);
            return WebhookDelivery.Status.FAILED;
        }
        String url = endpoint.get().url();
        Optional<String> refused = guard.refusal(url);
        if (refused.isPresent()) {
            return failed(d, null, "not sent: the URL " + refused.get());
        }
        byte[] body = d.payload().getBytes(StandardCharsets.UTF_8);
        String secret;
        try {
            secret = secrets.open(repo.sealedSecret(d.endpointId()));
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new SecretUnreadable(e);
        }
        long t = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(props.timeout())
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "Factorline-Webhooks/1")
                .header("Factorline-Signature", WebhookSignature.header(secret, t, body))
                .header("Factorline-Event-Id", d.eventId().toString())
                .header("Factorline-Event-Type", d.eventType())
                .header("Factorline-Delivery-Attempt", Integer.toString(d.attempts()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            int code = response.statusCode();
            if (code >= 200 && code < 300) {
                repo.delivered(id, code, clock.instant());
                return WebhookDelivery.Status.DELIVERED;
            }
            return failed(d, code, "the endpoint answered HTTP " + code);
        } catch (IOException e) {
            return failed(d, null, describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(d, null, "interrupted while sending");
        } catch (IllegalArgumentException e) {
            return failed(d, null, "not sent: " + e.getMessage());
        }
    }

    private WebhookDelivery.Status failed(WebhookDelivery d, Integer code, String why) {
        if (d.attempts() >= props.maxAttempts()) {
            repo.attemptFailed(d.id(), code, why + "; given up after " + d.attempts() + " attempts", null);
            return WebhookDelivery.Status.FAILED;
        }
        repo.attemptFailed(d.id(), code, why, clock.instant().plus(pauseAfter(d.attempts(), props.maxPause())));
        return WebhookDelivery.Status.PENDING;
    }

    /** 1, 2, 4, 8 … minutes after the first, second, third … failed attempt, never more than {@code max}. */
    static Duration pauseAfter(int attempts, Duration max) {
        Duration pause = Duration.ofMinutes(1L << Math.min(Math.max(attempts - 1, 0), 20));
        return pause.compareTo(max) > 0 ? max : pause;
    }

    /** The endpoint's stored signing secret could not be opened (another data key, or a damaged value). */
    private static final class SecretUnreadable extends RuntimeException {
        SecretUnreadable(Exception cause) {
            super(cause);
        }
    }

    /** An error of ours as the client may read it: what failed, not our internals. */
    static String internal(RuntimeException e) {
        if (e instanceof SecretUnreadable) {
            return "the endpoint's signing secret could not be opened";
        }
        return "an error on our side (" + e.getClass().getSimpleName() + ")";
    }

    static String describe(Exception e) {
        String what = e.getClass().getSimpleName();
        if (e instanceof java.net.http.HttpTimeoutException) {
            return "no answer in time (" + what + ")";
        }
        if (e instanceof java.net.ConnectException) {
            return "could not connect";
        }
        return e.getMessage() == null ? what : what + ": " + e.getMessage();
    }
}
