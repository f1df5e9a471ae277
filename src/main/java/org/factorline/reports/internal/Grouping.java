package org.factorline.reports.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.factorline.reports.ReportTable.Column;
import org.factorline.reports.ReportTable.Kind;
import org.factorline.reports.ReportTable.Option;

/**
 * How a report over client–debtor pairs groups its rows: one row per pair, per client or per debtor. The SQL
 * pieces are literals: a select list that always yields {@code client_id} and {@code debtor_id} (null where
 * the grouping drops it) and the matching GROUP BY. {@link #TOTAL} is the whole selection in one row, for
 * totals that cannot be added up from the rows (medians, percentiles, maxima of windows).
 */
enum Grouping {
    PAIR("g.client_id, g.debtor_id", " group by g.client_id, g.debtor_id"),
    CLIENT("g.client_id, cast(null as uuid) as debtor_id", " group by g.client_id"),
    DEBTOR("cast(null as uuid) as client_id, g.debtor_id", " group by g.debtor_id"),
    TOTAL("cast(null as uuid) as client_id, cast(null as uuid) as debtor_id", "");

    /** The select list of the key, over a source aliased {@code g}. */
    final String select;

    /** The GROUP BY clause of the key (empty for {@link #TOTAL}). */
    final String groupBy;

    Grouping(String select, String groupBy) {
        this.select = select;
        this.groupBy = groupBy;
    }

    /** The groupings a person may choose. */
    static final List<Option> OPTIONS = List.of(
            new Option("PAIR", "Client and debtor"), new Option("CLIENT", "Client"), new Option("DEBTOR", "Debtor"));

    record Key(UUID client, UUID debtor) {}

    /** The label columns of the grouping. */
    List<Column> labelColumns() {
        List<Column> out = new ArrayList<>();
        if (this != DEBTOR) {
            out.add(new Column("client", "Client", Kind.TEXT));
        }
        if (this != CLIENT) {
            out.add(new Column("debtor", "Debtor", Kind.TEXT));
        }
        return out;
    }

    /** Puts the labels of a key in a row. */
    void label(Map<String, Object> row, Key key, Map<UUID, String> clients, Map<UUID, String> debtors) {
        if (this != DEBTOR) {
            row.put("client", clients.getOrDefault(key.client(), String.valueOf(key.client())));
        }
        if (this != CLIENT) {
            row.put("debtor", debtors.getOrDefault(key.debtor(), String.valueOf(key.debtor())));
        }
    }

    /** The chart label of a key. */
    String text(Key key, Map<UUID, String> clients, Map<UUID, String> debtors) {
        return switch (this) {
            case CLIENT -> clients.getOrDefault(key.client(), String.valueOf(key.client()));
            case DEBTOR -> debtors.getOrDefault(key.debtor(), String.valueOf(key.debtor()));
            default ->
                clients.getOrDefault(key.client(), String.valueOf(key.client())) + " / "
                        + debtors.getOrDefault(key.debtor(), String.valueOf(key.debtor()));
        };
    }
}
