package org.factorline.outreach;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.factorline.clients.ClientId;
import org.factorline.clients.Clients;
import org.factorline.debtors.DebtorId;
import org.factorline.debtors.Debtors;
import org.factorline.debtors.NotificationState;
import org.factorline.identity.Actor;
import org.factorline.identity.AuditLog;
import org.factorline.identity.CurrentActor;
import org.factorline.identity.Role;
import org.factorline.invoices.InvoiceId;
import org.factorline.invoices.Invoices;
import org.factorline.invoices.VerificationStatus;
import org.factorline.outreach.internal.OutreachProperties;
import org.factorline.outreach.internal.OutreachRepository;
import org.factorline.shared.FactorlineException;
import org.factorline.shared.UuidV7;
import org.factorline.shared.Validation;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Outreach as staff and clients use it: the contact log, tasks and their outcomes (calls logged), the
 * planner's decisions, the outbox, the factor's settings per client, the client's rules per customer, the
 * client's approval of a past-due contact, and ending a relationship (a letter of release). A client user
 * sees only its own client's records; the log never shows another client's contact with the same debtor.
 */
@Service
public class Outreach {

    static final Role[] STAFF_WRITERS = {Role.ADMIN, Role.ACCOUNT_MANAGER, Role.VERIFIER, Role.UNDERWRITER};
    static final Role[] RULE_WRITERS = {Role.ADMIN, Role.ACCOUNT_MANAGER, Role.CLIENT_ADMIN, Role.CLIENT_USER};
    public static final int MAX_PAGE = 200;

    private final OutreachRepository repo;
    private final Clients clients;
    private final Debtors debtors;
    private final Invoices invoices;
    private final OutreachProperties props;
    private final AuditLog audit;
    private final Clock clock;

    public Outreach(
            OutreachRepository repo,
            Clients clients,
            Debtors debtors,
            Invoices invoices,
            OutreachProperties props,
            AuditLog audit,
            Clock clock) {
        this.repo = repo;
        this.clients = clients;
        this.debtors = debtors;
        this.invoices = invoices;
        this.props = props;
        this.audit = audit;
        this.clock = clock;
    }

    // ---- contact log ----

    /**
     * The contact log, newest first. A client user always gets its own client's lines only, whatever client
     * it asks for. Paged by the last line's time and id.
     */
    public List<ContactEntry> contactLog(
            UUID clientId, UUID debtorId, UUID invoiceId, Instant before, UUID beforeId, int limit) {
        Actor actor = CurrentActor.get();
        UUID client = clientId;
        if (actor.isClientUser()) {
            if (clientId != null) {
                actor.requireClient(clientId);
            }
            client = actor.clientId();
        } else {
            actor.requireStaff();
        }
        List<ContactEntry> found =
                repo.contactLog(client, debtorId, invoiceId, before, beforeId, Math.min(Math.max(limit, 1), MAX_PAGE));
        return actor.isClientUser()
                ? found.stream()
                        .map(e -> new ContactEntry(
                                e.id(),
                                e.at(),
                                e.clientId(),
                                e.debtorId(),
                                e.invoiceId(),
                                e.messageId(),
                                e.channel(),
                                e.summary(),
                                withoutDebtorLinks(e.content()),
                                e.actor()))
                        .toList()
                : found;
    }

    /** A call a person made (or took): written to the contact log with its outcome. */
    @Transactional
    public ContactEntry logCall(UUID clientId, DebtorId debtorId, UUID invoiceId, String summary, String note) {
        Actor actor = CurrentActor.get();
        actor.requireRole(STAFF_WRITERS);
        Validation v = new Validation();
        v.require(
                summary != null && !summary.isBlank() && summary.length() <= 300,
                "summary",
                summary,
                "say who you spoke to and what was agreed (at most 300 characters)");
        v.require(note == null || note.length() <= 4000, "note", null, "must be at most 4000 characters");
        v.throwIfAny();
        clients.get(new ClientId(clientId));
        debtors.get(debtorId);
        ContactEntry e = new ContactEntry(
                UuidV7.next(clock),
                clock.instant(),
                clientId,
                debtorId.value(),
                invoiceId,
                null,
                ContactEntry.Channel.CALL,
                summary.strip(),
                note,
                actor.username());
        repo.log(e);
        return e;
    }

    // ---- tasks ----

