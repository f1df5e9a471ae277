package org.factorline.identity;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.factorline.shared.CursorPage;
import org.factorline.shared.UuidV7;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The append-only audit log: every state change, with who, when, what, the record before and after,
 * and why. Writes join the caller's transaction, so a change and its audit line land together or not
 * at all: a transaction's lines are staged in it and appended to the hash chain ({@link AuditChain}) just
 * after it commits, before the caller goes on (a transaction with many lines appends them itself just
 * before it commits). Nothing in the application updates or deletes an audit line (PostgreSQL refuses it
 * too).
 */
@Service
public class AuditLog {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final AuditChain chain;
    private final TransactionTemplate newTransaction;
    private final JsonMapper json = JsonMapper.builder().findAndAddModules().build();

    /**
     * The most lines a transaction holds in memory until it commits; past that they go to a file in
     * {@link #spillDirectory} (a line with the records before and after is about a kilobyte or two).
     */
    static final int HOLD_AT_MOST = 20_000;

    /** Where a transaction with more than {@link #HOLD_AT_MOST} lines writes them until it commits. */
    private final java.nio.file.Path spillDirectory;

    public AuditLog(
            JdbcClient jdbc,
            Clock clock,
            AuditChain chain,
            PlatformTransactionManager transactions,
            @org.springframework.beans.factory.annotation.Value("${factorline.audit.spill-directory:${java.io.tmpdir}}")
                    String spillDirectory) {
        this.spillDirectory = java.nio.file.Path.of(spillDirectory);
        this.jdbc = jdbc;
        this.clock = clock;
        this.chain = chain;
        this.newTransaction = new TransactionTemplate(transactions);
        this.newTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    public record Entry(
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

    public void record(
            String action,
            String entityType,
            UUID entityId,
            UUID clientId,
            String summary,
            Object before,
            Object after) {
        record(action, entityType, entityId, clientId, summary, before, after, null);
    }

    public void record(
            String action,
            String entityType,
            UUID entityId,
            UUID clientId,
            String summary,
            Object before,
            Object after,
            String reason) {
        Actor actor = CurrentActor.get();
        AuditChain.Line line = new AuditChain.Line(
                UuidV7.next(clock),
                // stored at microseconds on both databases; the hash covers what is stored
                clock.instant().truncatedTo(ChronoUnit.MICROS),
                actor.username(),
                action,
                entityType,
                entityId,
                clientId,
                truncate(summary, 500),
                toJson(before),
                toJson(after),
                reason);
        if (TransactionSynchronizationManager.isActualTransactionActive()
                && TransactionSynchronizationManager.isSynchronizationActive()) {
            // Staged just before the caller's transaction commits and appended to the chain just after: the
            // chain's head is never held while the transaction holds the records it changes, so appenders
            // never deadlock with each other over them.
            pending().lines.add(line);
        } else {
            newTransaction.executeWithoutResult(status -> chain.append(line));
        }
    }

    /**
     * The lines this transaction has recorded and not yet appended: staged together, in the order they were
     * recorded, just before it commits, and appended to the chain just after — the chain's head is locked and
     * moved once per drain, for every transaction committed by then, not once per line. Kept as one of the
     * transaction's synchronizations, so a transaction started inside it (REQUIRES_NEW) has its own.
     */
    private Pending pending() {
        for (TransactionSynchronization s : TransactionSynchronizationManager.getSynchronizations()) {
            if (s instanceof Pending p && !p.appended) {
                return p;
            }
        }
        Pending p = new Pending();
        TransactionSynchronizationManager.registerSynchronization(p);
        return p;
    }

    private final class Pending implements TransactionSynchronization {
        /** Held in memory up to {@link #HOLD_AT_MOST}, written out to a temporary file past that. */
        final PendingLines lines = new PendingLines(HOLD_AT_MOST, spillDirectory);

        boolean appended;
        boolean staged;

        @Override
        public void beforeCommit(boolean readOnly) {
            appended = true;
            if (lines.size() <= AuditChain.SMALL_APPEND) {
                // staged in this transaction, appended just after it commits: the head is not held through
                // this transaction's commit, and transactions that commit together are chained together
                chain.stage(lines.held());
                staged = true;
            } else {
                // the head locked once, the lines hashed and written a part at a time
                AuditChain.Appending appending = chain.startAppending();
                lines.forEachChunk(appending::add);
                appending.finish();
            }
        }

        @Override
        public void afterCommit() {
            if (staged) {
                chain.drainAfterCommit();
            }
        }

        @Override
        public void afterCompletion(int status) {
            lines.discard();
        }
    }

    /** One line of {@link #recordAll}: what {@link #record} takes. */
    public record Item(
            String action,
            String entityType,
            UUID entityId,
            UUID clientId,
            String summary,
            Object before,
            Object after,
            String reason) {}

    /**
     * Records many lines at once, in order, as {@link #record} would one by one — for set-based paths: the
     * chain's head is locked and moved once for all of them, just before the caller's transaction commits.
     */
    public void recordAll(List<Item> items) {
        if (items.isEmpty()) {
            return;
        }
        Actor actor = CurrentActor.get();
        List<AuditChain.Line> lines = new java.util.ArrayList<>(items.size());
        for (Item i : items) {
            lines.add(new AuditChain.Line(
                    UuidV7.next(clock),
                    clock.instant().truncatedTo(ChronoUnit.MICROS),
                    actor.username(),
                    i.action(),
                    i.entityType(),
                    i.entityId(),
                    i.clientId(),
                    truncate(i.summary(), 500),
                    toJson(i.before()),
                    toJson(i.after()),
                    i.reason()));
        }
        if (TransactionSynchronizationManager.isActualTransactionActive()
                && TransactionSynchronizationManager.isSynchronizationActive()) {
            pending().lines.addAll(lines);
        } else {
            newTransaction.executeWithoutResult(status -> chain.appendAll(lines));
        }
    }

    public List<Entry> forEntity(String entityType, UUID entityId) {
        return jdbc.sql("select * from audit_event where entity_type = ? and entity_id = ? order by id")
                .params(entityType, entityId)
                .query(AuditLog::map)
                .list();
    }

    public List<Entry> recent(int limit) {
        return jdbc.sql("select * from audit_event order by id desc limit ?")
                .param(Math.min(limit, 500))
                .query(AuditLog::map)
                .list();
    }

    /**
     * The whole log, newest first, optionally narrowed to one kind of record or one record. It spans every
     * client, so only administrators and auditors read it.
     */
    public CursorPage<Entry> search(String entityType, UUID entityId, CursorPage.Request page) {
        CurrentActor.get().requireRole(Role.ADMIN, Role.AUDITOR);
        String type = entityType == null || entityType.isBlank() ? null : entityType.strip();
        List<Entry> rows = jdbc.sql("""
                        select * from audit_event
                        where (cast(? as uuid) is null or id < ?)
                          and (cast(? as varchar) is null or entity_type = ?)
                          and (cast(? as uuid) is null or entity_id = ?)
                        order by id desc
                        limit ?""")
                .params(page.after(), page.after(), type, type, entityId, entityId, page.fetchSize())
                .query(AuditLog::map)
                .list();
        return CursorPage.of(rows, page, Entry::id);
    }

    public List<Entry> forClient(UUID clientId, int limit) {
        return jdbc.sql("select * from audit_event where client_id = ? order by id desc limit ?")
                .params(clientId, Math.min(limit, 500))
                .query(AuditLog::map)
                .list();
    }

    private String toJson(Object value) {
        return value == null ? null : json.writeValueAsString(value);
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    private static Entry map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        AuditChain.Line line = AuditChain.mapLine(rs, row);
        return new Entry(
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
                line.reason());
    }
}
