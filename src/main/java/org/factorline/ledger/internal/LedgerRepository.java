package org.factorline.ledger.internal;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.factorline.ledger.AccountCode;
import org.factorline.ledger.JournalEntry;
import org.factorline.ledger.JournalLine;
import org.factorline.ledger.NewEntry;
import org.factorline.ledger.ReasonCode;
import org.factorline.ledger.Side;
import org.factorline.ledger.TrialBalance;
import org.factorline.shared.Money;
import org.factorline.shared.UuidV7;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The ledger's tables, in explicit SQL. Postings of one entry are always written in one statement. */
@Repository
public class LedgerRepository {

    /** The owner of the factor's own accounts in {@code scope_id}. */
    static final UUID FACTOR = new UUID(0, 0);

    private final JdbcClient jdbc;

    public LedgerRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** An account's id follows from what it is, so posting never has to look one up. */
    public static UUID accountId(AccountCode code, UUID clientId, Currency currency) {
        String name = "ledger-account|" + code.name() + "|" + currency.getCurrencyCode() + "|"
                + (clientId == null ? FACTOR : clientId);
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }

    /** Opens the accounts the lines use, if they are not open yet. */
    public void openAccounts(List<JournalLine> lines, Instant now) {
        Set<UUID> seen = new LinkedHashSet<>();
        for (JournalLine l : lines) {
            Currency currency = l.amount().currency();
            UUID id = accountId(l.account(), l.clientId(), currency);
            if (seen.add(id)) {
                jdbc.sql("""
                                insert into ledger_account (id, code, client_id, scope_id, currency, created_at)
                                values (?, ?, ?, ?, ?, ?)
                                on conflict do nothing""")
                        .params(
                                id,
                                l.account().name(),
                                l.clientId(),
                                l.clientId() == null ? FACTOR : l.clientId(),
                                currency.getCurrencyCode(),
                                ts(now))
                        .update();
            }
        }
    }

    public long nextEntryNumber() {
        return jdbc.sql("select nextval('journal_entry_number_seq')")
                .query(Long.class)
                .single();
    }

    /** Inserts the entry unless its idempotency key (or the entry it reverses) is taken; true if inserted. */
    public boolean insertEntry(
            UUID id, long number, NewEntry e, String fingerprint, UUID reverses, Instant now, String postedBy) {
        return jdbc.sql("""
                                insert into journal_entry (id, entry_number, business_date, posted_at, reason_code,
                                    reference_type, reference_id, client_id, idempotency_key, fingerprint,
                                    reverses_entry_id, memo, posted_by)
                                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                                on conflict do nothing""")
                        .params(
                                id,
                                number,
                                e.businessDate(),
                                ts(now),
                                e.reason().name(),
                                e.referenceType(),
                                e.referenceId(),
                                e.clientId(),
                                e.idempotencyKey(),
                                fingerprint,
                                reverses,
                                e.memo(),
                                postedBy)
                        .update()
                > 0;
    }