    public List<OutreachTask> tasks(UUID clientId, UUID debtorId, boolean openOnly, int limit) {
        CurrentActor.get().requireStaff();
        return repo.tasks(clientId, debtorId, openOnly, Math.min(Math.max(limit, 1), MAX_PAGE));
    }

    public OutreachTask task(UUID id) {
        CurrentActor.get().requireStaff();
        return repo.task(id).orElseThrow(() -> FactorlineException.notFound("task", id));
    }

    /** Outcomes a task may be closed with; some also record what the debtor said. */
    public enum TaskOutcome {
        DONE,
        VERIFIED,
        DISPUTED,
        ACKNOWLEDGED,
        APPROVED,
        DECLINED,
        NO_ANSWER
    }

    /**
     * Closes a task with its outcome and a note, both written to the contact log. A verifier's VERIFIED or
     * DISPUTED is recorded on the invoice; ACKNOWLEDGED records the notice; the client's APPROVED lets one
     * past-due follow-up go.
     */
    @Transactional
    public OutreachTask complete(UUID id, TaskOutcome outcome, String note) {
        Actor actor = CurrentActor.get();
        actor.requireRole(STAFF_WRITERS);
        Validation v = new Validation();
        v.require(
                outcome != null, "outcome", outcome, "is required: " + java.util.Arrays.toString(TaskOutcome.values()));
        v.require(
                note != null && !note.isBlank() && note.length() <= 1000,
                "note",
                note,
                "say what was done or heard (at most 1000 characters)");
        v.throwIfAny();
        OutreachTask t = task(id);
        if (!t.open()) {
            throw FactorlineException.invalid(
                    "id", id, "the task was already closed by " + t.doneBy() + " at " + t.doneAt());
        }
        switch (outcome) {
            case VERIFIED, DISPUTED -> {
                require(t.invoiceId() != null, "outcome", outcome, "this task is not about one invoice");
                invoices.recordVerification(
                        new InvoiceId(t.invoiceId()),
                        outcome == TaskOutcome.VERIFIED ? VerificationStatus.VERIFIED : VerificationStatus.DISPUTED,
                        note.strip());
            }
            case ACKNOWLEDGED -> {
                require(t.kind() == OutreachTask.Kind.ACKNOWLEDGE_NOTICE, "outcome", outcome, "only for a notice task");
                repo.acknowledge(t.clientId(), t.debtorId(), clock.instant());
                boolean sent = debtors.relationships(new DebtorId(t.debtorId())).stream()
                        .anyMatch(r -> r.clientId().equals(t.clientId())
                                && r.notificationState() == NotificationState.NOTICE_SENT);
                if (sent) {
                    debtors.recordNotice(
                            t.clientId(),
                            new DebtorId(t.debtorId()),
                            NotificationState.ACKNOWLEDGED,
                            "Acknowledged by phone: " + note.strip());
                }
            }
            case APPROVED -> {
                require(
                        t.kind() == OutreachTask.Kind.CLIENT_APPROVAL && t.invoiceId() != null,
                        "outcome",
                        outcome,
                        "only for a client-approval task");
                repo.clientApproved(t.invoiceId(), t.clientId(), t.debtorId(), clock.instant());
            }
            default -> {}
        }
        if (!repo.completeTask(id, actor.username(), outcome.name(), note.strip(), clock.instant())) {
            throw FactorlineException.invalid("id", id, "the task was closed meanwhile by someone else");
        }
        repo.log(new ContactEntry(
                UuidV7.next(clock),
                clock.instant(),
                t.clientId(),
                t.debtorId(),
                t.invoiceId(),
                null,
                t.kind() == OutreachTask.Kind.VERIFY_BY_PHONE || t.kind() == OutreachTask.Kind.ACKNOWLEDGE_NOTICE
                        ? ContactEntry.Channel.CALL
                        : ContactEntry.Channel.TASK,
                "Task closed (" + outcome + "): " + t.title(),
                note.strip(),
                actor.username()));
        return task(id);
    }

