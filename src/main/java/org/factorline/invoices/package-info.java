/**
 * The invoices clients sell: schedules (the batches they arrive in, typed or imported from CSV), the
 * invoices themselves with their documents, the invoice lifecycle and its timeline, and the duplicate
 * checks that keep the same invoice from being bought twice.
 */
package org.factorline.invoices;
