package org.factorline.settlement;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.factorline.shared.Money;

/** One settlement run: per client, the rebates paid, what was netted for what the client owed, the payout. */
public record SettlementRun(
        UUID id,
        String reference,
        LocalDate runDate,
        String createdBy,
        Instant createdAt,
        Money rebateTotal,
        Money netTotal,
        List<Line> lines) {

    public record Line(UUID clientId, Money rebates, Money netted, Money net, int invoices, UUID payoutId) {}
}
