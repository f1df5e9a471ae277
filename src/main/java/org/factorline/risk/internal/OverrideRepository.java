package org.factorline.risk.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.factorline.invoices.InvoiceId;
import org.factorline.risk.EligibilityOverride;
import org.factorline.risk.Policy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class OverrideRepository {

    private final JdbcClient jdbc;

    public OverrideRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(EligibilityOverride o) {
        jdbc.sql("""
                        insert into eligibility_override (id, invoice_id, policy, reason, status, requested_by, requested_at)
                        values (?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        o.id(),
                        o.invoiceId().value(),
                        o.policy().name(),
                        o.reason(),
                        o.status().name(),
                        o.requestedBy(),
                        ts(o.requestedAt()))
                .update();
    }

    /** Decides a request still open; false if someone decided it first. */
    public boolean decide(UUID id, EligibilityOverride.Status status, String by, Instant at, String note) {
        return jdbc.sql("""
                                update eligibility_override set status = ?, decided_by = ?, decided_at = ?, decision_note = ?
                                where id = ? and status = 'REQUESTED'""").params(status.name(), by, ts(at), note, id).update() > 0;
    }

    public Optional<EligibilityOverride> find(UUID id) {
        return jdbc.sql("select * from eligibility_override where id = ?")
                .param(id)
                .query(OverrideRepository::map)
                .optional();
    }

    public List<EligibilityOverride> forInvoice(InvoiceId id) {
        return jdbc.sql("select * from eligibility_override where invoice_id = ? order by requested_at, id")
                .param(id.value())
                .query(OverrideRepository::map)
                .list();
    }

    public List<EligibilityOverride> inStatus(EligibilityOverride.Status status, int limit) {
        return jdbc.sql("select * from eligibility_override where status = ? order by requested_at, id limit ?")
                .params(status.name(), limit)
                .query(OverrideRepository::map)
                .list();
    }

    public boolean openRequestExists(InvoiceId id, Policy policy) {
        return jdbc.sql("""
                                select count(*) from eligibility_override
                                where invoice_id = ? and policy = ? and status in ('REQUESTED', 'APPROVED')""").params(id.value(), policy.name()).query(Long.class).single() > 0;
    }

    public Map<InvoiceId, List<EligibilityOverride>> approvedFor(List<InvoiceId> ids) {
        Map<InvoiceId, List<EligibilityOverride>> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        for (int from = 0; from < ids.size(); from += 500) {
            List<InvoiceId> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
            String in = String.join(", ", Collections.nCopies(chunk.size(), "?"));
            List<Object> params =
                    new ArrayList<>(chunk.stream().map(i -> (Object) i.value()).toList());
            jdbc.sql("select * from eligibility_override where status = 'APPROVED' and invoice_id in (" + in + ")")
                    .params(params)
                    .query(OverrideRepository::map)
                    .list()
                    .forEach(o -> out.computeIfAbsent(o.invoiceId(), k -> new ArrayList<>())
                            .add(o));
        }
        return out;
    }

    private static EligibilityOverride map(ResultSet rs, int n) throws SQLException {
        OffsetDateTime decided = rs.getObject("decided_at", OffsetDateTime.class);
        return new EligibilityOverride(
                rs.getObject("id", UUID.class),
                new InvoiceId(rs.getObject("invoice_id", UUID.class)),
                Policy.valueOf(rs.getString("policy")),
                rs.getString("reason"),
                EligibilityOverride.Status.valueOf(rs.getString("status")),
                rs.getString("requested_by"),
                rs.getObject("requested_at", OffsetDateTime.class).toInstant(),
                rs.getString("decided_by"),
                decided == null ? null : decided.toInstant(),
                rs.getString("decision_note"));
    }

    private static OffsetDateTime ts(Instant i) {
        return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }
}
