package org.factorline.invoices;

import java.time.Instant;
import java.time.LocalDate;
import org.factorline.clients.AgreementId;
import org.factorline.clients.ClientId;
import org.factorline.debtors.DebtorId;
import org.factorline.shared.Money;

/**
 * An invoice as read: the client's claim on its customer (the debtor), bought under one agreement
 * version, with where it stands in its life and whether the debtor has confirmed it. {@code flagged}
 * marks a possible duplicate of another client's invoice; the reason is for the factor's staff only.
 */
public record Invoice(
        InvoiceId id,
        ClientId clientId,
        DebtorId debtorId,
        ScheduleId scheduleId,
        AgreementId agreementId,
        String number,
        String poNumber,
        LocalDate issueDate,
        int termsDays,
        LocalDate dueDate,
        Money faceAmount,
        InvoiceStatus status,
        VerificationStatus verificationStatus,
        boolean flagged,
        String flagReason,
        Instant createdAt,
        Instant updatedAt,
        int version) {

    /**
     * The invoice as a client user may see it: a duplicate flag points at another client's invoice, so
     * neither the flag nor its reason is shown outside the factor.
     */
    public Invoice withoutStaffNotes() {
        return new Invoice(
                id,
                clientId,
                debtorId,
                scheduleId,
                agreementId,
                number,
                poNumber,
                issueDate,
                termsDays,
                dueDate,
                faceAmount,
                status,
                verificationStatus,
                false,
                null,
                createdAt,
                updatedAt,
                version);
    }
}
