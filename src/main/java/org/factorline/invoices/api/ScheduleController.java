package org.factorline.invoices.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.UUID;
import org.factorline.clients.ClientId;
import org.factorline.invoices.Invoices;
import org.factorline.invoices.Schedule;
import org.factorline.invoices.ScheduleId;
import org.factorline.invoices.ScheduleImport;
import org.factorline.shared.CursorPage;
import org.factorline.shared.FactorlineException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@RestController
@RequestMapping("/api/v1/schedules")
@Tag(name = "Schedules", description = "Schedules of invoices submitted together, and CSV import")
class ScheduleController {

    private final Invoices invoices;
    private final ScheduleImport imports;

    ScheduleController(Invoices invoices, ScheduleImport imports) {
        this.invoices = invoices;
        this.imports = imports;
    }

    @PostMapping(path = "/import", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(
            summary = "Import a schedule from a CSV file, all or nothing",
            description = "Header line required (any order, any case): invoice_number, debtor (reference such as"
                    + " D-000012, or the exact name), po_number (optional), issue_date (YYYY-MM-DD), terms_days or"
                    + " due_date, amount (1234.56), currency (optional; defaults to the agreement's). If any line"
                    + " is wrong nothing is imported and the 422 answer lists every line, column and value.")
    ResponseEntity<Schedule> importCsv(
            @RequestParam(name = "clientId", required = false) UUID clientId,
            @RequestPart(name = "file", required = false) MultipartFile file)
            throws IOException {
        if (file == null || file.isEmpty()) {
            throw FactorlineException.invalid("file", null, "is required: the CSV file of the schedule");
        }
        Schedule s;
        try (InputStream in = file.getInputStream()) {
            s = imports.importCsv(clientId == null ? null : new ClientId(clientId), file.getOriginalFilename(), in);
        }
        return ResponseEntity.created(URI.create("/api/v1/schedules/" + s.id())).body(s);
    }

    @GetMapping
    @Operation(summary = "List schedules, newest first (a client user sees only its own)")
    CursorPage<Schedule> list(
            @RequestParam(required = false) UUID clientId,
            @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer limit) {
        return invoices.schedules(
                clientId == null ? null : new ClientId(clientId), CursorPage.Request.of(cursor, limit));
    }

    @GetMapping("/{id}")
    @Operation(summary = "One schedule; its invoices are at /api/v1/invoices?scheduleId={id}")
    Schedule get(@PathVariable UUID id) {
        return invoices.schedule(new ScheduleId(id));
    }
}
