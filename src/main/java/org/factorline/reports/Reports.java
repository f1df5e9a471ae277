package org.factorline.reports;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.factorline.identity.CurrentActor;
import org.factorline.reports.internal.ReportDefinition;
import org.factorline.shared.FactorlineException;
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

    Reports(List<ReportDefinition> all, ITemplateEngine templates, Clock clock) {
        all.stream()
                .sorted(Comparator.comparingInt(d -> {
                    int i = ORDER.indexOf(d.info().name());
                    return i < 0 ? ORDER.size() : i;
                }))
                .forEach(d -> definitions.put(d.info().name(), d));
        this.templates = templates;
        this.clock = clock;
    }

    public List<ReportInfo> catalogue() {
        CurrentActor.get().requireStaff();
        return definitions.values().stream().map(ReportDefinition::info).toList();
    }

    @Transactional(readOnly = true)
    public ReportTable run(String name, Map<String, String> params) {
        CurrentActor.get().requireStaff();
        return definition(name).run(params);
    }

    @Transactional(readOnly = true)
    public String csv(String name, Map<String, String> params) {
        CurrentActor.get().requireStaff();
        ReportDefinition d = definition(name);
        StringWriter out = new StringWriter();
        d.writeCsv(d.run(params), params, out);
        return out.toString();
    }

    @Transactional(readOnly = true)
    public byte[] pdf(String name, Map<String, String> params) {
        CurrentActor.get().requireStaff();
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
