package org.factorline.receipts.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.factorline.invoices.Invoice;
import org.factorline.invoices.InvoiceId;
import org.factorline.pricing.ReceiptKind;
import org.factorline.receipts.Allocation;
import org.factorline.receipts.IncomingPayment;
import org.factorline.receipts.Payment;
import org.factorline.receipts.PaymentStatus;
import org.factorline.receipts.Receipts;
import org.factorline.receipts.Suggestion;
import org.factorline.shared.CursorPage;
import org.factorline.shared.FactorlineException;
import org.factorline.shared.Money;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/receipts")
@Tag(name = "Receipts", description = "Cash posting: payments received, matched and applied to invoices (staff)")
class ReceiptController {

    private final Receipts receipts;
    private final org.factorline.receipts.BankFileImports imports;
    private final org.factorline.receipts.LockboxMappings mappings;

    ReceiptController(
            Receipts receipts,
            org.factorline.receipts.BankFileImports imports,
            org.factorline.receipts.LockboxMappings mappings) {
        this.receipts = receipts;
        this.imports = imports;
        this.mappings = mappings;
    }

    @org.springframework.web.bind.annotation.PutMapping("/lockbox-mappings/{name}")
    @Operation(summary = "Save a bank's lockbox CSV column mapping under a name (ADMIN or FUNDING_OFFICER)")
    org.factorline.receipts.LockboxMapping saveMapping(
            @PathVariable String name, @RequestBody org.factorline.receipts.LockboxMapping body) {
        return mappings.save(name, body);
    }

    @GetMapping("/lockbox-mappings")
    @Operation(summary = "The names of the saved lockbox mappings")
    List<String> mappingNames() {
        return mappings.names();
    }

    @PostMapping(path = "/files", consumes = org.springframework.http.MediaType.MULTIPART_FORM_DATA_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            summary = "Import a bank file: BAI2, camt.053 or camt.054 (recognised by content), or a lockbox CSV"
                    + " read with the saved mapping named in `mapping`",
            description = "All or nothing: a bad record refuses the file naming line, field and value"
                    + " (422 bank_file.refused); the same file twice is 409 bank_file.duplicate. Each credit is"
                    + " recorded as a payment and matched.")
    org.factorline.receipts.BankFileImport importFile(
            @org.springframework.web.bind.annotation.RequestPart("file")
                    org.springframework.web.multipart.MultipartFile file,
            @RequestParam(required = false) String mapping)
            throws java.io.IOException {
        return imports.importFile(
                file.getOriginalFilename(),
                file.getBytes(),
                mapping == null || mapping.isBlank() ? null : mappings.get(mapping));
    }

    record ManualPayment(
            LocalDate valueDate,
            Money amount,
            ReceiptKind kind,
            String payerName,
            String payerAccount,
            String reference,
            String remittance) {}

    @PostMapping("/payments")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            summary = "Record a payment by hand (a check in the mail, a wire seen online); it is matched at once",
            description = "Posted as unapplied cash; applied automatically when the matching engine is sure,"
                    + " otherwise suggestions wait for a person.")
    Payment record(@RequestBody ManualPayment body) {
        if (body == null) {
            throw FactorlineException.invalid("body", null, "is required");
        }
        return receipts.record(
                new IncomingPayment(
                        body.valueDate(),
                        body.amount(),
                        body.kind(),
                        body.payerName(),
                        body.payerAccount(),
                        null,
                        body.reference(),
                        body.remittance(),
                        "manual entry"),
                null);
    }

    @GetMapping("/payments")
    @Operation(
            summary = "Payments newest first (status UNAPPLIED lists unapplied cash; bankFileId one file's; q"
                    + " searches payer, remittance and references)")
    CursorPage<Payment> list(
            @RequestParam(required = false) PaymentStatus status,
            @RequestParam(required = false) UUID bankFileId,
            @RequestParam(required = false) String q,
            @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer limit) {
        return receipts.search(status, bankFileId, q, CursorPage.Request.of(cursor, limit));
    }

    @GetMapping("/payments/{id}")
    @Operation(summary = "One payment")
    Payment get(@PathVariable UUID id) {
        return receipts.get(id);
    }

    @GetMapping("/payments/{id}/allocations")
    @Operation(summary = "Where the payment was applied, how (AUTO or MANUAL) and how sure")
    List<Allocation> allocations(@PathVariable UUID id) {
        return receipts.allocations(id);
    }

    @GetMapping("/payments/{id}/suggestions")
    @Operation(summary = "Where the matching engine thinks the rest of the payment goes, with its confidence")
    List<Suggestion> suggestions(@PathVariable UUID id) {
        return receipts.suggestions(id);
    }

    record Apply(UUID invoiceId, Money amount) {}

    @PostMapping("/payments/{id}/allocations")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Apply (part of) the payment to an invoice; the payer is learned for next time")
    Payment apply(@PathVariable UUID id, @RequestBody Apply body) {
        if (body == null || body.invoiceId() == null) {
            throw FactorlineException.invalid("invoiceId", null, "is required");
        }
        return receipts.apply(id, new InvoiceId(body.invoiceId()), body.amount());
    }

    record Forward(UUID clientId, Money amount, String reason) {}

    @PostMapping("/payments/{id}/forward")
    @Operation(
            summary = "Pass (part of) a payment on to a client: an invoice not bought, a payment after a"
                    + " chargeback, an overpayment; paid with the next settlement run")
    Payment forward(@PathVariable UUID id, @RequestBody Forward body) {
        if (body == null || body.clientId() == null) {
            throw FactorlineException.invalid("clientId", null, "is required");
        }
        return receipts.forwardToClient(
                id, new org.factorline.clients.ClientId(body.clientId()), body.amount(), body.reason());
    }

    record Refund(Money amount, Receipts.RefundMethod method, String reason) {}

    @PostMapping("/payments/{id}/refund")
    @Operation(
            summary = "Refund (part of) what is unapplied of a payment to the payer: an overpayment the debtor asks"
                    + " back, a payment made twice")
    Payment refund(@PathVariable UUID id, @RequestBody Refund body) {
        if (body == null) {
            throw FactorlineException.invalid("method", null, "is required: CHECK, ACH or WIRE");
        }
        return receipts.refundToPayer(id, body.amount(), body.method(), body.reason());
    }

    record Misdirected(UUID invoiceId, Money amount, LocalDate paidOn, String reason) {}

    @PostMapping("/misdirected-payments")
    @Operation(
            summary = "Record that the debtor paid the client instead of the factor: the invoice is paid by that"
                    + " much and the client owes it (netted from its next advances and rebates)")
    Invoice misdirected(@RequestBody Misdirected body) {
        if (body == null || body.invoiceId() == null) {
            throw FactorlineException.invalid("invoiceId", null, "is required");
        }
        return receipts.recordMisdirected(new InvoiceId(body.invoiceId()), body.amount(), body.paidOn(), body.reason());
    }

    record ShortPay(UUID invoiceId, String reason) {}

    @PostMapping("/short-pays")
    @Operation(summary = "Accept what is still open on a partly paid invoice as a short pay, charged to the reserve")
    Invoice shortPay(@RequestBody ShortPay body) {
        if (body == null || body.invoiceId() == null) {
            throw FactorlineException.invalid("invoiceId", null, "is required");
        }
        return receipts.acceptShortPay(new InvoiceId(body.invoiceId()), body.reason());
    }
}
