package org.factorline.payouts;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.factorline.clients.Client;
import org.factorline.clients.Clients;
import org.factorline.clients.PayoutAccount;
import org.factorline.identity.Actor;
import org.factorline.identity.AuditLog;
import org.factorline.identity.CurrentActor;
import org.factorline.identity.Role;
import org.factorline.ledger.AccountCode;
import org.factorline.ledger.JournalLine;
import org.factorline.ledger.Ledger;
import org.factorline.ledger.NewEntry;
import org.factorline.ledger.ReasonCode;
import org.factorline.payouts.internal.PayoutRepository;
import org.factorline.payouts.internal.PayoutSettings;
import org.factorline.pricing.PayoutMethod;
import org.factorline.shared.BankAccountNumber;
import org.factorline.shared.CursorPage;
import org.factorline.shared.ErrorCode;
import org.factorline.shared.FactorlineException;
import org.factorline.shared.FieldProblem;
import org.factorline.shared.SecretBox;
import org.factorline.shared.UuidV7;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Paying clients. A payout is created when money becomes due to a client (an advance when a funding
 * request is approved), with a snapshot of the client's bank account. A second person releases pending
 * payouts into a bank file — an ACH file or wire instructions — whose exact bytes are kept; when the file
 * has gone to the bank it is marked sent and the money leaves the books (client payable to cash). The
 * bank then settles or returns each payout; a returned payout is owed again and can be reissued.
 */
@Service
public class Payouts {

    /** Who moves money: creates, releases, marks sent, settles, returns and reissues payouts. */
    static final Role[] MONEY_MOVERS = {Role.ADMIN, Role.FUNDING_OFFICER};

    static final Role[] STAFF = {
        Role.ADMIN, Role.ACCOUNT_MANAGER, Role.UNDERWRITER, Role.VERIFIER, Role.FUNDING_OFFICER, Role.AUDITOR
    };

    /** A bank portal takes hundreds of payments in one upload; more pending than this go in the next file. */
    public static final int MAX_PAYOUTS_PER_FILE = 1_000;

    public static final int MAX_REASON_LENGTH = 500;

    /** The source type of a payout that pays a returned payout again. */
    public static final String REISSUE_SOURCE = "payout";

    static final String LEDGER_REFERENCE = "payout";

    private final PayoutRepository rows;
    private final Clients clients;
    private final Ledger ledger;
    private final Releases releases;
    private final AuditLog audit;
    private final SecretBox secrets;
    private final PayoutSettings settings;
    private final Clock clock;

    Payouts(
            PayoutRepository rows,
            Clients clients,
            Ledger ledger,
            Releases releases,
            AuditLog audit,
            SecretBox secrets,
            PayoutSettings settings,
            Clock clock) {
        this.rows = rows;
        this.clients = clients;
        this.ledger = ledger;
        this.releases = releases;
        this.audit = audit;
        this.secrets = secrets;
        this.settings = settings;
        this.clock = clock;
    }

    // --- creating ---

    /**
     * Creates a PENDING payout to the client's payout account on file, in the caller's transaction (the
     * funding module calls this as it credits the client's payable with the same amount). A source pays
     * out once: the same source again returns the payout it made, and a different amount, client or
     * method for it is refused with {@link ErrorCode#PAYOUT_SOURCE_CONFLICT}.
     */
    @Transactional
    public Payout create(NewPayout cmd) {
        Actor actor = CurrentActor.get();
        actor.requireRole(MONEY_MOVERS);
        if (cmd == null) {
            throw FactorlineException.invalid("payout", null, "is required");
        }
        cmd.validate().throwIfAny();
        Optional<Payout> made = rows.findBySource(cmd.sourceType(), cmd.sourceId());
        if (made.isPresent()) {
            return sameSource(made.get(), cmd);
        }
        Client client = clients.get(cmd.clientId());
        String memo =
                cmd.memo() == null || cmd.memo().isBlank() ? null : cmd.memo().strip();
        return insert(client, cmd, memo, actor, "payout.created");
    }

