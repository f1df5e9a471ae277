package org.factorline.debtors;

import java.text.Normalizer;
import java.time.Clock;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.factorline.debtors.internal.DebtorRepository;
import org.factorline.identity.Actor;
import org.factorline.identity.AuditLog;
import org.factorline.identity.CurrentActor;
import org.factorline.identity.Role;
import org.factorline.shared.CursorPage;
import org.factorline.shared.ErrorCode;
import org.factorline.shared.FactorlineException;
import org.factorline.shared.UuidV7;
import org.factorline.shared.Validation;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Debtors are shared by all clients of the factor: one record, one credit limit, one set of AP mailboxes,
 * whichever clients sell invoices on them. A client user sees only the debtors its own client sells on,
 * and never which other clients do.
 */
@Service
public class Debtors {

    static final Role[] WRITERS = {Role.ADMIN, Role.ACCOUNT_MANAGER, Role.UNDERWRITER};

    private final DebtorRepository debtors;
    private final AuditLog audit;
    private final Clock clock;

    public Debtors(DebtorRepository debtors, AuditLog audit, Clock clock) {
        this.debtors = debtors;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * "ACME Corp., Inc." and "Acme Corp" are the same debtor: lower case, accents and punctuation dropped,
     * "&" read as "and", a leading "the" and trailing company suffixes removed. A name that is nothing but
     * a suffix or that has no Latin letters keeps its plain lower-case form, so it never collides with
     * every other such name.
     */
    public static String nameKey(String name) {
        String plain = name.strip().toLowerCase(Locale.ROOT);
        String s = Normalizer.normalize(plain, Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "")
                .replace("&", " and ")
                .replaceAll("[^a-z0-9 ]", " ")
                .replaceAll("\\s+", " ")
                .strip();
        String key = s.replaceAll("^the ", "")
                .replaceAll(
                        "( (inc|incorporated|llc|l l c|ltd|limited|corp|corporation|co|company|lp|llp|plc|pllc|gmbh))+$",
                        "")
                .strip();
        if (!key.isEmpty()) {
            return key;
        }
        return s.isEmpty() ? plain.replaceAll("\\s+", " ") : s;
    }

    @Transactional
    public Debtor register(DebtorDetails details) {
        CurrentActor.get().requireRole(WRITERS);
        var v = details.validate();
        if (details.name() != null && !details.name().isBlank()) {
            debtors.findByNameKey(nameKey(details.name()))
                    .ifPresent(existing -> v.require(
                            false,
                            "name",
                            details.name(),
                            "a debtor with this name already exists (" + existing.reference() + " " + existing.name()
                                    + "); use it instead of creating a second one"));
        }
        v.throwIfAny();
        UUID id = UuidV7.next(clock);
        debtors.insert(id, debtors.nextReference(), details, nameKey(details.name()), clock.instant());
        debtors.replaceContacts(new DebtorId(id), contacts(details), () -> UuidV7.next(clock), clock.instant());
        Debtor created = debtors.find(new DebtorId(id)).orElseThrow();
        audit.record(
                "debtor.registered",
                "debtor",
                id,
                null,
                "Debtor " + created.reference() + " " + created.name() + " registered",
                null,
                created);
        return created;
    }

    @Transactional
    public Debtor update(DebtorId id, DebtorDetails details, int expectedVersion) {
        CurrentActor.get().requireRole(WRITERS);
        Debtor before = get(id);
        var v = details.validate();
        if (details.name() != null && !details.name().isBlank()) {
            debtors.findByNameKey(nameKey(details.name()))
                    .filter(d -> !d.id().equals(id))
                    .ifPresent(other -> v.require(
                            false,
                            "name",
                            details.name(),
                            "another debtor already has this name (" + other.reference() + ")"));
        }
        v.throwIfAny();
        debtors.update(id, details, nameKey(details.name()), expectedVersion, clock.instant());
        debtors.replaceContacts(id, contacts(details), () -> UuidV7.next(clock), clock.instant());
        Debtor after = get(id);
        audit.record(
                "debtor.updated",
                "debtor",
                id.value(),
                null,
                "Debtor " + after.reference() + " details changed",
                before,
                after);
        return after;
    }

    @Transactional
    public Debtor changeStatus(DebtorId id, DebtorStatus status, String reason, int expectedVersion) {
        CurrentActor.get().requireRole(WRITERS);
        var v = new Validation();
        v.require(status != null, "status", null, "is required: one of ACTIVE, ON_HOLD, INSOLVENT, CLOSED");
        v.require(
                reason != null && !reason.isBlank() && reason.strip().length() <= 1000,
                "reason",
                reason,
                "a reason is required to change a debtor's status (at most 1000 characters)");
        v.throwIfAny();
        Debtor before = get(id);
        if (!before.status().canMoveTo(status)) {
            throw new FactorlineException(
                    ErrorCode.DEBTOR_ILLEGAL_TRANSITION,
                    "Debtor " + before.reference() + " is " + before.status() + " and cannot move to " + status
                            + "; from " + before.status() + " it can move to "
                            + before.status().next());
        }
        debtors.updateStatus(id, status, expectedVersion, clock.instant());
        Debtor after = get(id);
        audit.record(
                "debtor.status_changed",
                "debtor",
                id.value(),
                null,
                "Debtor " + after.reference() + " " + before.status() + " → " + status,
                before,
                after,
                reason.strip());
        return after;
    }

    public Optional<Debtor> find(DebtorId id) {
        Actor actor = CurrentActor.get();
        if (actor.isClientUser() && !debtors.isLinked(actor.clientId(), id)) {
            return Optional.empty();
        }
        return debtors.find(id);
    }

    /**
     * The debtor's id, reference and status, and whether the client already sells on it, as {@link #find}
     * would show the debtor (nothing for a client user whose client does not sell on it), in one read and
     * without its contacts: for accepting or refusing a client's invoice on it, once per submitted invoice.
     */
    public Optional<DebtorStanding> standing(DebtorId id, UUID clientId) {
        Actor actor = CurrentActor.get();
        Optional<DebtorStanding> standing = debtors.standing(id, clientId);
        if (actor.isClientUser()) {
            boolean sellsOnIt = actor.clientId().equals(clientId)
                    ? standing.map(DebtorStanding::clientSellsOnIt).orElse(false)
                    : debtors.isLinked(actor.clientId(), id);
            if (!sellsOnIt) {
                return Optional.empty();
            }
        }
        return standing;
    }

    /** The debtor, or "not found" (also when a client user's client does not sell on it). */
    public Debtor get(DebtorId id) {
        return find(id).orElseThrow(() -> FactorlineException.notFound("debtor", id));
    }

    /**
     * Finds a debtor by its reference (D-000012) or its name, for imports. Unscoped on purpose: a client
     * may name a debtor it has not sold on before; the caller decides what the actor may do with it.
     */
    public Optional<Debtor> lookup(String referenceOrName) {
        if (referenceOrName == null || referenceOrName.isBlank()) {
            return Optional.empty();
        }
        String s = referenceOrName.strip();
        if (s.toUpperCase(Locale.ROOT).matches("D-\\d{6}")) {
            return debtors.findByReference(s);
        }
        return debtors.findByNameKey(nameKey(s));
    }

    public CursorPage<Debtor> list(CursorPage.Request page, String search) {
        UUID only = CurrentActor.get().clientScope().orElse(null);
        return CursorPage.of(debtors.page(page, search, only), page, d -> d.id().value());
    }

    public List<Debtor> allVisible() {
        return debtors.all(CurrentActor.get().clientScope().orElse(null));
    }

    /** How many debtors the actor can see, by status: one cheap query, for dashboards. */
    public Map<DebtorStatus, Long> countByStatus() {
        Map<DebtorStatus, Long> counts = new EnumMap<>(DebtorStatus.class);
        for (DebtorStatus s : DebtorStatus.values()) {
            counts.put(s, 0L);
        }
        counts.putAll(debtors.countByStatus(CurrentActor.get().clientScope().orElse(null)));
        return counts;
    }

    /**
     * Records that a client sells invoices on a debtor, the first time it does. Under a confidential
     * agreement the pair is marked so that the debtor is never contacted.
     */
    @Transactional
    public boolean ensureRelationship(UUID clientId, DebtorId debtorId, boolean notification, LocalDate since) {
        CurrentActor.get().requireClient(clientId);
        boolean created = debtors.link(
                clientId,
                debtorId,
                notification ? NotificationState.NOT_NOTIFIED : NotificationState.CONFIDENTIAL,
                since,
                clock.instant());
        if (created) {
            audit.record(
                    "debtor.relationship_started",
                    "debtor",
                    debtorId.value(),
                    clientId,
                    "Client starts selling invoices on debtor " + debtorId + (notification ? "" : " (confidential)"),
                    null,
                    null);
        }
        return created;
    }

    /**
     * Records a notice of assignment given or acknowledged outside the system (a letter by post, a signed
     * copy returned by e-mail). The state only moves forward: not notified → sent → acknowledged.
     */
    @Transactional
    public ClientDebtor recordNotice(UUID clientId, DebtorId debtorId, NotificationState state, String note) {
        CurrentActor.get().requireRole(WRITERS);
        if (state != NotificationState.NOTICE_SENT && state != NotificationState.ACKNOWLEDGED) {
            throw FactorlineException.invalid("state", state, "must be NOTICE_SENT or ACKNOWLEDGED");
        }
        if (note == null || note.isBlank() || note.length() > 500) {
            throw FactorlineException.invalid(
                    "note", note, "say how the notice was given or acknowledged (at most 500 characters)");
        }
        Debtor debtor = get(debtorId);
        ClientDebtor before = relationships(debtorId).stream()
                .filter(r -> r.clientId().equals(clientId))
                .findFirst()
                .orElseThrow(() -> FactorlineException.invalid(
                        "clientId", clientId, "does not sell invoices on debtor " + debtor.reference()));
        boolean forward = switch (before.notificationState()) {
            case NOT_NOTIFIED -> true;
            case NOTICE_SENT -> state == NotificationState.ACKNOWLEDGED;
            default -> false;
        };
        if (!forward || !debtors.changeNotification(clientId, debtorId, before.notificationState(), state)) {
            throw FactorlineException.invalid(
                    "state",
                    state,
                    "the relationship is " + before.notificationState() + " and cannot move to " + state);
        }
        ClientDebtor after = new ClientDebtor(clientId, debtorId, state, before.since());
        audit.record(
                "debtor.notice_recorded",
                "debtor",
                debtorId.value(),
                clientId,
                "Notice of assignment to " + debtor.reference() + ": " + before.notificationState() + " → " + state,
                before,
                after,
                note.strip());
        return after;
    }

    /**
     * Ends a client's relationship with a debtor: the factor no longer buys its invoices on the debtor and
     * says nothing more to it about them (the outreach module sends a letter of release where one is due).
     */
    @Transactional
    public ClientDebtor release(UUID clientId, DebtorId debtorId, String reason) {
        CurrentActor.get().requireRole(WRITERS);
        Debtor debtor = get(debtorId);
        ClientDebtor before = relationships(debtorId).stream()
                .filter(r -> r.clientId().equals(clientId))
                .findFirst()
                .orElseThrow(() -> FactorlineException.invalid(
                        "clientId", clientId, "does not sell invoices on debtor " + debtor.reference()));
        if (before.notificationState() == NotificationState.RELEASED
                || !debtors.changeNotification(
                        clientId, debtorId, before.notificationState(), NotificationState.RELEASED)) {
            throw FactorlineException.invalid(
                    "state", NotificationState.RELEASED, "the relationship is " + before.notificationState());
        }
        ClientDebtor after = new ClientDebtor(clientId, debtorId, NotificationState.RELEASED, before.since());
        audit.record(
                "debtor.relationship_released",
                "debtor",
                debtorId.value(),
                clientId,
                "Relationship with " + debtor.reference() + " released",
                before,
                after,
                reason);
        return after;
    }

    /** The client relationships of a debtor the actor may see (a client user: only its own). */
    public List<ClientDebtor> relationships(DebtorId debtorId) {
        get(debtorId);
        return debtors.relationshipsOfDebtor(
                debtorId, CurrentActor.get().clientScope().orElse(null));
    }

    public List<ClientDebtor> relationshipsOfClient(UUID clientId) {
        CurrentActor.get().requireClient(clientId);
        return debtors.relationshipsOfClient(clientId);
    }

    private static List<DebtorDetails.ContactDetails> contacts(DebtorDetails d) {
        return d.contacts() == null ? List.of() : d.contacts();
    }
}
