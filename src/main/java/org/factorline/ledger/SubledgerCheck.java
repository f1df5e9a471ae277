package org.factorline.ledger;

import java.util.List;

/**
 * A module that keeps its own records of money (invoices bought, payments applied, payouts sent) tells
 * the ledger's invariant check whether the ledger agrees with them. The ledger calls every such check
 * without knowing the modules behind them.
 */
public interface SubledgerCheck {

    /** A short name, such as "purchased receivables = open funded invoices". */
    String name();

    /** What disagrees, one line each, naming the client or record and both amounts; empty if all agree. */
    List<String> violations();
}
