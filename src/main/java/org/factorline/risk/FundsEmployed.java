package org.factorline.risk;

import java.util.Currency;
import org.factorline.clients.ClientId;
import org.factorline.shared.Money;

/**
 * Advances outstanding for a client, which the facility limit caps. The funding module knows them and
 * implements this, so the dependency points from funding to risk and never back.
 */
public interface FundsEmployed {

    Money of(ClientId clientId, Currency currency);
}
