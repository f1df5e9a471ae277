/**
 * Buying invoices: a funding request gathers approved invoices of one client, works out the advance,
 * the charges and what the client owes, and — once eligible and approved (by a second person above a
 * set amount) — posts the purchase to the ledger, marks the invoices funded and creates the payout.
 */
package org.factorline.funding;
