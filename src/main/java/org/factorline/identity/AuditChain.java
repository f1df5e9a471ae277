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

    private final JdbcClient jdbc;
    private final Clock clock;
    private final org.factorline.shared.BulkLoad bulk;

    public AuditChain(JdbcClient jdbc, Clock clock, org.factorline.shared.BulkLoad bulk) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.bulk = bulk;
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

    /** The outcome of one walk over the whole chain. */
    public record Verification(
            Instant checkedAt, long chainedRows, long unchainedRows, long headPosition, String headHash, Break broken) {

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
        Head head = jdbc.sql("select last_seq, last_hash from audit_chain where id = 1 for update")
                .query((rs, n) -> new Head(rs.getLong("last_seq"), rs.getString("last_hash")))
                .single();
        long seq = head.seq() + 1;
        String hash = hash(seq, line, head.hash());
        jdbc.sql("""
                        insert into audit_event (id, occurred_at, actor, action, entity_type, entity_id, client_id,
                                                 summary, before_json, after_json, reason, chain_seq, prev_hash, row_hash)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        line.id(),
                        OffsetDateTime.ofInstant(line.occurredAt(), ZoneOffset.UTC),
                        line.actor(),
                        line.action(),
                        line.entityType(),
                        line.entityId(),
                        line.clientId(),
                        line.summary(),
                        line.beforeJson(),
                        line.afterJson(),
                        line.reason(),
                        seq,
                        head.hash(),
                        hash)
                .update();
        jdbc.sql("update audit_chain set last_seq = ?, last_hash = ? where id = 1")
                .params(seq, hash)
                .update();
    }

    /**
     * Appends the lines, in order, at the head of the chain: the head is locked and moved once, the lines
     * are hashed one after the other as {@link #append} would and written in one bulk load.
     */
    void appendAll(java.util.List<Line> lines) {
        if (lines.isEmpty()) {
            return;
        }
        Head head = jdbc.sql("select last_seq, last_hash from audit_chain where id = 1 for update")
                .query((rs, n) -> new Head(rs.getLong("last_seq"), rs.getString("last_hash")))
                .single();
        long seq = head.seq();
        String previous = head.hash();
        java.util.List<Object[]> rows = new java.util.ArrayList<>(lines.size());
        for (Line line : lines) {
            seq++;
            String hash = hash(seq, line, previous);
            rows.add(new Object[] {
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
                seq,
                previous,
                hash
            });
            previous = hash;
        }
        bulk.load(
                "audit_event",
                java.util.List.of(
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
                        "row_hash"),
                rows);
        jdbc.sql("update audit_chain set last_seq = ?, last_hash = ? where id = 1")
                .params(seq, previous)
                .update();
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
        return new Verification(now, chained, unchained, head.seq(), head.hash(), broken);
    }

    /** SHA-256, in lower-case hex, over the canonical form of a line at a position after a previous hash. */
    static String hash(long seq, Line line, String previousHash) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of()
                    .formatHex(sha.digest(canonical(seq, line, previousHash).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /**
     * Each field in a fixed order, as its length, a colon and its text (or "~" when empty), so no two
     * different lines share a form. The time is the stored instant in ISO-8601, at microseconds.
     */
    static String canonical(long seq, Line line, String previousHash) {
        StringBuilder s = new StringBuilder("audit-v1|");
        for (Object field : new Object[] {
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
        }) {
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
                rs.getLong("chain_seq"),
                new Line(
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
                        rs.getString("reason")),
                rs.getString("prev_hash"),
                rs.getString("row_hash"));
    }
}
