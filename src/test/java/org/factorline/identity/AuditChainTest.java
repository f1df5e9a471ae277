package org.factorline.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.factorline.support.FactorlineTest;
import org.factorline.support.TestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit log's hash chain: what is appended verifies, and a line changed or removed behind the
 * application's back is named. Tampering is done on the database directly (on PostgreSQL in a session that
 * skips the append-only triggers, as only a superuser can) and undone at once, since the log is shared.
 */
@FactorlineTest
class AuditChainTest {

    @Autowired
    AuditLog audit;

    @Autowired
    AuditChain chain;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void appendedLinesFormOneUnbrokenChainInTheOrderTheyCommitted() {
        long before = chain.verifyAsSystem().chainedRows();
        UUID entity = UUID.randomUUID();
        TransactionTemplate tx = new TransactionTemplate(transactions);
        TestSupport.as(TestSupport.admin(), () -> {
            for (int i = 0; i < 30; i++) {
                audit.record("test.alone", "chain_test", entity, null, "alone " + i, null, null);
            }
            // several lines in one transaction join the chain together when it commits
            tx.executeWithoutResult(s -> {
                for (int i = 0; i < 10; i++) {
                    audit.record("test.together", "chain_test", entity, null, "together " + i, null, "why " + i);
                }
            });
            // a rolled-back transaction leaves no line and no gap
            try {
                tx.executeWithoutResult(s -> {
                    audit.record("test.rolled_back", "chain_test", entity, null, "never", null, null);
                    throw new IllegalStateException("roll back");
                });
            } catch (IllegalStateException expected) {
                // rolled back
            }
        });

        AuditChain.Verification v = chain.verifyAsSystem();
        assertThat(v.intact()).as("%s", v.broken()).isTrue();
        assertThat(v.chainedRows()).isGreaterThanOrEqualTo(before + 40);
        assertThat(v.headHash()).matches("[0-9a-f]{64}");
        List<Long> positions = jdbc.sql("select chain_seq from audit_event where entity_id = ? order by chain_seq")
                .param(entity)
                .query(Long.class)
                .list();
        assertThat(positions).hasSize(40);
        assertThat(jdbc.sql("select count(*) from audit_event where entity_id = ? and action = 'test.rolled_back'")
                        .param(entity)
                        .query(Long.class)
                        .single())
                .isZero();
        List<String> summaries = jdbc.sql("select summary from audit_event where entity_id = ? order by chain_seq")
                .param(entity)
                .query(String.class)
                .list();
        assertThat(summaries.get(0)).isEqualTo("alone 0");
        assertThat(summaries.get(39)).isEqualTo("together 9");
    }

    @Test
    void changingOneFieldOfOneLineIsNamedAtThatLineAlone() throws SQLException {
        UUID entity = UUID.randomUUID();
        TestSupport.as(TestSupport.admin(), () -> {
            for (int i = 0; i < 3; i++) {
                audit.record("test.tamper", "chain_test", entity, null, "line " + i, null, Map.of("n", i));
            }
        });
        AuditChain.Line middle = line(entity, "line 1");
        long position = position(middle.id());

        for (String change : List.of(
                "update audit_event set summary = 'line 1 rewritten' where id = ?",
                "update audit_event set after_json = '{\"n\":99}' where id = ?",
                "update audit_event set actor = 'someone-else' where id = ?",
                "update audit_event set occurred_at = occurred_at + interval '1' second where id = ?",
                "update audit_event set client_id = entity_id where id = ?",
                "update audit_event set reason = 'no reason' where id = ?")) {
            tamper(change, middle.id());
            try {
                AuditChain.Verification v = chain.verifyAsSystem();
                assertThat(v.intact()).as(change).isFalse();
                assertThat(v.broken().position()).as(change).isEqualTo(position);
                assertThat(v.broken().id()).as(change).isEqualTo(middle.id());
                assertThat(v.broken().problem()).as(change).contains("changed after it was written");
            } finally {
                restore(middle);
            }
            assertThat(chain.verifyAsSystem().intact())
                    .as("restored after " + change)
                    .isTrue();
        }

        // rewriting the line's own hash to match its new text breaks the link from the line after it
        AuditChain.Line forged = new AuditChain.Line(
                middle.id(),
                middle.occurredAt(),
                middle.actor(),
                middle.action(),
                middle.entityType(),
                middle.entityId(),
                middle.clientId(),
                "line 1 forged",
                middle.beforeJson(),
                middle.afterJson(),
                middle.reason());
        String prev = jdbc.sql("select prev_hash from audit_event where id = ?")
                .param(middle.id())
                .query(String.class)
                .single();
        tamper(
                "update audit_event set summary = 'line 1 forged', row_hash = '"
                        + AuditChain.hash(position, forged, prev) + "' where id = ?",
                middle.id());
        try {
            AuditChain.Verification v = chain.verifyAsSystem();
            assertThat(v.broken().position()).isEqualTo(position + 1);
            assertThat(v.broken().id()).isEqualTo(line(entity, "line 2").id());
            assertThat(v.broken().problem()).contains("hash of the line before it");
        } finally {
            restore(middle);
        }
        assertThat(chain.verifyAsSystem().intact()).isTrue();
    }

