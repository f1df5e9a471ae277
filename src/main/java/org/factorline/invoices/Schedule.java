package org.factorline.invoices;

import java.time.Instant;
import org.factorline.clients.ClientId;
import org.factorline.shared.Money;

/**
 * A schedule of accounts: the invoices a client submitted together, with a human reference
 * ({@code S-2026-000123}), how they arrived, how many there are and what they add up to.
 */
public record Schedule(
        ScheduleId id,
        String reference,
        ClientId clientId,
        ScheduleSource source,
        String fileName,
        int invoiceCount,
        Money total,
        Instant createdAt,
        String createdBy) {}
