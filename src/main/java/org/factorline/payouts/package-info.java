/**
 * Payouts: money sent from the factor to its clients, and the bank files that carry it (NACHA ACH
 * credits and wire instructions). The file writers here are pure: same inputs, same bytes.
 */
package org.factorline.payouts;
