package org.factorline.web;

import java.nio.charset.StandardCharsets;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.factorline.clients.ClientId;
import org.factorline.clients.Clients;
import org.factorline.debtors.DebtorId;
import org.factorline.debtors.Debtors;
import org.factorline.outreach.ContactEntry;
import org.factorline.outreach.ContactRule;
import org.factorline.outreach.Outbox;
import org.factorline.outreach.OutboxMessage;
import org.factorline.outreach.Outreach;
import org.factorline.outreach.OutreachTask;
import org.factorline.outreach.PlanDecision;
import org.factorline.outreach.Planner;
import org.factorline.shared.FactorlineException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Debtor contact as staff see it: the outbox (captured or sent, with each message as the debtor got it),
 * the contact log, tasks for people and their outcomes, the planner's decisions with their reasons, and
 * the contact rules of each client–debtor pair.
 */
@Controller
@RequestMapping("/staff/outreach")
class OutreachPages {

    static final int LIMIT = 100;

    private final Outreach outreach;
    private final Planner planner;
    private final Outbox outbox;
    private final Clients clients;
    private final Debtors debtors;

    OutreachPages(Outreach outreach, Planner planner, Outbox outbox, Clients clients, Debtors debtors) {
        this.outreach = outreach;
        this.planner = planner;
        this.outbox = outbox;
        this.clients = clients;
        this.debtors = debtors;
    }

    /** Names for ids on a page, each looked up once. */
    final class Names {
        private final Map<UUID, String> clientNames = new HashMap<>();
        private final Map<UUID, String> debtorNames = new HashMap<>();

        public String client(UUID id) {
            return id == null
                    ? ""
                    : clientNames.computeIfAbsent(
                            id,
                            k -> clients.find(new ClientId(k))
                                    .map(c -> c.displayName())
                                    .orElse("?"));
        }

        public String debtor(UUID id) {
            return id == null
                    ? ""
                    : debtorNames.computeIfAbsent(
                            id,
                            k -> debtors.find(new DebtorId(k))
                                    .map(d -> d.name())
                                    .orElse("?"));
        }
    }

    @GetMapping
    String index(Model model) {
        model.addAttribute("counts", outbox.counts());
        model.addAttribute("sends", outbox.sends());
        model.addAttribute("tasks", outreach.tasks(null, null, true, LIMIT));
        model.addAttribute(
                "held",
                outreach.decisions(null, null, null, 40).stream()
                        .filter(d -> d.outcome() != PlanDecision.Outcome.PLANNED)
                        .toList());
        model.addAttribute("outcomes", Outreach.TaskOutcome.values());
        model.addAttribute("names", new Names());
        return "staff/outreach/index";
    }

    @PostMapping("/plan")
    String plan(RedirectAttributes flash) {
        org.factorline.identity.CurrentActor.get()
                .requireRole(org.factorline.identity.Role.ADMIN, org.factorline.identity.Role.ACCOUNT_MANAGER);
        Planner.Result r = planner.plan();
        Outbox.Delivery d = outbox.deliverDue();
        flash.addFlashAttribute(
                "flash",
                "Planned " + r.debtorMessages() + " message(s) to debtors and " + r.clientMessages() + " to clients, "
                        + r.tasks() + " task(s); " + r.delayed() + " held back by the contact policy. Outbox: "
                        + d.sent() + " sent, " + d.captured() + " captured, " + d.retried() + " to retry, "
                        + d.failed() + " failed."
                        + (r.failed() > 0
                                ? " Planning failed for " + r.failed() + " customer(s): see the tasks."
                                : ""));
        return "redirect:/staff/outreach";
    }

    @GetMapping("/outbox")
    String outbox(
            @RequestParam(required = false) OutboxMessage.Status status,
            @RequestParam(required = false) UUID client,
            @RequestParam(required = false) UUID debtor,
            Model model) {
        model.addAttribute("messages", outreach.messages(client, debtor, status, null, LIMIT));
        model.addAttribute("status", status);
        model.addAttribute("statuses", OutboxMessage.Status.values());
        model.addAttribute("sends", outbox.sends());
        model.addAttribute("names", new Names());
        return "staff/outreach/outbox";
    }

