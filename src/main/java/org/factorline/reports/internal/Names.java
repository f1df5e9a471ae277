package org.factorline.reports.internal;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Client and debtor labels ("C-000012 Lone Star Freight LLC") for the ids a report shows. */
@Component
class Names {

    private final JdbcClient jdbc;

    Names(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Map<UUID, String> clients(Collection<UUID> ids) {
        return labels("select id, reference, legal_name as name from client where id in (:ids)", ids);
    }

    Map<UUID, String> debtors(Collection<UUID> ids) {
        return labels("select id, reference, name from debtor where id in (:ids)", ids);
    }

    private Map<UUID, String> labels(String sql, Collection<UUID> ids) {
        Map<UUID, String> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        java.util.List<UUID> all = java.util.List.copyOf(ids);
        for (int i = 0; i < all.size(); i += 500) {
            jdbc.sql(sql)
                    .param("ids", all.subList(i, Math.min(all.size(), i + 500)))
                    .query((rs, n) -> out.put(
                            rs.getObject("id", UUID.class), rs.getString("reference") + " " + rs.getString("name")))
                    .list();
        }
        return out;
    }
}
