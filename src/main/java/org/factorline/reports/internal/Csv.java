package org.factorline.reports.internal;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.factorline.reports.ReportTable;
import org.factorline.shared.Money;

/** RFC 4180 CSV: a header of column keys, one line per row, then a {@code TOTAL} line; amounts plain. */
public final class Csv {

    private Csv() {}

    public static void write(ReportTable t, Writer out) throws IOException {
        List<ReportTable.Column> cols = t.columns();
        line(out, cols.stream().map(ReportTable.Column::key).toList());
        for (Map<String, Object> row : t.rows()) {
            line(out, cols.stream().map(c -> plain(row.get(c.key()))).toList());
        }
        if (t.totals() != null && !t.totals().isEmpty()) {
            line(
                    out,
                    cols.stream()
                            .map(c -> c == cols.get(0)
                                    ? "TOTAL"
                                    : plain(t.totals().get(c.key())))
                            .toList());
        }
    }

    public static void line(Writer out, List<String> fields) throws IOException {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(field(fields.get(i)));
        }
        out.write("\r\n");
    }

    public static String plain(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Money m) {
            return m.amount().toPlainString();
        }
        if (v instanceof BigDecimal b) {
            return b.toPlainString();
        }
        return v.toString();
    }

    /** Quotes a field when it needs it, and defuses spreadsheet formulas in text. */
    public static String field(String s) {
        if (s == null) {
            return "";
        }
        String v = s;
        if (!v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0 && !v.matches("-?[0-9.]+")) {
            v = "'" + v;
        }
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            return '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }
}
