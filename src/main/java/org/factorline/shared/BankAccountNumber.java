package org.factorline.shared;

/**
 * A bank account number (4 to 17 digits, as ACH allows). Its {@link #toString()} is masked so that a
 * log line or an error message never carries the whole number; {@link #value()} is for the payout file
 * and encrypted storage only.
 */
public record BankAccountNumber(String value) {

    public BankAccountNumber {
        if (value == null || !value.strip().matches("\\d{4,17}")) {
            throw FactorlineException.invalid("accountNumber", mask(value), "must be 4 to 17 digits");
        }
        value = value.strip();
    }

    public String masked() {
        return mask(value);
    }

    public String lastFour() {
        return value.substring(value.length() - 4);
    }

    /** "••••6789": the last four characters only, whatever the input. */
    public static String mask(String raw) {
        if (raw == null) {
            return null;
        }
        String s = raw.strip();
        return s.length() <= 4 ? "••••" : "••••" + s.substring(s.length() - 4);
    }

    @Override
    public String toString() {
        return masked();
    }
}
