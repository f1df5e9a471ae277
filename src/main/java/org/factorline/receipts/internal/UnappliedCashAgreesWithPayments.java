package org.factorline.receipts.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import org.factorline.ledger.AccountCode;
import org.factorline.ledger.Ledger;
import org.factorline.ledger.SubledgerCheck;
import org.factorline.shared.Money;
import org.springframework.stereotype.Component;

/** Unapplied cash in the books equals what was received and not yet placed on invoices. */
@Component
class UnappliedCashAgreesWithPayments implements SubledgerCheck {

    private final ReceiptRepository rows;
    private final Ledger ledger;

    UnappliedCashAgreesWithPayments(ReceiptRepository rows, Ledger ledger) {
        this.rows = rows;
        this.ledger = ledger;
    }

    @Override
    public String name() {
        return "unapplied cash = payments received less what is applied";
    }

    @Override
    public List<String> violations() {
        List<String> out = new ArrayList<>();
        for (Object[] r : rows.unappliedByCurrency()) {
            Currency currency = Currency.getInstance((String) r[0]);
            Money payments = Money.of((BigDecimal) r[1], currency);
            Money books = ledger.balance(AccountCode.UNAPPLIED_CASH, null, currency);
            if (!payments.equals(books)) {
                out.add("unapplied cash in the ledger is " + books.display() + " but payments leave "
                        + payments.display() + " unapplied");
            }
        }
        return out;
    }
}
