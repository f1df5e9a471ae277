package org.factorline.outreach.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;
import org.factorline.clients.ClientId;
import org.factorline.debtors.DebtorId;
import org.factorline.identity.CurrentActor;
import org.factorline.identity.Role;
import org.factorline.invoices.InvoiceId;
import org.factorline.outreach.ContactEntry;
import org.factorline.outreach.ContactRule;
import org.factorline.outreach.Outbox;
import org.factorline.outreach.OutboxMessage;
import org.factorline.outreach.Outreach;
import org.factorline.outreach.OutreachTask;
import org.factorline.outreach.PlanDecision;
import org.factorline.outreach.Planner;
import org.factorline.shared.FactorlineException;
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
        name = "Debtor contact",
        description = "The contact log, tasks, the planner's decisions, the outbox and contact rules per customer")
class OutreachController {

    private final Outreach outreach;
    private final Planner planner;
    private final Outbox outbox;

    OutreachController(Outreach outreach, Planner planner, Outbox outbox) {
        this.outreach = outreach;
        this.planner = planner;
        this.outbox = outbox;
    }

    /** A page of the contact log with the cursor for the next (null when this is the last). */
    record LogPage(List<ContactEntry> items, String next) {}

    @GetMapping("/api/v1/contacts")
    @Operation(
            summary = "The contact log, newest first: every e-mail, letter, call, task and debtor answer, with its"
                    + " content. A client user gets its own client's lines only. Page with `cursor` from `next`.")
    LogPage contacts(
            @RequestParam(required = false) UUID clientId,
            @RequestParam(required = false) UUID debtorId,
            @RequestParam(required = false) UUID invoiceId,
            @RequestParam(required = false) String cursor,
            @RequestParam(defaultValue = "50") int limit) {
        Instant before = null;
        UUID beforeId = null;
        if (cursor != null && !cursor.isBlank()) {
            String[] p = cursor.split("~", 2);
            try {
                before = Instant.parse(p[0]);
                beforeId = UUID.fromString(p[1]);
            } catch (RuntimeException e) {
                throw FactorlineException.invalid("cursor", cursor, "is not a cursor this endpoint gave out");
            }
        }
        int size = Math.min(Math.max(limit, 1), Outreach.MAX_PAGE);
        List<ContactEntry> items = outreach.contactLog(clientId, debtorId, invoiceId, before, beforeId, size);
        String next = items.size() < size
                ? null
                : items.get(items.size() - 1).at() + "~"
                        + items.get(items.size() - 1).id();
        return new LogPage(items, next);
    }

    record Call(UUID clientId, UUID debtorId, UUID invoiceId, String summary, String note) {}

    @PostMapping("/api/v1/contacts/calls")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Log a call with a debtor's payables team (who, what was said, what was agreed)")
    ContactEntry call(@RequestBody Call call) {
        if (call.clientId() == null || call.debtorId() == null) {
            throw FactorlineException.invalid("debtorId", call.debtorId(), "clientId and debtorId are required");
        }
        return outreach.logCall(
                call.clientId(), new DebtorId(call.debtorId()), call.invoiceId(), call.summary(), call.note());
    }

    @GetMapping("/api/v1/outreach/tasks")
    @Operation(summary = "Tasks for people (calls, escalations, contacts to fix), open ones first")
    List<OutreachTask> tasks(
            @RequestParam(required = false) UUID clientId,
            @RequestParam(required = false) UUID debtorId,
            @RequestParam(defaultValue = "true") boolean open,
            @RequestParam(defaultValue = "100") int limit) {
        return outreach.tasks(clientId, debtorId, open, limit);
    }

    record Completion(Outreach.TaskOutcome outcome, String note) {}

    @PostMapping("/api/v1/outreach/tasks/{id}/complete")
    @Operation(
            summary = "Close a task with its outcome and a note; VERIFIED or DISPUTED records what the debtor said"
                    + " on the invoice, ACKNOWLEDGED records the notice, APPROVED lets one past-due follow-up go")
    OutreachTask complete(@PathVariable UUID id, @RequestBody Completion body) {
        return outreach.complete(id, body.outcome(), body.note());
    }

    @GetMapping("/api/v1/outreach/decisions")
    @Operation(summary = "Why the planner sent, merged, held back or refused each message, newest first")
    List<PlanDecision> decisions(
            @RequestParam(required = false) UUID clientId,
            @RequestParam(required = false) UUID debtorId,
            @RequestParam(required = false) PlanDecision.Outcome outcome,
            @RequestParam(defaultValue = "100") int limit) {
        return outreach.decisions(clientId, debtorId, outcome, limit);
    }

    /** A message without its bodies, for lists. */
    record MessageSummary(
            UUID id,
            OutboxMessage.Audience audience,
            UUID clientId,
            UUID debtorId,
            String mailbox,
            String subject,
            String sections,
            OutboxMessage.Status status,
            Instant notBefore,
            Instant sentAt) {}

