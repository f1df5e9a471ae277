package org.factorline.reports;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.factorline.identity.CurrentActor;
import org.factorline.reports.internal.ReportDefinition;
import org.factorline.shared.FactorlineException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

/**
 * The reports for staff and auditors (client users are refused): the catalogue, and each report as a table,
 * CSV or PDF. Every report reads a consistent snapshot in one read-only transaction and changes nothing.
 */
@Service
public class Reports {

    /** The order of the catalogue. */
    static final List<String> ORDER = List.of(
            "aging",
            "concentration",
            "funds-employed",
            "fees",
            "dso",
            "dilution",
            "cei",
            "reserve",
            "journal",
            "verification",
            "contacts",
            "cash-reconciliation");

    private final Map<String, ReportDefinition> definitions = new LinkedHashMap<>();
    private final ITemplateEngine templates;
    private final Clock clock;
    private final JdbcClient jdbc;
    private final boolean postgres;
    private final org.factorline.reports.internal.SortMemory sortMemory;

    Reports(
            List<ReportDefinition> all,
            ITemplateEngine templates,
            Clock clock,
            JdbcClient jdbc,
            javax.sql.DataSource dataSource,
            org.factorline.reports.internal.SortMemory sortMemory) {
        this.sortMemory = sortMemory;
        this.jdbc = jdbc;
        this.postgres = isPostgres(dataSource);
        all.stream()
                .sorted(Comparator.comparingInt(d -> {
                    int i = ORDER.indexOf(d.info().name());
                    return i < 0 ? ORDER.size() : i;
                }))
                .forEach(d -> definitions.put(d.info().name(), d));
        this.templates = templates;
        this.clock = clock;
    }

    private static boolean isPostgres(javax.sql.DataSource dataSource) {
        try {
            String name = org.springframework.jdbc.support.JdbcUtils.extractDatabaseMetaData(
                    dataSource, java.sql.DatabaseMetaData::getDatabaseProductName);
            return name != null && name.toLowerCase(java.util.Locale.ROOT).contains("postgres");
        } catch (org.springframework.jdbc.support.MetaDataAccessException e) {
            return false;
        }
    }

    /**
     * A report's queries are planned once and run once: on PostgreSQL, compiling them to machine code (JIT) costs
     * more than it saves (0.4 s of a 1.3 s query over a million invoices), so the report's transaction does
     * without. Its sorts and hashes may also use up to {@code factorline.reports.work-mem} (32 MB, per step and
     * parallel worker) before they spill to disk: the journal's month of postings sorts in memory.
     */
    private void reportTransaction() {
        if (postgres) {
            jdbc.sql("set local jit = off").update();
        }
        sortMemory.inThisTransaction();
    }

    public List<ReportInfo> catalogue() {
        CurrentActor.get().requireStaff();
        return definitions.values().stream().map(ReportDefinition::info).toList();
    }

    @Transactional(readOnly = true)
    public ReportTable run(String name, Map<String, String> params) {
        CurrentActor.get().requireStaff();
        reportTransaction();
        return definition(name).run(params);
    }

    @Transactional(readOnly = true)
    public String csv(String name, Map<String, String> params) {
        CurrentActor.get().requireStaff();
        reportTransaction();
        ReportDefinition d = definition(name);
        StringWriter out = new StringWriter();
        d.streamCsv(params, out);
        return out.toString();
    }

    /**
     * The CSV written to {@code out} as it is read, for a download streamed to its last byte (the journal's
     * postings are never all in memory); the same text as {@link #csv}.
     */
    @Transactional(readOnly = true)
    public void writeCsv(String name, Map<String, String> params, Writer out) {
        CurrentActor.get().requireStaff();
        reportTransaction();
        definition(name).streamCsv(params, out);
    }

    @Transactional(readOnly = true)
    public byte[] pdf(String name, Map<String, String> params) {
        CurrentActor.get().requireStaff();
        reportTransaction();
        ReportTable table = definition(name).run(params);
        Context c = new Context();
        c.setVariable("t", table);
        c.setVariable("generatedAt", Instant.now(clock));
        String html = templates.process("documents/report", c);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PdfRendererBuilder builder = new PdfRendererBuilder();
            builder.useFastMode();
            builder.withHtmlContent(html, null);
            builder.toStream(out);
            builder.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private ReportDefinition definition(String name) {
        ReportDefinition d = name == null ? null : definitions.get(name);
        if (d == null) {
            throw FactorlineException.notFound("report", name);
        }
        return d;
    }
}
