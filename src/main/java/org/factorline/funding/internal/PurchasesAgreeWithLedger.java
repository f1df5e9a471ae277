package org.factorline.funding.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.factorline.ledger.AccountCode;
import org.factorline.ledger.Ledger;
import org.factorline.ledger.ReasonCode;
import org.factorline.ledger.Side;
import org.factorline.ledger.SubledgerCheck;
import org.factorline.shared.Money;
import org.springframework.stereotype.Component;

/**
 * Every invoice bought is in the books: per client, the purchased receivables debited by purchases equal
 * the face of the invoices the funding module bought. A purchase reversed in the ledger while its
 * invoices stay bought shows up here.
 */
@Component
class PurchasesAgreeWithLedger implements SubledgerCheck {

    private final FundingRepository rows;
    private final Ledger ledger;

    PurchasesAgreeWithLedger(FundingRepository rows, Ledger ledger) {
        this.rows = rows;
        this.ledger = ledger;
    }

    @Override
    public String name() {
        return "purchased receivables bought = face of the invoices funded, per client";
    }

    @Override
    public List<String> violations() {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Map<UUID, BigDecimal>> byCurrency :
                rows.faceBoughtByCurrencyAndClient().entrySet()) {
            Currency currency = Currency.getInstance(byCurrency.getKey());
            Map<UUID, BigDecimal> funded = byCurrency.getValue();
            Map<UUID, Money> bought =
                    ledger.totalsByClient(AccountCode.PURCHASED_RECEIVABLES, Side.DEBIT, ReasonCode.PURCHASE, currency);
            Map<UUID, Money> reversed = ledger.totalsByClient(
                    AccountCode.PURCHASED_RECEIVABLES, Side.CREDIT, ReasonCode.REVERSAL, currency);
            Set<UUID> clients = new HashSet<>(funded.keySet());
            clients.addAll(bought.keySet());
            for (UUID client : clients) {
                Money inFunding = Money.of(funded.getOrDefault(client, BigDecimal.ZERO), currency);
                Money inLedger = bought.getOrDefault(client, Money.zero(currency));
                if (!inFunding.equals(inLedger)) {
                    out.add("client " + client + ": invoices bought " + inFunding.display()
                            + " but purchases in the ledger " + inLedger.display()
                            + (reversed.containsKey(client)
                                    ? " (reversals " + reversed.get(client).display() + ")"
                                    : ""));
                }
            }
        }
        return out;
    }
}
