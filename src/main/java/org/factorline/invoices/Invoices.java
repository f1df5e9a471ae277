package org.factorline.invoices;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.factorline.clients.Agreement;
import org.factorline.clients.Client;
import org.factorline.clients.ClientId;
import org.factorline.debtors.DebtorId;
import org.factorline.debtors.DebtorStanding;
import org.factorline.debtors.DebtorStatus;
import org.factorline.debtors.Debtors;
import org.factorline.identity.Actor;
import org.factorline.identity.AuditLog;
import org.factorline.identity.CurrentActor;
import org.factorline.identity.Role;
import org.factorline.invoices.internal.DocumentRepository;
import org.factorline.invoices.internal.DocumentTypes;
import org.factorline.invoices.internal.InvoiceRepository;
import org.factorline.invoices.internal.ScheduleRepository;
import org.factorline.shared.CursorPage;
import org.factorline.shared.ErrorCode;
import org.factorline.shared.FactorlineException;
import org.factorline.shared.FieldProblem;
import org.factorline.shared.Money;
import org.factorline.shared.UuidV7;
import org.factorline.shared.Validation;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Taking in invoices and walking them through their life. An invoice is accepted only from an active
 * client, on an active debtor, under the agreement in force on its issue date and in that agreement's
 * currency; a client never sells the same invoice number twice. Every read is scoped to the actor: a
 * client user sees its own client's invoices only, and never the duplicate flags that point at others.
 */
@Service
public class Invoices {

    /** Who may submit invoices and schedules: the client's own people and the staff who manage clients. */
    static final Role[] SUBMITTERS = {Role.ADMIN, Role.ACCOUNT_MANAGER, Role.CLIENT_ADMIN, Role.CLIENT_USER};

    static final Role[] APPROVERS = {Role.ADMIN, Role.UNDERWRITER, Role.ACCOUNT_MANAGER};
    static final Role[] WITHDRAWERS = {
        Role.ADMIN, Role.UNDERWRITER, Role.ACCOUNT_MANAGER, Role.CLIENT_ADMIN, Role.CLIENT_USER
    };
    /** Funding and what follows belong to the funding, receipts and settlement modules; until then, these roles. */
    static final Role[] MONEY_MOVERS = {Role.ADMIN, Role.FUNDING_OFFICER};

    static final Role[] DOCUMENT_WRITERS = {
        Role.ADMIN,
        Role.ACCOUNT_MANAGER,
        Role.UNDERWRITER,
        Role.VERIFIER,
        Role.FUNDING_OFFICER,
        Role.CLIENT_ADMIN,
        Role.CLIENT_USER
    };

    public static final int MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;
    static final int MAX_REASON_LENGTH = 500;

    private final InvoiceRepository invoices;
    private final ScheduleRepository schedules;
    private final DocumentRepository documents;
    private final ClientTerms terms;
    private final Debtors debtors;
    private final AuditLog audit;
    private final Clock clock;
    private final org.factorline.shared.BulkLoad bulk;

