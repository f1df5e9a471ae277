package org.factorline.risk.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.factorline.invoices.InvoiceId;
import org.factorline.risk.Eligibility;
import org.factorline.risk.EligibilityOverride;
import org.factorline.risk.EligibilityResult;
import org.factorline.risk.Overrides;
import org.factorline.risk.Policy;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Eligibility", description = "Why an invoice may or may not be bought, and overrides (staff)")
class EligibilityController {

    private final Eligibility eligibility;
    private final Overrides overrides;

    EligibilityController(Eligibility eligibility, Overrides overrides) {
        this.eligibility = eligibility;
        this.overrides = overrides;
    }

    @GetMapping("/api/v1/invoices/{id}/eligibility")
    @Operation(summary = "Every eligibility policy's answer for the invoice, as if it were funded today alone")
    EligibilityResult eligibility(@PathVariable UUID id) {
        return eligibility.assess(new InvoiceId(id));
    }

    record OverrideRequest(UUID invoiceId, Policy policy, String reason) {}

    record Decision(String note) {}

    @PostMapping("/api/v1/eligibility-overrides")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Ask to fund an invoice despite one policy's refusal (a reason is required)")
    EligibilityOverride request(@RequestBody OverrideRequest body) {
        return overrides.request(
                body.invoiceId() == null ? null : new InvoiceId(body.invoiceId()), body.policy(), body.reason());
    }

    @PostMapping("/api/v1/eligibility-overrides/{id}/approval")
    @Operation(summary = "Approve an override (ADMIN or UNDERWRITER, not the person who asked)")
    EligibilityOverride approve(@PathVariable UUID id, @RequestBody(required = false) Decision body) {
        return overrides.approve(id, body == null ? null : body.note());
    }

    @PostMapping("/api/v1/eligibility-overrides/{id}/rejection")
    @Operation(summary = "Reject an override (ADMIN or UNDERWRITER, not the person who asked)")
    EligibilityOverride reject(@PathVariable UUID id, @RequestBody(required = false) Decision body) {
        return overrides.reject(id, body == null ? null : body.note());
    }

    @GetMapping("/api/v1/eligibility-overrides")
    @Operation(summary = "Override requests waiting for a second person, oldest first")
    List<EligibilityOverride> awaiting(@RequestParam(required = false, defaultValue = "100") int limit) {
        return overrides.awaitingDecision(limit);
    }

    @GetMapping("/api/v1/invoices/{id}/eligibility-overrides")
    @Operation(summary = "Every override asked for on the invoice, and what was decided")
    List<EligibilityOverride> ofInvoice(@PathVariable UUID id) {
        return overrides.forInvoice(new InvoiceId(id));
    }
}
