package org.factorline.simulation;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.factorline.shared.Money;

/**
 * The outcome of a simulation as named figures, in a fixed order, with no wall-clock time in it: the same
 * seed and options give the same report, byte for byte ({@link #json()}). Amounts are dollars and cents.
 */
public final class SimulationReport {

    private final Map<String, Object> values;

    SimulationReport(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public Map<String, Object> values() {
        return values;
    }

    public Object get(String name) {
        return values.get(name);
    }

    /** The report as pretty-printed JSON with a final newline; keys in their fixed order. */
    public String json() {
        StringBuilder s = new StringBuilder();
        write(s, values, "");
        return s.append('\n').toString();
    }

    private static void write(StringBuilder s, Object v, String indent) {
        if (v instanceof Map<?, ?> map) {
            if (map.isEmpty()) {
                s.append("{}");
                return;
            }
            s.append("{\n");
            int k = 0;
            for (var e : map.entrySet()) {
                s.append(indent).append("  ");
                string(s, e.getKey().toString());
                s.append(": ");
                write(s, e.getValue(), indent + "  ");
                s.append(++k < map.size() ? ",\n" : "\n");
            }
            s.append(indent).append('}');
        } else if (v instanceof Money m) {
            s.append(m.amount().toPlainString());
        } else if (v instanceof BigDecimal d) {
            s.append(d.toPlainString());
        } else if (v instanceof Number || v instanceof Boolean) {
            s.append(v);
        } else {
            string(s, String.valueOf(v));
        }
    }

    private static void string(StringBuilder s, String text) {
        s.append('"');
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                case '\n' -> s.append("\\n");
                default -> {
                    if (c < 0x20) {
                        s.append(String.format("\\u%04x", (int) c));
                    } else {
                        s.append(c);
                    }
                }
            }
        }
        s.append('"');
    }
}
