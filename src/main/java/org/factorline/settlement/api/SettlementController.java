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
    private final org.factorline.ledger.Ledger ledger;
    private final org.factorline.clients.Clients clients;
    private final java.time.Clock clock;

    SettlementController(
            org.factorline.ledger.Ledger ledger,
            org.factorline.clients.Clients clients,
            java.time.Clock clock,
            org.factorline.settlement.ReserveAnalysis reserveAnalysis,
            Settlement settlement,
            org.factorline.settlement.Recourse recourse,
            org.factorline.ledger.LedgerInvariants invariants,
            org.factorline.settlement.Statements statements) {
        this.statements = statements;
        this.ledger = ledger;
        this.clients = clients;
        this.clock = clock;
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
    @Operation(
            summary = "One client's settlement statement for the run, as PDF (staff: any client; a client user:"
                    + " its own client only, anything else is 404)")
    ResponseEntity<byte[]> clientStatementPdf(@PathVariable UUID id, @PathVariable UUID clientId) {
        byte[] pdf = statements.pdf(id, clientId);
        return download(MediaType.APPLICATION_PDF, statements.fileName(id, clientId, "pdf"), pdf);
    }

    @GetMapping("/api/v1/settlements/runs/{id}/clients/{clientId}/statement.csv")
    @Operation(
            summary = "One client's settlement statement for the run, as CSV (staff: any client; a client user:"
                    + " its own client only, anything else is 404)")
    ResponseEntity<byte[]> clientStatementCsv(@PathVariable UUID id, @PathVariable UUID clientId) {
        byte[] csv = statements.csv(id, clientId).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return download(
                new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8),
                statements.fileName(id, clientId, "csv"),
                csv);
    }

    @GetMapping("/api/v1/portal/statements")
    @Operation(
            summary = "The calling client user's settlement statements, newest first (client users only): per"
                    + " run the period, collected, fees, rebates, netted and paid")
    List<org.factorline.settlement.ClientStatement> portalStatements() {
        return statements.ofClient(clientOfCaller());
    }

    @GetMapping("/api/v1/portal/statements/{id}.pdf")
    @Operation(summary = "The calling client user's settlement statement of one run, as PDF; 404 if none")
    ResponseEntity<byte[]> portalStatementPdf(@PathVariable UUID id) {
        return clientStatementPdf(id, clientOfCaller());
    }

    @GetMapping("/api/v1/portal/statements/{id}.csv")
    @Operation(summary = "The calling client user's settlement statement of one run, as CSV; 404 if none")
    ResponseEntity<byte[]> portalStatementCsv(@PathVariable UUID id) {
        return clientStatementCsv(id, clientOfCaller());
    }

    @GetMapping("/api/v1/portal/account-statement")
    @Operation(
            summary = "The calling client user's account from `from` to `to` (default: this month so far), from"
                    + " its ledger sub-accounts: opening balance, movements by kind, closing balance; `format`"
                    + " json (default), csv or pdf")
    ResponseEntity<?> accountStatement(
            @org.springframework.web.bind.annotation.RequestParam(required = false) java.time.LocalDate from,
            @org.springframework.web.bind.annotation.RequestParam(required = false) java.time.LocalDate to,
            @org.springframework.web.bind.annotation.RequestParam(required = false, defaultValue = "json")
                    String format) {
        UUID client = clientOfCaller();
        java.time.LocalDate today = java.time.LocalDate.now(clock);
        java.time.LocalDate end = to == null ? today : to;
        java.time.LocalDate start = from == null ? end.withDayOfMonth(1) : from;
        java.util.Currency currency = clientCurrency(client);
        String name = "account-" + start + "-" + end + ".";
        return switch (format) {
            case "json" -> ResponseEntity.ok(ledger.clientAccount(client, currency, start, end));
            case "csv" ->
                download(
                        new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8),
                        name + "csv",
                        statements
                                .accountCsv(client, currency, start, end)
                                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            case "pdf" ->
                download(MediaType.APPLICATION_PDF, name + "pdf", statements.accountPdf(client, currency, start, end));
            default -> throw org.factorline.shared.FactorlineException.invalid("format", format, "is json, csv or pdf");
        };
    }

    private java.util.Currency clientCurrency(UUID client) {
        return clients.agreementInForce(new org.factorline.clients.ClientId(client), java.time.LocalDate.now(clock))
                .map(a -> a.terms().currency())
                .orElse(org.factorline.shared.Money.USD);
    }

    /** The portal endpoints answer a client user about its own client; staff use the client-keyed ones. */
    static UUID clientOfCaller() {
        return org.factorline.identity.CurrentActor.get()
                .clientScope()
                .orElseThrow(() -> new org.springframework.security.access.AccessDeniedException(
                        "the portal endpoints answer a client user"));
    }

    private static ResponseEntity<byte[]> download(MediaType type, String fileName, byte[] body) {
        return ResponseEntity.ok()
                .contentType(type)
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename(fileName)
                                .build()
                                .toString())
                .body(body);
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
