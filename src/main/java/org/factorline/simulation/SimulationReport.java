package org.factorline.simulation;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.factorline.shared.Money;

/**
 * The outcome of a simulation as named figures, in a fixed order, with no wall-clock time in it: the same
 * seed and options give the same report, byte for byte ({@link #json()}). Amounts are dollars and cents.
 */
public final class SimulationReport {

    private final Map<String, Object> values;
    private final List<Tally.Day> days;

    SimulationReport(Map<String, Object> values, List<Tally.Day> days) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        this.days = List.copyOf(days);
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

    /**
     * The same report as a page a person reads: the figures, then charts of the book day by day (money in and
     * out, contacts with debtors against the weekly cap). Self-contained: inline SVG, no script, no network.
     * Like the JSON, it holds no wall-clock figure, so the same options give the same bytes.
     */
    public String html() {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>Factorline simulation, seed ")
                .append(escape(String.valueOf(values.get("seed"))))
                .append(
                        "</title>\n<style>body{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;"
                                + "padding:0 1rem;color:#1b1f24}table{border-collapse:collapse}td,th{padding:.2rem .8rem;"
                                + "border-bottom:1px solid #d0d7de;text-align:left}td.n{text-align:right;font-variant-numeric:"
                                + "tabular-nums}figure{margin:2rem 0}figcaption{font-weight:600}.ok{color:#116329}"
                                + ".bad{color:#a40e26}svg text{font-size:12px;fill:#1b1f24}</style>\n</head>\n<body>\n<main>\n");
        long violations =
                number("invariant_violations") + number("contact_policy_violations") + number("other_violations");
        h.append("<h1>Simulation report</h1>\n<p>Seed ")
                .append(escape(String.valueOf(values.get("seed"))))
                .append(", ")
                .append(escape(String.valueOf(values.get("days_simulated"))))
                .append(" of ")
                .append(escape(String.valueOf(values.get("days"))))
                .append(" days simulated: <strong class=\"")
                .append(violations == 0 ? "ok\">no violations" : "bad\">" + violations + " violation(s)")
                .append("</strong>.</p>\n");
        if (!days.isEmpty()) {
            h.append(chart(
                    "Money, running totals (USD)",
                    List.of(
                            new Series(
                                    "advanced to clients",
                                    "#0969da",
                                    days.stream()
                                            .map(d -> d.advanced().amount())
                                            .toList()),
                            new Series(
                                    "received from debtors",
                                    "#1a7f37",
                                    days.stream()
                                            .map(d -> d.received().amount())
                                            .toList()),
                            new Series(
                                    "charged back",
                                    "#cf222e",
                                    days.stream()
                                            .map(d -> d.chargebacks().amount())
                                            .toList()))));
            h.append(chart(
                    "Invoices, running totals",
                    List.of(
                            new Series(
                                    "submitted",
                                    "#8250df",
                                    days.stream()
                                            .map(d -> BigDecimal.valueOf(d.submitted()))
                                            .toList()),
                            new Series(
                                    "funded",
                                    "#0969da",
                                    days.stream()
                                            .map(d -> BigDecimal.valueOf(d.funded()))
                                            .toList()))));
            h.append(chart(
                    "Debtor contacts: messages so far, and the most to one mailbox in any 7 days",
                    List.of(
                            new Series(
                                    "debtor messages",
                                    "#9a6700",
                                    days.stream()
                                            .map(d -> BigDecimal.valueOf(d.debtorMessages()))
                                            .toList()),
                            new Series(
                                    "most to one mailbox in 7 days",
                                    "#cf222e",
                                    days.stream()
                                            .map(d -> BigDecimal.valueOf(d.maxPerMailboxPerWeek()))
                                            .toList()))));
        }
        h.append(
                "<h2>Figures</h2>\n<table>\n<thead><tr><th scope=\"col\">Figure</th><th scope=\"col\">Value</th></tr></thead>\n<tbody>\n");
        for (var e : values.entrySet()) {
            if (e.getValue() instanceof Map<?, ?> map) {
                for (var c : map.entrySet()) {
                    row(h, e.getKey() + ": " + c.getKey(), c.getValue());
                }
            } else {
                row(h, e.getKey(), e.getValue());
            }
        }
        h.append("</tbody>\n</table>\n</main>\n</body>\n</html>\n");
        return h.toString();
    }