    @Test
    void aDeletedLineIsFoundInTheMiddleAndAtTheHead() throws SQLException {
        UUID entity = UUID.randomUUID();
        TestSupport.as(TestSupport.admin(), () -> {
            for (int i = 0; i < 3; i++) {
                audit.record("test.delete", "chain_test", entity, null, "line " + i, null, null);
            }
        });
        AuditChain.Line middle = line(entity, "line 1");
        long position = position(middle.id());
        Saved saved = save(middle.id());
        tamper("delete from audit_event where id = ?", middle.id());
        try {
            AuditChain.Verification v = chain.verifyAsSystem();
            assertThat(v.intact()).isFalse();
            assertThat(v.broken().position()).isEqualTo(position);
            assertThat(v.broken().problem())
                    .contains("position " + position + " is missing")
                    .contains(line(entity, "line 2").id().toString());
        } finally {
            reinsert(saved);
        }
        assertThat(chain.verifyAsSystem().intact()).isTrue();

        // the newest line: no gap follows it, but the head still counts it
        AuditChain.Line last = line(entity, "line 2");
        long head = chain.verifyAsSystem().headPosition();
        assertThat(position(last.id())).isEqualTo(head);
        Saved lastSaved = save(last.id());
        tamper("delete from audit_event where id = ?", last.id());
        try {
            AuditChain.Verification v = chain.verifyAsSystem();
            assertThat(v.intact()).isFalse();
            assertThat(v.broken().position()).isEqualTo(head);
            assertThat(v.broken().problem()).contains("head is at position " + head);
        } finally {
            reinsert(lastSaved);
        }
        assertThat(chain.verifyAsSystem().intact()).isTrue();
    }

    @Test
    void aLineSlippedInOutsideTheChainIsCounted() throws SQLException {
        UUID id = UUID.randomUUID();
        tamper(
                "insert into audit_event (id, occurred_at, actor, action, entity_type, summary) values (?, "
                        + "current_timestamp, 'intruder', 'test.forged', 'chain_test', 'never happened')",
                id);
        try {
            AuditChain.Verification v = chain.verifyAsSystem();
            assertThat(v.intact()).isFalse();
            assertThat(v.broken().problem()).contains("written before the chain began");
        } finally {
            tamper("delete from audit_event where id = ?", id);
        }
        assertThat(chain.verifyAsSystem().intact()).isTrue();
    }