    /**
     * Pays a RETURNED payout again: a new PENDING payout of the same amount and method to the client's
     * payout account as it is now (the client will usually have fixed it). Reissuing twice returns the
     * first reissue. The new payout needs a second person to release it, like any other.
     */
    @Transactional
    public Payout reissue(PayoutId id) {
        Actor actor = CurrentActor.get();
        actor.requireRole(MONEY_MOVERS);
        Payout returned = get(id);
        if (returned.status() != PayoutStatus.RETURNED) {
            throw new FactorlineException(
                    ErrorCode.PAYOUT_ILLEGAL_TRANSITION,
                    "payout " + returned.reference() + " is " + returned.status()
                            + "; only a RETURNED payout is paid again",
                    List.of(FieldProblem.of("status", returned.status(), "must be RETURNED to reissue")));
        }
        Optional<Payout> made = rows.findBySource(REISSUE_SOURCE, returned.id().value());
        if (made.isPresent()) {
            return made.get();
        }
        NewPayout cmd = new NewPayout(
                returned.clientId(),
                returned.amount(),
                returned.method(),
                REISSUE_SOURCE,
                returned.id().value(),
                "Reissue of " + returned.reference());
        return insert(clients.get(returned.clientId()), cmd, cmd.memo(), actor, "payout.reissued");
    }

    private Payout insert(Client client, NewPayout cmd, String memo, Actor actor, String action) {
        PayoutAccount account = client.payoutAccount();
        BankAccountNumber number = clients.payoutAccountNumber(client.id()).orElse(null);
        if (account == null || number == null) {
            throw new FactorlineException(
                    ErrorCode.PAYOUT_NO_BANK_ACCOUNT,
                    "Client " + client.reference() + " " + client.displayName()
                            + " has no payout bank account; set one on the client before paying it",
                    List.of(FieldProblem.of("clientId", client.id(), "has no payout bank account")));
        }
        Instant now = clock.instant();
        Payout payout = new Payout(
                new PayoutId(UuidV7.next(clock)),
                rows.nextPayoutReference(today().getYear()),
                client.id(),
                cmd.amount(),
                cmd.method(),
                PayoutStatus.PENDING,
                account.accountName(),
                account.routingNumber(),
                number.lastFour(),
                AchAccountType.CHECKING,
                cmd.sourceType(),
                cmd.sourceId(),
                memo,
                actor.username(),
                now,
                null,
                null,
                null,
                null,
                null,
                0);
        requireCarriable(client, payout, number);
        if (!rows.insert(payout, secrets.seal(number.value()))) {
            // another transaction made the payout for this source first
            return sameSource(
                    rows.findBySource(cmd.sourceType(), cmd.sourceId()).orElseThrow(), cmd);
        }
        Payout created = rows.find(payout.id()).orElseThrow();
        audit.record(
                action,
                "payout",
                created.id().value(),
                client.id().value(),
                "Payout " + created.reference() + " of " + created.amount().display() + " to " + client.reference()
                        + " by " + created.method() + " (routing " + created.routingNumber() + ", account "
                        + created.accountMasked() + ") for " + created.sourceType() + " " + created.sourceId(),
                null,
                created);
        return created;
    }

    /** The bank file must be able to carry the client's details; better refused now than at release. */
    private static void requireCarriable(Client client, Payout payout, BankAccountNumber number) {
        BankFiles.Line line = new BankFiles.Line(payout, number);
        try {
            if (payout.method() == PayoutMethod.ACH) {
                BankFiles.entry(line);
            } else {
                BankFiles.wire(line);
            }
        } catch (IllegalArgumentException e) {
            throw new FactorlineException(
                    ErrorCode.PAYOUT_BANK_DETAILS_REFUSED,
                    "The payout account of " + client.reference() + " cannot be paid by " + payout.method() + ": "
                            + e.getMessage(),
                    List.of(FieldProblem.of("clientId", client.id(), e.getMessage())));
        }
    }

    private static Payout sameSource(Payout made, NewPayout cmd) {
        if (made.clientId().equals(cmd.clientId())
                && made.amount().equals(cmd.amount())
                && made.method() == cmd.method()) {
            return made;
        }
        throw new FactorlineException(
                ErrorCode.PAYOUT_SOURCE_CONFLICT,
                cmd.sourceType() + " " + cmd.sourceId() + " already has payout " + made.reference() + " of "
                        + made.amount().display() + " by " + made.method() + "; a source pays out once",
                List.of(FieldProblem.of("sourceId", cmd.sourceId(), "already paid out as " + made.reference())));
    }

