package org.factorline.receipts;

/** The kinds of bank file the receipts module reads, as told apart by {@link BankFiles#detect}. */
public enum BankFileFormat {
    /** BAI2 cash management balance report (US banks; also their lockbox detail). */
    BAI2,
    /** ISO 20022 camt.053 BankToCustomerStatement: the end-of-day statement. */
    CAMT053,
    /** ISO 20022 camt.054 BankToCustomerDebitCreditNotification: single credits and debits as they happen. */
    CAMT054,
    /** A lockbox file in the bank's own CSV columns; reading it needs a {@link LockboxMapping}. */
    LOCKBOX_CSV,
    /** None of the above. */
    UNKNOWN
}