    private record Series(String name, String colour, List<BigDecimal> points) {}

    private long number(String key) {
        return values.get(key) instanceof Number n ? n.longValue() : 0;
    }

    private static void row(StringBuilder h, String name, Object value) {
        String shown = value instanceof Money m
                ? m.amount().toPlainString()
                : value instanceof BigDecimal d ? d.toPlainString() : String.valueOf(value);
        h.append("<tr><td>")
                .append(escape(name))
                .append("</td><td class=\"n\">")
                .append(escape(shown))
                .append("</td></tr>\n");
    }

    /** A line chart of running totals over the simulated days, with its numbers also given as a table title. */
    private String chart(String title, List<Series> series) {
        int width = 720;
        int height = 240;
        int left = 70;
        int bottom = 30;
        int plotW = width - left - 20;
        int plotH = height - bottom - 20;
        BigDecimal max = series.stream()
                .flatMap(x -> x.points().stream())
                .max(BigDecimal::compareTo)
                .orElse(BigDecimal.ONE);
        if (max.signum() <= 0) {
            max = BigDecimal.ONE;
        }
        int n = days.size();
        StringBuilder h = new StringBuilder("<figure>\n<figcaption>")
                .append(escape(title))
                .append("</figcaption>\n");
        h.append("<svg role=\"img\" viewBox=\"0 0 ")
                .append(width)
                .append(' ')
                .append(height)
                .append("\" width=\"100%\" aria-label=\"")
                .append(escape(title + ": " + summary(series)))
                .append("\">\n");
        h.append("<line x1=\"")
                .append(left)
                .append("\" y1=\"")
                .append(20 + plotH)
                .append("\" x2=\"")
                .append(left + plotW)
                .append("\" y2=\"")
                .append(20 + plotH)
                .append("\" stroke=\"#8c959f\"/>\n");
        h.append("<line x1=\"")
                .append(left)
                .append("\" y1=\"20\" x2=\"")
                .append(left)
                .append("\" y2=\"")
                .append(20 + plotH)
                .append("\" stroke=\"#8c959f\"/>\n");
        h.append("<text x=\"")
                .append(left - 6)
                .append("\" y=\"24\" text-anchor=\"end\">")
                .append(escape(max.stripTrailingZeros().toPlainString()))
                .append("</text>\n");
        h.append("<text x=\"")
                .append(left - 6)
                .append("\" y=\"")
                .append(20 + plotH)
                .append("\" text-anchor=\"end\">0</text>\n");
        h.append("<text x=\"")
                .append(left)
                .append("\" y=\"")
                .append(height - 8)
                .append("\">")
                .append(days.get(0).date())
                .append("</text>\n");
        h.append("<text x=\"")
                .append(left + plotW)
                .append("\" y=\"")
                .append(height - 8)
                .append("\" text-anchor=\"end\">")
                .append(days.get(n - 1).date())
                .append("</text>\n");
        for (Series s : series) {
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < n; i++) {
                double x = left + (n == 1 ? plotW : (double) plotW * i / (n - 1));
                double y = 20 + plotH - s.points().get(i).doubleValue() / max.doubleValue() * plotH;
                points.append(String.format(java.util.Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            h.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"")
                    .append(s.colour())
                    .append("\" points=\"")
                    .append(points.toString().strip())
                    .append("\"/>\n");
        }
        h.append("</svg>\n<p>");
        for (Series s : series) {
            h.append("<span style=\"color:")
                    .append(s.colour())
                    .append("\">&#9632;</span> ")
                    .append(escape(s.name()))
                    .append(": ")
                    .append(escape(s.points().get(n - 1).stripTrailingZeros().toPlainString()))
                    .append(" &nbsp; ");
        }
        return h.append("</p>\n</figure>\n").toString();
    }

    private String summary(List<Series> series) {
        StringBuilder s = new StringBuilder();
        for (Series x : series) {
            if (!s.isEmpty()) {
                s.append("; ");
            }
            s.append(x.name())
                    .append(" reached ")
                    .append(x.points().get(days.size() - 1).stripTrailingZeros().toPlainString());
        }
        return s.toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