    /** A client (or its account manager for it) lets one past-due follow-up go for an invoice. */
    @Transactional
    public void approvePastDueContact(InvoiceId invoiceId) {
        Actor actor = CurrentActor.get();
        actor.requireRole(RULE_WRITERS);
        var invoice = invoices.get(invoiceId); // refuses another client's invoice as not found
        repo.clientApproved(
                invoiceId.value(),
                invoice.clientId().value(),
                invoice.debtorId().value(),
                clock.instant());
        repo.log(new ContactEntry(
                UuidV7.next(clock),
                clock.instant(),
                invoice.clientId().value(),
                invoice.debtorId().value(),
                invoiceId.value(),
                null,
                ContactEntry.Channel.CLIENT,
                "Client approved one past-due follow-up on invoice " + invoice.number(),
                null,
                actor.username()));
    }

    // ---- decisions and the outbox ----

    public List<PlanDecision> decisions(UUID clientId, UUID debtorId, PlanDecision.Outcome outcome, int limit) {
        CurrentActor.get().requireStaff();
        return repo.decisions(
                clientId, debtorId, outcome == null ? null : outcome.name(), Math.min(Math.max(limit, 1), MAX_PAGE));
    }

    /**
     * The planner's latest decisions for one client–debtor pair, as the client may see them: a client user
     * always gets its own client's pair only, and a debtor it does not sell on is "not found". The reasons
     * speak of the debtor's mailbox "across all clients" only as counts, never naming another client, and
     * each decision is about the asking client's own invoices.
     */
    public List<PlanDecision> pairDecisions(UUID clientId, DebtorId debtorId, int limit) {
        Actor actor = CurrentActor.get();
        UUID client = clientId;
        if (actor.isClientUser()) {
            if (clientId != null) {
                actor.requireClient(clientId);
            }
            client = actor.clientId();
        } else {
            actor.requireStaff();
        }
        UUID pairClient = client;
        boolean sells = pairClient != null
                && debtors.relationshipsOfClient(pairClient).stream()
                        .anyMatch(r -> r.debtorId().equals(debtorId));
        if (!sells) {
            throw FactorlineException.notFound("debtor", debtorId.value());
        }
        List<PlanDecision> found =
                repo.decisions(pairClient, debtorId.value(), null, Math.min(Math.max(limit, 1), MAX_PAGE));
        if (!actor.isClientUser()) {
            return found;
        }
        // the mailbox's count includes other clients' messages: a client must not learn from it that its
        // customer deals with the factor's other clients
        return found.stream()
                .map(d -> d.reason().contains("across all clients")
                        ? new PlanDecision(
                                d.id(),
                                d.businessDate(),
                                d.at(),
                                d.clientId(),
                                d.debtorId(),
                                d.intent(),
                                d.outcome(),
                                d.invoices(),
                                "held back by the factor's limits on messages to your customer's mailbox")
                        : d)
                .toList();
    }

    public List<OutboxMessage> messages(
            UUID clientId, UUID debtorId, OutboxMessage.Status status, Instant before, int limit) {
        Actor actor = CurrentActor.get();
        UUID client = clientId;
        if (actor.isClientUser()) {
            client = actor.clientId();
        } else {
            actor.requireStaff();
        }
        List<OutboxMessage> found = repo.messages(
                client,
                debtorId,
                status == null ? null : status.name(),
                before,
                Math.min(Math.max(limit, 1), MAX_PAGE));
        return actor.isClientUser()
                ? found.stream().map(Outreach::withoutDebtorLinks).toList()
                : found;
    }

    public OutboxMessage message(UUID id) {
        Actor actor = CurrentActor.get();
        OutboxMessage m = repo.message(id).orElseThrow(() -> FactorlineException.notFound("message", id));
        if (!actor.canSeeClient(m.clientId())) {
            throw FactorlineException.notFound("message", id);
        }
        return actor.isClientUser() ? withoutDebtorLinks(m) : m;
    }

    /** The placeholder a client reads where its customer's message had the customer's own link. */
    public static final String LINK_PLACEHOLDER = "[your customer's personal link]";

    private static final java.util.regex.Pattern DEBTOR_LINK =
            java.util.regex.Pattern.compile("https?://[^\\s\"'<>]*/d/[A-Za-z0-9_\\-]+\\.[A-Za-z0-9_\\-]+");

    /**
     * The text with every signed debtor link replaced: the link acts for the debtor (confirms invoices,
     * promises payment), so nobody but the debtor — least of all the client whose invoices it confirms —
     * may hold it.
     */
    public static String withoutDebtorLinks(String text) {
        return text == null ? null : DEBTOR_LINK.matcher(text).replaceAll(LINK_PLACEHOLDER);
    }

