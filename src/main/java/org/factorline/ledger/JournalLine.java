package org.factorline.ledger;

import java.util.UUID;
import org.factorline.shared.Money;

/**
 * One posting of an entry: an account of the chart (with the client for a per-client account), a side
 * and a positive amount.
 */
public record JournalLine(AccountCode account, UUID clientId, Side side, Money amount) {

    public static JournalLine debit(AccountCode account, UUID clientId, Money amount) {
        return new JournalLine(account, clientId, Side.DEBIT, amount);
    }

    public static JournalLine credit(AccountCode account, UUID clientId, Money amount) {
        return new JournalLine(account, clientId, Side.CREDIT, amount);
    }

    public static JournalLine debit(AccountCode account, Money amount) {
        return debit(account, null, amount);
    }

    public static JournalLine credit(AccountCode account, Money amount) {
        return credit(account, null, amount);
    }

    JournalLine reversed() {
        return new JournalLine(account, clientId, side.opposite(), amount);
    }
}
