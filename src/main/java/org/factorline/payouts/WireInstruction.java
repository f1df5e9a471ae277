package org.factorline.payouts;

import org.factorline.shared.BankAccountNumber;
import org.factorline.shared.Money;
import org.factorline.shared.RoutingNumber;

/**
 * One domestic wire to a client, as staff key it into the bank's portal or upload it: to an ABA
 * routing number, so in US dollars. The limits are Fedwire's: a beneficiary name of 35 characters, a
 * reference for the beneficiary of 16, and originator-to-beneficiary information of 4 lines of 35.
 * Nothing is cut: a wire's text is read by people, and a cut reference would not match its payout.
 */
public record WireInstruction(
        String beneficiaryName,
        RoutingNumber routingNumber,
        BankAccountNumber accountNumber,
        Money amount,
        String reference,
        String memo) {

    static final int BENEFICIARY_NAME_LENGTH = 35;
    static final int REFERENCE_LENGTH = 16;
    static final int MEMO_LENGTH = 140;

    public WireInstruction {
        reference = reference == null ? "" : reference.strip();
        String ref = reference;
        check(ref, "reference", reference, REFERENCE_LENGTH, true);
        beneficiaryName = beneficiaryName == null ? "" : beneficiaryName.strip();
        check(ref, "beneficiaryName", beneficiaryName, BENEFICIARY_NAME_LENGTH, true);
        memo = memo == null ? "" : memo.strip();
        check(ref, "memo", memo, MEMO_LENGTH, false);
        if (routingNumber == null) {
            throw refused(ref, "routingNumber", null, "is required");
        }
        if (accountNumber == null) {
            throw refused(ref, "accountNumber", null, "is required");
        }
        if (amount == null) {
            throw refused(ref, "amount", null, "is required");
        }
        if (!Money.USD.equals(amount.currency())) {
            throw refused(ref, "amount", amount, "must be in USD: a wire to an ABA routing number is a Fedwire");
        }
        if (!amount.isPositive()) {
            throw refused(ref, "amount", amount, "must be positive");
        }
    }

    private static void check(String ref, String field, String value, int max, boolean required) {
        if (required && value.isEmpty()) {
            throw refused(ref, field, value, "is required");
        }
        if (value.length() > max) {
            throw refused(ref, field, value, "must be at most " + max + " characters");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            // A line break inside a field survives CSV quoting but not the bank's import screen.
            throw refused(ref, field, value, "must not contain control characters such as line breaks");
        }
    }

    private static IllegalArgumentException refused(String ref, String field, Object value, String message) {
        String where = ref.isEmpty() ? "wire" : "wire " + ref;
        return new IllegalArgumentException(where + ", " + field + " = \"" + value + "\": " + message);
    }
}
