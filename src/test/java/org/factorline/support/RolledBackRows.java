package org.factorline.support;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.springframework.transaction.support.TransactionSynchronizationUtils;

/**
 * For tests that run two paths to the same result, each in a transaction they roll back, and compare what
 * each wrote row by row: the audit lines written before the rollback and read from wherever they went, and
 * rows as comparable strings.
 */
public final class RolledBackRows {

    /**
     * Every audit line, whether appended to the chain ({@code audit_event}) or staged for it
     * ({@code audit_pending}): a transaction with few lines stages them, one with many appends them, so the
     * same work can land in either. Use as a table: {@code "select … from " + AUDIT_LINES + " a where …"}.
     */
    public static final String AUDIT_LINES = """
            (select id, occurred_at, actor, action, entity_type, entity_id, client_id, summary, before_json,
                    after_json, reason from audit_event
             union all
             select id, occurred_at, actor, action, entity_type, entity_id, client_id, summary, before_json,
                    after_json, reason from audit_pending)""";

    private RolledBackRows() {}

    /**
     * Writes the current transaction's audit lines now, as its commit would (the audit log stages or appends
     * them just before commit), so they can be read from {@link #AUDIT_LINES} before the transaction is
     * rolled back. No other synchronization in the application does anything before commit.
     */
    public static void writeAuditLinesBeforeRollback() {
        TransactionSynchronizationUtils.triggerBeforeCommit(false);
    }

    /** Each row as its values joined by "|", amounts without trailing zeros: equal amounts of another scale compare equal. */
    public static List<String> strings(List<Map<String, Object>> rows) {
        return rows.stream()
                .map(r -> String.join(
                        "|",
                        r.values().stream()
                                .map(v -> v instanceof BigDecimal b
                                        ? b.stripTrailingZeros().toPlainString()
                                        : String.valueOf(v))
                                .toList()))
                .toList();
    }
}