    @GetMapping("/api/v1/outreach/messages")
    @Operation(summary = "The outbox, newest first; a client user sees the messages about its own customers")
    List<MessageSummary> messages(
            @RequestParam(required = false) UUID clientId,
            @RequestParam(required = false) UUID debtorId,
            @RequestParam(required = false) OutboxMessage.Status status,
            @RequestParam(defaultValue = "100") int limit) {
        return outreach.messages(clientId, debtorId, status, null, limit).stream()
                .map(m -> new MessageSummary(
                        m.id(),
                        m.audience(),
                        m.clientId(),
                        m.debtorId(),
                        m.mailbox(),
                        m.subject(),
                        m.sections(),
                        m.status(),
                        m.notBefore(),
                        m.sentAt()))
                .toList();
    }

    @GetMapping("/api/v1/outreach/messages/{id}")
    @Operation(summary = "One message as it was sent, with its text and HTML")
    OutboxMessage message(@PathVariable UUID id) {
        return outreach.message(id);
    }

    record Bounce(String reason) {}

    @PostMapping("/api/v1/outreach/messages/{id}/bounce")
    @Operation(summary = "Report a bounce from the mail provider: the message is marked BOUNCED and a task opened")
    OutboxMessage bounce(@PathVariable UUID id, @RequestBody Bounce body) {
        CurrentActor.get().requireRole(Role.ADMIN, Role.ACCOUNT_MANAGER);
        outbox.bounced(id, body == null || body.reason() == null ? "no reason given" : body.reason());
        return outreach.message(id);
    }

    record RuleBody(
            Integer maxPerWeek,
            Integer minDaysBetween,
            Boolean emailAllowed,
            Boolean phoneAllowed,
            LocalTime quietBefore,
            LocalTime quietAfter,
            Boolean askBeforePastDue,
            String note) {}

    @GetMapping("/api/v1/outreach/rules/{clientId}/{debtorId}")
    @Operation(summary = "The contact rule a client set for one customer (the factor's policy when none)")
    ContactRule rule(@PathVariable UUID clientId, @PathVariable UUID debtorId) {
        return outreach.rule(clientId, new DebtorId(debtorId));
    }

    @PutMapping("/api/v1/outreach/rules/{clientId}/{debtorId}")
    @Operation(summary = "Set the contact rule for one customer; it can only tighten the factor's policy")
    ContactRule saveRule(@PathVariable UUID clientId, @PathVariable UUID debtorId, @RequestBody RuleBody b) {
        return outreach.saveRule(new ContactRule(
                clientId,
                new DebtorId(debtorId),
                b.maxPerWeek(),
                b.minDaysBetween(),
                b.emailAllowed() == null || b.emailAllowed(),
                b.phoneAllowed() == null || b.phoneAllowed(),
                b.quietBefore(),
                b.quietAfter(),
                b.askBeforePastDue() != null && b.askBeforePastDue(),
                b.note(),
                null,
                null));
    }

    record Release(UUID clientId, UUID debtorId, String reason) {}

    @PostMapping("/api/v1/outreach/releases")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "End a client's relationship with a debtor: no more contact, and a letter of release")
    void release(@RequestBody Release body) {
        if (body.clientId() == null || body.debtorId() == null) {
            throw FactorlineException.invalid("debtorId", body.debtorId(), "clientId and debtorId are required");
        }
        outreach.release(new ClientId(body.clientId()), new DebtorId(body.debtorId()), body.reason());
    }

    @PostMapping("/api/v1/invoices/{id}/past-due-contact-approval")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(
            summary = "The client lets one courteous past-due follow-up go for an invoice (when its rule asks first)")
    void approve(@PathVariable UUID id) {
        outreach.approvePastDueContact(new InvoiceId(id));
    }

    record Settings(
            org.factorline.outreach.ContactSettings effective,
            org.factorline.outreach.ContactSettings.Overrides overrides) {}

    @GetMapping("/api/v1/outreach/settings/{clientId}")
    @Operation(summary = "The contact policy for one client's agreement: what is in force, and the factor's overrides")
    Settings settings(@PathVariable UUID clientId) {
        return new Settings(outreach.settings(new ClientId(clientId)), outreach.overrides(new ClientId(clientId)));
    }

    @PutMapping("/api/v1/outreach/settings/{clientId}")
    @Operation(
            summary = "Override the factor's contact defaults for one client's agreement (null keeps the default);"
                    + " ADMIN or ACCOUNT_MANAGER")
    Settings saveSettings(
            @PathVariable UUID clientId, @RequestBody org.factorline.outreach.ContactSettings.Overrides body) {
        outreach.saveSettings(
                new ClientId(clientId), body == null ? org.factorline.outreach.ContactSettings.Overrides.none() : body);
        return settings(clientId);
    }

    record PlanRun(Planner.Result plan, Outbox.Delivery delivery) {}

    @PostMapping("/api/v1/outreach/plan")
    @Operation(summary = "Run the planner and the outbox now (they also run by themselves: hourly and every 30 s)")
    PlanRun plan() {
        CurrentActor.get().requireRole(Role.ADMIN, Role.ACCOUNT_MANAGER);
        return new PlanRun(planner.plan(), outbox.deliverDue());
    }
}
