package org.factorline.receipts;

/**
 * The bounds every reader keeps, whatever the file holds. The size of the file itself is the caller's
 * to limit; these make sure that no file, however large or strange, makes a reader run without end or
 * hold more than it should. A file beyond a limit is refused with the line where it went over.
 */
public final class BankFileLimits {

    /** Transactions in one file: far above a large factor's busiest day. */
    public static final int MAX_TRANSACTIONS = 1_000_000;

    /** Accounts (BAI2 03 records, camt statements or notifications) in one file. */
    public static final int MAX_ACCOUNTS = 100_000;

    /** Characters in one identifier, reference, name or account number. */
    public static final int MAX_FIELD_LENGTH = 256;

    /** Characters of remittance text in one transaction, all continuation records or lines together. */
    public static final int MAX_TEXT_LENGTH = 65_536;

    /** Invoice numbers named by one transaction. */
    public static final int MAX_INVOICE_NUMBERS = 10_000;

    /** Summary amounts on one BAI2 account identifier (03), or balances in one camt statement. */
    public static final int MAX_SUMMARIES = 1_000;

    /** Continuation records (88) after one BAI2 record. */
    public static final int MAX_CONTINUATIONS = 10_000;

    /** Nesting of XML elements: camt needs about 12. */
    public static final int MAX_XML_DEPTH = 64;

    private BankFileLimits() {}
}
