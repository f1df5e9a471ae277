package org.factorline.identity;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The hash chain over the audit log. Every line written since the chain began (migration V26) carries its
 * position, the hash of the line before it and its own hash: SHA-256 over a canonical form of its fields
 * and that previous hash. A line changed after it was written no longer matches its hash; a line removed
 * leaves a gap in the positions (or a head that points past the last line); a line slipped in before the
 * chain began changes the count of unchained lines that the migration fixed.
 *
 * <p>This proves the log was not edited by anyone who could not also rewrite every later line and the
 * head. To catch even that, note the head hash printed by {@code verify-audit} somewhere outside the
 * database now and then: a rewritten chain ends in a different hash.
 */
@Service
public class AuditChain {

    /** Rows read per query while verifying: the walk is set-based, never one query per row. */
    static final int BATCH = 1000;

    /**
     * Up to this many lines are written with one batched insert (one round trip); more with a bulk load. A
     * transaction with up to this many lines stages them and has them appended just after it commits; one
     * with more appends them itself, holding the head until it commits.
     */
    static final int SMALL_APPEND = 64;

    /** Staged lines appended per drain at most. */
    static final int DRAIN_BATCH = 5_000;

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AuditChain.class);

    private static final List<String> COLUMNS = List.of(
            "id",
            "occurred_at",
            "actor",
            "action",
            "entity_type",
            "entity_id",
            "client_id",
            "summary",
            "before_json",
            "after_json",
            "reason",
            "chain_seq",
            "prev_hash",
            "row_hash");

    private static final String STAGE = """
            insert into audit_pending (id, occurred_at, actor, action, entity_type, entity_id, client_id, summary,
                                       before_json, after_json, reason)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    private static final String INSERT = """
            insert into audit_event (id, occurred_at, actor, action, entity_type, entity_id, client_id,
                                     summary, before_json, after_json, reason, chain_seq, prev_hash, row_hash)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    private final JdbcClient jdbc;
    private final Clock clock;
    private final org.factorline.shared.BulkLoad bulk;
    private final org.springframework.jdbc.core.JdbcTemplate batch;
    private final org.springframework.transaction.PlatformTransactionManager transactions;

    public AuditChain(
            JdbcClient jdbc,
            Clock clock,
            org.factorline.shared.BulkLoad bulk,
            org.springframework.transaction.PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.bulk = bulk;
        this.transactions = transactions;
        this.batch = new org.springframework.jdbc.core.JdbcTemplate(bulk.dataSource());
    }

    /** The fields of one audit line as stored, without its chain columns. */
    record Line(
            UUID id,
            Instant occurredAt,
            String actor,
            String action,
            String entityType,
            UUID entityId,
            UUID clientId,
            String summary,
            String beforeJson,
            String afterJson,
            String reason) {}

    /** Where the chain broke first: the position, the line's id (null when the line is missing) and what differs. */
    public record Break(long position, UUID id, String problem) {}

    /**
     * The outcome of one walk over the whole chain. {@code stagedRows}: lines committed with their change but
     * not yet appended to the chain (normally none, or the few being appended at that moment; lines left by a
     * crash are appended at the next start). They are outside the chain until appended, so not vouched for.
     */
    public record Verification(
            Instant checkedAt,
            long chainedRows,
            long unchainedRows,
            long headPosition,
            String headHash,
            Break broken,
            long stagedRows) {

        @JsonProperty("intact")
        public boolean intact() {
            return broken == null;
        }
    }

    /**
     * Appends one line at the head of the chain. Must run inside the transaction that writes the line: the
     * head row stays locked until it commits, so concurrent appenders queue rather than fork the chain.
     */
    void append(Line line) {
        chainOnto(lockHead(), List.of(line));
    }

    /**
     * Appends the lines, in order, at the head of the chain: the head is locked and moved once, the lines
     * are hashed one after the other as {@link #append} would and written in one statement or bulk load.
     */
    void appendAll(java.util.List<Line> lines) {
        if (lines.isEmpty()) {
            return;
        }
        chainOnto(lockHead(), lines);
    }

    private Head lockHead() {
        return jdbc.sql("select last_seq, last_hash from audit_chain where id = 1 for update")
                .query((rs, n) -> new Head(rs.getLong("last_seq"), rs.getString("last_hash")))
                .single();
    }

    /** Hashes the lines onto the locked head, writes them and moves the head past them. */
    private void chainOnto(Head head, List<Line> lines) {
        Appending appending = new Appending(head);
        appending.add(lines);
        appending.finish();
    }

    /**
     * Locks the head for lines handed over a part at a time ({@link Appending#add}), in the caller's
     * transaction, until it commits: for a transaction with more lines than it holds in memory.
     */
    Appending startAppending() {
        return new Appending(lockHead());
    }

    /** Lines appended at the locked head part by part; the head is moved once, by {@link #finish}. */
    final class Appending {
        private long seq;
        private String previous;
        private boolean moved;

        private Appending(Head head) {
            this.seq = head.seq();
            this.previous = head.hash();
        }

        /** Hashes the lines, in order, after those added before, and writes them. */
        void add(List<Line> lines) {
            if (moved) {
                throw new IllegalStateException("the head was already moved past the lines appended");
            }
            java.util.List<Object[]> rows = new java.util.ArrayList<>(lines.size());
            for (Line line : lines) {
                seq++;
                String hash = hash(seq, line, previous);
                rows.add(columns(line, seq, previous, hash));
                previous = hash;
            }
            if (rows.isEmpty()) {
                return;
            }
            if (rows.size() <= SMALL_APPEND) {
                // the head stays locked until commit: the fewer round trips under it, the more appenders a second
                batch.batchUpdate(
                        INSERT, rows.stream().map(AuditChain::withOffsetTime).toList());
            } else {
                bulk.load("audit_event", COLUMNS, rows);
            }
        }

        /** Moves the head past every line added. */
        void finish() {
            moved = true;
            jdbc.sql("update audit_chain set last_seq = ?, last_hash = ? where id = 1")
                    .params(seq, previous)
                    .update();
        }
    }

    private static Object[] withOffsetTime(Object[] row) {
        Object[] p = row.clone();
        p[1] = OffsetDateTime.ofInstant((Instant) row[1], ZoneOffset.UTC);
        return p;
    }

    /**
     * Stages a transaction's lines, in that transaction: they commit with the change they describe, or not
     * at all, and no lock is taken. {@link #drainAfterCommit} appends them to the chain once it has committed.
     */
    void stage(List<Line> lines) {
        batch.batchUpdate(
                STAGE, lines.stream().map(l -> withOffsetTime(columns(l))).toList());
    }

    /**
     * A line's fields in the column order of {@code audit_pending} and {@code audit_event} (and of
     * {@link #COLUMNS}), followed by the chain's columns when it has them.
     */
    private static Object[] columns(Line l, Object... chain) {
        Object[] row = new Object[11 + chain.length];
        row[0] = l.id();
        row[1] = l.occurredAt();
        row[2] = l.actor();
        row[3] = l.action();
        row[4] = l.entityType();
        row[5] = l.entityId();
        row[6] = l.clientId();
        row[7] = l.summary();
        row[8] = l.beforeJson();
        row[9] = l.afterJson();
        row[10] = l.reason();
        System.arraycopy(chain, 0, row, 11, chain.length);
        return row;
    }

    private final Object drains = new Object();
    /** Guarded by {@link #drains}: tickets handed out, the last ticket a finished drain covers, one drain at a time. */
    private long ticketsIssued;

    private long ticketsCovered;
    private boolean draining;

    /**
     * Just after a transaction that staged lines committed, on that transaction's own connection (still held,
     * its work committed): appends every staged line to the chain in a short transaction, or waits while
     * another caller's drain does. A caller returns once a drain that began after its commit has finished,
     * so its lines are in the chain when it answers. One drain runs at a time here; each takes every line
     * staged so far, so callers that commit together share one lock of the head and one commit. Nothing
     * here takes a second pooled connection.
     *
     * <p>A drain that fails (the database went away) leaves the lines staged and the caller's committed
     * change as it is; the next drain appends them.
     */
    void drainAfterCommit() {
        long ticket;
        synchronized (drains) {
            ticket = ++ticketsIssued;
            while (true) {
                if (ticketsCovered >= ticket) {
                    return;
                }
                if (!draining) {
                    draining = true;
                    break;
                }
                try {
                    drains.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return; // the lines stay staged; the next drain appends them
                }
            }
        }
        long covers;
        synchronized (drains) {
            covers = ticketsIssued; // every caller with a ticket up to here committed before the drain reads
        }
        boolean done = false;
        try {
            done = drainOnCurrentConnection();
        } finally {
            synchronized (drains) {
                draining = false;
                if (done) {
                    ticketsCovered = Math.max(ticketsCovered, covers);
                }
                drains.notifyAll();
            }
        }
    }

    /**
     * One drain on the connection bound to the transaction that has just committed: a transaction of its own
     * on it, committed or rolled back here. Read committed, whatever the finished transaction asked for, so
     * that lines another drain appended while this one waited for the head are seen as gone (the transaction
     * manager puts the connection's own level back when it releases it).
     */
    private boolean drainOnCurrentConnection() {
        javax.sql.DataSource dataSource = bulk.dataSource();
        Integer isolation = org.springframework.transaction.support.TransactionSynchronizationManager
                .getCurrentTransactionIsolationLevel();
        java.sql.Connection con = org.springframework.jdbc.datasource.DataSourceUtils.getConnection(dataSource);
        try {
            boolean autoCommit = con.getAutoCommit();
            try {
                if (autoCommit) {
                    con.setAutoCommit(false);
                }
                if (isolation != null && isolation != java.sql.Connection.TRANSACTION_READ_COMMITTED) {
                    con.setTransactionIsolation(java.sql.Connection.TRANSACTION_READ_COMMITTED);
                }
                try {
                    if (drainStaged() == 0) {
                        con.rollback(); // nothing was written: the head's lock goes without a commit to wait for
                    } else {
                        con.commit();
                    }
                    return true;
                } catch (RuntimeException | java.sql.SQLException e) {
                    con.rollback();
                    LOG.warn("audit lines stay staged until the next drain appends them to the chain", e);
                    return false;
                }
            } finally {
                if (autoCommit) {
                    con.setAutoCommit(true);
                }
            }
        } catch (java.sql.SQLException e) {
            LOG.warn("audit lines stay staged until the next drain appends them to the chain", e);
            return false;
        } finally {
            org.springframework.jdbc.datasource.DataSourceUtils.releaseConnection(con, dataSource);
        }
    }

    /**
     * Appends the staged lines (up to {@link #DRAIN_BATCH}) to the chain in the order they were staged and
     * removes them from the staging table, inside the caller's transaction; how many it appended.
     */
    int drainStaged() {
        Head head = lockHead();
        record Staged(long no, Line line) {}
        List<Staged> staged = jdbc.sql("select * from audit_pending order by staged_no limit ?")
                .param(DRAIN_BATCH)
                .query((rs, n) -> new Staged(rs.getLong("staged_no"), mapLine(rs, n)))
                .list();
        if (staged.isEmpty()) {
            return 0;
        }
        chainOnto(head, staged.stream().map(Staged::line).toList());
        // by number, each one read: a line staged meanwhile (a lower number committed late) stays for the next
        jdbc.sql("delete from audit_pending where staged_no in (:nos)")
                .param("nos", staged.stream().map(Staged::no).toList())
                .update();
        return staged.size();
    }

    /** Appends whatever an earlier run left staged (a crash between a commit and its drain); at start-up. */
    @org.springframework.context.event.EventListener(org.springframework.boot.context.event.ApplicationReadyEvent.class)
    public void drainLeftovers() {
        var tx = new org.springframework.transaction.support.TransactionTemplate(transactions);
        try {
            while (Boolean.TRUE.equals(tx.execute(s -> drainStaged() == DRAIN_BATCH))) {
                // a full batch: there may be more
            }
        } catch (RuntimeException e) {
            LOG.warn("audit lines left staged could not be appended at start-up; the next drain appends them", e);
        }
    }

    /** Lines staged and committed but not yet in the chain (normally none, or the few being appended). */
    public long stagedLines() {
        return jdbc.sql("select count(*) from audit_pending").query(Long.class).single();
    }

    /** Walks the whole chain; administrators and auditors only. */
    @Transactional(readOnly = true)
    public Verification verify() {
        CurrentActor.get().requireRole(Role.ADMIN, Role.AUDITOR);
        return verifyAsSystem();
    }

    /** The same walk without a signed-in user, for the command line. */
    @Transactional(readOnly = true)
    public Verification verifyAsSystem() {
        Instant now = clock.instant();
        // The head first: lines appended while we walk lie beyond it and are left for the next check.
        HeadRow head = jdbc.sql("select last_seq, last_hash, unchained_rows from audit_chain where id = 1")
                .query((rs, n) ->
                        new HeadRow(rs.getLong("last_seq"), rs.getString("last_hash"), rs.getLong("unchained_rows")))
                .single();
        long unchained = jdbc.sql("select count(*) from audit_event where chain_seq is null")
                .query(Long.class)
                .single();
        long expected = 1;
        String previousHash = null;
        Break broken = null;
        walk:
        while (expected <= head.seq()) {
            List<Stored> batch = jdbc.sql("""
                            select * from audit_event where chain_seq >= ? and chain_seq <= ?
                            order by chain_seq limit ?""")
                    .params(expected, head.seq(), BATCH)
                    .query(AuditChain::mapStored)
                    .list();
            if (batch.isEmpty()) {
                break;
            }
            for (Stored row : batch) {
                if (row.seq() != expected) {
                    broken = new Break(
                            expected,
                            null,
                            "the line at position %d is missing (the next line is at position %d, id %s): lines were deleted"
                                    .formatted(expected, row.seq(), row.line().id()));
                    break walk;
                }
                String computed = hash(row.seq(), row.line(), row.prevHash());
                if (!computed.equals(row.hash())) {
                    broken = new Break(
                            row.seq(),
                            row.line().id(),
                            "its fields no longer match its hash (stored %s, computed %s): the line was changed after it was written"
                                    .formatted(row.hash(), computed));
                    break walk;
                }
                if (!Objects.equals(previousHash, row.prevHash())) {
                    broken = new Break(
                            row.seq(),
                            row.line().id(),
                            "it names %s as the hash of the line before it, but that line's hash is %s"
                                    .formatted(row.prevHash(), previousHash));
                    break walk;
                }
                previousHash = row.hash();
                expected++;
            }
        }
        long chained = expected - 1;
        if (broken == null && chained < head.seq()) {
            broken = new Break(
                    expected,
                    null,
                    "the chain's head is at position %d but the last line found is at position %d: lines were deleted"
                            .formatted(head.seq(), chained));
        } else if (broken == null && !Objects.equals(previousHash, head.hash())) {
            broken = new Break(
                    chained,
                    null,
                    "the last line's hash %s is not the head's hash %s".formatted(previousHash, head.hash()));
        } else if (broken == null && unchained != head.unchained()) {
            broken = new Break(
                    0,
                    null,
                    "%d lines without a chain position, but %d were written before the chain began: lines were added or deleted outside the chain"
                            .formatted(unchained, head.unchained()));
        }
        return new Verification(now, chained, unchained, head.seq(), head.hash(), broken, stagedLines());
    }

    /** SHA-256, in lower-case hex, over the canonical form of a line at a position after a previous hash. */
    static String hash(long seq, Line line, String previousHash) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
        // the canonical form's UTF-8 fed piece by piece, the same bytes as canonical(…) encoded whole (every
        // field stands between ASCII separators), without building it: a large file hashes 200,000 lines at
        // commit, and one arrow in a summary made the whole form a two-byte string to copy and encode again
        update(sha, "audit-v1|");
        for (Object field : fields(seq, line, previousHash)) {
            if (field == null) {
                update(sha, "~|");
            } else {
                String text = field.toString();
                update(sha, text.length() + ":");
                update(sha, text);
                update(sha, "|");
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static void update(MessageDigest sha, String text) {
        sha.update(text.getBytes(StandardCharsets.UTF_8));
    }

    private static Object[] fields(long seq, Line line, String previousHash) {
        return new Object[] {
            seq,
            line.id(),
            line.occurredAt(),
            line.actor(),
            line.action(),
            line.entityType(),
            line.entityId(),
            line.clientId(),
            line.summary(),
            line.beforeJson(),
            line.afterJson(),
            line.reason(),
            previousHash
        };
    }

    /**
     * Each field in a fixed order, as its length, a colon and its text (or "~" when empty), so no two
     * different lines share a form. The time is the stored instant in ISO-8601, at microseconds.
     */
    static String canonical(long seq, Line line, String previousHash) {
        StringBuilder s = new StringBuilder("audit-v1|");
        for (Object field : fields(seq, line, previousHash)) {
            if (field == null) {
                s.append('~');
            } else {
                String text = field.toString();
                s.append(text.length()).append(':').append(text);
            }
            s.append('|');
        }
        return s.toString();
    }

    private record Head(long seq, String hash) {}

    private record HeadRow(long seq, String hash, long unchained) {}

    private record Stored(long seq, Line line, String prevHash, String hash) {}

    private static Stored mapStored(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Stored(
                rs.getLong("chain_seq"), mapLine(rs, row), rs.getString("prev_hash"), rs.getString("row_hash"));
    }

    /**
     * The line on the current row of a query over {@code audit_event} or {@code audit_pending}: both carry
     * the same columns for it, so every reader of either table maps a row the same way.
     */
    static Line mapLine(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Line(
                rs.getObject("id", UUID.class),
                rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                rs.getString("actor"),
                rs.getString("action"),
                rs.getString("entity_type"),
                rs.getObject("entity_id", UUID.class),
                rs.getObject("client_id", UUID.class),
                rs.getString("summary"),
                rs.getString("before_json"),
                rs.getString("after_json"),
                rs.getString("reason"));
    }
}
