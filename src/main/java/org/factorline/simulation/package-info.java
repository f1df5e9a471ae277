/**
 * The portfolio simulator: a deterministic multi-day run of a whole factoring book — clients, debtors
 * with behaviours, invoices, funding, payout files, bank files, debtor answers, recourse and settlement —
 * through the real services on the real database, with a virtual clock it owns. After every simulated
 * day it checks the promises the product makes (ledger invariants, the debtor contact policy, verification
 * before funding, one file per payout, money conservation) and stops at the first broken one with the seed
 * to replay it. Only the {@code cli} module depends on it.
 */
package org.factorline.simulation;
