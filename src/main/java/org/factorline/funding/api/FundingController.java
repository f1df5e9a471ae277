package org.factorline.funding.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.factorline.funding.Funding;
import org.factorline.funding.FundingRequest;
import org.factorline.funding.FundingStatus;
import org.factorline.funding.NewFundingRequest;
import org.factorline.invoices.Invoice;
import org.factorline.risk.EligibilityResult;
import org.factorline.shared.CursorPage;
import org.factorline.shared.FactorlineException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/funding")
@Tag(name = "Funding", description = "Funding requests: buy approved invoices, pay the advance")
class FundingController {

    private final Funding funding;

    FundingController(Funding funding) {
        this.funding = funding;
    }

    @PostMapping("/requests")
    @Operation(
            summary = "Put approved invoices of one client (listed, or a whole schedule) into a funding request",
            description = "Works out each advance, the charges at funding and what the client owes; nothing is"
                    + " paid until the request is approved.")
    ResponseEntity<FundingRequest> request(@RequestBody NewFundingRequest body) {
        FundingRequest r = funding.request(body);
        return ResponseEntity.created(URI.create("/api/v1/funding/requests/" + r.id()))
                .body(r);
    }

    @GetMapping("/requests")
    @Operation(summary = "Funding requests, newest first (a client user sees only its own)")
    CursorPage<FundingRequest> list(
            @RequestParam(required = false) UUID clientId,
            @RequestParam(required = false) FundingStatus status,
            @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer limit) {
        return funding.list(clientId, status, CursorPage.Request.of(cursor, limit));
    }

    @GetMapping("/requests/{id}")
    @Operation(summary = "One funding request with its invoices")
    FundingRequest get(@PathVariable UUID id) {
        return funding.get(id);
    }

    @GetMapping("/requests/{id}/eligibility")
    @Operation(summary = "Each invoice's eligibility, judged together as of today")
    List<EligibilityResult> eligibility(@PathVariable UUID id) {
        return funding.eligibility(id);
    }

    @PostMapping("/requests/{id}/approval")
    @Operation(
            summary = "Approve (ADMIN or FUNDING_OFFICER): funds it, or — above the four-eyes amount — records the"
                    + " first approval and waits for a different person's")
    FundingRequest approve(@PathVariable UUID id) {
        return funding.approve(id);
    }

    record Cancel(String reason) {}

    @PostMapping("/requests/{id}/cancellation")
    @Operation(summary = "Cancel an open request (a reason is required); its invoices can be requested again")
    FundingRequest cancel(@PathVariable UUID id, @RequestBody(required = false) Cancel body) {
        if (body == null) {
            throw FactorlineException.invalid("reason", null, "is required");
        }
        return funding.cancel(id, body.reason());
    }

    @GetMapping("/queue")
    @Operation(summary = "Approved invoices not yet in a funding request, oldest first (staff)")
    List<Invoice> queue(
            @RequestParam(required = false) UUID clientId,
            @RequestParam(required = false, defaultValue = "500") int limit) {
        return funding.queue(clientId, limit);
    }
}