    /**
     * A transaction's lines are staged with it and appended just after it commits, by the committing caller
     * before it goes on: nothing of them is left staged, and they are in the chain in the order recorded.
     */
    /**
     * A transaction with more lines than it holds in memory writes them out to a temporary file and appends
     * them all, in the order recorded, when it commits; no file is left in the directory, and a rolled-back
     * transaction leaves neither lines nor a file.
     */
    @Test
    void aTransactionWithMoreLinesThanItHoldsAppendsThemAllInOrder() {
        UUID entity = UUID.randomUUID();
        int count = AuditLog.HOLD_AT_MOST * 2 + 5;
        java.nio.file.Path tmp = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"));
        java.util.Set<java.nio.file.Path> filesBefore = spillFiles(tmp);
        TransactionTemplate tx = new TransactionTemplate(transactions);
        TestSupport.as(TestSupport.admin(), () -> {
            tx.executeWithoutResult(s -> {
                audit.record("test.many", "chain_test", entity, null, "line 0", Map.of("n", 0), null);
                List<AuditLog.Item> rest = new java.util.ArrayList<>();
                for (int i = 1; i < count; i++) {
                    rest.add(new AuditLog.Item(
                            "test.many", "chain_test", entity, null, "line " + i, null, Map.of("n", i), "ü " + i));
                }
                audit.recordAll(rest);
                // written out while the transaction runs: the process holds the file open, its name already gone
                assertThat(spillFiles(tmp)).isEqualTo(filesBefore);
                assertThat(openFilesNamed("factorline-audit-"))
                        .isNotEmpty()
                        .allMatch(link -> link.endsWith("(deleted)"));
            });
            try {
                tx.executeWithoutResult(s -> {
                    List<AuditLog.Item> many = new java.util.ArrayList<>();
                    for (int i = 0; i < AuditLog.HOLD_AT_MOST + 1; i++) {
                        many.add(new AuditLog.Item(
                                "test.many_rolled_back", "chain_test", entity, null, "x", null, null, null));
                    }
                    audit.recordAll(many);
                    throw new IllegalStateException("roll back");
                });
            } catch (IllegalStateException expected) {
                // rolled back
            }
        });
        assertThat(spillFiles(tmp)).isEqualTo(filesBefore);
        List<Map<String, Object>> rows = jdbc.sql("""
                        select summary, before_json, after_json, reason, chain_seq from audit_event
                        where entity_id = ? order by chain_seq""").param(entity).query().listOfRows();
        assertThat(rows).hasSize(count);
        for (int i = 0; i < count; i++) {
            Map<String, Object> r = rows.get(i);
            assertThat(r.get("summary")).isEqualTo("line " + i);
            assertThat(((Number) r.get("chain_seq")).longValue())
                    .isEqualTo(((Number) rows.get(0).get("chain_seq")).longValue() + i);
            if (i > 0) {
                assertThat(r.get("after_json")).isEqualTo("{\"n\":" + i + "}");
                assertThat(r.get("reason")).isEqualTo("ü " + i);
            }
        }
        assertThat(rows.get(0).get("before_json")).isEqualTo("{\"n\":0}");
        AuditChain.Verification v = chain.verifyAsSystem();
        assertThat(v.intact()).as("%s", v.broken()).isTrue();
    }

