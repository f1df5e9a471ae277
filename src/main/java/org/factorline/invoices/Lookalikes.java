package org.factorline.invoices;

import java.util.List;
import java.util.Optional;
import org.factorline.invoices.internal.InvoiceRepository.Lookalike;

/**
 * The duplicate fingerprint across clients: two clients selling an invoice on the same debtor, for the
 * same amount, issued the same day, with similar numbers, are likely selling the same invoice twice.
 * Such an invoice is accepted but flagged for staff. The reason names the other invoice, never the
 * other client, and is never shown to client users.
 */
final class Lookalikes {

    private Lookalikes() {}

    /** Why {@code numberKey} looks like one of these invoices of other clients, or empty when it does not. */
    static Optional<String> reason(String numberKey, List<Lookalike> others) {
        List<InvoiceId> similar = others.stream()
                .filter(o -> InvoiceNumbers.similar(numberKey, o.otherKey()))
                .map(Lookalike::otherId)
                .toList();
        if (similar.isEmpty()) {
            return Optional.empty();
        }
        String more = similar.size() == 1 ? "" : " (and " + (similar.size() - 1) + " more)";
        return Optional.of("Possible duplicate of invoice " + similar.get(0) + more
                + " of another client: same debtor, amount and issue date, similar number");
    }
}
