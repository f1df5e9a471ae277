/**
 * The factor's books: a chart of accounts with per-client sub-accounts, append-only journal entries whose
 * debits equal their credits, reversing entries for corrections, balances, the trial balance and the
 * invariant check. Other modules post; the ledger never calls them.
 */
package org.factorline.ledger;
