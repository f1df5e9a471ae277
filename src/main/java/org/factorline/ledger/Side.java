package org.factorline.ledger;

/** Which column of the account a posting goes in. */
public enum Side {
    DEBIT("D"),
    CREDIT("C");

    private final String column;

    Side(String column) {
        this.column = column;
    }

    /** The one-letter form stored in the database. */
    public String column() {
        return column;
    }

    public Side opposite() {
        return this == DEBIT ? CREDIT : DEBIT;
    }

    public static Side ofColumn(String column) {
        return "D".equals(column) ? DEBIT : CREDIT;
    }
}
