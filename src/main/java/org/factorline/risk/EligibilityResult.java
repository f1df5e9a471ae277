package org.factorline.risk;

import java.util.List;
import org.factorline.invoices.InvoiceId;

/** Every policy's answer for one invoice; it is eligible when each passes. */
public record EligibilityResult(InvoiceId invoiceId, String invoiceNumber, List<PolicyResult> results) {

    public boolean eligible() {
        return results.stream().allMatch(PolicyResult::passes);
    }

    public List<PolicyResult> refusals() {
        return results.stream().filter(r -> !r.passes()).toList();
    }
}
