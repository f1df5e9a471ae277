package org.factorline.reports.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Map;
import org.factorline.reports.ReportInfo;
import org.factorline.reports.ReportTable;

/**
 * One report: its place in the catalogue, and how it turns request parameters into a table. A report whose
 * CSV is more detailed than its table (the journal export: one line per posting) writes its own.
 */
public interface ReportDefinition {

    ReportInfo info();

    /** Runs the report; bad parameters are refused naming the field and the value. */
    ReportTable run(Map<String, String> params);

    /**
     * The CSV written straight to {@code out} as it is read: by default the table's ({@link #writeCsv}); a report
     * whose CSV is its own detail writes that without building the table.
     */
    default void streamCsv(Map<String, String> params, Writer out) {
        writeCsv(run(params), params, out);
    }

    /** The CSV: by default the table's columns, rows and totals. */
    default void writeCsv(ReportTable table, Map<String, String> params, Writer out) {
        try {
            Csv.write(table, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
