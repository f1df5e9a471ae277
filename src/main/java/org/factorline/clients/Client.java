package org.factorline.clients;

import java.time.Instant;
import java.util.UUID;
import org.factorline.shared.PostalAddress;

/** A client as read: never carries the full bank account number. */
public record Client(
        ClientId id,
        String reference,
        String legalName,
        String tradeName,
        String taxId,
        String industry,
        ClientStatus status,
        PostalAddress address,
        String contactName,
        String contactEmail,
        String contactPhone,
        UUID accountManagerId,
        PayoutAccount payoutAccount,
        Instant createdAt,
        Instant updatedAt,
        int version) {

    public String displayName() {
        return tradeName == null || tradeName.isBlank() ? legalName : tradeName;
    }
}
