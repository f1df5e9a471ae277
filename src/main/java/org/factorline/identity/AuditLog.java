package org.factorline.identity;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.factorline.shared.CursorPage;
import org.factorline.shared.UuidV7;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * The append-only audit log: every state change, with who, when, what, the record before and after,
 * and why. Writes join the caller's transaction, so a change and its audit line land together or not
 * at all. Nothing in the application updates or deletes an audit line (PostgreSQL refuses it too).
 */
@Service
public class AuditLog {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final JsonMapper json = JsonMapper.builder().findAndAddModules().build();

    public AuditLog(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
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
        jdbc.sql("""
                        insert into audit_event (id, occurred_at, actor, action, entity_type, entity_id, client_id,
                                                 summary, before_json, after_json, reason)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        UuidV7.next(clock),
                        OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC),
                        actor.username(),
                        action,
                        entityType,
                        entityId,
                        clientId,
                        truncate(summary, 500),
                        toJson(before),
                        toJson(after),
                        reason)
                .update();
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
        return new Entry(
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