    static OutboxMessage withoutDebtorLinks(OutboxMessage m) {
        return new OutboxMessage(
                m.id(),
                m.audience(),
                m.clientId(),
                m.debtorId(),
                m.mailbox(),
                m.recipientName(),
                m.kind(),
                m.sections(),
                m.subject(),
                withoutDebtorLinks(m.bodyHtml()),
                withoutDebtorLinks(m.bodyText()),
                m.attachmentName(),
                m.hasAttachment(),
                m.localDate(),
                m.notBefore(),
                m.status(),
                m.attempts(),
                m.nextAttemptAt(),
                m.lastError(),
                m.createdAt(),
                m.sentAt());
    }

    public Optional<byte[]> attachment(UUID id) {
        message(id);
        return repo.attachment(id);
    }

    public List<UUID> messageInvoices(UUID id) {
        message(id);
        return repo.messageInvoices(id);
    }

    // ---- settings and rules ----

    public ContactSettings settings(ClientId clientId) {
        CurrentActor.get().requireClient(clientId.value());
        return props.defaults().with(repo.settings(clientId.value()).orElse(null));
    }

    /** The factor's defaults, before any client's overrides. */
    public ContactSettings defaults() {
        return props.defaults();
    }

    public ContactSettings.Overrides overrides(ClientId clientId) {
        CurrentActor.get().requireStaff();
        return repo.settings(clientId.value()).orElse(ContactSettings.Overrides.none());
    }

    @Transactional
    public ContactSettings saveSettings(ClientId clientId, ContactSettings.Overrides o) {
        Actor actor = CurrentActor.get();
        actor.requireRole(Role.ADMIN, Role.ACCOUNT_MANAGER);
        o.validate().throwIfAny();
        var client = clients.get(clientId);
        var before = repo.settings(clientId.value()).orElse(null);
        repo.saveSettings(clientId.value(), o, actor.username(), clock.instant());
        audit.record(
                "outreach.settings_changed",
                "client",
                clientId.value(),
                clientId.value(),
                "Contact settings of " + client.reference() + " changed",
                before,
                o);
        return settings(clientId);
    }

    public ContactRule rule(UUID clientId, DebtorId debtorId) {
        CurrentActor.get().requireClient(clientId);
        return repo.rule(clientId, debtorId.value()).orElse(ContactRule.none(clientId, debtorId));
    }

    /**
     * Saves what the client asks for one customer. It can only tighten the factor's policy; anything looser
     * is refused naming the field and the limit.
     */
    @Transactional
    public ContactRule saveRule(ContactRule wanted) {
        Actor actor = CurrentActor.get();
        actor.requireRole(RULE_WRITERS);
        actor.requireClient(wanted.clientId());
        var debtor = debtors.get(wanted.debtorId());
        boolean sells = debtors.relationshipsOfClient(wanted.clientId()).stream()
                .anyMatch(r -> r.debtorId().equals(wanted.debtorId()));
        if (!sells) {
            throw FactorlineException.notFound("debtor", wanted.debtorId().value());
        }
        ContactSettings settings = settings(new ClientId(wanted.clientId()));
        wanted.validate(settings, props.businessStart(), props.businessEnd()).throwIfAny();
        ContactRule before =
                repo.rule(wanted.clientId(), wanted.debtorId().value()).orElse(null);
        ContactRule saved = new ContactRule(
                wanted.clientId(),
                wanted.debtorId(),
                wanted.maxPerWeek(),
                wanted.minDaysBetween(),
                wanted.emailAllowed(),
                wanted.phoneAllowed(),
                wanted.quietBefore(),
                wanted.quietAfter(),
                wanted.askBeforePastDue(),
                blankToNull(wanted.note()),
                clock.instant(),
                actor.username());
        repo.saveRule(saved);
        audit.record(
                "outreach.rule_changed",
                "debtor",
                debtor.id().value(),
                wanted.clientId(),
                "Contact rule for " + debtor.name() + " changed",
                before,
                saved);
        repo.log(new ContactEntry(
                UuidV7.next(clock),
                clock.instant(),
                wanted.clientId(),
                debtor.id().value(),
                null,
                null,
                ContactEntry.Channel.CLIENT,
                "Contact rule changed: " + describe(saved),
                saved.note(),
                actor.username()));
        return saved;
    }

