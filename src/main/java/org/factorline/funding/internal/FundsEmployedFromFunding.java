package org.factorline.funding.internal;

import java.util.Currency;
import org.factorline.clients.ClientId;
import org.factorline.risk.FundsEmployed;
import org.factorline.shared.Money;
import org.springframework.stereotype.Component;

/** Funds employed for the facility limit: advances on the client's funded invoices not yet paid. */
@Component
class FundsEmployedFromFunding implements FundsEmployed {

    private final FundingRepository rows;

    FundsEmployedFromFunding(FundingRepository rows) {
        this.rows = rows;
    }

    @Override
    public Money of(ClientId clientId, Currency currency) {
        return Money.of(rows.fundsEmployed(clientId.value(), currency.getCurrencyCode()), currency);
    }
}