    Invoices(
            InvoiceRepository invoices,
            ScheduleRepository schedules,
            DocumentRepository documents,
            ClientTerms terms,
            Debtors debtors,
            AuditLog audit,
            Clock clock,
            org.factorline.shared.BulkLoad bulk) {
        this.bulk = bulk;
        this.invoices = invoices;
        this.schedules = schedules;
        this.documents = documents;
        this.terms = terms;
        this.debtors = debtors;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Submits one invoice as a schedule of one. Refusals name every field at fault; a number the client
     * already used is refused with {@link ErrorCode#INVOICE_DUPLICATE_NUMBER}. An invoice that looks like
     * another client's (same debtor, amount and issue date, similar number) is accepted and flagged. A
     * client user's own client is taken when the command leaves the client out; another client is "not
     * found", so a client's API token cannot learn that it exists.
     */
    @Transactional
    public Invoice submit(NewInvoice given, ScheduleSource source) {
        Actor actor = CurrentActor.get();
        actor.requireRole(SUBMITTERS);
        NewInvoice cmd = given.clientId() == null && actor.clientScope().isPresent()
                ? given.forClient(new ClientId(actor.clientScope().get()))
                : given;
        LocalDate today = LocalDate.now(clock);
        cmd.validate(today).throwIfAny();
        String number = cmd.number().strip();
        LocalDate due = cmd.dueDate() != null ? cmd.dueDate() : cmd.issueDate().plusDays(cmd.termsDays());
        requireConsistentDates(cmd.issueDate(), due);
        int termsDays = cmd.termsDays() != null ? cmd.termsDays() : (int) ChronoUnit.DAYS.between(cmd.issueDate(), due);

        Client client = terms.activeClient(cmd.clientId());
        DebtorStanding debtor = debtors.standing(cmd.debtorId(), client.id().value())
                .orElseThrow(() ->
                        FactorlineException.invalid("debtorId", cmd.debtorId(), "is not a debtor known to the factor"));
        requireActive(debtor);
        // bought under the agreement version in force on the day it is submitted, whatever its issue date
        Agreement agreement = terms.agreementOn(client, LocalDate.now(clock), "clientId");
        if (!cmd.faceAmount().currency().equals(agreement.terms().currency())) {
            throw new FactorlineException(
                    ErrorCode.AGREEMENT_CURRENCY_MISMATCH,
                    "The invoice is in " + cmd.faceAmount().currency() + " but the agreement of " + client.reference()
                            + " is in " + agreement.terms().currency(),
                    List.of(FieldProblem.of(
                            "faceAmount.currency",
                            cmd.faceAmount().currency(),
                            "must be " + agreement.terms().currency())));
        }
        // a number the client already used is refused by the insert below (the unique client and number),
        // which rolls the whole submission back; no read before it

        Instant now = clock.instant();
        Schedule schedule = new Schedule(
                new ScheduleId(UuidV7.next(clock)),
                schedules.nextReference(today.getYear()),
                client.id(),
                source == null ? ScheduleSource.MANUAL : source,
                null,
                1,
                cmd.faceAmount(),
                now,
                actor.username());
        schedules.insert(schedule);

        Optional<String> flag = Lookalikes.reason(
                InvoiceNumbers.normalize(number),
                invoices.lookalikes(client.id(), debtor.id(), cmd.issueDate(), cmd.faceAmount()));
        VerificationStatus verification = agreement.terms().verification().requires(cmd.faceAmount(), number)
                ? VerificationStatus.PENDING
                : VerificationStatus.NOT_REQUIRED;
        Invoice invoice = new Invoice(
                new InvoiceId(UuidV7.next(clock)),
                client.id(),
                debtor.id(),
                schedule.id(),
                agreement.id(),
                number,
                blankToNull(cmd.poNumber()),
                cmd.issueDate(),
                termsDays,
                due,
                cmd.faceAmount(),
                InvoiceStatus.SUBMITTED,
                verification,
                flag.isPresent(),
                flag.orElse(null),
                now,
                now,
                0);
        try {
            invoices.insert(invoice);
        } catch (DuplicateKeyException e) {
            throw duplicate(client, number);
        }
        invoices.insertChanges(List.of(new InvoiceRepository.NewChange(
                UuidV7.next(clock),
                invoice.id(),
                new StatusChange(null, InvoiceStatus.SUBMITTED, now, actor.username(), null))));
        if (!debtor.clientSellsOnIt()) {
            debtors.ensureRelationship(
                    client.id().value(), debtor.id(), agreement.terms().notification(), cmd.issueDate());
        }
        audit.record(
                "invoice.submitted",
                "invoice",
                invoice.id().value(),
                client.id().value(),
                "Invoice " + number + " of " + client.reference() + " on " + debtor.reference() + " for "
                        + invoice.faceAmount().display() + " submitted in schedule " + schedule.reference()
                        + (invoice.flagged() ? " (flagged as a possible duplicate)" : ""),
                null,
                invoice);
        return visible(invoice, actor);
    }

    /**
     * Submits one invoice with a document filed with it, in one transaction: a document that is refused
     * (not a PDF, PNG or JPEG by its content, empty, too large) leaves no invoice behind either.
     */
    @Transactional
    public Invoice submitWithDocument(
            NewInvoice cmd, ScheduleSource source, String documentName, InputStream document) {
        Invoice invoice = submit(cmd, source);
        uploadDocument(invoice.id(), documentName, document);
        return invoice;
    }

    public Optional<Invoice> find(InvoiceId id) {
        Actor actor = CurrentActor.get();
        return invoices.find(id)
                .filter(i -> actor.canSeeClient(i.clientId().value()))
                .map(i -> visible(i, actor));
    }

    /**
     * Locks the invoices' rows until the transaction ends, in one order (by id) so that two callers never
     * wait on each other. The modules that post money to an invoice call this before they read what is
     * still open on it: two payments applied at once then see each other, and never take more than is open.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void lockForMoneyMove(Collection<InvoiceId> ids) {
        ids.stream().distinct().sorted(Comparator.comparing(InvoiceId::value)).forEach(invoices::lock);
    }

    /** The invoice, or "not found" (also when the actor may not see it). */
    public Invoice get(InvoiceId id) {
        return find(id).orElseThrow(() -> FactorlineException.notFound("invoice", id));
    }

    /** Invoices the actor may see, newest first. A client user's list is its own client's only. */
    public CursorPage<Invoice> list(InvoiceFilter filter, CursorPage.Request page) {
        Actor actor = CurrentActor.get();
        InvoiceFilter f = filter == null ? InvoiceFilter.none() : filter;
        if (actor.isClientUser() && f.flagged() != null) {
            f = new InvoiceFilter(f.client(), f.debtor(), f.schedule(), f.status(), null, f.number());
        }
        List<Invoice> rows = invoices.page(page, f, actor.clientScope().orElse(null));
        return CursorPage.of(rows, page, i -> i.id().value()).map(i -> visible(i, actor));
    }

    /**
     * Moves an invoice along its lifecycle. Approving and rejecting are underwriting decisions; the
     * client may withdraw its own invoice before funding; funding and what follows are for the funding
     * side. Rejecting, withdrawing, charging back and writing off need a reason.
     */
    @Transactional
    public Invoice transition(InvoiceId id, InvoiceStatus target, String reason) {
        return move(id, target, reason, false);
    }

    /**
     * The moves that money makes: paid and partly paid by cash posting, closed by close-out. Only the
     * receipts and settlement modules call this, in the transaction that posts the money.
     */
    @Transactional
    public Invoice recordMoneyMove(InvoiceId id, InvoiceStatus target, String reason) {
        return move(id, target, reason, true);
    }

    /** One move of {@link #recordMoneyMoves}: the invoice, where it goes, and why. */
    public record MoneyMove(InvoiceId invoiceId, InvoiceStatus target, String reason) {}

    /**
     * Many money moves at once, in order, for set-based cash application: each is checked and recorded as
     * {@link #recordMoneyMove} records it — the status change with its history row and audit line (before
     * and after) — but the invoices are read in batches and written in one statement, each row once, from
     * the version it was read at (a row changed meanwhile refuses the lot).
     */
    @Transactional
    public void recordMoneyMoves(List<MoneyMove> moves) {
        recordMoneyMoves(moves, java.util.Map.of());
    }

    /**
     * {@link #recordMoneyMoves}, from the versions the caller read the invoices at ({@code versionsRead}, for
     * some or all of them): an invoice changed since refuses the lot, as one changed between this read and
     * the write does.
     */
    @Transactional
    public void recordMoneyMoves(List<MoneyMove> moves, java.util.Map<InvoiceId, Integer> versionsRead) {
        if (moves.isEmpty()) {
            return;
        }
        Actor actor = CurrentActor.get();
        java.util.Map<InvoiceId, Invoice> current = new java.util.HashMap<>();
        java.util.Map<InvoiceId, Integer> readAt = new java.util.LinkedHashMap<>();
        List<InvoiceId> ids =
                moves.stream().map(MoneyMove::invoiceId).distinct().toList();
        for (int i = 0; i < ids.size(); i += 1_000) {
            for (Invoice inv : invoices.findAll(ids.subList(i, Math.min(ids.size(), i + 1_000)))) {
                current.put(inv.id(), inv);
                readAt.put(inv.id(), inv.version());
            }
        }
        versionsRead.forEach((id, version) -> {
            Integer now = readAt.get(id);
            if (now != null && now.intValue() != version.intValue()) {
                throw new org.springframework.dao.OptimisticLockingFailureException("invoice "
                        + current.get(id).number() + " was changed by someone else meanwhile; reload and retry");
            }
        });
        Instant now = clock.instant();
        List<Object[]> history = new java.util.ArrayList<>(moves.size());
        List<AuditLog.Item> lines = new java.util.ArrayList<>(moves.size());
        for (MoneyMove m : moves) {
            Invoice before = current.get(m.invoiceId());
            if (before == null || !actor.canSeeClient(before.clientId().value())) {
                throw FactorlineException.notFound("invoice", m.invoiceId());
            }
            actor.requireRole(rolesFor(m.target()));
            before.status().requireMove(before.number(), m.target());
            String why = blankToNull(m.reason());
            if (why != null && why.length() > MAX_REASON_LENGTH) {
                throw FactorlineException.invalid(
                        "reason", m.reason(), "must be at most " + MAX_REASON_LENGTH + " characters");
            }
            Invoice after = new Invoice(
                    before.id(),
                    before.clientId(),
                    before.debtorId(),
                    before.scheduleId(),
                    before.agreementId(),
                    before.number(),
                    before.poNumber(),
                    before.issueDate(),
                    before.termsDays(),
                    before.dueDate(),
                    before.faceAmount(),
                    m.target(),
                    before.verificationStatus(),
                    before.flagged(),
                    before.flagReason(),
                    before.createdAt(),
                    now.truncatedTo(ChronoUnit.MICROS),
                    before.version() + 1);
            current.put(m.invoiceId(), after);
            history.add(new Object[] {
                UuidV7.next(clock),
                m.invoiceId().value(),
                before.status().name(),
                m.target().name(),
                now,
                actor.username(),
                why
            });
            lines.add(new AuditLog.Item(
                    "invoice.status_changed",
                    "invoice",
                    m.invoiceId().value(),
                    after.clientId().value(),
                    "Invoice " + after.number() + " " + before.status() + " → " + m.target(),
                    before,
                    after,
                    why));
        }
        List<Object[]> rows = new java.util.ArrayList<>(readAt.size());
        readAt.forEach((id, version) -> {
            Invoice last = current.get(id);
            rows.add(new Object[] {id.value(), last.status().name(), version, last.version(), now});
        });
        invoices.updateStatuses(rows, bulk);
        bulk.load(
                "invoice_status_change",
                List.of("id", "invoice_id", "from_status", "to_status", "occurred_at", "actor", "reason"),
                history);
        audit.recordAll(lines);
    }

    private Invoice move(InvoiceId id, InvoiceStatus target, String reason, boolean byMoney) {
        Actor actor = CurrentActor.get();
        if (target == null) {
            throw FactorlineException.invalid("to", null, "is required: the status to move the invoice to");
        }
        Invoice before = invoices.find(id)
                .filter(i -> actor.canSeeClient(i.clientId().value()))
                .orElseThrow(() -> FactorlineException.notFound("invoice", id));
        actor.requireRole(rolesFor(target));
        before.status().requireMove(before.number(), target);
        if (target == InvoiceStatus.FUNDED) {
            throw new FactorlineException(
                    ErrorCode.INVOICE_ILLEGAL_TRANSITION,
                    "Invoice " + before.number() + " is funded through a funding request, which pays the advance"
                            + " and posts the purchase to the ledger",
                    List.of(FieldProblem.of("to", target, "use a funding request to fund an invoice")));
        }
        if (!byMoney && movedByMoney(before.status(), target)) {
            throw new FactorlineException(
                    ErrorCode.INVOICE_ILLEGAL_TRANSITION,
                    "Invoice " + before.number() + " becomes " + target + " when money is posted: apply a payment"
                            + " (or accept a short pay) under receipts; a collected invoice closes itself out and"
                            + " the recourse sweep charges back what is unpaid at its recourse date",
                    List.of(FieldProblem.of("to", target, "is recorded by cash posting, not set by hand")));
        }
        String why = blankToNull(reason);
        Validation v = new Validation();
        v.require(
                why != null || !needsReason(target),
                "reason",
                reason,
                "a reason is required to move an invoice to " + target);
        v.require(
                why == null || why.length() <= MAX_REASON_LENGTH,
                "reason",
                reason,
                "must be at most " + MAX_REASON_LENGTH + " characters");
        v.throwIfAny();
        Instant now = clock.instant();
        invoices.updateStatus(id, target, before.version(), now);
        invoices.insertChanges(List.of(new InvoiceRepository.NewChange(
                UuidV7.next(clock), id, new StatusChange(before.status(), target, now, actor.username(), why))));
        Invoice after = invoices.find(id).orElseThrow();
        audit.record(
                "invoice.status_changed",
                "invoice",
                id.value(),
                after.clientId().value(),
                "Invoice " + after.number() + " " + before.status() + " → " + target,
                before,
                after,
                why);
        return visible(after, actor);
    }

    static final Role[] VERIFIERS = {Role.ADMIN, Role.VERIFIER, Role.UNDERWRITER};

    /**
     * Records what the debtor said about the invoice — confirmed, or disputed — when a verifier heard it
     * by phone or e-mail. A disputed invoice cannot be funded.
     */
    @Transactional
    public Invoice recordVerification(InvoiceId id, VerificationStatus outcome, String note) {
        Actor actor = CurrentActor.get();
        actor.requireRole(VERIFIERS);
        Validation v = new Validation();
        v.require(
                outcome == VerificationStatus.VERIFIED || outcome == VerificationStatus.DISPUTED,
                "outcome",
                outcome,
                "must be VERIFIED or DISPUTED");
        String why = blankToNull(note);
        v.require(why != null, "note", note, "say how and with whom it was verified or why it is disputed");
        v.require(
                why == null || why.length() <= MAX_REASON_LENGTH,
                "note",
                note,
                "must be at most " + MAX_REASON_LENGTH + " characters");
        v.throwIfAny();
        Invoice before = get(id);
        // before funding only: a bought invoice (funded, partly paid, paid, charged back) is past verification
        if (before.status() != InvoiceStatus.SUBMITTED && before.status() != InvoiceStatus.APPROVED) {
            throw FactorlineException.invalid(
                    "id",
                    id,
                    "invoice " + before.number() + " is " + before.status() + "; verification is before funding");
        }
        invoices.updateVerification(id, outcome, before.version(), clock.instant());
        Invoice after = invoices.find(id).orElseThrow();
        audit.record(
                "invoice.verification_recorded",
                "invoice",
                id.value(),
                after.clientId().value(),
                "Invoice " + after.number() + " " + outcome.name().toLowerCase(java.util.Locale.ROOT) + ": " + why,
                before,
                after,
                why);
        return after;
    }

    /**
     * Marks approved invoices funded, for the funding module in the transaction that pays for them.
     * Every invoice must still be approved: one that moved meanwhile fails the whole funding.
     */
    @Transactional
    public List<Invoice> markFunded(List<InvoiceId> ids, String fundingReference) {
        Actor actor = CurrentActor.get();
        actor.requireRole(MONEY_MOVERS);
        Instant now = clock.instant();
        int moved = invoices.moveAll(ids, InvoiceStatus.APPROVED, InvoiceStatus.FUNDED, now);
        if (moved != ids.size()) {
            throw new org.springframework.dao.OptimisticLockingFailureException(
                    (ids.size() - moved) + " of the " + ids.size() + " invoices of " + fundingReference
                            + " are no longer approved; reload the funding request");
        }
        List<InvoiceRepository.NewChange> changes = ids.stream()
                .map(i -> new InvoiceRepository.NewChange(
                        UuidV7.next(clock),
                        i,
                        new StatusChange(
                                InvoiceStatus.APPROVED, InvoiceStatus.FUNDED, now, actor.username(), fundingReference)))
                .toList();
        invoices.insertChanges(changes);
        return invoices.findAll(ids);
    }

    /** Invoices by id, for staff modules working on many at once (funding, risk). */
    public List<Invoice> getAll(List<InvoiceId> ids) {
        Actor actor = CurrentActor.get();
        return invoices.findAll(ids).stream()
                .filter(i -> actor.canSeeClient(i.clientId().value()))
                .map(i -> visible(i, actor))
                .toList();
    }

    /** A client's (or, with null, every client's) invoices in one status, oldest first. */
    public List<Invoice> inStatus(ClientId clientId, InvoiceStatus status, int limit) {
        CurrentActor.get().requireStaff();
        return invoices.inStatus(clientId, status, Math.min(Math.max(limit, 1), 5_000));
    }

    /** The statuses of an invoice still in play: waiting to be bought, or bought and not yet paid. */
    public static final List<InvoiceStatus> OPEN = List.of(
            InvoiceStatus.SUBMITTED, InvoiceStatus.APPROVED, InvoiceStatus.FUNDED, InvoiceStatus.PARTIALLY_PAID);

    /** How many of a client's invoices are in one open status, and their face value (per currency). */
    public record StatusTotal(InvoiceStatus status, int count, Money face) {}

    /**
     * A client's open invoices ({@link #OPEN}) counted per status with their face value, in {@link #OPEN}'s
     * order; a status with none is left out. A client user gets only its own client's ("not found" otherwise).
     */
    public List<StatusTotal> openTotals(ClientId clientId) {
        CurrentActor.get().requireClient(clientId.value());
        List<StatusTotal> out = new java.util.ArrayList<>();
        for (Object[] r :
                invoices.totalsByStatus(clientId, OPEN.stream().map(Enum::name).toList())) {
            out.add(new StatusTotal(
                    InvoiceStatus.valueOf((String) r[0]),
                    (Integer) r[2],
                    Money.of((java.math.BigDecimal) r[3], java.util.Currency.getInstance((String) r[1]))));
        }
        out.sort(java.util.Comparator.comparingInt(t -> OPEN.indexOf(t.status())));
        return out;
    }

    /**
     * Face value of funded, unpaid invoices on each debtor: of one client, or (null) of the whole book —
     * staff only, since across clients it reveals other clients' business.
     */
    public java.util.Map<DebtorId, Money> openFundedFaceByDebtor(ClientId clientId, java.util.Currency currency) {
        CurrentActor.get().requireStaff();
        java.util.Map<DebtorId, Money> out = new java.util.HashMap<>();
        invoices.openFundedFaceByDebtor(clientId, currency.getCurrencyCode())
                .forEach((d, face) -> out.put(d, Money.of(face, currency)));
        return out;
    }

    /** Face value of funded, unpaid invoices on the debtor across every client (its exposure). */
    public Money openFundedFaceOfDebtor(DebtorId debtorId, java.util.Currency currency) {
        CurrentActor.get().requireStaff();
        return Money.of(invoices.openFundedFaceOfDebtor(debtorId, currency.getCurrencyCode()), currency);
    }

    /** The transitions the actor may make from the invoice's current state (for buttons). */
    public List<InvoiceStatus> possibleTransitions(Invoice invoice) {
        Actor actor = CurrentActor.get();
        return invoice.status().next().stream()
                .filter(s -> s != InvoiceStatus.FUNDED && !movedByMoney(invoice.status(), s))
                .filter(s -> actor.hasAnyRole(rolesFor(s)))
                .toList();
    }

    public List<StatusChange> timeline(InvoiceId id) {
        get(id);
        return invoices.timeline(id);
    }

    /**
     * Files a document with an invoice: PDF, PNG or JPEG as told by the bytes themselves (a text file
     * named ".pdf" is refused), at most {@link #MAX_DOCUMENT_BYTES}. Reads at most one byte more than
     * the limit, however large the upload.
     */
    @Transactional
    public InvoiceDocument uploadDocument(InvoiceId id, String fileName, InputStream content) {
        Actor actor = CurrentActor.get();
        Invoice invoice = get(id);
        actor.requireRole(DOCUMENT_WRITERS);
        byte[] bytes;
        try {
            bytes = content.readNBytes(MAX_DOCUMENT_BYTES + 1);
        } catch (IOException e) {
            throw FactorlineException.invalid("file", fileName, "could not be read: " + e.getMessage());
        }
        String name = cleanFileName(fileName);
        if (bytes.length > MAX_DOCUMENT_BYTES) {
            throw new FactorlineException(
                    ErrorCode.PAYLOAD_TOO_LARGE,
                    "A document may be at most " + MAX_DOCUMENT_BYTES / (1024 * 1024) + " MB",
                    List.of(FieldProblem.of("file", name, "is larger than 10 MB")));
        }
        if (bytes.length == 0) {
            throw FactorlineException.invalid("file", name, "is empty");
        }
        String type = DocumentTypes.detect(bytes)
                .orElseThrow(() -> new FactorlineException(
                        ErrorCode.DOCUMENT_TYPE_REFUSED,
                        "\"" + name + "\" is not a PDF, PNG or JPEG file (judged by its content, not its name)",
                        List.of(FieldProblem.of("file", name, "is not a PDF, PNG or JPEG file"))));
        InvoiceDocument doc = new InvoiceDocument(
                UuidV7.next(clock), id, name, type, bytes.length, sha256(bytes), clock.instant(), actor.username());
        documents.insert(doc, bytes);
        audit.record(
                "invoice.document_uploaded",
                "invoice",
                id.value(),
                invoice.clientId().value(),
                "Document " + name + " (" + type + ", " + bytes.length + " bytes) filed with invoice "
                        + invoice.number(),
                null,
                doc);
        return doc;
    }

    public List<InvoiceDocument> documents(InvoiceId id) {
        get(id);
        return documents.ofInvoice(id);
    }

    public InvoiceDocument.Content document(InvoiceId id, UUID documentId) {
        get(id);
        return documents
                .content(id, documentId)
                .orElseThrow(() -> FactorlineException.notFound("document", documentId));
    }

    public Optional<Schedule> findSchedule(ScheduleId id) {
        Actor actor = CurrentActor.get();
        return schedules.find(id).filter(s -> actor.canSeeClient(s.clientId().value()));
    }

    public Schedule schedule(ScheduleId id) {
        return findSchedule(id).orElseThrow(() -> FactorlineException.notFound("schedule", id));
    }

    /** Schedules the actor may see, newest first, optionally of one client. */
    public CursorPage<Schedule> schedules(ClientId client, CursorPage.Request page) {
        UUID only = CurrentActor.get().clientScope().orElse(null);
        return CursorPage.of(schedules.page(page, client, only), page, s -> s.id().value());
    }

    // --- rules shared with the schedule import ---

    static FactorlineException duplicate(Client client, String number) {
        return new FactorlineException(
                ErrorCode.INVOICE_DUPLICATE_NUMBER,
                "Client " + client.reference() + " already submitted an invoice numbered " + number,
                List.of(FieldProblem.of("number", number, "was already submitted by this client")));
    }

    static Invoice visible(Invoice invoice, Actor actor) {
        return actor.isStaff() ? invoice : invoice.withoutStaffNotes();
    }

    /**
     * Paid, partly paid, charged back, and closed after being paid: only posted money moves an invoice
     * there (cash posting, close-out, the recourse sweep).
     */
    static boolean movedByMoney(InvoiceStatus from, InvoiceStatus to) {
        return to == InvoiceStatus.PAID
                || to == InvoiceStatus.PARTIALLY_PAID
                || to == InvoiceStatus.CHARGED_BACK
                || (to == InvoiceStatus.CLOSED && from == InvoiceStatus.PAID);
    }

    static Role[] rolesFor(InvoiceStatus target) {
        return switch (target) {
            case APPROVED, REJECTED -> APPROVERS;
            case WITHDRAWN -> WITHDRAWERS;
            default -> MONEY_MOVERS;
        };
    }

    static boolean needsReason(InvoiceStatus target) {
        return switch (target) {
            case REJECTED, WITHDRAWN, CHARGED_BACK, WRITTEN_OFF -> true;
            default -> false;
        };
    }

    private static void requireActive(DebtorStanding debtor) {
        if (debtor.status() != DebtorStatus.ACTIVE) {
            throw new FactorlineException(
                    ErrorCode.DEBTOR_NOT_ACTIVE,
                    "Debtor " + debtor.reference() + " is " + debtor.status() + "; invoices on it are not accepted",
                    List.of(FieldProblem.of("debtorId", debtor.id(), "is not an active debtor")));
        }
    }

    private static void requireConsistentDates(LocalDate issue, LocalDate due) {
        if (due.isBefore(issue)) {
            throw new FactorlineException(
                    ErrorCode.INVOICE_DATES_INVALID,
                    "The due date " + due + " is before the issue date " + issue,
                    List.of(FieldProblem.of("dueDate", due, "must not be before the issue date " + issue)));
        }
        if (due.isAfter(issue.plusDays(NewInvoice.MAX_TERMS_DAYS))) {
            throw new FactorlineException(
                    ErrorCode.INVOICE_DATES_INVALID,
                    "The due date " + due + " is more than " + NewInvoice.MAX_TERMS_DAYS + " days after the issue date "
                            + issue,
                    List.of(FieldProblem.of(
                            "dueDate",
                            due,
                            "must be at most " + NewInvoice.MAX_TERMS_DAYS + " days after the issue date")));
        }
    }

    static String cleanFileName(String fileName) {
        String name = fileName == null ? "" : fileName;
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        name = name.replaceAll("\\p{Cntrl}", "").strip();
        if (name.isEmpty()) {
            name = "document";
        }
        return name.length() <= 255 ? name : name.substring(name.length() - 255);
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The statuses of an invoice not yet bought: where the debtor's confirmation is still of use. */
    static final List<InvoiceStatus> NOT_YET_BOUGHT = List.of(InvoiceStatus.SUBMITTED, InvoiceStatus.APPROVED);

    /**
     * Staff's count of invoices in one status, at most {@code cap + 1} (a dashboard shows "more than cap"
     * rather than count the whole book).
     */
    public long countInStatus(InvoiceStatus status, int cap) {
        CurrentActor.get().requireStaff();
        return invoices.countCapped(List.of(status.name()), null, cap);
    }

    /** Invoices not yet bought whose debtor has still to confirm them (verification PENDING), at most cap + 1. */
    public long countAwaitingVerification(int cap) {
        CurrentActor.get().requireStaff();
        return invoices.countCapped(NOT_YET_BOUGHT_NAMES, VerificationStatus.PENDING.name(), cap);
    }

    /** Open invoices ({@link #OPEN}) the debtor disputes, at most cap + 1. */
    public long countDisputed(int cap) {
        CurrentActor.get().requireStaff();
        return invoices.countCapped(OPEN.stream().map(Enum::name).toList(), VerificationStatus.DISPUTED.name(), cap);
    }

    private static final List<String> NOT_YET_BOUGHT_NAMES =
            NOT_YET_BOUGHT.stream().map(Enum::name).toList();
}
