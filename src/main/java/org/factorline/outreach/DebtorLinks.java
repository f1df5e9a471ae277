package org.factorline.outreach;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.factorline.clients.ClientId;
import org.factorline.clients.Clients;
import org.factorline.debtors.Debtor;
import org.factorline.debtors.DebtorId;
import org.factorline.debtors.Debtors;
import org.factorline.debtors.NotificationState;
import org.factorline.identity.Actor;
import org.factorline.identity.CurrentActor;
import org.factorline.invoices.InvoiceId;
import org.factorline.invoices.Invoices;
import org.factorline.invoices.VerificationStatus;
import org.factorline.outreach.internal.OutreachProperties;
import org.factorline.outreach.internal.OutreachRepository;
import org.factorline.outreach.internal.OutreachRepository.InvoiceRow;
import org.factorline.shared.FactorlineException;
import org.factorline.shared.Money;
import org.factorline.shared.UuidV7;
import org.factorline.shared.Validation;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What a debtor can do through a signed link, without signing in: see the invoices the message was about
 * (and nothing else), acknowledge a notice, confirm invoices or dispute one with a reason, and say when a
 * payment is scheduled or promised, that it was made (with a reference), or that the invoice is disputed.
 * Every opening and every answer is written to the contact log, so the client and staff see it at once.
 */
@Service
public class DebtorLinks {

    public enum Answer {
        SCHEDULED,
        PROMISED,
        PAID,
        DISPUTED
    }

    public enum DisputeReason {
        NOT_RECEIVED("Goods or services not received"),
        WRONG_AMOUNT("Amount or price is wrong"),
        WRONG_ITEMS("Wrong items or quantities"),
        DAMAGED_OR_RETURNED("Damaged or returned"),
        ALREADY_PAID("Already paid to the supplier"),
        OTHER("Something else");

        private final String label;