    @GetMapping("/outbox/{id}")
    String message(@PathVariable UUID id, Model model) {
        OutboxMessage m = outreach.message(id);
        model.addAttribute("m", m);
        model.addAttribute("names", new Names());
        model.addAttribute("log", outreach.contactLog(m.clientId(), m.debtorId(), null, null, null, 20));
        return "staff/outreach/message";
    }

    /** The message's HTML exactly as sent, in a sandbox: no scripts, no forms, nothing loaded. */
    @GetMapping("/outbox/{id}/html")
    ResponseEntity<String> html(@PathVariable UUID id) {
        OutboxMessage m = outreach.message(id);
        return ResponseEntity.ok()
                .header("Content-Security-Policy", "sandbox; default-src 'none'; style-src 'unsafe-inline'")
                .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .body(m.bodyHtml());
    }

    @GetMapping("/outbox/{id}/attachment")
    ResponseEntity<byte[]> attachment(@PathVariable UUID id) {
        OutboxMessage m = outreach.message(id);
        byte[] pdf = outreach.attachment(id)
                // a message without a letter: nothing to show, as for any id that names nothing
                .orElseThrow(() -> new org.springframework.web.server.ResponseStatusException(HttpStatus.NOT_FOUND));
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"" + m.attachmentName() + "\"")
                .contentType(MediaType.APPLICATION_PDF)
                .body(pdf);
    }

    @GetMapping("/log")
    String log(
            @RequestParam(required = false) UUID client,
            @RequestParam(required = false) UUID debtor,
            @RequestParam(required = false) UUID invoice,
            Model model) {
        List<ContactEntry> log = outreach.contactLog(client, debtor, invoice, null, null, LIMIT);
        model.addAttribute("log", log);
        model.addAttribute("client", client);
        model.addAttribute("debtor", debtor);
        model.addAttribute("invoice", invoice);
        model.addAttribute("names", new Names());
        return "staff/outreach/log";
    }

    @GetMapping("/decisions")
    String decisions(
            @RequestParam(required = false) PlanDecision.Outcome outcome,
            @RequestParam(required = false) UUID client,
            @RequestParam(required = false) UUID debtor,
            Model model) {
        model.addAttribute("decisions", outreach.decisions(client, debtor, outcome, LIMIT));
        model.addAttribute("outcome", outcome);
        model.addAttribute("outcomes", PlanDecision.Outcome.values());
        model.addAttribute("names", new Names());
        return "staff/outreach/decisions";
    }

    @PostMapping("/tasks/{id}")
    String complete(
            @PathVariable UUID id,
            @RequestParam(required = false) Outreach.TaskOutcome outcome,
            @RequestParam(required = false) String note,
            RedirectAttributes flash) {
        try {
            OutreachTask t = outreach.complete(id, outcome, note);
            flash.addFlashAttribute("flash", "Task closed (" + t.outcome() + "): " + t.title());
        } catch (FactorlineException e) {
            flash.addFlashAttribute("problems", e.problems());
            flash.addFlashAttribute("problemTitle", e.getMessage());
        }
        return "redirect:/staff/outreach";
    }

    @GetMapping("/pairs/{client}/{debtor}")
    String pair(@PathVariable UUID client, @PathVariable UUID debtor, Model model) {
        model.addAttribute("rule", outreach.rule(client, new DebtorId(debtor)));
        model.addAttribute("settings", outreach.settings(new ClientId(client)));
        model.addAttribute("clientId", client);
        model.addAttribute("debtorId", debtor);
        model.addAttribute("names", new Names());
        model.addAttribute("log", outreach.contactLog(client, debtor, null, null, null, LIMIT));
        model.addAttribute("decisions", outreach.decisions(client, debtor, null, 30));
        model.addAttribute("tasks", outreach.tasks(client, debtor, false, 30));
        model.addAttribute(
                "state",
                debtors.relationships(new DebtorId(debtor)).stream()
                        .filter(r -> r.clientId().equals(client))
                        .findFirst()
                        .map(r -> r.notificationState().name())
                        .orElse("?"));
        return "staff/outreach/pair";
    }

    @PostMapping("/pairs/{client}/{debtor}/rule")
    String saveRule(
            @PathVariable UUID client,
            @PathVariable UUID debtor,
            @RequestParam(required = false) Integer maxPerWeek,
            @RequestParam(required = false) Integer minDaysBetween,
            @RequestParam(defaultValue = "false") boolean emailAllowed,
            @RequestParam(defaultValue = "false") boolean phoneAllowed,
            @RequestParam(required = false) LocalTime quietBefore,
            @RequestParam(required = false) LocalTime quietAfter,
            @RequestParam(defaultValue = "false") boolean askBeforePastDue,
            @RequestParam(required = false) String note,
            RedirectAttributes flash) {
        try {
            outreach.saveRule(new ContactRule(
                    client,
                    new DebtorId(debtor),
                    maxPerWeek,
                    minDaysBetween,
                    emailAllowed,
                    phoneAllowed,
                    quietBefore,
                    quietAfter,
                    askBeforePastDue,
                    note,
                    null,
                    null));
            flash.addFlashAttribute("flash", "Contact rule saved; the planner follows it from its next run.");
        } catch (FactorlineException e) {
            flash.addFlashAttribute("problems", e.problems());
            flash.addFlashAttribute("problemTitle", e.getMessage());
        }
        return "redirect:/staff/outreach/pairs/" + client + "/" + debtor;
    }

    @GetMapping("/settings/{client}")
    String settings(@PathVariable UUID client, Model model) {
        model.addAttribute("clientId", client);
        model.addAttribute("effective", outreach.settings(new ClientId(client)));
        model.addAttribute("o", outreach.overrides(new ClientId(client)));
        model.addAttribute("defaults", outreach.defaults());
        model.addAttribute("names", new Names());
        return "staff/outreach/settings";
    }

    @PostMapping("/settings/{client}")
    String saveSettings(
            @PathVariable UUID client,
            @RequestParam(required = false) Integer maxPerWeek,
            @RequestParam(required = false) Integer noticeReminderDays,
            @RequestParam(required = false) Integer verificationReminderDays,
            @RequestParam(required = false) Integer statusCheckDaysBefore,
            @RequestParam(required = false) Integer clientWindowDays,
            @RequestParam(required = false) Integer followUpSpacingDays,
            @RequestParam(required = false) Integer followUpMax,
            @RequestParam(required = false) Integer firstContactNoticeDays,
            RedirectAttributes flash) {
        try {
            outreach.saveSettings(
                    new ClientId(client),
                    new org.factorline.outreach.ContactSettings.Overrides(
                            maxPerWeek,
                            noticeReminderDays,
                            verificationReminderDays,
                            statusCheckDaysBefore,
                            clientWindowDays,
                            followUpSpacingDays,
                            followUpMax,
                            firstContactNoticeDays));
            flash.addFlashAttribute("flash", "Contact settings saved; the planner follows them from its next run.");
        } catch (FactorlineException e) {
            flash.addFlashAttribute("problems", e.problems());
            flash.addFlashAttribute("problemTitle", e.getMessage());
        }
        return "redirect:/staff/outreach/settings/" + client;
    }

    @PostMapping("/pairs/{client}/{debtor}/release")
    String release(
            @PathVariable UUID client,
            @PathVariable UUID debtor,
            @RequestParam(required = false) String reason,
            RedirectAttributes flash) {
        try {
            outreach.release(new ClientId(client), new DebtorId(debtor), reason);
            flash.addFlashAttribute(
                    "flash",
                    "Relationship released. No more contact about its invoices; the planner sends the letter.");
        } catch (FactorlineException e) {
            flash.addFlashAttribute("problems", e.problems());
            flash.addFlashAttribute("problemTitle", e.getMessage());
        }
        return "redirect:/staff/outreach/pairs/" + client + "/" + debtor;
    }
}
