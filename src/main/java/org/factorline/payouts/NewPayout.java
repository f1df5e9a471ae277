package org.factorline.payouts;

import java.math.BigDecimal;
import java.util.UUID;
import java.util.regex.Pattern;
import org.factorline.clients.ClientId;
import org.factorline.pricing.PayoutMethod;
import org.factorline.shared.Money;
import org.factorline.shared.Validation;

/**
 * Pay a client: how much, how, and what for. The bank account is not part of the command — the payout
 * takes the client's payout account on file at the moment it is created. One source (a funding request,
 * a rebate, a returned payout) makes one payout: creating again for the same source returns the first.
 *
 * @param sourceType lowercase letters and underscores, such as "funding_request"
 * @param memo optional text for the client's statement and the wire's originator-to-beneficiary field
 */
public record NewPayout(
        ClientId clientId, Money amount, PayoutMethod method, String sourceType, UUID sourceId, String memo) {

    public static final int MAX_MEMO_LENGTH = 140;
    public static final int MAX_SOURCE_TYPE_LENGTH = 40;
    /** The largest credit one ACH entry can carry (10 digits of cents); wires are held to the same bound. */
    public static final BigDecimal MAX_AMOUNT = new BigDecimal("99999999.99");

    private static final Pattern SOURCE_TYPE = Pattern.compile("[a-z][a-z_]{0,39}");

    /** Every problem with the fields on their own; the client's bank account is checked later. */
    public Validation validate() {
        Validation v = new Validation();
        v.require(clientId != null, "clientId", null, "is required");
        v.require(method != null, "method", null, "is required: ACH or WIRE");
        v.require(amount != null, "amount", null, "is required");
        if (amount != null) {
            v.require(amount.isPositive(), "amount", amount, "must be more than zero");
            v.require(
                    Money.USD.equals(amount.currency()),
                    "amount.currency",
                    amount.currency(),
                    "must be USD: ACH and domestic wires move US dollars only");
            v.require(
                    amount.amount().compareTo(MAX_AMOUNT) <= 0,
                    "amount",
                    amount,
                    "must be at most " + MAX_AMOUNT.toPlainString() + " in one payout");
        }
        v.require(
                sourceType != null && SOURCE_TYPE.matcher(sourceType).matches(),
                "sourceType",
                sourceType,
                "is required: lowercase letters and underscores, at most " + MAX_SOURCE_TYPE_LENGTH + " characters");
        v.require(sourceId != null, "sourceId", null, "is required: the record this payout pays for");
        if (memo != null && !memo.isBlank()) {
            v.require(
                    memo.strip().length() <= MAX_MEMO_LENGTH,
                    "memo",
                    memo,
                    "must be at most " + MAX_MEMO_LENGTH + " characters");
            v.require(
                    memo.chars().noneMatch(Character::isISOControl),
                    "memo",
                    memo,
                    "must not contain control characters such as line breaks");
        }
        return v;
    }
}
