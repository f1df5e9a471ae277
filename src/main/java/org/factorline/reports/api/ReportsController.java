package org.factorline.reports.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.factorline.reports.CsvDownload;
import org.factorline.reports.ReportInfo;
import org.factorline.reports.ReportTable;
import org.factorline.reports.Reports;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/reports")
@Tag(
        name = "Reports",
        description = "Aging, concentration, funds employed, fees and yield, DSO, dilution, collection"
                + " effectiveness, reserve, the accounting export, verification, debtor contacts, cash"
                + " reconciliation (staff)")
class ReportsController {

    private final Reports reports;

    ReportsController(Reports reports) {
        this.reports = reports;
    }

    @GetMapping
    @Operation(summary = "The reports there are")
    List<ReportInfo> catalogue() {
        return reports.catalogue();
    }

    @GetMapping("/{name}")
    @Operation(
            summary = "Run a report: its filters as query parameters; format=json (default), csv or pdf",
            description = "aging: asOf, basis=DUE|INVOICE|PURCHASE, buckets=30,60,90, groupBy=CLIENT|DEBTOR,"
                    + " clientId, debtorId, currency. concentration and funds-employed: asOf, clientId, currency."
                    + " fees: from, to, clientId, currency. dso and reserve: asOf, clientId, currency. dilution:"
                    + " from, to, groupBy=CLIENT|DEBTOR, clientId, debtorId, currency. cei: from, to, months (1-24,"
                    + " the chart), clientId, currency. journal: from, to, currency (the CSV has one line per"
                    + " posting). verification: from, to, groupBy=PAIR|CLIENT|DEBTOR, clientId, debtorId, currency."
                    + " contacts: from, to, groupBy=PAIR|CLIENT|DEBTOR, clientId, debtorId. cash-reconciliation:"
                    + " from, to, currency.")
    ResponseEntity<?> run(
            @PathVariable String name,
            @Parameter(description = "json, csv or pdf") @RequestParam(defaultValue = "json") String format,
            @RequestParam Map<String, String> params,
            HttpServletResponse response)
            throws IOException {
        return switch (format) {
            case "csv" -> {
                CsvDownload.write(reports, name, params, response);
                yield null;
            }
            case "pdf" -> file(reports.pdf(name, params), name + ".pdf", MediaType.APPLICATION_PDF);
            case "json" -> ResponseEntity.ok(table(name, params));
            default -> throw org.factorline.shared.FactorlineException.invalid("format", format, "is json, csv or pdf");
        };
    }

    private ReportTable table(String name, Map<String, String> params) {
        return reports.run(name, params);
    }

    static ResponseEntity<byte[]> file(byte[] body, String fileName, MediaType type) {
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
