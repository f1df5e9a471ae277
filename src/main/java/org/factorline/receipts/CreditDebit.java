package org.factorline.receipts;

/** Which way money moved on the factor's account. */
public enum CreditDebit {
    /** Money in: a debtor's payment, a deposit. Amounts are positive. */
    CREDIT,
    /** Money out: a returned check, a fee, a payout. Kept so the import can show it; amounts are negative. */
    DEBIT,
    /**
     * The file does not say: BAI2 detail codes 700 to 999 (loan, non-monetary and bank-defined codes).
     * The amount is kept as written, never negative.
     */
    UNDETERMINED
}
