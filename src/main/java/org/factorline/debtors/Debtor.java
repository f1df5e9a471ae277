package org.factorline.debtors;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.factorline.shared.Money;
import org.factorline.shared.PostalAddress;

public record Debtor(
        DebtorId id,
        String reference,
        String name,
        String taxId,
        PostalAddress address,
        String timeZone,
        Money creditLimit,
        DebtorStatus status,
        List<DebtorContact> contacts,
        Instant createdAt,
        Instant updatedAt,
        int version) {

    public Optional<DebtorContact> primaryContact() {
        return contacts.stream()
                .filter(DebtorContact::primary)
                .findFirst()
                .or(() -> contacts.stream().findFirst());
    }
}
