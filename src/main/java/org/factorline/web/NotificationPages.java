package org.factorline.web;

import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.factorline.identity.Actor;
import org.factorline.identity.CurrentActor;
import org.factorline.identity.Role;
import org.factorline.notifications.Notifications;
import org.factorline.notifications.WebhookDelivery;
import org.factorline.notifications.WebhookEndpoint;
import org.factorline.shared.ErrorCode;
import org.factorline.shared.FactorlineException;
import org.factorline.shared.FieldProblem;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The client's notifications in the portal: whether I receive the daily digest, which sections it carries,
 * the webhook endpoints (add, test, disable) and their delivery log. Everyone of the client reads it; only
 * its client admin changes the sections and the endpoints (the services decide).
 */
@Controller
class NotificationPages {

    private final Notifications notifications;
    private final org.factorline.clients.Clients clients;

    NotificationPages(Notifications notifications, org.factorline.clients.Clients clients) {
        this.notifications = notifications;
        this.clients = clients;
    }

    @GetMapping("/portal/notifications")
    String page(@RequestParam(required = false) UUID endpoint, Model model) {
        Actor actor = CurrentActor.get();
        List<WebhookEndpoint> endpoints = notifications.endpoints(null);
        List<WebhookDelivery> deliveries;
        try {
            deliveries = notifications.deliveries(null, endpoint, 100);
        } catch (FactorlineException e) {
            throw e.code() == ErrorCode.NOT_FOUND ? new ResponseStatusException(HttpStatus.NOT_FOUND) : e;
        }
        model.addAttribute("settings", notifications.settings(null));
        model.addAttribute("receives", notifications.receivesDigest());
        model.addAttribute("canReceive", actor.userId() != null);
        model.addAttribute("isAdmin", actor.hasAnyRole(Role.CLIENT_ADMIN));
        model.addAttribute("endpoints", endpoints);
        model.addAttribute(
                "endpointUrls",
                endpoints.stream().collect(Collectors.toMap(WebhookEndpoint::id, WebhookEndpoint::url)));
        model.addAttribute("deliveries", deliveries);
        model.addAttribute("endpointFilter", endpoint);
        model.addAttribute("eventTypes", Notifications.subscribable());
        return "portal/notifications";
    }

    /** The staff's read of one client's notifications: its digest sections, endpoints and deliveries. */
    @GetMapping("/staff/clients/{id}/notifications")
    String staff(@PathVariable UUID id, Model model) {
        org.factorline.clients.Client client = clients.find(new org.factorline.clients.ClientId(id))
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        List<WebhookEndpoint> endpoints = notifications.endpoints(id);
        model.addAttribute("client", client);
        model.addAttribute("settings", notifications.settings(id));
        model.addAttribute("endpoints", endpoints);
        model.addAttribute(
                "endpointUrls",
                endpoints.stream().collect(Collectors.toMap(WebhookEndpoint::id, WebhookEndpoint::url)));
        model.addAttribute("deliveries", notifications.deliveries(id, null, 100));
        return "staff/clients/notifications";
    }

    @PostMapping("/portal/notifications/me")
    String me(@RequestParam(defaultValue = "false") boolean receive, RedirectAttributes flash) {
        attempt(flash, () -> {
            notifications.receiveDigest(receive);
            return receive
                    ? "You will receive the daily summary by e-mail."
                    : "You will no longer receive the daily summary.";
        });
        return "redirect:/portal/notifications";
    }

    @PostMapping("/portal/notifications/digest")
    String digest(
            @RequestParam(defaultValue = "false") boolean funded,
            @RequestParam(defaultValue = "false") boolean paid,
            @RequestParam(defaultValue = "false") boolean disputes,
            @RequestParam(defaultValue = "false") boolean planned,
            RedirectAttributes flash) {
        attempt(flash, () -> {
            notifications.updateSettings(null, funded, paid, disputes, planned);
            return "The daily summary's sections are saved.";
        });
        return "redirect:/portal/notifications";
    }

    @PostMapping("/portal/notifications/webhooks")
    String add(
            @RequestParam(required = false) String url,
            @RequestParam(required = false) List<String> eventTypes,
            RedirectAttributes flash) {
        attempt(flash, () -> {
            WebhookEndpoint.Created created = notifications.addEndpoint(null, url, eventTypes);
            flash.addFlashAttribute("secret", created.secret());
            flash.addFlashAttribute("secretFor", created.endpoint().url());
            return "Endpoint added. Copy its signing secret now: it is not shown again.";
        });
        return "redirect:/portal/notifications";
    }

    @PostMapping("/portal/notifications/webhooks/{id}/test")
    String test(@PathVariable UUID id, RedirectAttributes flash) {
        attempt(flash, () -> {
            WebhookDelivery d = notifications.testSend(null, id);
            return d.status() == WebhookDelivery.Status.DELIVERED
                    ? "Test event delivered: your endpoint answered " + d.lastStatusCode() + "."
                    : "Test event not delivered: " + d.lastError() + ". It is retried as any other event.";
        });
        return "redirect:/portal/notifications";
    }

    @PostMapping("/portal/notifications/webhooks/{id}/disable")
    String disable(@PathVariable UUID id, RedirectAttributes flash) {
        attempt(flash, () -> {
            WebhookEndpoint e = notifications.disableEndpoint(null, id);
            return "Nothing more is sent to " + e.url() + ".";
        });
        return "redirect:/portal/notifications";
    }

    @PostMapping("/portal/notifications/deliveries/{id}/redeliver")
    String redeliver(@PathVariable UUID id, RedirectAttributes flash) {
        attempt(flash, () -> {
            WebhookDelivery d = notifications.redeliver(null, id);
            return "Event " + d.eventId() + " is queued again.";
        });
        return "redirect:/portal/notifications#deliveries";
    }

    /** Runs a change; its refusal goes on the page, except "not found", which is a 404. */
    private static void attempt(RedirectAttributes flash, java.util.function.Supplier<String> change) {
        try {
            flash.addFlashAttribute("flash", change.get());
        } catch (FactorlineException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                throw new ResponseStatusException(HttpStatus.NOT_FOUND);
            }
            flash.addFlashAttribute(
                    "problems",
                    e.problems().isEmpty() ? List.of(FieldProblem.of("", null, e.getMessage())) : e.problems());
        }
    }
}
