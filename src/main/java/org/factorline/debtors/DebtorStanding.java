package org.factorline.debtors;

/**
 * What a caller needs to accept or refuse a client's business on a debtor, read in one row without its
 * contacts: its id, reference (for messages), status, and whether the client already sells invoices on it.
 */
public record DebtorStanding(DebtorId id, String reference, DebtorStatus status, boolean clientSellsOnIt) {}
