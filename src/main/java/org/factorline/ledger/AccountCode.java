package org.factorline.ledger;

/**
 * The chart of accounts. Accounts marked per client exist once per client (a sub-account keyed by the
 * client), the others once for the factor; each exists once per currency. The numbers follow the usual
 * order of a balance sheet so that an accountant can map them to the factor's own chart.
 */
public enum AccountCode {
    CASH("1000", "Cash at bank", AccountType.ASSET, false, true),
    PURCHASED_RECEIVABLES("1100", "Purchased receivables", AccountType.ASSET, true, false),
    CLIENT_RECEIVABLE("1200", "Due from client (chargebacks and charges)", AccountType.ASSET, true, false),
    CLIENT_PAYABLE("2000", "Advances payable to client", AccountType.LIABILITY, true, false),
    CLIENT_RESERVE("2100", "Client reserve", AccountType.LIABILITY, true, false),
    REBATES_PAYABLE("2200", "Rebates payable", AccountType.LIABILITY, true, false),
    UNAPPLIED_CASH("2300", "Unapplied cash (suspense)", AccountType.LIABILITY, false, false),
    DUE_TO_CLIENT("2400", "Collections due to client", AccountType.LIABILITY, true, false),
    CAPITAL("3000", "Owner's capital", AccountType.EQUITY, false, true),
    FUNDING_FEE_INCOME("4000", "Funding fee income", AccountType.INCOME, false, false),
    DISCOUNT_FEE_INCOME("4100", "Discount fee income", AccountType.INCOME, false, false),
    BAD_DEBT_EXPENSE("5000", "Bad debt expense", AccountType.EXPENSE, false, false);

    private final String number;
    private final String title;
    private final AccountType type;
    private final boolean perClient;
    private final boolean mayGoNegative;

    AccountCode(String number, String title, AccountType type, boolean perClient, boolean mayGoNegative) {
        this.number = number;
        this.title = title;
        this.type = type;
        this.perClient = perClient;
        this.mayGoNegative = mayGoNegative;
    }

    public String number() {
        return number;
    }

    public String title() {
        return title;
    }

    public AccountType type() {
        return type;
    }

    /** A sub-account per client (keyed by the client) rather than one account for the factor. */
    public boolean perClient() {
        return perClient;
    }

    /**
     * Whether the balance may fall below zero on its normal side. Cash may (the factor's bank line), the
     * capital may (it is the owners' stake); a client whose reserve falls short owes the
     * difference on {@link #CLIENT_RECEIVABLE} instead, so the reserve never goes below zero.
     */
    public boolean mayGoNegative() {
        return mayGoNegative;
    }
}
