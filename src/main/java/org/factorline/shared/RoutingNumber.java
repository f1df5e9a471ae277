package org.factorline.shared;

/**
 * A US ABA routing transit number: nine digits whose weighted sum (3, 7, 1 repeating) is a multiple of
 * ten. A mistyped digit is caught here, before a payout goes to the wrong bank.
 */
public record RoutingNumber(String value) {

    public RoutingNumber {
        if (value == null || !value.matches("\\d{9}")) {
            throw FactorlineException.invalid("routingNumber", value, "must be exactly 9 digits");
        }
        if (!checkDigitValid(value)) {
            throw FactorlineException.invalid("routingNumber", value, "fails the ABA check digit");
        }
    }

    static boolean checkDigitValid(String digits) {
        int[] weights = {3, 7, 1};
        int sum = 0;
        for (int i = 0; i < 9; i++) {
            sum += (digits.charAt(i) - '0') * weights[i % 3];
        }
        return sum % 10 == 0;
    }

    @Override
    public String toString() {
        return value;
    }
}
