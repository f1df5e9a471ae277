package org.factorline.payouts;

/** The kind of deposit account an ACH credit posts to; it decides the entry's transaction code. */
public enum AchAccountType {
    CHECKING("22"),
    SAVINGS("32");

    private final String creditTransactionCode;

    AchAccountType(String creditTransactionCode) {
        this.creditTransactionCode = creditTransactionCode;
    }

    /** "22" for a checking credit, "32" for a savings credit. */
    public String creditTransactionCode() {
        return creditTransactionCode;
    }

    /** The account type of a credit entry's transaction code, or null for any other code. */
    static AchAccountType ofCreditTransactionCode(String code) {
        for (AchAccountType type : values()) {
            if (type.creditTransactionCode.equals(code)) {
                return type;
            }
        }
        return null;
    }
}