    static String describe(ContactRule r) {
        if (r.isDefault()) {
            return "the factor's policy, no extra limits";
        }
        List<String> parts = new java.util.ArrayList<>();
        if (r.maxPerWeek() != null) {
            parts.add(r.maxPerWeek() == 0 ? "no automated e-mail" : "at most " + r.maxPerWeek() + " a week");
        }
        if (r.minDaysBetween() != null && r.minDaysBetween() > 0) {
            parts.add("at least " + r.minDaysBetween() + " days apart");
        }
        if (!r.emailAllowed()) {
            parts.add("no e-mail");
        }
        if (!r.phoneAllowed()) {
            parts.add("no phone calls");
        }
        if (r.quietBefore() != null || r.quietAfter() != null) {
            parts.add("only " + (r.quietBefore() == null ? "from the start of business" : "from " + r.quietBefore())
                    + (r.quietAfter() == null ? "" : " to " + r.quietAfter()));
        }
        if (r.askBeforePastDue()) {
            parts.add("ask the client before any past-due contact");
        }
        return String.join(", ", parts);
    }

    // ---- the end of a relationship ----

    /**
     * Ends a client's relationship with a debtor: no more contact about its invoices, and a letter of
     * release goes to the debtor (unless the agreement was confidential: then nothing is sent).
     */
    @Transactional
    public void release(ClientId clientId, DebtorId debtorId, String reason) {
        Actor actor = CurrentActor.get();
        actor.requireRole(Role.ADMIN, Role.ACCOUNT_MANAGER);
        Validation v = new Validation();
        v.require(
                reason != null && !reason.isBlank() && reason.length() <= 500,
                "reason",
                reason,
                "say why the relationship ends (at most 500 characters)");
        v.throwIfAny();
        var debtor = debtors.get(debtorId);
        var pair = debtors.relationshipsOfClient(clientId.value()).stream()
                .filter(r -> r.debtorId().equals(debtorId))
                .findFirst()
                .orElseThrow(() -> FactorlineException.invalid(
                        "debtorId", debtorId.value(), "the client does not sell invoices on " + debtor.name()));
        if (pair.notificationState() == NotificationState.RELEASED) {
            throw FactorlineException.invalid("debtorId", debtorId.value(), "the relationship is already released");
        }
        boolean confidential = pair.notificationState() == NotificationState.CONFIDENTIAL;
        debtors.release(clientId.value(), debtorId, reason.strip());
        LocalDate today = LocalDate.now(clock);
        repo.release(clientId.value(), debtorId.value(), today, reason.strip());
        if (confidential || pair.notificationState() == NotificationState.NOT_NOTIFIED) {
            // never told, so nothing to withdraw
            repo.setPairDate(clientId.value(), debtorId.value(), "release_sent_on", today);
        }
        repo.log(new ContactEntry(
                UuidV7.next(clock),
                clock.instant(),
                clientId.value(),
                debtorId.value(),
                null,
                null,
                ContactEntry.Channel.CLIENT,
                "Relationship with " + debtor.name() + " released: " + reason.strip()
                        + (confidential || pair.notificationState() == NotificationState.NOT_NOTIFIED
                                ? " (the debtor was never told, so no letter is sent)"
                                : "; a letter of release goes to the debtor"),
                null,
                actor.username()));
    }

    private static void require(boolean ok, String field, Object value, String message) {
        if (!ok) {
            throw FactorlineException.invalid(field, value, message);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** Open tasks for staff due on or before the day, at most {@code cap + 1}. */
    public long countTasksDue(LocalDate day, int cap) {
        CurrentActor.get().requireStaff();
        return repo.countTasksDue(day, cap);
    }

    /** Clients' recourse requests staff are working on (a payment to expect, a replacement to arrange). */
    public long countOpenRecourseRequests(int cap) {
        CurrentActor.get().requireStaff();
        return repo.countOpenRecourseRequests(cap);
    }

    /** Messages that could not be delivered (FAILED or BOUNCED), at most {@code cap + 1}. */
    public long countUndelivered(int cap) {
        CurrentActor.get().requireStaff();
        return repo.countMessagesCapped(
                List.of(OutboxMessage.Status.FAILED.name(), OutboxMessage.Status.BOUNCED.name()), cap);
    }
}
