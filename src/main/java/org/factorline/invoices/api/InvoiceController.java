package org.factorline.invoices.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.factorline.clients.ClientId;
import org.factorline.debtors.DebtorId;
import org.factorline.invoices.Invoice;
import org.factorline.invoices.InvoiceDocument;
import org.factorline.invoices.InvoiceFilter;
import org.factorline.invoices.InvoiceId;
import org.factorline.invoices.InvoiceStatus;
import org.factorline.invoices.Invoices;
import org.factorline.invoices.NewInvoice;
import org.factorline.invoices.ScheduleId;
import org.factorline.invoices.ScheduleSource;
import org.factorline.invoices.StatusChange;
import org.factorline.shared.CursorPage;
import org.factorline.shared.FactorlineException;
import org.factorline.shared.Money;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@RestController
@RequestMapping("/api/v1/invoices")
@Tag(name = "Invoices", description = "Invoices, their lifecycle, timeline and documents")
class InvoiceController {

    private final Invoices invoices;

    InvoiceController(Invoices invoices) {
        this.invoices = invoices;
    }

    /** An invoice to submit; the due date may be left out when the terms are given, and the other way round. */
    record Submission(
            UUID clientId,
            UUID debtorId,
            String number,
            String poNumber,
            LocalDate issueDate,
            Integer termsDays,
            LocalDate dueDate,
            Money faceAmount) {

        NewInvoice toCommand() {
            return new NewInvoice(
                    clientId == null ? null : new ClientId(clientId),
                    debtorId == null ? null : new DebtorId(debtorId),
                    number,
                    poNumber,
                    issueDate,
                    termsDays,
                    dueDate,
                    faceAmount);
        }
    }

    record Transition(InvoiceStatus to, String reason) {}

    @PostMapping
    @Operation(
            summary = "Submit one invoice (as a schedule of one)",
            description = "A number the client already used is refused (invoice.duplicate_number). An invoice that"
                    + " looks like another client's is accepted and flagged for staff.")
    ResponseEntity<Invoice> submit(@RequestBody Submission body) {
        if (body == null) {
            throw FactorlineException.invalid("body", null, "is required");
        }
        Invoice invoice = invoices.submit(body.toCommand(), ScheduleSource.API);
        return ResponseEntity.created(URI.create("/api/v1/invoices/" + invoice.id()))
                .body(invoice);
    }

    @GetMapping
    @Operation(summary = "List invoices, newest first (a client user sees only its own)")
    CursorPage<Invoice> list(
            @RequestParam(required = false) UUID clientId,
            @RequestParam(required = false) UUID debtorId,
            @RequestParam(required = false) UUID scheduleId,
            @RequestParam(required = false) InvoiceStatus status,
            @RequestParam(required = false) Boolean flagged,
            @RequestParam(required = false) String number,
            @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer limit) {
        InvoiceFilter filter = new InvoiceFilter(
                clientId == null ? null : new ClientId(clientId),
                debtorId == null ? null : new DebtorId(debtorId),
                scheduleId == null ? null : new ScheduleId(scheduleId),
                status,
                flagged,
                number);
        return invoices.list(filter, CursorPage.Request.of(cursor, limit));
    }

    @GetMapping("/{id}")
    Invoice get(@PathVariable UUID id) {
        return invoices.get(new InvoiceId(id));
    }

    @PostMapping("/{id}/transitions")
    @Operation(
            summary = "Move an invoice along its lifecycle",
            description = "SUBMITTED → APPROVED | REJECTED | WITHDRAWN; APPROVED → REJECTED | WITHDRAWN (FUNDED only"
                    + " through a funding request);"
                    + " FUNDED → PARTIALLY_PAID | PAID | CHARGED_BACK | WRITTEN_OFF; PAID, CHARGED_BACK, WRITTEN_OFF"
                    + " → CLOSED. Anything else is refused (invoice.illegal_transition) naming both states."
                    + " REJECTED, WITHDRAWN, CHARGED_BACK and WRITTEN_OFF need a reason.")
    Invoice transition(@PathVariable UUID id, @RequestBody Transition body) {
        if (body == null) {
            throw FactorlineException.invalid("to", null, "is required");
        }
        return invoices.transition(new InvoiceId(id), body.to(), body.reason());
    }

    record VerificationOutcome(org.factorline.invoices.VerificationStatus outcome, String note) {}

    @PostMapping("/{id}/verification")
    @Operation(
            summary = "Record what the debtor said: VERIFIED or DISPUTED, with a note of how and with whom"
                    + " (VERIFIER, UNDERWRITER or ADMIN)")
    Invoice recordVerification(@PathVariable UUID id, @RequestBody VerificationOutcome body) {
        if (body == null) {
            throw FactorlineException.invalid("outcome", null, "is required");
        }
        return invoices.recordVerification(new InvoiceId(id), body.outcome(), body.note());
    }

    @GetMapping("/{id}/timeline")
    @Operation(summary = "The invoice's status changes, oldest first")
    List<StatusChange> timeline(@PathVariable UUID id) {
        return invoices.timeline(new InvoiceId(id));
    }

    @PostMapping(path = "/{id}/documents", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "File a document with the invoice: PDF, PNG or JPEG (judged by content), at most 10 MB")
    ResponseEntity<InvoiceDocument> upload(@PathVariable UUID id, @RequestPart("file") MultipartFile file)
            throws IOException {
        InvoiceDocument doc;
        try (InputStream in = file.getInputStream()) {
            doc = invoices.uploadDocument(new InvoiceId(id), file.getOriginalFilename(), in);
        }
        return ResponseEntity.created(URI.create("/api/v1/invoices/" + id + "/documents/" + doc.id()))
                .body(doc);
    }

    @GetMapping("/{id}/documents")
    List<InvoiceDocument> documents(@PathVariable UUID id) {
        return invoices.documents(new InvoiceId(id));
    }

    @GetMapping("/{id}/documents/{documentId}")
    @Operation(summary = "Download a document")
    ResponseEntity<byte[]> download(@PathVariable UUID id, @PathVariable UUID documentId) {
        InvoiceDocument.Content content = invoices.document(new InvoiceId(id), documentId);
        return download(content);
    }

    static ResponseEntity<byte[]> download(InvoiceDocument.Content content) {
        InvoiceDocument d = content.document();
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(d.contentType()))
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename(d.fileName(), StandardCharsets.UTF_8)
                                .build()
                                .toString())
                .header("X-Content-Type-Options", "nosniff")
                .contentLength(d.sizeBytes())
                .body(content.bytes());
    }
}
