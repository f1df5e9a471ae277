package org.factorline.notifications.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.factorline.notifications.DigestSettings;
import org.factorline.notifications.Notifications;
import org.factorline.notifications.WebhookDelivery;
import org.factorline.notifications.WebhookEndpoint;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(
        name = "Notifications",
        description = "Webhook endpoints of a client, their delivery log, and the sections of its daily digest")
class WebhookController {

    private final Notifications notifications;

    WebhookController(Notifications notifications) {
        this.notifications = notifications;
    }

    @GetMapping("/api/v1/webhooks")
    @Operation(
            summary = "The client's webhook endpoints (never their secrets). A client user gets its own client's;"
                    + " staff name the client with `clientId`.")
    List<WebhookEndpoint> endpoints(@RequestParam(required = false) UUID clientId) {
        return notifications.endpoints(clientId);
    }

    record NewEndpoint(UUID clientId, String url, List<String> eventTypes) {}

    @PostMapping("/api/v1/webhooks")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            summary = "Adds an endpoint for invoice.status_changed, payment.applied and/or contact.logged. The"
                    + " answer carries the signing secret; it is not shown again. Client admins (or admins and"
                    + " account managers, naming `clientId`).")
    WebhookEndpoint.Created add(@RequestBody NewEndpoint body, jakarta.servlet.http.HttpServletRequest request) {
        // The response carries the signing secret: it must not be kept for Idempotency-Key replays.
        request.setAttribute(org.factorline.shared.IdempotencyFilter.SECRET_RESPONSE, Boolean.TRUE);
        return notifications.addEndpoint(body.clientId(), body.url(), body.eventTypes());
    }

    @PostMapping("/api/v1/webhooks/{id}/disable")
    @Operation(summary = "Stops sending to the endpoint; events already queued for it are given up.")
    WebhookEndpoint disable(@PathVariable UUID id, @RequestParam(required = false) UUID clientId) {
        return notifications.disableEndpoint(clientId, id);
    }

    @PostMapping("/api/v1/webhooks/{id}/test")
    @Operation(summary = "Sends a signed webhook.test event now and answers how the delivery went.")
    WebhookDelivery test(@PathVariable UUID id, @RequestParam(required = false) UUID clientId) {
        return notifications.testSend(clientId, id);
    }

    @GetMapping("/api/v1/webhooks/deliveries")
    @Operation(
            summary = "The delivery log, newest first: event id and type, payload, status, attempts, next attempt,"
                    + " last response code or error. Optionally of one endpoint.")
    List<WebhookDelivery> deliveries(
            @RequestParam(required = false) UUID clientId,
            @RequestParam(required = false) UUID endpointId,
            @RequestParam(defaultValue = "50") int limit) {
        return notifications.deliveries(clientId, endpointId, limit);
    }

    @PostMapping("/api/v1/webhooks/deliveries/{id}/redeliver")
    @Operation(summary = "Queues a delivered or failed event again, with a fresh count of attempts.")
    WebhookDelivery redeliver(@PathVariable UUID id, @RequestParam(required = false) UUID clientId) {
        return notifications.redeliver(clientId, id);
    }

    @GetMapping("/api/v1/notifications/digest")
    @Operation(summary = "Which sections the client's daily digest carries.")
    DigestSettings digest(@RequestParam(required = false) UUID clientId) {
        return notifications.settings(clientId);
    }

    record DigestSections(UUID clientId, boolean funded, boolean paid, boolean disputes, boolean planned) {}

    @PutMapping("/api/v1/notifications/digest")
    @Operation(summary = "Switches the digest's sections on or off (client admins, admins, account managers).")
    DigestSettings setDigest(@RequestBody DigestSections body) {
        return notifications.updateSettings(
                body.clientId(), body.funded(), body.paid(), body.disputes(), body.planned());
    }
}
