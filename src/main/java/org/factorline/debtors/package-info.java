/**
 * The clients' customers: who they are, where their accounts-payable people can be reached, their time
 * zone and credit limit (one limit across all clients), and which clients sell invoices on them.
 */
package org.factorline.debtors;
