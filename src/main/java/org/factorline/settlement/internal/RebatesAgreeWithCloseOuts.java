package org.factorline.settlement.internal;

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
import org.factorline.ledger.SubledgerCheck;
import org.factorline.shared.Money;
import org.springframework.stereotype.Component;

/** Rebates payable per client equal the rebates of its closed-out invoices not yet paid by a run. */
@Component
class RebatesAgreeWithCloseOuts implements SubledgerCheck {

    private final SettlementRepository rows;
    private final Ledger ledger;

    RebatesAgreeWithCloseOuts(SettlementRepository rows, Ledger ledger) {
        this.rows = rows;
        this.ledger = ledger;
    }

    @Override
    public String name() {
        return "rebates payable = rebates closed out and not yet paid, per client";
    }

    @Override
    public List<String> violations() {
        List<String> out = new ArrayList<>();
        for (String code : rows.currencies()) {
            Currency currency = Currency.getInstance(code);
            Map<UUID, BigDecimal> unpaid = rows.unpaidRebatesByClient(code);
            Map<UUID, Money> books = ledger.balancesByClient(AccountCode.REBATES_PAYABLE, currency);
            Set<UUID> clients = new HashSet<>(unpaid.keySet());
            clients.addAll(books.keySet());
            for (UUID client : clients) {
                Money owed = Money.of(unpaid.getOrDefault(client, BigDecimal.ZERO), currency);
                Money held = books.getOrDefault(client, Money.zero(currency));
                if (!owed.equals(held)) {
                    out.add("client " + client + ": rebates payable " + held.display() + " but unpaid rebates "
                            + owed.display());
                }
            }
        }
        return out;
    }
}
