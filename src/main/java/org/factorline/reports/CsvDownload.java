package org.factorline.reports;

import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;

/**
 * A report's CSV as a download written to the response while the report reads it ({@link Reports#writeCsv}):
 * the journal's postings are never all in memory. A problem found before the first bytes leave (a bad
 * parameter, a report that is not one) still answers as an error, with the download's headers taken back.
 */
public final class CsvDownload {

    private CsvDownload() {}

    public static void write(Reports reports, String name, Map<String, String> params, HttpServletResponse response)
            throws IOException {
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader(
                HttpHeaders.CONTENT_DISPOSITION,
                ContentDisposition.attachment()
                        .filename(name + ".csv", StandardCharsets.UTF_8)
                        .build()
                        .toString());
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        try {
            Writer out = new BufferedWriter(
                    new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8), 1 << 16);
            reports.writeCsv(name, params, out);
            out.flush();
        } catch (RuntimeException e) {
            if (!response.isCommitted()) {
                response.reset();
            }
            throw e;
        }
    }
}
