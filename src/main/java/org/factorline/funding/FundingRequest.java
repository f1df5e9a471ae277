package org.factorline.funding;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.factorline.clients.ClientId;
import org.factorline.pricing.PayoutMethod;
import org.factorline.shared.Money;

/**
 * A funding request as read. {@code charges} are the agreement's fees at funding (transfer, per invoice,
 * per schedule), {@code deductions} what the client owed and is netted, {@code net} what the payout
 * sends: total advance − charges − deductions.
 */
public record FundingRequest(
        UUID id,
        String reference,
        ClientId clientId,
        FundingStatus status,
        PayoutMethod payoutMethod,
        Money totalFace,
        Money totalAdvance,
        Money charges,
        Money deductions,
        Money net,
        String requestedBy,
        Instant requestedAt,
        String firstApprovedBy,
        Instant firstApprovedAt,
        String fundedBy,
        Instant fundedAt,
        LocalDate fundingDate,
        String cancelledBy,
        String cancelReason,
        UUID payoutId,
        UUID journalEntryId,
        int version,
        List<FundingLine> lines) {}