    /** What this process's open file descriptors point at, where the name contains the text (Linux's /proc). */
    private static List<String> openFilesNamed(String part) {
        java.nio.file.Path fds = java.nio.file.Path.of("/proc/self/fd");
        try (var links = java.nio.file.Files.list(fds)) {
            return links.map(l -> {
                        try {
                            return java.nio.file.Files.readSymbolicLink(l).toString();
                        } catch (java.io.IOException e) {
                            return ""; // closed meanwhile
                        }
                    })
                    .filter(target -> target.contains(part))
                    .toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static java.util.Set<java.nio.file.Path> spillFiles(java.nio.file.Path dir) {
        try (var files = java.nio.file.Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith("factorline-audit-"))
                    .collect(java.util.stream.Collectors.toSet());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aCommittedTransactionsLinesAreInTheChainWhenItsCallerGoesOn() {
        UUID entity = UUID.randomUUID();
        TransactionTemplate tx = new TransactionTemplate(transactions);
        TestSupport.as(
                TestSupport.admin(),
                () -> tx.executeWithoutResult(s -> {
                    for (int i = 0; i < 3; i++) {
                        audit.record("test.staged", "chain_test", entity, null, "staged " + i, null, null);
                    }
                    // inside the transaction nothing is in the log yet
                    assertThat(jdbc.sql("select count(*) from audit_event where entity_id = ?")
                                    .param(entity)
                                    .query(Long.class)
                                    .single())
                            .isZero();
                }));
        assertThat(jdbc.sql("select summary from audit_event where entity_id = ? order by chain_seq")
                        .param(entity)
                        .query(String.class)
                        .list())
                .containsExactly("staged 0", "staged 1", "staged 2");
        assertThat(jdbc.sql("select count(*) from audit_pending where entity_id = ?")
                        .param(entity)
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(chain.verifyAsSystem().intact()).isTrue();
    }

    /**
     * A crash between a commit and the append leaves the lines staged: the verification counts them, and
     * the next append (any later audited commit, or the next start) puts them in the chain, before the new
     * line, and the chain verifies.
     */
    @Test
    void linesLeftStagedByACrashAreAppendedByTheNextCommitAndAtStartUp() {
        UUID entity = UUID.randomUUID();
        UUID left = org.factorline.shared.UuidV7.next(java.time.Clock.systemUTC());
        jdbc.sql("""
                        insert into audit_pending (id, occurred_at, actor, action, entity_type, entity_id, summary)
                        values (?, ?, 'test-admin', 'test.left', 'chain_test', ?, 'left staged')""")
                .params(left, OffsetDateTime.now(ZoneOffset.UTC).withNano(0), entity)
                .update();
        assertThat(chain.verifyAsSystem().stagedRows()).isPositive();

        TransactionTemplate tx = new TransactionTemplate(transactions);
        TestSupport.as(
                TestSupport.admin(),
                () -> tx.executeWithoutResult(
                        s -> audit.record("test.next", "chain_test", entity, null, "next", null, null)));
        assertThat(jdbc.sql("select summary from audit_event where entity_id = ? order by chain_seq")
                        .param(entity)
                        .query(String.class)
                        .list())
                .containsExactly("left staged", "next");
        AuditChain.Verification v = chain.verifyAsSystem();
        assertThat(v.intact()).as("%s", v.broken()).isTrue();

        // and at start-up, with no commit to carry them
        UUID another = org.factorline.shared.UuidV7.next(java.time.Clock.systemUTC());
        jdbc.sql("""
                        insert into audit_pending (id, occurred_at, actor, action, entity_type, entity_id, summary)
                        values (?, ?, 'test-admin', 'test.left', 'chain_test', ?, 'left again')""")
                .params(another, OffsetDateTime.now(ZoneOffset.UTC).withNano(0), entity)
                .update();
        chain.drainLeftovers();
        assertThat(jdbc.sql("select count(*) from audit_event where id = ? and chain_seq is not null")
                        .param(another)
                        .query(Long.class)
                        .single())
                .isOne();
        assertThat(jdbc.sql("select count(*) from audit_pending where entity_id = ?")
                        .param(entity)
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(chain.verifyAsSystem().intact()).isTrue();
    }

    /** Callers committing at once share the appends; every line is chained once, with no fork. */
    @Test
    void manyCallersCommittingAtOnceAreChainedOnceEach() throws Exception {
        UUID entity = UUID.randomUUID();
        TransactionTemplate tx = new TransactionTemplate(transactions);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int t = 0; t < 6; t++) {
                int thread = t;
                done.add(pool.submit(() -> TestSupport.as(TestSupport.admin(), () -> {
                    for (int i = 0; i < 20; i++) {
                        int n = i;
                        tx.executeWithoutResult(s -> audit.record(
                                "test.together", "chain_test", entity, null, thread + "/" + n, null, null));
                        // each caller finds its own line in the log as soon as its commit returns
                        assertThat(jdbc.sql("select count(*) from audit_event where entity_id = ? and summary = ?")
                                        .params(entity, thread + "/" + n)
                                        .query(Long.class)
                                        .single())
                                .isOne();
                    }
                })));
            }
            for (var f : done) {
                f.get(120, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(jdbc.sql("select count(distinct chain_seq) from audit_event where entity_id = ?")
                        .param(entity)
                        .query(Long.class)
                        .single())
                .isEqualTo(120);
        AuditChain.Verification v = chain.verifyAsSystem();
        assertThat(v.intact()).as("%s", v.broken()).isTrue();
    }

    @Test
    void aLineIsHashedOverItsCanonicalFormInUtf8() throws Exception {
        // hashed piece by piece, the bytes must be the canonical form's, or every line already written would
        // no longer match its hash: arrows, accents, a character outside the BMP, empty and absent fields
        var line = new AuditChain.Line(
                UUID.fromString("019caed9-4300-7019-bc46-9316d67bbfda"),
                TestSupport.START.plusNanos(123_456_000),
                "cash-bench",
                "invoice.status_changed",
                "invoice",
                UUID.fromString("019caed9-4300-7000-80ab-77b65f337d73"),
                null,
                "Invoice F-9 PAID → CLOSED, Société Générale \uD83D\uDCB8",
                "{\"status\":\"PAID\",\"note\":\"a|b:c\"}",
                "",
                null);
        for (String previous : new String[] {null, "ab".repeat(32)}) {
            String expected = java.util.HexFormat.of()
                    .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                            .digest(AuditChain.canonical(7, line, previous)
                                    .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            assertThat(AuditChain.hash(7, line, previous)).isEqualTo(expected);
        }
        assertThat(AuditChain.hash(
                        1,
                        new AuditChain.Line(
                                UUID.fromString("00000000-0000-0000-0000-000000000001"),
                                java.time.Instant.parse("2026-01-01T00:00:00Z"),
                                "a",
                                "b",
                                "c",
                                null,
                                null,
                                "d",
                                null,
                                null,
                                null),
                        null))
                .as("the form of audit-v1, pinned")
                .isEqualTo(java.util.HexFormat.of()
                        .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                                .digest(("audit-v1|1:1|36:00000000-0000-0000-0000-000000000001|20:2026-01-01T00:00:00Z|"
                                                + "1:a|1:b|1:c|~|~|1:d|~|~|~|~|")
                                        .getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    }

    @Test
    void theCanonicalFormCannotBeShiftedBetweenFields() {
        UUID id = UUID.randomUUID();
        var at = TestSupport.START;
        var a = new AuditChain.Line(id, at, "ab", "c", "t", null, null, "s", null, null, null);
        var b = new AuditChain.Line(id, at, "a", "bc", "t", null, null, "s", null, null, null);
        var empty = new AuditChain.Line(id, at, "a", "bc", "t", null, null, "s", "", null, null);
        assertThat(AuditChain.hash(1, a, null)).isNotEqualTo(AuditChain.hash(1, b, null));
        assertThat(AuditChain.hash(1, b, null)).isNotEqualTo(AuditChain.hash(1, empty, null));
        assertThat(AuditChain.hash(1, a, null)).isNotEqualTo(AuditChain.hash(2, a, null));
        assertThat(AuditChain.hash(1, a, null)).isNotEqualTo(AuditChain.hash(1, a, "00"));
    }

    // --- tampering, as someone with direct database access would ---

    private record Saved(AuditChain.Line line, long seq, String prevHash, String hash) {}

    private AuditChain.Line line(UUID entity, String summary) {
        return jdbc.sql("select * from audit_event where entity_id = ? and summary = ?")
                .params(entity, summary)
                .query((rs, n) -> mapLine(rs))
                .single();
    }

    private long position(UUID id) {
        return jdbc.sql("select chain_seq from audit_event where id = ?")
                .param(id)
                .query(Long.class)
                .single();
    }

    private Saved save(UUID id) {
        return jdbc.sql("select * from audit_event where id = ?")
                .param(id)
                .query((rs, n) -> new Saved(
                        mapLine(rs), rs.getLong("chain_seq"), rs.getString("prev_hash"), rs.getString("row_hash")))
                .single();
    }

    private static AuditChain.Line mapLine(java.sql.ResultSet rs) throws SQLException {
        return new AuditChain.Line(
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

    /** Puts a tampered line back as it was written. */
    private void restore(AuditChain.Line l) throws SQLException {
        try (Connection c = bypassingTriggers()) {
            try (var ps = c.prepareStatement("update audit_event set occurred_at = ?, actor = ?, action = ?,"
                    + " entity_type = ?, entity_id = ?, client_id = ?, summary = ?, before_json = ?, after_json = ?,"
                    + " reason = ?, row_hash = ? where id = ?")) {
                ps.setObject(1, OffsetDateTime.ofInstant(l.occurredAt(), ZoneOffset.UTC));
                ps.setString(2, l.actor());
                ps.setString(3, l.action());
                ps.setString(4, l.entityType());
                ps.setObject(5, l.entityId());
                ps.setObject(6, l.clientId());
                ps.setString(7, l.summary());
                ps.setString(8, l.beforeJson());
                ps.setString(9, l.afterJson());
                ps.setString(10, l.reason());
                String prev = jdbc.sql("select prev_hash from audit_event where id = ?")
                        .param(l.id())
                        .query(String.class)
                        .single();
                ps.setString(11, AuditChain.hash(position(l.id()), l, prev));
                ps.setObject(12, l.id());
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
        }
    }

    private void reinsert(Saved s) throws SQLException {
        try (Connection c = bypassingTriggers()) {
            try (var ps = c.prepareStatement("insert into audit_event (id, occurred_at, actor, action, entity_type,"
                    + " entity_id, client_id, summary, before_json, after_json, reason, chain_seq, prev_hash, row_hash)"
                    + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                AuditChain.Line l = s.line();
                ps.setObject(1, l.id());
                ps.setObject(2, OffsetDateTime.ofInstant(l.occurredAt(), ZoneOffset.UTC));
                ps.setString(3, l.actor());
                ps.setString(4, l.action());
                ps.setString(5, l.entityType());
                ps.setObject(6, l.entityId());
                ps.setObject(7, l.clientId());
                ps.setString(8, l.summary());
                ps.setString(9, l.beforeJson());
                ps.setString(10, l.afterJson());
                ps.setString(11, l.reason());
                ps.setLong(12, s.seq());
                ps.setString(13, s.prevHash());
                ps.setString(14, s.hash());
                ps.executeUpdate();
            }
        }
    }

    private void tamper(String sql, UUID id) throws SQLException {
        try (Connection c = bypassingTriggers();
                var ps = c.prepareStatement(sql)) {
            ps.setObject(1, id);
            assertThat(ps.executeUpdate()).as(sql).isEqualTo(1);
        }
    }

    /**
     * A connection that writes the audit table as the triggers would not let the application: H2 has no
     * append-only trigger; on PostgreSQL a superuser session set to replica mode skips it.
     */
    private Connection bypassingTriggers() throws SQLException {
        Connection c = dataSource.getConnection();
        c.setAutoCommit(true);
        if (c.getMetaData().getDatabaseProductName().equals("PostgreSQL")) {
            try (var s = c.createStatement()) {
                s.execute("set session_replication_role = replica");
            }
            return new ResettingConnection(c).proxy();
        }
        return c;
    }

    /** Puts the session back to origin mode before the pooled connection is returned. */
    private record ResettingConnection(Connection target) {
        Connection proxy() {
            return (Connection) java.lang.reflect.Proxy.newProxyInstance(
                    Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, (p, m, args) -> {
                        if (m.getName().equals("close")) {
                            try (var s = target.createStatement()) {
                                s.execute("set session_replication_role = origin");
                            }
                        }
                        try {
                            return m.invoke(target, args);
                        } catch (java.lang.reflect.InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }
    }
}
