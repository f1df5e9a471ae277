package org.factorline.web;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.factorline.reports.ReportTable;
import org.factorline.reports.Reports;
import org.factorline.shared.ErrorCode;
import org.factorline.shared.FactorlineException;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The reports for staff and auditors: the catalogue, and each report as a page with its filters, a chart and
 * its table, downloadable as CSV and PDF with the same filters.
 */
@Controller
@RequestMapping("/staff/reports")
class ReportPages {

    private final Reports reports;

    ReportPages(Reports reports) {
        this.reports = reports;
    }

    @GetMapping
    String index(Model model) {
        model.addAttribute("reports", reports.catalogue());
        return "staff/reports/index";
    }

    @GetMapping("/{name}")
    String report(@PathVariable String name, @RequestParam Map<String, String> params, Model model) {
        ReportTable table;
        try {
            table = reports.run(name, params);
            model.addAttribute("query", query(params));
        } catch (FactorlineException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                throw new ResponseStatusException(HttpStatus.NOT_FOUND);
            }
            PageSupport.showProblems(model, e);
            ReportTable defaults = reports.run(name, Map.of());
            // the form again with what was typed, and no figures for a question that could not be asked
            table = new ReportTable(
                    defaults.name(),
                    defaults.title(),
                    defaults.filters().stream()
                            .map(f -> params.containsKey(f.name())
                                    ? new ReportTable.Filter(
                                            f.name(), f.label(), f.type(), params.get(f.name()), f.options())
                                    : f)
                            .toList(),
                    defaults.columns(),
                    java.util.List.of(),
                    Map.of(),
                    java.util.List.of(),
                    null);
            model.addAttribute("query", null);
        }
        model.addAttribute("t", table);
        return "staff/reports/report";
    }

    @GetMapping("/{name}/report.csv")
    void csv(
            @PathVariable String name,
            @RequestParam Map<String, String> params,
            jakarta.servlet.http.HttpServletResponse response)
            throws java.io.IOException {
        found(() -> {
            try {
                org.factorline.reports.CsvDownload.write(reports, name, params, response);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return null;
        });
    }

    @GetMapping("/{name}/report.pdf")
    ResponseEntity<byte[]> pdf(@PathVariable String name, @RequestParam Map<String, String> params) {
        return file(found(() -> reports.pdf(name, params)), name + ".pdf", MediaType.APPLICATION_PDF);
    }

    private static <T> T found(java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (FactorlineException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                throw new ResponseStatusException(HttpStatus.NOT_FOUND);
            }
            throw e;
        }
    }

    /** The filters as a query string for the download links. */
    static String query(Map<String, String> params) {
        UriComponentsBuilder b = UriComponentsBuilder.newInstance();
        new LinkedHashMap<>(params).forEach((k, v) -> {
            if (v != null && !v.isBlank() && !k.equals("_csrf")) {
                b.queryParam(k, v);
            }
        });
        String q = b.encode().build().getQuery();
        return q == null ? "" : "?" + q;
    }

    private static ResponseEntity<byte[]> file(byte[] body, String fileName, MediaType type) {
        return ResponseEntity.ok()
                .contentType(type)
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename(fileName, StandardCharsets.UTF_8)
                                .build()
                                .toString())
                .header("X-Content-Type-Options", "nosniff")
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .contentLength(body.length)
                .body(body);
    }
}
