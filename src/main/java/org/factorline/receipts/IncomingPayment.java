package org.factorline.receipts;

import java.time.LocalDate;
import org.factorline.pricing.ReceiptKind;
import org.factorline.shared.Money;

/**
 * One credit to record: from a bank file's transaction or typed in by staff. {@code sourceRef} says
 * where it came from ("line 7", a camt entry reference) so that a person can find it in the file.
 */
public record IncomingPayment(
        LocalDate valueDate,
        Money amount,
        ReceiptKind kind,
        String payerName,
        String payerAccount,
        String bankReference,
        String customerReference,
        String remittance,
        String sourceRef) {}
