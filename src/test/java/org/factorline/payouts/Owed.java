package org.factorline.payouts;

import java.time.Clock;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import org.factorline.clients.Client;
import org.factorline.identity.Actor;
import org.factorline.identity.Role;
import org.factorline.ledger.AccountCode;
import org.factorline.ledger.JournalLine;
import org.factorline.ledger.Ledger;
import org.factorline.ledger.NewEntry;
import org.factorline.ledger.ReasonCode;
import org.factorline.pricing.PayoutMethod;
import org.factorline.shared.Money;
import org.factorline.support.TestSupport;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Money owed to a client, the way the funding module leaves it: the client's payable credited and the
 * payout created in one transaction, so that the books and the payouts agree at every commit. The
 * payable is credited against cash (an adjustment), not purchased receivables, to stay clear of the
 * funding module's own check that every purchase in the ledger is an invoice it bought.
 */
final class Owed {

    private final TransactionTemplate tx;
    private final Ledger ledger;
    private final Payouts payouts;
    private final Clock clock;

    Owed(PlatformTransactionManager transactions, Ledger ledger, Payouts payouts, Clock clock) {
        this.tx = new TransactionTemplate(transactions);
        this.ledger = ledger;
        this.payouts = payouts;
        this.clock = clock;
    }

    /** A funding officer with a user name of their own, so that four-eyes tells them apart. */
    static Actor officer(String name) {
        return new Actor(null, TestSupport.unique(name), name, null, EnumSet.of(Role.FUNDING_OFFICER));
    }

    Payout payout(Actor creator, Client client, String amount, PayoutMethod method) {
        UUID source = UUID.randomUUID();
        Money money = Money.usd(amount);
        return tx.execute(status -> TestSupport.as(creator, () -> {
            ledger.post(new NewEntry(
                    "test-owed:" + source,
                    ReasonCode.ADJUSTMENT,
                    LocalDate.now(clock),
                    "funding_request",
                    source,
                    client.id().value(),
                    "Owed to the client in a payouts test",
                    List.of(
                            JournalLine.debit(AccountCode.CASH, money),
                            JournalLine.credit(
                                    AccountCode.CLIENT_PAYABLE, client.id().value(), money))));
            return payouts.create(
                    new NewPayout(client.id(), money, method, "funding_request", source, "Advance " + amount));
        }));
    }
}
