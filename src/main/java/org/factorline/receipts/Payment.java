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

    /**
     * A payment as received, before anything is applied: what {@link Receipts#record} and the set-based
     * {@link BulkCashApplication} both record for a line, so a field is set the same way on either path.
     */
    static Payment received(
            UUID id,
            String reference,
            UUID bankFileId,
            IncomingPayment in,
            DebtorId payer,
            String createdBy,
            Instant createdAt) {
        return new Payment(
                id,
                reference,
                bankFileId,
                in.sourceRef(),
                in.valueDate(),
                in.amount(),
                in.kind() == null ? ReceiptKind.ELECTRONIC : in.kind(),
                Receipts.clip(in.payerName(), 200),
                Receipts.clip(in.payerAccount(), 60),
                Receipts.clip(in.bankReference(), 100),
                Receipts.clip(in.customerReference(), 100),
                in.remittance(),
                payer,
                Money.zero(in.amount().currency()),
                PaymentStatus.UNAPPLIED,
                createdBy,
                createdAt,
                0);
    }

    /** This payment with {@code applied} placed on invoices in all, at the version that many allocations give. */
    Payment withApplied(Money applied, int version) {
        return new Payment(
                id,
                reference,
                bankFileId,
                sourceRef,
                valueDate,
                amount,
                kind,
                payerName,
                payerAccount,
                bankReference,
                customerReference,
                remittance,
                debtorId,
                applied,
                applied.isZero()
                        ? PaymentStatus.UNAPPLIED
                        : applied.equals(amount) ? PaymentStatus.APPLIED : PaymentStatus.PARTIALLY_APPLIED,
                createdBy,
                createdAt,
                version);
    }
}