    /** All postings of the entry in one statement (the database checks the balance per statement). */
    public void insertPostings(UUID entryId, List<JournalLine> lines, java.time.Clock clock) {
        StringBuilder sql = new StringBuilder(
                "insert into ledger_posting (id, entry_id, line_no, account_id, side, amount, currency) values ");
        List<Object> params = new ArrayList<>(lines.size() * 7);
        for (int i = 0; i < lines.size(); i++) {
            JournalLine l = lines.get(i);
            sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?)");
            params.add(UuidV7.next(clock));
            params.add(entryId);
            params.add(i + 1);
            params.add(accountId(l.account(), l.clientId(), l.amount().currency()));
            params.add(l.side().column());
            params.add(l.amount().amount());
            params.add(l.amount().currency().getCurrencyCode());
        }
        jdbc.sql(sql.toString()).params(params).update();
    }

    /** {@code n} numbers from a sequence, in ascending order, in one query. */
    public List<Long> nextValues(String sequence, int n, boolean postgres) {
        if (n == 0) {
            return List.of();
        }
        String from = postgres ? "generate_series(1, ?)" : "system_range(1, ?)";
        List<Long> values = new ArrayList<>(jdbc.sql("select nextval('" + sequence + "') from " + from)
                .param(n)
                .query(Long.class)
                .list());
        java.util.Collections.sort(values);
        return values;
    }

    /**
     * Many new entries with their postings: rows for {@code journal_entry} (id, number, entry, fingerprint)
     * and {@code ledger_posting}, each table loaded at once. Keys are new (the caller's own ids), so no
     * entry is posted twice; the database still checks every entry balances.
     */
    public void insertEntries(
            List<UUID> ids,
            List<Long> numbers,
            List<NewEntry> entries,
            Instant now,
            String postedBy,
            java.time.Clock clock,
            org.factorline.shared.BulkLoad bulk) {
        List<Object[]> heads = new ArrayList<>(entries.size());
        List<Object[]> postings = new ArrayList<>(entries.size() * 2);
        for (int k = 0; k < entries.size(); k++) {
            NewEntry e = entries.get(k);
            UUID id = ids.get(k);
            heads.add(new Object[] {
                id,
                numbers.get(k),
                e.businessDate(),
                now,
                e.reason().name(),
                e.referenceType(),
                e.referenceId(),
                e.clientId(),
                e.idempotencyKey(),
                e.fingerprint(),
                null,
                e.memo(),
                postedBy
            });
            List<JournalLine> lines = e.lines();
            for (int i = 0; i < lines.size(); i++) {
                JournalLine l = lines.get(i);
                postings.add(new Object[] {
                    UuidV7.next(clock),
                    id,
                    i + 1,
                    accountId(l.account(), l.clientId(), l.amount().currency()),
                    l.side().column(),
                    l.amount().amount(),
                    l.amount().currency().getCurrencyCode()
                });
            }
        }
        bulk.load(
                "journal_entry",
                List.of(
                        "id",
                        "entry_number",
                        "business_date",
                        "posted_at",
                        "reason_code",
                        "reference_type",
                        "reference_id",
                        "client_id",
                        "idempotency_key",
                        "fingerprint",
                        "reverses_entry_id",
                        "memo",
                        "posted_by"),
                heads);
        bulk.load(
                "ledger_posting",
                List.of("id", "entry_id", "line_no", "account_id", "side", "amount", "currency"),
                postings);
    }

    public Optional<String> fingerprintOfKey(String key) {
        return jdbc.sql("select fingerprint from journal_entry where idempotency_key = ?")
                .param(key)
                .query(String.class)
                .optional();
    }

    public Optional<UUID> entryIdOfKey(String key) {
        return jdbc.sql("select id from journal_entry where idempotency_key = ?")
                .param(key)
                .query(UUID.class)
                .optional();
    }

    public Optional<UUID> reversalOf(UUID entryId) {
        return jdbc.sql("select id from journal_entry where reverses_entry_id = ?")
                .param(entryId)
                .query(UUID.class)
                .optional();
    }

    public Optional<JournalEntry> find(UUID id) {
        return entries("e.id = ?", List.of(id), 1).stream().findFirst();
    }

    /** Entries, newest first, after the cursor, optionally of one client or about one business object. */
    public List<JournalEntry> list(UUID before, UUID clientId, String referenceType, UUID referenceId, int limit) {
        StringBuilder where = new StringBuilder("1 = 1");
        List<Object> params = new ArrayList<>();
        if (before != null) {
            where.append(" and e.id < ?");
            params.add(before);
        }
        if (clientId != null) {
            where.append(" and e.client_id = ?");
            params.add(clientId);
        }
        if (referenceType != null) {
            where.append(" and e.reference_type = ?");
            params.add(referenceType);
        }
        if (referenceId != null) {
            where.append(" and e.reference_id = ?");
            params.add(referenceId);
        }
        return entries(where.toString(), params, limit);
    }

    private List<JournalEntry> entries(String where, List<Object> params, int limit) {
        List<Object> all = new ArrayList<>(params);
        all.add(limit);
        List<EntryRow> rows = jdbc.sql("select e.* from journal_entry e where " + where + " order by e.id desc limit ?")
                .params(all)
                .query(LedgerRepository::mapEntry)
                .list();
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<UUID, List<JournalLine>> lines = new LinkedHashMap<>();
        StringBuilder in = new StringBuilder();
        List<Object> ids = new ArrayList<>();
        for (EntryRow r : rows) {
            lines.put(r.id, new ArrayList<>());
            in.append(in.length() == 0 ? "?" : ", ?");
            ids.add(r.id);
        }
        jdbc.sql("""
                        select p.entry_id, p.side, p.amount, p.currency, a.code, a.client_id
                        from ledger_posting p join ledger_account a on a.id = p.account_id
                        where p.entry_id in (%s) order by p.entry_id, p.line_no""".formatted(in)).params(ids).query(rs -> {
            lines.get(rs.getObject("entry_id", UUID.class))
                    .add(new JournalLine(
                            AccountCode.valueOf(rs.getString("code")),
                            rs.getObject("client_id", UUID.class),
                            Side.ofColumn(rs.getString("side")),
                            Money.of(
                                    rs.getBigDecimal("amount"),
                                    Currency.getInstance(
                                            rs.getString("currency").trim()))));
        });
        return rows.stream().map(r -> r.toEntry(List.copyOf(lines.get(r.id)))).toList();
    }

    /** The balance of one account on its normal side, zero if it has no postings. */
    public Money balance(AccountCode code, UUID clientId, Currency currency) {
        BigDecimal signed = jdbc.sql("""
                        select coalesce(sum(case when side = 'D' then amount else -amount end), 0)
                        from ledger_posting where account_id = ?""")
                .param(accountId(code, clientId, currency))
                .query(BigDecimal.class)
                .single();
        BigDecimal normal = code.type().normalSide() == Side.DEBIT ? signed : signed.negate();
        return Money.of(normal, currency);
    }

    /** Debits and credits of every account with postings on or before the date. */
    public List<TrialBalance.Row> trialBalance(LocalDate asOf) {
        return jdbc.sql("""
                        select a.code, a.client_id, a.currency,
                               coalesce(sum(case when p.side = 'D' then p.amount end), 0) as debits,
                               coalesce(sum(case when p.side = 'C' then p.amount end), 0) as credits
                        from ledger_posting p
                        join journal_entry e on e.id = p.entry_id
                        join ledger_account a on a.id = p.account_id
                        where e.business_date <= ?
                        group by a.code, a.client_id, a.currency""")
                .param(asOf)
                .query((rs, n) -> {
                    Currency c = Currency.getInstance(rs.getString("currency").trim());
                    return new TrialBalance.Row(
                            AccountCode.valueOf(rs.getString("code")),
                            rs.getObject("client_id", UUID.class),
                            Money.of(rs.getBigDecimal("debits"), c),
                            Money.of(rs.getBigDecimal("credits"), c));
                })
                .list();
    }

    /** Per client: the total posted to a per-client account on one side for one reason. */
    public Map<UUID, BigDecimal> totalsByClient(AccountCode code, Side side, ReasonCode reason, Currency currency) {
        Map<UUID, BigDecimal> out = new LinkedHashMap<>();
        jdbc.sql("""
                        select a.client_id, sum(p.amount) as total
                        from ledger_posting p
                        join ledger_account a on a.id = p.account_id
                        join journal_entry e on e.id = p.entry_id
                        where a.code = ? and a.currency = ? and p.side = ? and e.reason_code = ?
                        group by a.client_id""")
                .params(code.name(), currency.getCurrencyCode(), side.column(), reason.name())
                .query(rs -> {
                    out.put(rs.getObject("client_id", UUID.class), rs.getBigDecimal("total"));
                });
        return out;
    }

    /**
     * One client's per-client accounts in one set-based pass: per account and reason, what was posted
     * before {@code from} and what was posted from {@code from} to {@code to} (by business date), each as
     * credits less debits, with the number of entries in the period. Rows: code, reason, before, during,
     * entries.
     */
    public List<Object[]> clientMovements(UUID clientId, Currency currency, LocalDate from, LocalDate to) {
        return jdbc.sql("""
                        select a.code, e.reason_code,
                               coalesce(sum(case when e.business_date < ?
                                   then (case when p.side = 'C' then p.amount else -p.amount end) end), 0) as before_from,
                               coalesce(sum(case when e.business_date >= ?
                                   then (case when p.side = 'C' then p.amount else -p.amount end) end), 0) as during,
                               count(distinct case when e.business_date >= ? then e.id end) as entries
                        from ledger_posting p
                        join ledger_account a on a.id = p.account_id
                        join journal_entry e on e.id = p.entry_id
                        where a.client_id = ? and a.currency = ? and e.business_date <= ?
                        group by a.code, e.reason_code""")
                .params(from, from, from, clientId, currency.getCurrencyCode(), to)
                .query((rs, n) -> new Object[] {
                    AccountCode.valueOf(rs.getString("code")),
                    org.factorline.ledger.ReasonCode.valueOf(rs.getString("reason_code")),
                    rs.getBigDecimal("before_from"),
                    rs.getBigDecimal("during"),
                    rs.getInt("entries")
                })
                .list();
    }

    /** Per client: the balance of a per-client account on its normal side. */
    public Map<UUID, BigDecimal> balancesByClient(AccountCode code, Currency currency) {
        Map<UUID, BigDecimal> out = new LinkedHashMap<>();
        jdbc.sql("""
                        select a.client_id, sum(case when p.side = 'D' then p.amount else -p.amount end) as signed
                        from ledger_posting p join ledger_account a on a.id = p.account_id
                        where a.code = ? and a.currency = ?
                        group by a.client_id""").params(code.name(), currency.getCurrencyCode()).query(rs -> {
            BigDecimal signed = rs.getBigDecimal("signed");
            out.put(
                    rs.getObject("client_id", UUID.class),
                    code.type().normalSide() == Side.DEBIT ? signed : signed.negate());
        });
        return out;
    }

    /** Every account of this code that has postings: client, currency and balance on the normal side. */
    public List<Object[]> balancesOf(AccountCode code) {
        return jdbc.sql("""
                        select a.client_id, a.currency,
                               sum(case when p.side = 'D' then p.amount else -p.amount end) as signed
                        from ledger_posting p join ledger_account a on a.id = p.account_id
                        where a.code = ?
                        group by a.client_id, a.currency""")
                .param(code.name())
                .query((rs, n) -> {
                    BigDecimal signed = rs.getBigDecimal("signed");
                    return new Object[] {
                        rs.getObject("client_id", UUID.class),
                        rs.getString("currency").trim(),
                        code.type().normalSide() == Side.DEBIT ? signed : signed.negate()
                    };
                })
                .list();
    }

    public long countEntries() {
        return jdbc.sql("select count(*) from journal_entry").query(Long.class).single();
    }

    public long countPostings() {
        return jdbc.sql("select count(*) from ledger_posting").query(Long.class).single();
    }

    /**
     * Entries whose postings do not balance in some currency, or that have fewer than two postings. One pass
     * over the postings alone (grouped by entry, in the order of their {@code (entry_id, line_no)} index)
     * finds the suspects: fewer than two postings, more than one currency, or debits not equal to credits.
     * Only the suspects — none in a sound ledger — are then read with their entries, currency by currency, so
     * the rows listed are exactly those of grouping every posting by entry and currency. Entries without any
     * posting are not in that pass; an anti-join over the entries' and postings' keys finds them.
     */
    public List<String> unbalancedEntries(int limit) {
        return checkEntries(limit).violations();
    }

    /** The number of entries and postings, and what {@link #unbalancedEntries} lists, from the same pass. */
    public record EntryCheck(long entries, long postings, List<String> violations) {}

    /** {@link #unbalancedEntries}, counting the entries and postings on the way (for the invariant report). */
    public EntryCheck checkEntries(int limit) {
        // a sound ledger takes one pass: every entry with postings, its postings, and how many are suspect
        long[] tally = jdbc.sql("""
                        select count(*) as with_postings, coalesce(sum(suspect), 0) as suspects,
                               coalesce(sum(lines), 0) as postings from (
                          select entry_id, count(*) as lines,
                                 case when count(*) < 2 or min(currency) <> max(currency)
                                           or sum(case when side = 'D' then amount else -amount end) <> 0
                                      then 1 else 0 end as suspect
                          from ledger_posting group by entry_id) g""")
                .query((rs, n) ->
                        new long[] {rs.getLong("with_postings"), rs.getLong("suspects"), rs.getLong("postings")})
                .single();
        // entries with fewer than two postings: entry number and postings, listed together in number order
        List<long[]> few = new ArrayList<>();
        List<String> out = tally[1] == 0 ? new ArrayList<>() : suspectEntries(limit, few);
        long entries = countEntries();
        if (tally[0] < entries) {
            few.addAll(emptyEntries(limit));
        }
        few.stream()
                .sorted(java.util.Comparator.comparingLong((long[] r) -> r[0]))
                .limit(limit)
                .forEach(r ->
                        out.add(String.format("JE-%06d has %d posting(s); an entry needs at least two", r[0], r[1])));
        return new EntryCheck(entries, tally[2], out);
    }

    /**
     * Once some entry is known to be suspect: the entries that do not balance, currency by currency (listed),
     * and those with one posting (added to {@code few}).
     */
    private List<String> suspectEntries(int limit, List<long[]> few) {
        List<UUID> suspects = new ArrayList<>();
        List<Object[]> singles = new ArrayList<>();
        jdbc.sql("""
                        select entry_id, count(*) as lines from ledger_posting group by entry_id
                        having count(*) < 2 or min(currency) <> max(currency)
                            or sum(case when side = 'D' then amount else -amount end) <> 0""").query(rs -> {
            UUID id = rs.getObject("entry_id", UUID.class);
            suspects.add(id);
            if (rs.getLong("lines") < 2) {
                singles.add(new Object[] {id, rs.getLong("lines")});
            }
        });
        List<Object[]> unbalanced = new ArrayList<>();
        Map<UUID, Long> numbers = new LinkedHashMap<>();
        for (int from = 0; from < suspects.size(); from += 1000) {
            List<UUID> chunk = suspects.subList(from, Math.min(suspects.size(), from + 1000));
            jdbc.sql("""
                            select e.id, e.entry_number, p.currency,
                                   sum(case when p.side = 'D' then p.amount else -p.amount end) as diff
                            from ledger_posting p join journal_entry e on e.id = p.entry_id
                            where e.id in (:ids)
                            group by e.id, e.entry_number, p.currency""").param("ids", chunk).query(rs -> {
                numbers.put(rs.getObject("id", UUID.class), rs.getLong("entry_number"));
                BigDecimal diff = rs.getBigDecimal("diff");
                if (diff.signum() != 0) {
                    unbalanced.add(new Object[] {
                        rs.getLong("entry_number"), rs.getString("currency").trim(), diff
                    });
                }
            });
        }
        unbalanced.sort(
                java.util.Comparator.comparingLong((Object[] r) -> (Long) r[0]).thenComparing(r -> (String) r[1]));
        List<String> out = new ArrayList<>(unbalanced.stream()
                .limit(limit)
                .map(r -> String.format(
                        "JE-%06d does not balance in %s: debits exceed credits by %s",
                        r[0], r[1], ((BigDecimal) r[2]).toPlainString()))
                .toList());
        singles.forEach(r -> few.add(new long[] {numbers.get((UUID) r[0]), (Long) r[1]}));
        return out;
    }

    /** Entries without a single posting (looked for only when fewer entries have postings than there are). */
    private List<long[]> emptyEntries(int limit) {
        return jdbc.sql("""
                        select e.entry_number from journal_entry e
                        where not exists (select 1 from ledger_posting p where p.entry_id = e.id)
                        order by e.entry_number limit ?""")
                .param(limit)
                .query((rs, n) -> new long[] {rs.getLong("entry_number"), 0})
                .list();
    }

    /** Every account's debits minus credits. */
    public List<Object[]> signedBalances() {
        return jdbc.sql("""
                        select a.code, a.client_id, a.currency, sum(s.signed) as signed
                        from (select account_id, sum(case when side = 'D' then amount else -amount end) as signed
                              from ledger_posting group by account_id) s
                        join ledger_account a on a.id = s.account_id
                        group by a.code, a.client_id, a.currency""")
                .query((rs, n) -> new Object[] {
                    rs.getString("code"),
                    rs.getObject("client_id", UUID.class),
                    rs.getString("currency").trim(),
                    rs.getBigDecimal("signed")
                })
                .list();
    }

    /**
     * Reversals whose postings do not mirror the entry they reverse. ({@code reverses_entry_id is not null}
     * says what the join already implies, so the few reversals are read through their index.)
     */
    public List<String> brokenReversals(int limit) {
        return jdbc.sql("""
                        select r.entry_number as reversal, o.entry_number as original
                        from journal_entry r join journal_entry o on o.id = r.reverses_entry_id
                        where r.reverses_entry_id is not null and exists (
                            select 1 from ledger_posting rp
                            where rp.entry_id = r.id and not exists (
                                select 1 from ledger_posting op
                                where op.entry_id = o.id and op.line_no = rp.line_no
                                  and op.account_id = rp.account_id and op.amount = rp.amount
                                  and op.side <> rp.side))
                        order by r.entry_number limit ?""")
                .param(limit)
                .query((rs, n) -> String.format(
                        "JE-%06d reverses JE-%06d but its postings are not the mirror image",
                        rs.getLong("reversal"), rs.getLong("original")))
                .list();
    }

    private record EntryRow(
            UUID id,
            long number,
            LocalDate businessDate,
            Instant postedAt,
            ReasonCode reason,
            String referenceType,
            UUID referenceId,
            UUID clientId,
            String key,
            UUID reverses,
            String memo,
            String postedBy) {
        JournalEntry toEntry(List<JournalLine> lines) {
            return new JournalEntry(
                    id,
                    number,
                    businessDate,
                    postedAt,
                    reason,
                    referenceType,
                    referenceId,
                    clientId,
                    key,
                    reverses,
                    memo,
                    postedBy,
                    lines);
        }
    }

    private static EntryRow mapEntry(ResultSet rs, int n) throws SQLException {
        return new EntryRow(
                rs.getObject("id", UUID.class),
                rs.getLong("entry_number"),
                rs.getObject("business_date", LocalDate.class),
                rs.getObject("posted_at", OffsetDateTime.class).toInstant(),
                ReasonCode.valueOf(rs.getString("reason_code")),
                rs.getString("reference_type"),
                rs.getObject("reference_id", UUID.class),
                rs.getObject("client_id", UUID.class),
                rs.getString("idempotency_key"),
                rs.getObject("reverses_entry_id", UUID.class),
                rs.getString("memo"),
                rs.getString("posted_by"));
    }

    private static OffsetDateTime ts(Instant i) {
        return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }
}
