package org.factorline.settlement.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.factorline.invoices.InvoiceId;
import org.factorline.pricing.PayoutMethod;
import org.factorline.settlement.CloseOut;
import org.factorline.settlement.Settlement;
import org.factorline.settlement.SettlementRun;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Settlement", description = "Close-outs of collected invoices and settlement runs that pay rebates")
class SettlementController {

    private final Settlement settlement;
    private final org.factorline.settlement.Recourse recourse;
    private final org.factorline.ledger.LedgerInvariants invariants;
    private final org.factorline.settlement.Statements statements;
    private final org.factorline.settlement.ReserveAnalysis reserveAnalysis;

    SettlementController(
            org.factorline.settlement.ReserveAnalysis reserveAnalysis,
            Settlement settlement,
            org.factorline.settlement.Recourse recourse,
            org.factorline.ledger.LedgerInvariants invariants,
            org.factorline.settlement.Statements statements) {
        this.statements = statements;
        this.reserveAnalysis = reserveAnalysis;
        this.invariants = invariants;
        this.settlement = settlement;
        this.recourse = recourse;
    }

    @GetMapping("/api/v1/settlements/reserve-analysis")
    @Operation(
            summary = "Per client: reserve held, fees its open invoices have earned to date, what it owes, and the"
                    + " surplus that could be released (negative: a shortfall)")
    List<org.factorline.settlement.ReserveAnalysis.Line> reserveAnalysis() {
        return reserveAnalysis.analyse();
    }

    record Sweep(java.time.LocalDate asOf) {}

    @PostMapping("/api/v1/settlements/recourse-sweep")
    @Operation(
            summary = "Charge back every invoice unpaid after its recourse date (advance not recovered + fee to"
                    + " that date); also runs every morning by itself; charging back is once per invoice")
    List<org.factorline.settlement.Chargeback> sweep(@RequestBody(required = false) Sweep body) {
        return recourse.sweep(body == null ? null : body.asOf());
    }

    record Upcoming(UUID invoiceId, String invoiceNumber, UUID clientId, java.time.LocalDate recourseDate) {}

    @GetMapping("/api/v1/settlements/recourse-upcoming")
    @Operation(summary = "Invoices reaching their recourse date within `days` (default 14), soonest first")
    List<Upcoming> upcoming(
            @org.springframework.web.bind.annotation.RequestParam(required = false, defaultValue = "14") int days) {
        return recourse.upcoming(Math.min(Math.max(days, 0), 365)).stream()
                .map(u -> new Upcoming(
                        u.invoice().id().value(),
                        u.invoice().number(),
                        u.invoice().clientId().value(),
                        u.recourseDate()))
                .toList();
    }

    @GetMapping("/api/v1/invoices/{id}/close-out")
    @Operation(summary = "How a collected invoice was closed out: fee, days charged, deductions, rebate")
    CloseOut closeOut(@PathVariable UUID id) {
        return settlement.closeOutOf(new InvoiceId(id));
    }

    record Run(PayoutMethod method) {}

    /** The run, and whether the ledger invariants hold after it. */
    record RunOutcome(SettlementRun run, boolean ledgerInvariantsHold, int ledgerInvariantViolations) {}

    @PostMapping("/api/v1/settlements/runs")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            summary = "Pay every client its rebates and collections, net of what it owes (ADMIN or FUNDING_OFFICER);"
                    + " the ledger invariant check runs after it")
    RunOutcome run(@RequestBody(required = false) Run body) {
        SettlementRun run = settlement.run(body == null || body.method() == null ? PayoutMethod.ACH : body.method());
        var books = invariants.checkAsSystem();
        return new RunOutcome(run, books.holds(), books.violationCount());
    }

    @GetMapping("/api/v1/settlements/runs")
    @Operation(summary = "Recent settlement runs, newest first")
    List<SettlementRun> recent() {
        return settlement.recent(50);
    }

    @GetMapping("/api/v1/settlements/runs/{id}")
    @Operation(summary = "One settlement run with each client's line")
    SettlementRun get(@PathVariable UUID id) {
        return settlement.get(id);
    }

    @GetMapping("/api/v1/settlements/runs/{id}/clients/{clientId}/statement.pdf")
    @Operation(summary = "One client's settlement statement for the run, as PDF")
    ResponseEntity<byte[]> clientStatementPdf(@PathVariable UUID id, @PathVariable UUID clientId) {
        SettlementRun run = settlement.get(id);
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_PDF)
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename(run.reference() + "-" + clientId + ".pdf")
                                .build()
                                .toString())
                .body(statements.pdf(id, clientId));
    }

    @GetMapping("/api/v1/settlements/runs/{id}/clients/{clientId}/statement.csv")
    @Operation(summary = "One client's settlement statement for the run, as CSV")
    ResponseEntity<String> clientStatementCsv(@PathVariable UUID id, @PathVariable UUID clientId) {
        SettlementRun run = settlement.get(id);
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename(run.reference() + "-" + clientId + ".csv")
                                .build()
                                .toString())
                .body(statements.csv(id, clientId));
    }

    @GetMapping("/api/v1/settlements/runs/{id}/statement.csv")
    @Operation(summary = "The run's statement: one line per invoice closed out")
    ResponseEntity<String> statement(@PathVariable UUID id) {
        SettlementRun run = settlement.get(id);
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename(run.reference() + ".csv")
                                .build()
                                .toString())
                .body(settlement.statementCsv(id));
    }
}
