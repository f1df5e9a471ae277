package org.factorline.outreach;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.factorline.clients.ClientId;
import org.factorline.debtors.Debtor;
import org.factorline.debtors.Debtors;
import org.factorline.identity.Actor;
import org.factorline.identity.AuditLog;
import org.factorline.identity.CurrentActor;
import org.factorline.invoices.Invoice;
import org.factorline.invoices.InvoiceId;
import org.factorline.invoices.InvoiceStatus;
import org.factorline.invoices.Invoices;
import org.factorline.outreach.internal.OutreachProperties;
import org.factorline.outreach.internal.OutreachRepository;
import org.factorline.settlement.Recourse;
import org.factorline.shared.FactorlineException;
import org.factorline.shared.Money;
import org.factorline.shared.UuidV7;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What a client may do about an invoice nearing its recourse date (the warning of {@link
 * org.factorline.settlement.RecourseApproaching}): pay the factor itself, offer another invoice in its place,
 * or ask for one last courteous contact with the debtor. Each is recorded once per invoice — a second click
 * finds the first — and written to the invoice's contact log. Paying and replacing open a task in the
 * outreach queue for staff; no money moves here. The last contact is left to the {@link Planner}, which
 * sends it once within every contact rule or refuses it with the reason; what obviously forbids it (an
 * invoice not yet past due, an open escalation for the customer, a dispute, a payment the debtor reported, a
 * released or confidential relationship, the client's own rule) refuses it at once. Paying or replacing an
 * invoice whose reserve already covers its charge-back is refused: nothing would be charged. The client acts
 * only on its own invoices: another client's is "not found".
 */
@Service
public class RecourseOptions {

    static final int MAX_REQUESTS = 200;

    private final OutreachRepository repo;
    private final Recourse recourse;
    private final Invoices invoices;
    private final Debtors debtors;
    private final Planner planner;
    private final OutreachProperties props;
    private final AuditLog audit;
    private final Clock clock;

    RecourseOptions(
            OutreachRepository repo,
            Recourse recourse,
            Invoices invoices,
            Debtors debtors,
            Planner planner,
            OutreachProperties props,
            AuditLog audit,
            Clock clock) {
        this.repo = repo;
        this.recourse = recourse;
        this.invoices = invoices;
        this.debtors = debtors;
        this.planner = planner;
        this.props = props;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * How the client pays the factor itself: the amount as the invoice stands now, the reference to quote and
     * where to send it. {@code amount} is null when there is nothing left to pay ({@code nothingToPay} says
     * why: paid, charged back, covered by the reserve); {@code askedAmount} and {@code askedOn} are what the
     * amount was when the client said it would pay — history, not what to send.
     */
    public record PaymentInstructions(
            String invoiceNumber,
            Money amount,
            LocalDate payBy,
            String nothingToPay,
            Money askedAmount,
            LocalDate askedOn,
            String reference,
            String payee,
            String bankName,
            String routingNumber,
            String accountNumber,
            String lockbox) {}

    /** The client will pay the amount itself before the recourse date; staff get a task to expect it. */
    @Transactional
    public RecourseRequest willPay(InvoiceId invoiceId) {
        Recourse.Exposure x = chargeable(approaching(invoiceId));
        Invoice i = x.invoice();
        return record(
                x,
                RecourseRequest.Kind.PAY,
                null,
                RecourseRequest.State.OPEN,
                null,
                OutreachTask.Kind.RECOURSE_PAYMENT,
                "Expect " + x.chargeBack().display() + " from the client for invoice " + i.number(),
                "The client will pay invoice " + i.number() + " itself before its recourse date " + x.recourseDate()
                        + ": " + x.chargeBack().display() + " quoting reference " + reference(i)
                        + ". Apply the payment when it arrives; if it has not come by the recourse date the sweep"
                        + " charges the invoice back as usual.",
                "Client will pay " + x.chargeBack().display() + " for invoice " + i.number() + " before "
                        + x.recourseDate() + " (reference " + reference(i) + ")");
    }

    /** What the client pays and how, for an invoice it said it will pay (or may still choose to pay). */
    public PaymentInstructions paymentInstructions(InvoiceId invoiceId) {
        CurrentActor.get().requireRole(Outreach.RULE_WRITERS);
        Invoice i = invoices.get(invoiceId); // another client's invoice is "not found"
        Optional<RecourseRequest> asked = repo.recourseRequest(i.id().value(), RecourseRequest.Kind.PAY.name());
        if (asked.isEmpty()) {
            chargeable(approaching(invoiceId));
        }
        // what is owed now, as collections and the sweep left it — not what it was when the client asked
        Optional<Recourse.Exposure> now = recourse.exposureOf(invoiceId);
        Money amount = null;
        LocalDate payBy = asked.map(RecourseRequest::recourseDate).orElse(null);
        String nothingToPay = null;
        if (now.isPresent() && !now.get().reserveCovers()) {
            amount = now.get().chargeBack();
            payBy = now.get().recourseDate();
        } else if (now.isPresent()) {
            nothingToPay = "the reserve still held for invoice " + i.number() + " now covers the "
                    + now.get().open().display() + " open on it and the fee, so nothing will be charged back to you";
        } else if (i.status() == InvoiceStatus.CHARGED_BACK) {
            nothingToPay = "invoice " + i.number() + " was charged back to you after its recourse date"
                    + (payBy == null ? "" : " " + payBy)
                    + "; the charge-back is netted against your next advances and rebates";
        } else {
            nothingToPay = "invoice " + i.number() + " is "
                    + i.status().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                    + ": nothing is owed on it to keep it from being charged back";
        }
        var remit = props.remitTo();
        return new PaymentInstructions(
                i.number(),
                amount,
                payBy,
                nothingToPay,
                asked.map(RecourseRequest::amount).orElse(null),
                asked.map(RecourseRequest::requestedOn).orElse(null),
                reference(i),
                remit.payee(),
                remit.bankName(),
                remit.routingNumber(),
                remit.accountNumber(),
                remit.lockbox());
    }

    /**
     * The client offers another of its invoices in this one's place: an approved invoice of its own, in no
     * funding request, of at least the amount still open — or none yet, to send one later. Staff get a task
     * to decide and arrange it; nothing is moved here.
     */
    @Transactional
    public RecourseRequest replace(InvoiceId invoiceId, InvoiceId replacementId) {
        Recourse.Exposure x = chargeable(approaching(invoiceId));
        Invoice i = x.invoice();
        Invoice replacement = null;
        if (replacementId != null) {
            replacement = replacements(invoiceId).stream()
                    .filter(r -> r.id().equals(replacementId))
                    .findFirst()
                    .orElseThrow(() -> FactorlineException.invalid(
                            "replacementId",
                            replacementId.value(),
                            "is not one of your approved, unfunded invoices of at least "
                                    + x.open().display()));
        }
        String offered = replacement == null
                ? "will send a replacement invoice"
                : "offers invoice " + replacement.number() + " ("
                        + replacement.faceAmount().display() + ")";
        return record(
                x,
                RecourseRequest.Kind.REPLACE,
                replacement == null ? null : replacement.id().value(),
                RecourseRequest.State.OPEN,
                null,
                OutreachTask.Kind.RECOURSE_REPLACEMENT,
                "Replace invoice " + i.number() + " before its recourse date " + x.recourseDate(),
                "The client " + offered + " in place of invoice " + i.number() + ", open "
                        + x.open().display() + ", which would be charged back "
                        + x.chargeBack().display()
                        + " after " + x.recourseDate()
                        + ". Check the replacement's eligibility, agree it with the client and arrange the"
                        + " substitution; until then the sweep charges the invoice back as usual.",
                "Client " + offered + " in place of invoice " + i.number());
    }

    /**
     * The client's approved invoices that could replace this one: in no open funding request and of at least
     * the amount still open on it, oldest first.
     */
    public List<Invoice> replacements(InvoiceId invoiceId) {
        return recourse.replacementsFor(approaching(invoiceId));
    }

    /**
     * Asks the planner for one last courteous follow-up to the debtor about this invoice. Recorded once; the
     * planner sends it within every contact rule (a mailbox cap, the debtor's business hours or the spacing
     * after the last follow-up only delay it) and never a second time for the same request. Refused at once, with the reason, when a rule or the
     * invoice's state forbids any contact about it; the refusal is also one of the planner's decisions.
     */
    @Transactional
    public RecourseRequest requestLastContact(ClientId clientId, InvoiceId invoiceId) {
        Actor actor = CurrentActor.get();
        actor.requireClient(clientId.value());
        Recourse.Exposure x = approaching(invoiceId);
        Invoice i = x.invoice();
        if (!i.clientId().equals(clientId)) {
            throw FactorlineException.notFound("invoice", invoiceId.value());
        }
        Optional<RecourseRequest> before =
                repo.recourseRequest(i.id().value(), RecourseRequest.Kind.LAST_CONTACT.name());
        if (before.isPresent()) {
            return before.get();
        }
        Optional<String> no = planner.lastContactRefusal(i.id().value());
        RecourseRequest r = record(
                x,
                RecourseRequest.Kind.LAST_CONTACT,
                null,
                no.isPresent() ? RecourseRequest.State.REFUSED : RecourseRequest.State.PENDING,
                no.orElse(null),
                null,
                null,
                null,
                no.isPresent()
                        ? "Client asked for one last contact about invoice " + i.number() + "; it cannot go: "
                                + no.get()
                        : "Client asked for one last courteous contact with the customer about invoice " + i.number()
                                + "; it goes within the contact rules");
        if (no.isPresent() && r.state() == RecourseRequest.State.REFUSED) {
            Instant now = clock.instant();
            Debtor debtor = CurrentActor.runAs(Actor.system(), () -> debtors.get(i.debtorId()));
            String numbers = i.number();
            String reason = "the last contact the client asked for may not go: " + no.get();
            repo.decide(
                    new PlanDecision(
                            UuidV7.next(clock),
                            now.atZone(Planner.zone(debtor)).toLocalDate(),
                            now,
                            i.clientId().value(),
                            i.debtorId().value(),
                            Intent.FOLLOW_UP,
                            PlanDecision.Outcome.REFUSED,
                            numbers,
                            reason),
                    Planner.reasonKey(numbers + "|" + reason));
        }
        return r;
    }

    /** The client's requests, newest first (a client user: only its own). */
    public List<RecourseRequest> requests(ClientId clientId) {
        CurrentActor.get().requireClient(clientId.value());
        return repo.recourseRequests(clientId.value(), MAX_REQUESTS);
    }

    private Recourse.Exposure approaching(InvoiceId invoiceId) {
        CurrentActor.get().requireRole(Outreach.RULE_WRITERS);
        Invoice invoice = invoices.get(invoiceId); // another client's invoice is "not found"
        return recourse.exposureOf(invoiceId)
                .orElseThrow(() -> FactorlineException.invalid(
                        "invoiceId",
                        invoice.number(),
                        "is not an open invoice within " + recourse.warnDays() + " days of its recourse date"));
    }

    /** Refuses to pay or replace an invoice whose reserve already covers its charge-back: nothing would be due. */
    private static Recourse.Exposure chargeable(Recourse.Exposure x) {
        if (x.reserveCovers()) {
            throw FactorlineException.invalid(
                    "invoiceId",
                    x.invoice().number(),
                    "needs nothing from you: the reserve still held for it covers the "
                            + x.open().display()
                            + " open on it and the fee, so nothing will be charged back to you on its recourse date "
                            + x.recourseDate());
        }
        return x;
    }

    private static String reference(Invoice i) {
        return "RECOURSE " + i.number();
    }

    /** Records the request once and, for staff work, its task; a repeated request returns the first. */
    private RecourseRequest record(
            Recourse.Exposure x,
            RecourseRequest.Kind kind,
            UUID replacementId,
            RecourseRequest.State state,
            String reason,
            OutreachTask.Kind taskKind,
            String taskTitle,
            String taskDetail,
            String logSummary) {
        Actor actor = CurrentActor.get();
        Invoice i = x.invoice();
        Instant now = clock.instant();
        boolean settled = state == RecourseRequest.State.REFUSED;
        RecourseRequest wanted = new RecourseRequest(
                UuidV7.next(clock),
                i.id().value(),
                i.clientId().value(),
                i.debtorId().value(),
                kind,
                x.recourseDate(),
                x.chargeBack(),
                replacementId,
                state,
                reason,
                null,
                null,
                now,
                actor.username(),
                settled ? now : null);
        if (!repo.insertRecourseRequest(wanted)) {
            // asked before (or at the same moment in another tab): the first request stands
            return repo.recourseRequest(i.id().value(), kind.name()).orElseThrow();
        }
        if (taskKind != null) {
            UUID taskId = UuidV7.next(clock);
            boolean opened = repo.openTask(
                    new OutreachTask(
                            taskId,
                            taskKind,
                            i.clientId().value(),
                            i.debtorId().value(),
                            i.id().value(),
                            taskTitle,
                            taskDetail,
                            "ACCOUNT_MANAGER",
                            now,
                            LocalDate.now(clock),
                            null,
                            null,
                            null,
                            null),
                    taskKind + ":" + i.id());
            if (opened) {
                repo.recourseRequestTask(wanted.id(), taskId);
                repo.log(new ContactEntry(
                        UuidV7.next(clock),
                        now,
                        i.clientId().value(),
                        i.debtorId().value(),
                        i.id().value(),
                        null,
                        ContactEntry.Channel.TASK,
                        "Task opened: " + taskTitle,
                        taskDetail,
                        actor.username()));
            }
        }
        repo.log(new ContactEntry(
                UuidV7.next(clock),
                now,
                i.clientId().value(),
                i.debtorId().value(),
                i.id().value(),
                null,
                ContactEntry.Channel.CLIENT,
                logSummary,
                null,
                actor.username()));
        RecourseRequest saved =
                repo.recourseRequest(i.id().value(), kind.name()).orElseThrow();
        audit.record(
                "invoice.recourse_" + kind.name().toLowerCase(java.util.Locale.ROOT),
                "invoice",
                i.id().value(),
                i.clientId().value(),
                logSummary,
                null,
                saved);
        return saved;
    }
}
