package org.factorline.payouts;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.factorline.ledger.AccountCode;
import org.factorline.ledger.Ledger;
import org.factorline.ledger.SubledgerCheck;
import org.factorline.payouts.internal.PayoutRepository;
import org.factorline.shared.Money;
import org.springframework.stereotype.Component;

/**
 * What the ledger says the factor owes each client as advances payable must be what its payouts say:
 * the payouts not yet sent to the bank, plus those the bank returned and that have not been paid again.
 * (Funding credits the payable with exactly the payout it creates; sending debits it; a return credits
 * it back.) Every client and currency on either side is compared, so a payable with no payout behind it
 * is reported as well as a payout the books do not know.
 */
@Component
class ClientPayableCheck implements SubledgerCheck {

    private final Ledger ledger;
    private final PayoutRepository rows;

    ClientPayableCheck(Ledger ledger, PayoutRepository rows) {
        this.ledger = ledger;
        this.rows = rows;
    }

    @Override
    public String name() {
        return "client payable = payouts not yet sent, and returned payouts not yet reissued";
    }

    @Override
    public List<String> violations() {
        Map<String, BigDecimal[]> byClient = new TreeMap<>();
        // every posting, whatever its business date: the payable's balance per client and currency
        for (Map.Entry<UUID, Money> r : ledger.balancesOf(AccountCode.CLIENT_PAYABLE)) {
            sides(byClient, r.getKey(), r.getValue().currency().getCurrencyCode())[0] =
                    r.getValue().amount();
        }
        for (PayoutRepository.OpenTotal t : rows.openTotals()) {
            sides(byClient, t.clientId(), t.currency())[1] = t.total();
        }
        List<String> out = new ArrayList<>();
        byClient.forEach((key, sides) -> {
            if (sides[0].compareTo(sides[1]) != 0) {
                String[] parts = key.split("\\|");
                Currency currency = Currency.getInstance(parts[1]);
                out.add("client " + parts[0] + ": CLIENT_PAYABLE in the ledger is " + Money.of(sides[0], currency)
                        + " but its open payouts add up to " + Money.of(sides[1], currency));
            }
        });
        return out;
    }

    private static BigDecimal[] sides(Map<String, BigDecimal[]> byClient, UUID client, String currency) {
        return byClient.computeIfAbsent(
                client + "|" + currency, k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
    }
}
