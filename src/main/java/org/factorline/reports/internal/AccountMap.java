package org.factorline.reports.internal;

import java.util.EnumMap;
import java.util.Map;
import org.factorline.ledger.AccountCode;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Factorline's chart of accounts mapped to the factor's own, from {@code factorline.reports.account-map.<CODE>}
 * where {@code <CODE>} is the account's name ({@code PURCHASED_RECEIVABLES}) or its number ({@code 1100}). An
 * account without a mapping keeps its own number.
 */
@Component
class AccountMap {

    static final String PREFIX = "factorline.reports.account-map.";

    private final Map<AccountCode, String> codes = new EnumMap<>(AccountCode.class);

    AccountMap(Environment env) {
        for (AccountCode a : AccountCode.values()) {
            String mapped = env.getProperty(PREFIX + a.name());
            if (mapped == null) {
                mapped = env.getProperty(PREFIX + a.number());
            }
            codes.put(a, mapped == null || mapped.isBlank() ? a.number() : mapped.strip());
        }
    }

    String code(AccountCode account) {
        return codes.get(account);
    }
}
