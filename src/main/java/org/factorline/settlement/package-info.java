/**
 * Close-out and settlement: when an invoice is collected its discount fee is fixed and what is left of
 * its reserve becomes a rebate; settlement runs pay the rebates out, net of what the client owes.
 */
package org.factorline.settlement;
