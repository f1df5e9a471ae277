package org.factorline.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What one harness run measured, written as the generated section of {@code docs/BENCHMARKS.md} (between two
 * marker lines; the rest of the page is left alone) or, in the small mode, to {@code target/}.
 */
final class Results {

    static final String BEGIN = "<!-- benchmark-harness:begin -->";
    static final String END = "<!-- benchmark-harness:end -->";

    /** One measured path: the product's time, the baseline's (if any), the target and whether it is met. */
    record Row(String path, String measure, Timing product, Timing baseline, String target, Boolean met) {

        String ratio() {
            return baseline == null ? "—" : String.format(Locale.ROOT, "%.2f×", product.median() / baseline.median());
        }
    }

    final List<String> context = new ArrayList<>();
    final List<Row> rows = new ArrayList<>();
    final List<String> other = new ArrayList<>();

    void add(Row row) {
        rows.add(row);
        System.out.printf(
                Locale.ROOT,
                "BENCH %-46s product %10.1f ms  baseline %10s  ratio %7s  target %-14s %s%n",
                row.path(),
                row.product().median(),
                row.baseline() == null
                        ? "—"
                        : String.format(Locale.ROOT, "%.1f ms", row.baseline().median()),
                row.ratio(),
                row.target(),
                row.met() == null ? "" : row.met() ? "met" : "MISSED");
    }

    String markdown() {
        StringBuilder b = new StringBuilder();
        b.append(BEGIN).append('\n');
        b.append("## Harness run\n\n");
        for (String c : context) {
            b.append("- ").append(c).append('\n');
        }
        b.append(
                "\n| Path | Measure | Product (median ms, min–max) | Raw-SQL baseline (median ms) | Ratio | Target | Met |\n");
        b.append("|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            b.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %.1f (%.1f–%.1f) | %s | %s | %s | %s |%n",
                    r.path(),
                    r.measure(),
                    r.product().median(),
                    r.product().min(),
                    r.product().max(),
                    r.baseline() == null
                            ? "—"
                            : String.format(Locale.ROOT, "%.1f", r.baseline().median()),
                    r.ratio(),
                    r.target(),
                    r.met() == null ? "—" : r.met() ? "yes" : "**no**"));
        }
        if (!other.isEmpty()) {
            b.append('\n');
            for (String o : other) {
                b.append("- ").append(o).append('\n');
            }
        }
        b.append(END).append('\n');
        return b.toString();
    }

    /** Replaces the generated section of the page (or appends it), keeping every other line as it was. */
    void writeInto(Path page) {
        try {
            String text = Files.exists(page) ? Files.readString(page, StandardCharsets.UTF_8) : "# Benchmarks\n";
            int a = text.indexOf(BEGIN);
            int z = text.indexOf(END);
            String section = markdown();
            String out = a >= 0 && z > a
                    ? text.substring(0, a) + section + text.substring(z + END.length() + 1)
                    : text + "\n" + section;
            Files.writeString(page, out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