        DisputeReason(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** One invoice on the page and where it stands. */
    public record Line(
            UUID invoiceId,
            String number,
            String poNumber,
            LocalDate issueDate,
            LocalDate dueDate,
            Money amount,
            boolean needsConfirmation,
            String verification,
            String answer,
            LocalDate answerDate,
            boolean closed,
            boolean settled) {}

    public record View(
            UUID linkId,
            String clientName,
            String debtorName,
            String factorName,
            String factorPhone,
            String factorEmail,
            Map<String, String> remitTo,
            boolean noticeToAcknowledge,
            boolean acknowledged,
            List<Line> invoices,
            Instant expires) {

        public boolean anyToConfirm() {
            return invoices.stream().anyMatch(Line::needsConfirmation);
        }
    }

    /** A link that opens nothing: tampered, expired or unknown. The message is safe to show the debtor. */
    public static final class LinkRefused extends RuntimeException {
        public LinkRefused(String why) {
            super(why);
        }
    }

    private final OutreachRepository repo;
    private final LinkTokens tokens;
    private final Invoices invoices;
    private final Debtors debtors;
    private final Clients clients;
    private final OutreachProperties props;
    private final Clock clock;

    public DebtorLinks(
            OutreachRepository repo,
            LinkTokens tokens,
            Invoices invoices,
            Debtors debtors,
            Clients clients,
            OutreachProperties props,
            Clock clock) {
        this.repo = repo;
        this.tokens = tokens;
        this.invoices = invoices;
        this.debtors = debtors;
        this.clients = clients;
        this.props = props;
        this.clock = clock;
    }

    private record Opened(OutreachRepository.LinkRow link, Debtor debtor, String clientName) {}

    private Opened opened(String token) {
        Instant now = clock.instant();
        LinkTokens.Verdict v = tokens.verify(token, now);
        if (v instanceof LinkTokens.Invalid bad) {
            throw new LinkRefused(bad.why());
        }
        UUID id = ((LinkTokens.Valid) v).id();
        OutreachRepository.LinkRow link = repo.link(id).orElseThrow(() -> new LinkRefused("the link is not known"));
        if (!now.isBefore(link.expiresAt())) {
            throw new LinkRefused("the link expired on " + link.expiresAt());
        }
        repo.pairs(List.of(link.debtorId())).stream()
                .filter(p -> p.clientId().equals(link.clientId()) && p.releasedOn() != null)
                .findFirst()
                .ifPresent(p -> {
                    // the old remit-to must not be shown once the debtor was told to pay the client again
                    throw new LinkRefused("the arrangement it was about ended on " + p.releasedOn()
                            + "; please pay the supplier directly, as our letter of release says");
                });
        return CurrentActor.runAs(Actor.system(), () -> {
            Debtor debtor = debtors.get(new DebtorId(link.debtorId()));
            String client = clients.get(new ClientId(link.clientId())).displayName();
            return new Opened(link, debtor, client);
        });
    }

    @Transactional
    public View open(String token) {
        Opened o = opened(token);
        Instant now = clock.instant();
        repo.linkOpened(o.link().id(), now);
        log(o, null, RelationshipHealth.OPENED, null);
        return view(o);
    }

    /** The page again after an answer, without counting another opening. */
    @Transactional(readOnly = true)
    public View show(String token) {
        return view(opened(token));
    }

    @Transactional
    public View acknowledge(String token) {
        Opened o = opened(token);
        Instant now = clock.instant();
        if (repo.acknowledge(o.link().clientId(), o.link().debtorId(), now)) {
            CurrentActor.runAs(Actor.system(), () -> {
                boolean sent = debtors.relationships(o.debtor().id()).stream()
                        .anyMatch(r -> r.clientId().equals(o.link().clientId())
                                && r.notificationState() == NotificationState.NOTICE_SENT);
                if (sent) {
                    debtors.recordNotice(
                            o.link().clientId(),
                            o.debtor().id(),
                            NotificationState.ACKNOWLEDGED,
                            "Acknowledged by the debtor through a signed link");
                }
                return null;
            });
            log(o, null, "Acknowledged the notice of assignment and the remit-to", null);
        }
        return view(o);
    }

    /** Confirms the given invoices (all of the link's that need it, when the list is empty). */
    @Transactional
    public View confirm(String token, List<UUID> invoiceIds) {
        Opened o = opened(token);
        List<InvoiceRow> rows =
                inScope(o, invoiceIds == null || invoiceIds.isEmpty() ? o.link().invoiceIds() : invoiceIds);
        for (InvoiceRow i : rows) {
            if (!i.verification().equals("PENDING")
                    || !(i.status().equals("SUBMITTED") || i.status().equals("APPROVED"))) {
                continue;
            }
            CurrentActor.runAs(
                    Actor.system(),
                    () -> invoices.recordVerification(
                            new InvoiceId(i.id()),
                            VerificationStatus.VERIFIED,
                            "Confirmed by " + o.debtor().name() + " through the signed link"));
            log(o, i.id(), "Confirmed invoice " + i.number() + " (" + i.face().display() + ")", null);
        }
        return view(o);
    }

    @Transactional
    public View dispute(String token, UUID invoiceId, DisputeReason reason, String note) {
        Validation v = new Validation();
        v.require(reason != null, "reason", reason, "choose what is wrong with the invoice");
        v.require(note == null || note.length() <= 1000, "note", null, "must be at most 1000 characters");
        v.throwIfAny();
        Opened o = opened(token);
        InvoiceRow i = open(inScope(o, List.of(invoiceId)).get(0));
        String why = reason.label() + (note == null || note.isBlank() ? "" : ": " + note.strip());
        boolean beforeFunding = i.status().equals("SUBMITTED") || i.status().equals("APPROVED");
        if (beforeFunding && i.verification().equals("PENDING")) {
            CurrentActor.runAs(
                    Actor.system(),
                    () -> invoices.recordVerification(
                            new InvoiceId(i.id()),
                            VerificationStatus.DISPUTED,
                            "Disputed by " + o.debtor().name() + ": " + why));
        }
        repo.answer(i.id(), i.clientId(), i.debtorId(), Answer.DISPUTED.name(), null, null, clock.instant());
        disputeTask(o, i, why);
        log(o, i.id(), "Disputed invoice " + i.number() + ": " + why, note);
        return view(o);
    }

    @Transactional
    public View answer(String token, UUID invoiceId, Answer answer, LocalDate date, String reference, String note) {
        if (answer == Answer.DISPUTED) {
            return dispute(token, invoiceId, DisputeReason.OTHER, note);
        }
        Opened o = opened(token);
        LocalDate today = clock.instant().atZone(Planner.zone(o.debtor())).toLocalDate();
        Validation v = new Validation();
        v.require(answer != null, "answer", answer, "choose SCHEDULED, PROMISED, PAID or DISPUTED");
        if (answer == Answer.SCHEDULED || answer == Answer.PROMISED) {
            v.require(
                    date != null && !date.isBefore(today) && !date.isAfter(today.plusDays(180)),
                    "date",
                    date,
                    "give the payment date, from today (" + today + ") to 180 days ahead");
        }
        if (answer == Answer.PAID) {
            v.require(
                    reference != null
                            && !reference.isBlank()
                            && reference.strip().length() <= 100,
                    "reference",
                    reference,
                    "give the check number or payment reference (at most 100 characters), so we can find it");
            v.require(
                    date == null || !date.isAfter(today),
                    "date",
                    date,
                    "a payment already made cannot be dated in the future");
        }
        v.require(note == null || note.length() <= 1000, "note", null, "must be at most 1000 characters");
        v.throwIfAny();
        InvoiceRow i = open(inScope(o, List.of(invoiceId)).get(0));
        String ref = reference == null ? null : reference.strip();
        repo.answer(i.id(), i.clientId(), i.debtorId(), answer.name(), date, ref, clock.instant());
        String summary = switch (answer) {
            case SCHEDULED -> "Payment of invoice " + i.number() + " is scheduled for " + date;
            case PROMISED -> "Promised to pay invoice " + i.number() + " on " + date;
            case PAID ->
                "Says invoice " + i.number() + " is paid" + (date == null ? "" : " on " + date) + ", reference " + ref;
            case DISPUTED -> throw new IllegalStateException();
        };
        if (answer == Answer.PAID) {
            Instant now = clock.instant();
            repo.openTask(
                    new OutreachTask(
                            UuidV7.next(clock),
                            OutreachTask.Kind.TRACE_PAYMENT,
                            i.clientId(),
                            i.debtorId(),
                            i.id(),
                            "Find the payment of invoice " + i.number() + " ("
                                    + o.debtor().name() + ", reference " + ref + ")",
                            "The debtor says it paid. If the payment is not in the bank files, ask the client whether it"
                                    + " reached them (a misdirected payment) before contacting the debtor.",
                            "ACCOUNT_MANAGER",
                            now,
                            today.plusDays(3),
                            null,
                            null,
                            null,
                            null),
                    "TRACE_PAYMENT:" + i.id());
        }
        log(o, i.id(), summary, note);
        return view(o);
    }

    private void disputeTask(Opened o, InvoiceRow i, String why) {
        Instant now = clock.instant();
        repo.openTask(
                new OutreachTask(
                        UuidV7.next(clock),
                        OutreachTask.Kind.RESOLVE_DISPUTE,
                        i.clientId(),
                        i.debtorId(),
                        i.id(),
                        "Dispute on invoice " + i.number() + " of " + o.clientName() + " from "
                                + o.debtor().name(),
                        why
                                + ". Sort it out with the client; no reminders go to the debtor about this invoice while it is open.",
                        "ACCOUNT_MANAGER",
                        now,
                        now.atZone(java.time.ZoneOffset.UTC).toLocalDate().plusDays(2),
                        null,
                        null,
                        null,
                        null),
                "RESOLVE_DISPUTE:" + i.id());
    }

    static final List<String> LIVE = List.of("SUBMITTED", "APPROVED", "FUNDED", "PARTIALLY_PAID");
    static final List<String> SETTLED = List.of("PAID", "CLOSED");

    /** Answers only about invoices still open with the factor: a closed one is nobody's to act on here. */
    private static InvoiceRow open(InvoiceRow i) {
        if (!LIVE.contains(i.status())) {
            throw FactorlineException.invalid(
                    "invoiceId",
                    i.number(),
                    "invoice " + i.number() + " is closed with us; nothing more is needed here");
        }
        return i;
    }

    private List<InvoiceRow> inScope(Opened o, List<UUID> wanted) {
        for (UUID id : wanted) {
            if (!o.link().invoiceIds().contains(id)) {
                // not this link's business: refused the same way as an unknown invoice
                throw FactorlineException.notFound("invoice", id);
            }
        }
        return repo.invoicesById(wanted);
    }

    private View view(Opened o) {
        boolean ackPending = false;
        boolean acknowledged = false;
        if (o.link().purpose().startsWith("NOTICE")) {
            var pair = repo.pairs(List.of(o.link().debtorId())).stream()
                    .filter(p -> p.clientId().equals(o.link().clientId()))
                    .findFirst();
            acknowledged = pair.map(p -> p.acknowledgedAt() != null).orElse(false);
            ackPending = !acknowledged;
        }
        List<Line> lines = new ArrayList<>();
        for (InvoiceRow i : repo.invoicesById(o.link().invoiceIds())) {
            // PAID and CLOSED are settled; an invoice charged back, written off, rejected or withdrawn is no
            // longer the factor's, but the debtor may still owe the client
            boolean closed = !LIVE.contains(i.status());
            boolean needs = !closed
                    && i.verification().equals("PENDING")
                    && (i.status().equals("SUBMITTED") || i.status().equals("APPROVED"));
            lines.add(new Line(
                    i.id(),
                    i.number(),
                    i.poNumber(),
                    i.issueDate(),
                    i.dueDate(),
                    i.face(),
                    needs,
                    i.verification(),
                    i.answer(),
                    i.answerDate(),
                    closed,
                    SETTLED.contains(i.status())));
        }
        var r = props.remitTo();
        return new View(
                o.link().id(),
                o.clientName(),
                o.debtor().name(),
                props.factorName(),
                props.factorPhone(),
                props.factorEmail(),
                Map.of(
                        "payee",
                        r.payee(),
                        "lockbox",
                        r.lockbox(),
                        "bankName",
                        r.bankName(),
                        "routingNumber",
                        r.routingNumber(),
                        "accountNumber",
                        r.accountNumber()),
                ackPending,
                acknowledged,
                lines,
                o.link().expiresAt());
    }

    private void log(Opened o, UUID invoiceId, String summary, String content) {
        repo.log(new ContactEntry(
                UuidV7.next(clock),
                clock.instant(),
                o.link().clientId(),
                o.link().debtorId(),
                invoiceId,
                null,
                ContactEntry.Channel.RESPONSE,
                summary,
                content,
                "debtor (link " + o.link().id().toString().substring(24) + ")"));
    }

    /**
     * What the remit-to check page shows for a code printed on a notice, if the code is genuine: the pair,
     * the notice's date and the instructions in force — or, after a release, that they were withdrawn.
     */
    public record RemitCheck(
            String debtorName,
            String clientName,
            LocalDate noticeSentOn,
            LocalDate releasedOn,
            Map<String, String> remitTo) {}

    /** Looks the code up (one indexed read: the page is public). */
    @Transactional(readOnly = true)
    public Optional<RemitCheck> checkRemit(String code) {
        if (code == null || code.strip().length() > 20) {
            return Optional.empty();
        }
        String wanted = code.strip().toUpperCase(Locale.ROOT);
        return repo.pairByCheckCode(wanted)
                .map(p -> CurrentActor.runAs(Actor.system(), () -> {
                    var r = props.remitTo();
                    return new RemitCheck(
                            debtors.get(new DebtorId((UUID) p[1])).name(),
                            clients.get(new ClientId((UUID) p[0])).displayName(),
                            (LocalDate) p[2],
                            (LocalDate) p[3],
                            Map.of(
                                    "payee",
                                    r.payee(),
                                    "lockbox",
                                    r.lockbox(),
                                    "bankName",
                                    r.bankName(),
                                    "routingNumber",
                                    r.routingNumber(),
                                    "accountNumber",
                                    r.accountNumber()));
                }));
    }
}
