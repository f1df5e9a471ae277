package org.factorline.ledger;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.factorline.identity.Actor;
import org.factorline.identity.AuditLog;
import org.factorline.identity.CurrentActor;
import org.factorline.identity.Role;
import org.factorline.ledger.internal.LedgerRepository;
import org.factorline.shared.CursorPage;
import org.factorline.shared.ErrorCode;
import org.factorline.shared.FactorlineException;
import org.factorline.shared.FieldProblem;
import org.factorline.shared.Money;
import org.factorline.shared.UuidV7;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Posts journal entries and answers what the books say. Posting is idempotent: an entry carries a key,
 * and posting the same entry again under it returns the first one, while a different entry under a used
 * key is refused. Posted entries never change; {@link #reverse} posts the mirror image instead.
 */
@Service
public class Ledger {

    static final Role[] REVERSERS = {Role.ADMIN, Role.FUNDING_OFFICER};

    private final LedgerRepository rows;
    private final AuditLog audit;
    private final Clock clock;
    private final LedgerDayTotals dayTotals;
    private final org.factorline.shared.BulkLoad bulk;

    Ledger(
            LedgerRepository rows,
            AuditLog audit,
            Clock clock,
            LedgerDayTotals dayTotals,
            org.factorline.shared.BulkLoad bulk) {
        this.rows = rows;
        this.audit = audit;
        this.clock = clock;
        this.dayTotals = dayTotals;
        this.bulk = bulk;
    }

    /**
     * Posts many new entries at once, in order, for set-based paths (a large bank file): each is checked as
     * {@link #post} checks it, numbered from the same sequence in the same order, and written with its
     * postings in one bulk load per table. The keys must be new (the caller's own fresh ids): there is no
     * idempotent replay here. Returns the entries' ids, in order.
     */
    @Transactional
    public List<UUID> postAll(List<NewEntry> entries) {
        if (entries.isEmpty()) {
            return List.of();
        }
        java.util.Map<UUID, JournalLine> accounts = new java.util.LinkedHashMap<>();
        for (NewEntry e : entries) {
            e.requireValid();
            for (JournalLine l : e.lines()) {
                accounts.putIfAbsent(
                        LedgerRepository.accountId(
                                l.account(), l.clientId(), l.amount().currency()),
                        l);
            }
        }
        Instant now = clock.instant();
        rows.openAccounts(List.copyOf(accounts.values()), now);
        List<Long> numbers = rows.nextValues("journal_entry_number_seq", entries.size(), bulk.postgres());
        List<UUID> ids = new java.util.ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            ids.add(UuidV7.next(clock));
        }
        rows.insertEntries(ids, numbers, entries, now, CurrentActor.get().username(), clock, bulk);
        // a back-dated entry moves the day totals' horizon back, as one posted alone does
        entries.stream()
                .map(NewEntry::businessDate)
                .min(java.util.Comparator.naturalOrder())
                .ifPresent(dayTotals::posted);
        return ids;
    }

    /**
     * Posts the entry, or returns the one already posted under its key. The calling module has checked
     * who may cause the movement; the ledger checks that it balances.
     */
    @Transactional
    public JournalEntry post(NewEntry entry) {
        entry.requireValid();
        return write(entry, null);
    }

    /**
     * A manual entry by an administrator: owners' capital paid in or taken out, or an adjustment an
     * accountant asked for. Everything else is posted by the module that moves the money.
     */
    @Transactional
    public JournalEntry postManual(NewEntry entry) {
        Actor actor = CurrentActor.get();
        actor.requireRole(Role.ADMIN);
        if (entry.reason() != ReasonCode.ADJUSTMENT && entry.reason() != ReasonCode.CAPITAL_CONTRIBUTED) {
            throw FactorlineException.invalid(
                    "reason", entry.reason(), "a manual entry is an ADJUSTMENT or CAPITAL_CONTRIBUTED");
        }
        if (entry.memo() == null || entry.memo().isBlank()) {
            throw FactorlineException.invalid("memo", entry.memo(), "a manual entry needs a memo saying why");
        }
        entry.requireValid();
        JournalEntry posted = write(entry, null);
        audit.record(
                "ledger.manual_entry",
                "journal_entry",
                posted.id(),
                posted.clientId(),
                posted.reference() + " posted by hand: " + entry.memo().strip(),
                null,
                posted,
                entry.memo().strip());
        return posted;
    }

    /** Posts the mirror image of an entry, dated {@code businessDate}; an entry is reversed at most once. */
    @Transactional
    public JournalEntry reverse(UUID entryId, LocalDate businessDate, String reason, String idempotencyKey) {
        Actor actor = CurrentActor.get();
        actor.requireRole(REVERSERS);
        if (reason == null || reason.isBlank()) {
            throw FactorlineException.invalid("reason", reason, "a reversal needs a reason");
        }
        JournalEntry original = entry(entryId);
        if (original.reversesEntryId() != null) {
            throw FactorlineException.invalid(
                    "entryId", entryId, original.reference() + " is itself a reversal; post a new entry instead");
        }
        NewEntry mirror = new NewEntry(
                idempotencyKey == null || idempotencyKey.isBlank() ? "reversal:" + entryId : idempotencyKey,
                ReasonCode.REVERSAL,
                businessDate == null ? LocalDate.now(clock) : businessDate,
                original.referenceType(),
                original.referenceId(),
                original.clientId(),
                "Reverses " + original.reference() + ": " + reason.strip(),
                original.lines().stream().map(JournalLine::reversed).toList());
        mirror.requireValid();
        JournalEntry reversal = write(mirror, original.id());
        audit.record(
                "ledger.entry_reversed",
                "journal_entry",
                original.id(),
                original.clientId(),
                reversal.reference() + " reverses " + original.reference(),
                null,
                null,
                reason.strip());
        return reversal;
    }

    private JournalEntry write(NewEntry entry, UUID reverses) {
        String fingerprint = entry.fingerprint();
        Instant now = clock.instant();
        UUID id = UuidV7.next(clock);
        rows.openAccounts(entry.lines(), now);
        boolean inserted;
        try {
            inserted = rows.insertEntry(
                    id,
                    rows.nextEntryNumber(),
                    entry,
                    fingerprint,
                    reverses,
                    now,
                    CurrentActor.get().username());
        } catch (DuplicateKeyException e) {
            inserted = false;
        }
        if (!inserted) {
            return existing(entry, fingerprint, reverses);
        }
        rows.insertPostings(id, entry.lines(), clock);
        // a posting dated on or before the day totals' horizon moves it back before the posting's day
        dayTotals.posted(entry.businessDate());
        return rows.find(id).orElseThrow();
    }

    private JournalEntry existing(NewEntry entry, String fingerprint, UUID reverses) {
        String stored = rows.fingerprintOfKey(entry.idempotencyKey()).orElse(null);
        if (stored == null && reverses != null) {
            UUID reversal = rows.reversalOf(reverses).orElseThrow();
            throw new FactorlineException(
                    ErrorCode.LEDGER_ALREADY_REVERSED,
                    "The entry was already reversed by " + entry(reversal).reference(),
                    List.of(FieldProblem.of("entryId", reverses, "was already reversed")));
        }
        if (stored == null) {
            throw new IllegalStateException("journal entry insert refused without a conflict on its key");
        }
        if (!stored.equals(fingerprint)) {
            throw new FactorlineException(
                    ErrorCode.LEDGER_KEY_REUSED,
                    "The idempotency key " + entry.idempotencyKey() + " was used for a different entry",
                    List.of(FieldProblem.of(
                            "idempotencyKey", entry.idempotencyKey(), "was used for a different entry")));
        }
        return rows.find(rows.entryIdOfKey(entry.idempotencyKey()).orElseThrow())
                .orElseThrow();
    }

    public JournalEntry entry(UUID id) {
        CurrentActor.get().requireStaff();
        return rows.find(id).orElseThrow(() -> FactorlineException.notFound("journal entry", id));
    }

    /** Entries newest first, optionally of one client or about one business object. */
    public CursorPage<JournalEntry> entries(
            UUID clientId, String referenceType, UUID referenceId, CursorPage.Request page) {
        CurrentActor.get().requireStaff();
        return CursorPage.of(
                rows.list(page.after(), clientId, referenceType, referenceId, page.fetchSize()),
                page,
                JournalEntry::id);
    }

    /** The balance of an account on its normal side (a client's sub-account when the code is per client). */
    public Money balance(AccountCode account, UUID clientId, Currency currency) {
        return rows.balance(account, clientId, currency);
    }

    /**
     * Per client, what was posted to a per-client account on one side for one reason — for the modules
     * whose sub-ledgers must agree with the books (see {@link SubledgerCheck}).
     */
    public Map<UUID, Money> totalsByClient(AccountCode account, Side side, ReasonCode reason, Currency currency) {
        Map<UUID, Money> out = new java.util.LinkedHashMap<>();
        rows.totalsByClient(account, side, reason, currency).forEach((c, t) -> out.put(c, Money.of(t, currency)));
        return out;
    }

    /** Per client, the balance of a per-client account on its normal side. */
    public Map<UUID, Money> balancesByClient(AccountCode account, Currency currency) {
        Map<UUID, Money> out = new java.util.LinkedHashMap<>();
        rows.balancesByClient(account, currency).forEach((c, t) -> out.put(c, Money.of(t, currency)));
        return out;
    }

    /**
     * Every client's balance of a per-client account on its normal side, in each currency it has postings in
     * (all postings, whatever their business date): rows of client id and balance.
     */
    public List<Map.Entry<UUID, Money>> balancesOf(AccountCode account) {
        return rows.balancesOf(account).stream()
                .map(r -> Map.entry(
                        (UUID) r[0], Money.of((java.math.BigDecimal) r[2], Currency.getInstance((String) r[1]))))
                .toList();
    }

    /**
     * The client's account from {@code from} to {@code to} inclusive (by business date): the opening
     * balance of each of its position sub-accounts, what each reason moved, and the closing balance — all
     * from one grouped query on the postings, so it agrees with the ledger by construction. Staff may ask
     * for any client; a client user only for its own ("not found" otherwise).
     */
    public ClientAccount clientAccount(UUID clientId, Currency currency, LocalDate from, LocalDate to) {
        CurrentActor.get().requireClient(clientId);
        if (CurrentActor.get().isStaff()) {
            CurrentActor.get().requireStaff();
        }
        if (from == null || to == null || from.isAfter(to)) {
            throw FactorlineException.invalid("from", from, "must be a date on or before " + to);
        }
        Map<AccountCode, Money> opening = new java.util.EnumMap<>(AccountCode.class);
        Map<ReasonCode, Map<AccountCode, Money>> moved = new java.util.EnumMap<>(ReasonCode.class);
        for (Object[] r : rows.clientMovements(clientId, currency, from, to)) {
            AccountCode code = (AccountCode) r[0];
            if (!ClientAccount.ACCOUNTS.contains(code)) {
                continue;
            }
            ReasonCode reason = (ReasonCode) r[1];
            Money before = Money.of((java.math.BigDecimal) r[2], currency);
            Money during = Money.of((java.math.BigDecimal) r[3], currency);
            opening.merge(code, before, Money::plus);
            if ((Integer) r[4] > 0) {
                moved.computeIfAbsent(reason, k -> new java.util.EnumMap<>(AccountCode.class))
                        .merge(code, during, Money::plus);
            }
        }
        return ClientAccount.of(clientId, currency, from, to, opening, moved);
    }

    /** Every per-client account of one client, by code, in the currency. */
    public Map<AccountCode, Money> clientBalances(UUID clientId, Currency currency) {
        CurrentActor.get().requireStaff();
        Map<AccountCode, Money> out = new TreeMap<>();
        for (AccountCode code : AccountCode.values()) {
            if (code.perClient()) {
                out.put(code, rows.balance(code, clientId, currency));
            }
        }
        return out;
    }

    public TrialBalance trialBalance(LocalDate asOf) {
        CurrentActor.get().requireStaff();
        LocalDate date = asOf == null ? LocalDate.now(clock) : asOf;
        List<TrialBalance.Row> accounts = rows.trialBalance(date).stream()
                .sorted(Comparator.comparing((TrialBalance.Row r) -> r.account().number())
                        .thenComparing(r -> r.debits().currency().getCurrencyCode())
                        .thenComparing(
                                r -> r.clientId() == null ? "" : r.clientId().toString()))
                .toList();
        Map<String, Money[]> totals = new TreeMap<>();
        for (TrialBalance.Row r : accounts) {
            Money[] t = totals.computeIfAbsent(r.debits().currency().getCurrencyCode(), c -> new Money[] {
                Money.zero(r.debits().currency()), Money.zero(r.debits().currency())
            });
            t[0] = t[0].plus(r.debits());
            t[1] = t[1].plus(r.credits());
        }
        return new TrialBalance(
                date,
                accounts,
                totals.entrySet().stream()
                        .map(e -> new TrialBalance.Total(e.getKey(), e.getValue()[0], e.getValue()[1]))
                        .toList());
    }
}
