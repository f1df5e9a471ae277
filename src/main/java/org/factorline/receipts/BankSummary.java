package org.factorline.receipts;

import java.util.Objects;
import org.factorline.shared.Money;

/**
 * A figure the bank reports for a whole account rather than a transaction: a BAI2 03 summary (type
 * code "010" opening ledger, "100" total credits, …) or a camt balance ("OPBD", "CLBD", …).
 *
 * @param amount signed as the bank gives it; null when a BAI2 summary leaves it blank
 * @param itemCount how many items make up the amount, when the bank says (BAI2 only)
 */
public record BankSummary(String typeCode, Money amount, Integer itemCount, SourceLocation source) {

    public BankSummary {
        Objects.requireNonNull(typeCode, "typeCode");
        Objects.requireNonNull(source, "source");
    }
}