    // --- releasing into a bank file ---

    /**
     * Releases pending payouts of one method into a new bank file: the ones named, or (null or empty)
     * every pending one, oldest first, up to {@link #MAX_PAYOUTS_PER_FILE}. The person releasing must not
     * have created any of them ({@link ErrorCode#FOUR_EYES_REQUIRED}). Each payout is taken by a conditional
     * update inside this transaction, so a payout is never in two files: if another release took one
     * meanwhile, nothing is released.
     */
    @Transactional
    public PayoutFile release(PayoutMethod method, List<PayoutId> payoutIds) {
        return releases.release(method, payoutIds);
    }

    /** The file exactly as released. It holds whole account numbers: for the people who send money only. */
    @Transactional
    public byte[] content(PayoutFileId id) {
        return releases.content(id);
    }

    /**
     * Makes the file again from its stored payouts, creation time, modifier and originator. It equals
     * the stored bytes unless something changed what was stored; compare the two to check a file.
     */
    @Transactional(readOnly = true)
    public byte[] regenerate(PayoutFileId id) {
        return releases.regenerate(id);
    }

    // --- what the bank did ---

    /**
     * Records that the file went to the bank: the file and its payouts become SENT, and for each payout
     * the money leaves the books — Dr client payable, Cr cash — under the key "payout-sent:" + its id.
     */
    @Transactional
    public PayoutFile markSent(PayoutFileId id) {
        Actor actor = CurrentActor.get();
        actor.requireRole(MONEY_MOVERS);
        PayoutFile before = file(id);
        before.status().requireMove(before.reference(), PayoutFileStatus.SENT);
        Instant now = clock.instant();
        if (rows.markFileSent(before, actor.username(), now) != 1) {
            throw new OptimisticLockingFailureException(
                    "payout file " + before.reference() + " was changed by someone else; reload and retry");
        }
        List<Payout> payouts =
                rows.inFile(id).stream().map(PayoutRepository.Stored::payout).toList();
        payouts.forEach(p -> p.status().requireMove(p.reference(), PayoutStatus.SENT));
        int moved = rows.markSent(id, now);
        if (moved != payouts.size() || moved != before.entryCount()) {
            throw new IllegalStateException("payout file " + before.reference() + " lists " + before.entryCount()
                    + " payouts but " + moved + " were released in it");
        }
        LocalDate businessDate = LocalDate.now(clock);
        for (Payout p : payouts) {
            UUID client = p.clientId().value();
            ledger.post(new NewEntry(
                    "payout-sent:" + p.id(),
                    ReasonCode.PAYOUT_SENT,
                    businessDate,
                    LEDGER_REFERENCE,
                    p.id().value(),
                    client,
                    "Payout " + p.reference() + " sent in file " + before.reference(),
                    List.of(
                            JournalLine.debit(AccountCode.CLIENT_PAYABLE, client, p.amount()),
                            JournalLine.credit(AccountCode.CASH, p.amount()))));
            audit.record(
                    "payout.sent",
                    "payout",
                    p.id().value(),
                    client,
                    "Payout " + p.reference() + " of " + p.amount().display() + " sent to the bank in file "
                            + before.reference(),
                    null,
                    null);
        }
        PayoutFile after = file(id);
        audit.record(
                "payout_file.sent",
                "payout_file",
                id.value(),
                null,
                before.method() + " file " + before.reference() + " sent to the bank",
                before,
                after);
        return after;
    }

    /** Records that the bank confirmed the money arrived. Nothing moves in the books: it left when sent. */
    @Transactional
    public Payout markSettled(PayoutId id) {
        Actor actor = CurrentActor.get();
        actor.requireRole(MONEY_MOVERS);
        Payout before = get(id);
        before.status().requireMove(before.reference(), PayoutStatus.SETTLED);
        move(before, PayoutStatus.SETTLED, null);
        Payout after = rows.find(id).orElseThrow();
        audit.record(
                "payout.settled",
                "payout",
                id.value(),
                after.clientId().value(),
                "Payout " + after.reference() + " settled",
                before,
                after);
        return after;
    }

