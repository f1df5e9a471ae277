package org.factorline.notifications;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.factorline.identity.Actor;
import org.factorline.identity.AuditLog;
import org.factorline.identity.CurrentActor;
import org.factorline.identity.Role;
import org.factorline.notifications.internal.NotificationRepository;
import org.factorline.notifications.internal.UrlGuard;
import org.factorline.shared.FactorlineException;
import org.factorline.shared.SecretBox;
import org.factorline.shared.UuidV7;
import org.factorline.shared.Validation;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A client's notification settings: which digest sections it wants and who receives the digest, its
 * webhook endpoints and their delivery log. A client user reads its own client's; its client admin changes
 * them (as may the factor's admins and account managers for any client). Another client's endpoint or
 * delivery is "not found", never "forbidden".
 */
@Service
public class Notifications {

    public static final int MAX_ENDPOINTS = 10;
    public static final int MAX_PAGE = 200;
    static final Role[] STAFF_WRITERS = {Role.ADMIN, Role.ACCOUNT_MANAGER};
    private static final SecureRandom RANDOM = new SecureRandom();

    private final NotificationRepository repo;
    private final Webhooks webhooks;
    private final UrlGuard guard;
    private final SecretBox secrets;
    private final AuditLog audit;
    private final Clock clock;

    public Notifications(
            NotificationRepository repo,
            Webhooks webhooks,
            UrlGuard guard,
            SecretBox secrets,
            AuditLog audit,
            Clock clock) {
        this.repo = repo;
        this.webhooks = webhooks;
        this.guard = guard;
        this.secrets = secrets;
        this.audit = audit;
        this.clock = clock;
    }

    // ---- digest ----

    public DigestSettings settings(UUID clientId) {
        UUID client = readable(clientId);
        return repo.settings(client).orElse(DigestSettings.defaults(client));
    }

    @Transactional
    public DigestSettings updateSettings(
            UUID clientId, boolean funded, boolean paid, boolean disputes, boolean planned) {
        UUID client = writable(clientId);
        DigestSettings before = repo.settings(client).orElse(DigestSettings.defaults(client));
        DigestSettings after = new DigestSettings(
                client,
                funded,
                paid,
                disputes,
                planned,
                clock.instant(),
                CurrentActor.get().username());
        repo.saveSettings(after);
        audit.record(
                "notifications.digest_changed",
                "client",
                client,
                client,
                "Digest sections: " + (after.anyEnabled() ? sections(after) : "none"),
                before,
                after);
        return after;
    }

    private static String sections(DigestSettings s) {
        List<String> on = new java.util.ArrayList<>();
        if (s.funded()) on.add("funded");
        if (s.paid()) on.add("paid");
        if (s.disputes()) on.add("disputes");
        if (s.planned()) on.add("contacts planned");
        return String.join(", ", on);
    }

    /** Whether the signed-in client user receives the digest. */
    public boolean receivesDigest() {
        Actor actor = CurrentActor.get();
        return actor.isClientUser()
                && actor.userId() != null
                && repo.recipients(actor.clientId()).contains(actor.userId());
    }

    /** The signed-in client user asks for the digest, or stops it: each person decides for themselves. */
    @Transactional
    public void receiveDigest(boolean wanted) {
        Actor actor = CurrentActor.get();
        if (!actor.isClientUser() || actor.userId() == null) {
            throw FactorlineException.invalid("user", actor.username(), "only a client's people receive its digest");
        }
        repo.setRecipient(actor.userId(), actor.clientId(), wanted, clock.instant());
        audit.record(
                wanted ? "notifications.digest_subscribed" : "notifications.digest_unsubscribed",
                "user",
                actor.userId(),
                actor.clientId(),
                actor.username() + (wanted ? " receives" : " no longer receives") + " the daily digest",
                null,
                null);
    }

    // ---- webhooks ----

    public List<WebhookEndpoint> endpoints(UUID clientId) {
        return repo.endpoints(readable(clientId));
    }

    public WebhookEndpoint endpoint(UUID clientId, UUID id) {
        return repo.endpoint(readable(clientId), id).orElseThrow(() -> FactorlineException.notFound("webhook", id));
    }

    /** Adds an endpoint; the secret is in the answer and never shown again. */
    @Transactional
    public WebhookEndpoint.Created addEndpoint(UUID clientId, String url, Collection<String> eventTypes) {
        UUID client = writable(clientId);
        Validation v = new Validation();
        guard.refusal(url).ifPresent(why -> v.require(false, "url", url, why));
        Set<EventType> types = EnumSet.noneOf(EventType.class);
        if (eventTypes == null || eventTypes.isEmpty()) {
            v.require(false, "eventTypes", null, "choose at least one of " + subscribable());
        } else {
            for (String t : eventTypes) {
                EventType type =
                        EventType.ofWireName(t).filter(EventType::subscribable).orElse(null);
                v.require(type != null, "eventTypes", t, "is not one of " + subscribable());
                if (type != null) {
                    types.add(type);
                }
            }
        }
        long live =
                repo.endpoints(client).stream().filter(WebhookEndpoint::enabled).count();
        v.require(
                live < MAX_ENDPOINTS, "url", url, "a client may have at most " + MAX_ENDPOINTS + " enabled endpoints");
        v.throwIfAny();
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String secret = "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        Instant now = clock.instant();
        WebhookEndpoint e = new WebhookEndpoint(
                UuidV7.next(clock),
                client,
                url.strip(),
                "whsec_…" + secret.substring(secret.length() - 4),
                types,
                true,
                now,
                CurrentActor.get().username(),
                null);
        repo.insertEndpoint(e, secrets.seal(secret));
        audit.record(
                "webhook.created",
                "webhook",
                e.id(),
                client,
                "Webhook to " + e.url() + " for "
                        + String.join(
                                ", ", types.stream().map(EventType::wireName).toList()),
                null,
                e);
        return new WebhookEndpoint.Created(e, secret);
    }

    @Transactional
    public WebhookEndpoint disableEndpoint(UUID clientId, UUID id) {
        UUID client = writable(clientId);
        WebhookEndpoint before =
                repo.endpoint(client, id).orElseThrow(() -> FactorlineException.notFound("webhook", id));
        repo.disableEndpoint(client, id, clock.instant());
        WebhookEndpoint after = repo.endpoint(client, id).orElseThrow();
        audit.record(
                "webhook.disabled", "webhook", id, client, "Webhook to " + after.url() + " disabled", before, after);
        return after;
    }

    /** Sends a test event to the endpoint now and answers how it went. */
    public WebhookDelivery testSend(UUID clientId, UUID id) {
        UUID client = writable(clientId);
        WebhookEndpoint e = repo.endpoint(client, id).orElseThrow(() -> FactorlineException.notFound("webhook", id));
        if (!e.enabled()) {
            throw FactorlineException.invalid("id", id, "the endpoint is disabled");
        }
        return webhooks.sendTest(e);
    }

    /** The client's deliveries, newest first, optionally of one of its endpoints. */
    public List<WebhookDelivery> deliveries(UUID clientId, UUID endpointId, int limit) {
        UUID client = readable(clientId);
        if (endpointId != null && repo.endpoint(client, endpointId).isEmpty()) {
            throw FactorlineException.notFound("webhook", endpointId);
        }
        return repo.deliveries(client, endpointId, Math.min(Math.max(limit, 1), MAX_PAGE));
    }

    public WebhookDelivery delivery(UUID clientId, UUID id) {
        return repo.delivery(readable(clientId), id).orElseThrow(() -> FactorlineException.notFound("delivery", id));
    }

    /** Sends a delivered or failed event again, from now, with a fresh count of attempts. */
    @Transactional
    public WebhookDelivery redeliver(UUID clientId, UUID id) {
        UUID client = writable(clientId);
        WebhookDelivery d = repo.delivery(client, id).orElseThrow(() -> FactorlineException.notFound("delivery", id));
        if (repo.endpoint(client, d.endpointId())
                .filter(WebhookEndpoint::enabled)
                .isEmpty()) {
            throw FactorlineException.invalid(
                    "id", id, "its endpoint is disabled; add the endpoint again to receive events");
        }
        if (!repo.redeliver(client, id, clock.instant())) {
            throw FactorlineException.invalid("id", id, "the delivery is " + d.status() + "; it is already on its way");
        }
        audit.record(
                "webhook.redelivered",
                "webhook",
                d.endpointId(),
                client,
                "Event " + d.eventId() + " (" + d.eventType() + ") queued again",
                null,
                null);
        return repo.delivery(id).orElseThrow();
    }

    public static List<String> subscribable() {
        return java.util.Arrays.stream(EventType.values())
                .filter(EventType::subscribable)
                .map(EventType::wireName)
                .toList();
    }

    // ---- who may ----

    /** The client the actor reads: its own for a client user, the named one for staff. */
    private static UUID readable(UUID clientId) {
        Actor actor = CurrentActor.get();
        if (actor.isClientUser()) {
            if (clientId != null) {
                actor.requireClient(clientId);
            }
            return actor.clientId();
        }
        actor.requireStaff();
        if (clientId == null) {
            throw FactorlineException.invalid("clientId", null, "name the client");
        }
        return clientId;
    }

    private static UUID writable(UUID clientId) {
        UUID client = readable(clientId);
        Actor actor = CurrentActor.get();
        actor.requireRole(actor.isClientUser() ? new Role[] {Role.CLIENT_ADMIN} : STAFF_WRITERS);
        return client;
    }
}
