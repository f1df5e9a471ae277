/**
 * Money coming in: bank files (BAI2, camt.053/054, lockbox CSV) read into payments, ready to be posted
 * against the invoices the factor bought. The readers are pure: bytes in, a bank statement or a refusal out.
 */
package org.factorline.receipts;
