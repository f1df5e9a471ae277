package org.factorline.payouts.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.factorline.clients.ClientId;
import org.factorline.payouts.Payout;
import org.factorline.payouts.PayoutFile;
import org.factorline.payouts.PayoutFileId;
import org.factorline.payouts.PayoutFileStatus;
import org.factorline.payouts.PayoutFilter;
import org.factorline.payouts.PayoutId;
import org.factorline.payouts.PayoutStatus;
import org.factorline.payouts.Payouts;
import org.factorline.pricing.PayoutMethod;
import org.factorline.shared.CursorPage;
import org.factorline.shared.FactorlineException;
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
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/payouts")
@Tag(
        name = "Payouts",
        description = "Payouts to clients, released by a second person into ACH or wire files, and what the bank did"
                + " with them")
class PayoutController {

    private final Payouts payouts;

    PayoutController(Payouts payouts) {
        this.payouts = payouts;
    }

    /** Pending payouts of one method to put in a new bank file; without ids, every pending one. */
    record Release(PayoutMethod method, List<UUID> payoutIds) {}

    record Return(String reason) {}

    @GetMapping
    @Operation(summary = "List payouts, newest first (a client user sees only its own)")
    CursorPage<Payout> list(
            @RequestParam(required = false) UUID clientId,
            @RequestParam(required = false) PayoutStatus status,
            @RequestParam(required = false) PayoutMethod method,
            @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer limit) {
        PayoutFilter filter = new PayoutFilter(clientId == null ? null : new ClientId(clientId), status, method);
        return payouts.list(filter, CursorPage.Request.of(cursor, limit));
    }

    @GetMapping("/{id}")
    Payout get(@PathVariable UUID id) {
        return payouts.get(new PayoutId(id));
    }

    @PostMapping("/files")
    @Operation(
            summary = "Release pending payouts into a bank file (four-eyes)",
            description = "ACH gives a NACHA CCD file, WIRE a CSV of wire instructions. Without payoutIds every"
                    + " pending payout of the method goes in (at most 1,000, oldest first). Refused when the"
                    + " caller created any of the payouts (approval.four_eyes_required), when a payout named is no longer"
                    + " pending (payout.not_pending) and when nothing is pending (payout.nothing_to_release)."
                    + " A payout is never in two files.")
    ResponseEntity<PayoutFile> release(@RequestBody Release body) {
        if (body == null) {
            throw FactorlineException.invalid("method", null, "is required: ACH or WIRE");
        }
        List<PayoutId> ids = body.payoutIds() == null
                ? null
                : body.payoutIds().stream().map(PayoutId::new).toList();
        PayoutFile file = payouts.release(body.method(), ids);
        return ResponseEntity.created(URI.create("/api/v1/payouts/files/" + file.id()))
                .body(file);
    }

    @GetMapping("/files")
    @Operation(summary = "List bank files, newest first (staff only)")
    CursorPage<PayoutFile> files(
            @RequestParam(required = false) PayoutFileStatus status,
            @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer limit) {
        return payouts.files(status, CursorPage.Request.of(cursor, limit));
    }

    @GetMapping("/files/{id}")
    @Operation(summary = "A bank file: its reference, totals, SHA-256 and status (staff only)")
    PayoutFile file(@PathVariable UUID id) {
        return payouts.file(new PayoutFileId(id));
    }

    @GetMapping("/files/{id}/payouts")
    @Operation(summary = "The payouts in a bank file, in file order (staff only)")
    List<Payout> filePayouts(@PathVariable UUID id) {
        return payouts.payoutsIn(new PayoutFileId(id));
    }

    @GetMapping("/files/{id}/content")
    @Operation(
            summary = "Download the bank file exactly as released",
            description = "It holds whole account numbers: administrators and funding officers only, and every"
                    + " download is in the audit log. The X-Content-SHA256 header carries the stored hash.")
    ResponseEntity<byte[]> content(@PathVariable UUID id) {
        PayoutFileId fileId = new PayoutFileId(id);
        byte[] bytes = payouts.content(fileId);
        PayoutFile file = payouts.file(fileId);
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(file.contentType()))
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename(file.fileName(), StandardCharsets.UTF_8)
                                .build()
                                .toString())
                .header("X-Content-Type-Options", "nosniff")
                .header("X-Content-SHA256", file.sha256())
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .contentLength(bytes.length)
                .body(bytes);
    }

    @PostMapping("/files/{id}/sent")
    @Operation(
            summary = "Record that the file was uploaded to the bank",
            description = "The file and its payouts become SENT and each payout is posted: Dr client payable,"
                    + " Cr cash. A file is marked sent once (payout.file_illegal_transition).")
    PayoutFile sent(@PathVariable UUID id) {
        return payouts.markSent(new PayoutFileId(id));
    }

    @PostMapping("/{id}/settled")
    @Operation(summary = "Record that the bank confirmed the payout arrived (SENT → SETTLED)")
    Payout settled(@PathVariable UUID id) {
        return payouts.markSettled(new PayoutId(id));
    }

    @PostMapping("/{id}/returned")
    @Operation(
            summary = "Record that the bank returned the payout (SENT → RETURNED)",
            description = "Needs a reason, such as the return code. Posts Dr cash, Cr client payable: the money"
                    + " is owed to the client again. Reissue it once the client's account is right.")
    Payout returned(@PathVariable UUID id, @RequestBody(required = false) Return body) {
        return payouts.markReturned(new PayoutId(id), body == null ? null : body.reason());
    }

    @PostMapping("/{id}/reissue")
    @Operation(
            summary = "Pay a returned payout again",
            description = "Creates a new PENDING payout of the same amount and method to the client's payout"
                    + " account as it is now; reissuing twice returns the first reissue.")
    ResponseEntity<Payout> reissue(@PathVariable UUID id) {
        Payout reissued = payouts.reissue(new PayoutId(id));
        return ResponseEntity.created(URI.create("/api/v1/payouts/" + reissued.id()))
                .body(reissued);
    }
}
