package org.factorline.ledger;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.factorline.shared.Money;

/**
 * A client's account with the factor over a period, read straight off its per-client sub-accounts: what
 * the factor owes the client (advances payable, reserve, rebates payable, collections due) less what the
 * client owes the factor (due from client). Every amount is signed in the client's favour — positive is
 * owed to the client, negative is owed by it — so the opening balance plus the movements is the closing
 * balance, and the closing balance is the sum of the sub-accounts' balances on that day.
 */
public record ClientAccount(
        UUID clientId,
        Currency currency,
        LocalDate from,
        LocalDate to,
        Map<AccountCode, Money> opening,
        List<Movement> movements,
        Map<AccountCode, Money> closing) {

    /** The sub-accounts that make up the client's position, in the order a statement shows them. */
    public static final List<AccountCode> ACCOUNTS = List.of(
            AccountCode.CLIENT_PAYABLE,
            AccountCode.CLIENT_RESERVE,
            AccountCode.REBATES_PAYABLE,
            AccountCode.DUE_TO_CLIENT,
            AccountCode.CLIENT_RECEIVABLE);

    /** What the entries of one reason moved in the period, per sub-account, in the client's favour. */
    public record Movement(ReasonCode reason, String label, Map<AccountCode, Money> byAccount) {

        @JsonProperty("net")
        public Money net() {
            return sum(byAccount, byAccount.values().iterator().next().currency());
        }

        public Money of(AccountCode code) {
            return byAccount.get(code);
        }
    }

    @JsonProperty("openingBalance")
    public Money openingBalance() {
        return sum(opening, currency);
    }

    @JsonProperty("closingBalance")
    public Money closingBalance() {
        return sum(closing, currency);
    }

    public Money openingOf(AccountCode code) {
        return opening.get(code);
    }

    public Money closingOf(AccountCode code) {
        return closing.get(code);
    }

    /** What the period's movements add up to, per sub-account. */
    public Money movedOf(AccountCode code) {
        return movements.stream().map(m -> m.of(code)).reduce(Money.zero(currency), Money::plus);
    }

    public Money moved() {
        return movements.stream().map(Movement::net).reduce(Money.zero(currency), Money::plus);
    }

    /** How a sub-account reads on a client's statement. */
    public static String column(AccountCode code) {
        return switch (code) {
            case CLIENT_PAYABLE -> "Advances to pay you";
            case CLIENT_RESERVE -> "Reserve held";
            case REBATES_PAYABLE -> "Rebates to pay you";
            case DUE_TO_CLIENT -> "Collections to pass on";
            case CLIENT_RECEIVABLE -> "You owe (charge-backs, charges)";
            default -> code.title();
        };
    }

    /** How a reason reads on a client's statement. */
    public static String label(ReasonCode reason) {
        return switch (reason) {
            case PURCHASE -> "Invoices bought: advances and reserve, less funding charges";
            case PAYOUT_SENT -> "Payouts sent to you";
            case PAYOUT_RETURNED -> "Payouts returned by your bank";
            case PAYMENT_APPLIED -> "Collections (payments on your invoices)";
            case SHORT_PAY -> "Short pays accepted";
            case DISCOUNT_FEE -> "Close-outs: fees, and reserve released as rebates";
            case REBATE, REBATE_PAID -> "Settlement runs: rebates, less what you owed";
            case CHARGEBACK -> "Charge-backs";
            case UNAPPLIED_CASH -> "Payments received for you";
            case ADJUSTMENT -> "Adjustments (collections forwarded, refunds, corrections)";
            case REVERSAL -> "Reversals";
            case CAPITAL_CONTRIBUTED -> "Capital";
        };
    }

    static ClientAccount of(
            UUID clientId,
            Currency currency,
            LocalDate from,
            LocalDate to,
            Map<AccountCode, Money> opening,
            Map<ReasonCode, Map<AccountCode, Money>> moved) {
        Map<AccountCode, Money> open = filled(opening, currency);
        Map<AccountCode, Money> close = new EnumMap<>(open);
        List<Movement> movements = new ArrayList<>();
        for (ReasonCode reason : ReasonCode.values()) {
            if (!moved.containsKey(reason)) {
                continue;
            }
            Map<AccountCode, Money> by = filled(moved.get(reason), currency);
            by.forEach((code, m) -> close.merge(code, m, Money::plus));
            movements.add(new Movement(reason, label(reason), by));
        }
        return new ClientAccount(clientId, currency, from, to, open, List.copyOf(movements), close);
    }

    private static Map<AccountCode, Money> filled(Map<AccountCode, Money> in, Currency currency) {
        Map<AccountCode, Money> out = new EnumMap<>(AccountCode.class);
        for (AccountCode code : ACCOUNTS) {
            out.put(code, in.getOrDefault(code, Money.zero(currency)));
        }
        return out;
    }

    private static Money sum(Map<AccountCode, Money> m, Currency currency) {
        return m.values().stream().reduce(Money.zero(currency), Money::plus);
    }
}
