package org.factorline.payouts;

import java.time.Instant;
import java.util.UUID;
import org.factorline.clients.ClientId;
import org.factorline.pricing.PayoutMethod;
import org.factorline.shared.Money;

/**
 * Money the factor owes a client and sends to its bank, as read. The bank details are the snapshot taken
 * when the payout was created — a later change of the client's account does not redirect money already
 * on its way — and the account number is shown by its last four digits only.
 *
 * @param sourceType what the payout pays for, such as "funding_request", or "payout" for a reissue
 * @param sourceId the record of that source; one source makes at most one payout
 * @param fileId the bank file that carries it, once released
 */
public record Payout(
        PayoutId id,
        String reference,
        ClientId clientId,
        Money amount,
        PayoutMethod method,
        PayoutStatus status,
        String beneficiaryName,
        String routingNumber,
        String accountLast4,
        AchAccountType accountType,
        String sourceType,
        UUID sourceId,
        String memo,
        String createdBy,
        Instant createdAt,
        PayoutFileId fileId,
        Instant sentAt,
        Instant settledAt,
        Instant returnedAt,
        String returnReason,
        int version) {

    /** "••••6789", as people see the account. */
    @com.fasterxml.jackson.annotation.JsonProperty("accountMasked")
    public String accountMasked() {
        return "••••" + accountLast4;
    }
}
