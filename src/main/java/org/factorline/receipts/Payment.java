package org.factorline.receipts;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.factorline.debtors.DebtorId;
import org.factorline.pricing.ReceiptKind;
import org.factorline.shared.Money;

/**
 * Money received, as read: from a bank file (with the record it came from) or typed in by staff. What
 * is not yet applied to invoices is unapplied cash.
 */
public record Payment(
        UUID id,
        String reference,
        UUID bankFileId,
        String sourceRef,
        LocalDate valueDate,
        Money amount,
        ReceiptKind kind,
        String payerName,
        String payerAccount,
        String bankReference,
        String customerReference,
        String remittance,
        DebtorId debtorId,
        Money applied,
        PaymentStatus status,
        String createdBy,
        Instant createdAt,
        int version) {

    public Money unapplied() {
        return amount.minus(applied);
    }
}