    /**
     * Records that the bank sent the payout back (closed account, wrong number): the money is in the
     * factor's bank again and owed to the client again — Dr cash, Cr client payable, under the key
     * "payout-returned:" + its id. Reissue it once the client's account is right.
     */
    @Transactional
    public Payout markReturned(PayoutId id, String reason) {
        Actor actor = CurrentActor.get();
        actor.requireRole(MONEY_MOVERS);
        String why = reason == null || reason.isBlank() ? null : reason.strip();
        if (why == null) {
            throw FactorlineException.invalid(
                    "reason", reason, "say why the bank returned it, such as the return code R02 account closed");
        }
        if (why.length() > MAX_REASON_LENGTH) {
            throw FactorlineException.invalid("reason", reason, "must be at most " + MAX_REASON_LENGTH + " characters");
        }
        Payout before = get(id);
        before.status().requireMove(before.reference(), PayoutStatus.RETURNED);
        move(before, PayoutStatus.RETURNED, why);
        Payout after = rows.find(id).orElseThrow();
        UUID client = after.clientId().value();
        ledger.post(new NewEntry(
                "payout-returned:" + id,
                ReasonCode.PAYOUT_RETURNED,
                LocalDate.now(clock),
                LEDGER_REFERENCE,
                id.value(),
                client,
                "Payout " + after.reference() + " returned: " + truncate(why, 200),
                List.of(
                        JournalLine.debit(AccountCode.CASH, after.amount()),
                        JournalLine.credit(AccountCode.CLIENT_PAYABLE, client, after.amount()))));
        audit.record(
                "payout.returned",
                "payout",
                id.value(),
                client,
                "Payout " + after.reference() + " of " + after.amount().display() + " returned by the bank",
                before,
                after,
                why);
        return after;
    }

    private void move(Payout before, PayoutStatus to, String reason) {
        if (rows.move(before, to, clock.instant(), reason) != 1) {
            throw new OptimisticLockingFailureException("payout " + before.reference()
                    + " was changed by someone else (expected version " + before.version() + "); reload and retry");
        }
    }

    // --- reading ---

    public Optional<Payout> find(PayoutId id) {
        Actor actor = CurrentActor.get();
        return rows.find(id).filter(p -> actor.canSeeClient(p.clientId().value()));
    }

    /** The payout, or "not found" (also when the actor may not see it). */
    public Payout get(PayoutId id) {
        return find(id).orElseThrow(() -> FactorlineException.notFound("payout", id));
    }

    /** Payouts the actor may see, newest first. A client user's list is its own client's only. */
    public CursorPage<Payout> list(PayoutFilter filter, CursorPage.Request page) {
        Actor actor = CurrentActor.get();
        PayoutFilter f = filter == null ? PayoutFilter.none() : filter;
        List<Payout> found = rows.page(page, f, actor.clientScope().orElse(null));
        return CursorPage.of(found, page, p -> p.id().value());
    }

    /** Bank files, newest first, optionally in one status; staff only, since a file spans clients. */
    public CursorPage<PayoutFile> files(PayoutFileStatus status, CursorPage.Request page) {
        CurrentActor.get().requireRole(STAFF);
        return CursorPage.of(rows.filePage(page, status), page, f -> f.id().value());
    }

    public PayoutFile file(PayoutFileId id) {
        CurrentActor.get().requireRole(STAFF);
        return rows.findFile(id)
                .map(PayoutRepository.StoredFile::file)
                .orElseThrow(() -> FactorlineException.notFound("payout file", id));
    }

    /** The payouts in a file, in the order the file lists them. */
    public List<Payout> payoutsIn(PayoutFileId id) {
        file(id);
        return rows.inFile(id).stream().map(PayoutRepository.Stored::payout).toList();
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(settings.zone()));
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    /** Staff's count of payouts in one status, at most {@code cap + 1} (for the dashboard's queues). */
    public long count(PayoutStatus status, int cap) {
        CurrentActor.get().requireRole(STAFF);
        return rows.countCapped(status, cap);
    }

    /** Staff's count of bank files in one status, at most {@code cap + 1}. */
    public long countFiles(PayoutFileStatus status, int cap) {
        CurrentActor.get().requireRole(STAFF);
        return rows.countFilesCapped(status, cap);
    }
}
