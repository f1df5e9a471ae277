package org.factorline.reports;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One report's answer: what was asked (the filters with their values), the columns, the rows, a totals row,
 * notes saying how the figures were made, and an optional bar chart. Cells hold {@code String},
 * {@code Money}, {@code BigDecimal} (a percentage or a plain figure), {@code Long} or {@code LocalDate} values, keyed by column.
 */
public record ReportTable(
        String name,
        String title,
        List<Filter> filters,
        List<Column> columns,
        List<Map<String, Object>> rows,
        Map<String, Object> totals,
        List<String> notes,
        Chart chart) {

    /** A cell as people read it: amounts with their currency, percentages and counts plain, nothing as blank. */
    public String text(Map<String, Object> row, Column column) {
        Object v = row == null ? null : row.get(column.key());
        if (v == null) {
            return "";
        }
        if (v instanceof org.factorline.shared.Money m) {
            return m.display();
        }
        if (v instanceof BigDecimal b) {
            return b.toPlainString();
        }
        return v.toString();
    }

    public enum Kind {
        TEXT,
        MONEY,
        PERCENT,
        COUNT,
        /** A plain figure that is neither money, a percentage nor a count: days, for instance. */
        NUMBER,
        DATE
    }

    public record Column(String key, String label, Kind kind) {

        public boolean numeric() {
            return kind == Kind.MONEY || kind == Kind.PERCENT || kind == Kind.COUNT || kind == Kind.NUMBER;
        }
    }

    /** A filter field of the report's form: its parameter name, label, input type, value and choices. */
    public record Filter(String name, String label, String type, String value, List<Option> options) {

        public static Filter date(String name, String label, Object value) {
            return new Filter(name, label, "date", value == null ? "" : value.toString(), List.of());
        }

        public static Filter text(String name, String label, Object value) {
            return new Filter(name, label, "text", value == null ? "" : value.toString(), List.of());
        }

        public static Filter choice(String name, String label, Object value, List<Option> options) {
            return new Filter(name, label, "select", value == null ? "" : value.toString(), options);
        }
    }

    public record Option(String value, String label) {}

    /**
     * A horizontal bar chart with its geometry worked out on the server, so the page draws it as inline SVG
     * without any script. Bars are scaled to the largest value; negative values draw as empty bars.
     */
    public record Chart(String title, int width, int height, List<Bar> bars) {

        static final int LABEL_WIDTH = 220;
        static final int BAR_SPACE = 300;
        static final int ROW = 26;

        public record Bar(
                String label, String valueText, boolean flagged, int y, int barWidth, int textY, int valueX) {}

        public record Value(String label, BigDecimal value, String valueText, boolean flagged) {}

        public static Chart of(String title, List<Value> values) {
            BigDecimal max = values.stream()
                    .map(Value::value)
                    .filter(v -> v.signum() > 0)
                    .max(BigDecimal::compareTo)
                    .orElse(BigDecimal.ZERO);
            List<Bar> bars = new ArrayList<>();
            int y = 4;
            for (Value v : values) {
                int w = max.signum() == 0 || v.value().signum() <= 0
                        ? 0
                        : v.value()
                                .multiply(BigDecimal.valueOf(BAR_SPACE))
                                .divide(max, 0, RoundingMode.HALF_UP)
                                .intValue();
                // the label is drawn right-aligned in LABEL_WIDTH px at 13 px: about 26 characters fit
                String label = v.label().length() > 26 ? v.label().substring(0, 25) + "…" : v.label();
                bars.add(new Bar(label, v.valueText(), v.flagged(), y, Math.max(w, 1), y + 15, LABEL_WIDTH + w + 6));
                y += ROW;
            }
            return new Chart(title, LABEL_WIDTH + BAR_SPACE + 160, y + 4, List.copyOf(bars));
        }

        public int labelWidth() {
            return LABEL_WIDTH;
        }
    }
}
