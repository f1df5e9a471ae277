package org.factorline.ledger;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.factorline.shared.Money;

/**
 * Every account's debits and credits up to a business date. In each currency the debits equal the
 * credits; {@link #balanced()} says whether they do.
 */
public record TrialBalance(LocalDate asOf, List<Row> rows, List<Total> totals) {

    /** One account: its total debits and credits and its balance on its normal side. */
    public record Row(AccountCode account, UUID clientId, Money debits, Money credits) {

        public Money balance() {
            return account.type().normalSide() == Side.DEBIT ? debits.minus(credits) : credits.minus(debits);
        }
    }

    public record Total(String currency, Money debits, Money credits) {

        public boolean balanced() {
            return debits.equals(credits);
        }
    }

    public boolean balanced() {
        return totals.stream().allMatch(Total::balanced);
    }
}
