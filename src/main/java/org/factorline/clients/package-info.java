/**
 * The businesses that sell their invoices: who they are, who manages them, where their money goes, and
 * the factoring agreements (versioned) they sell under.
 */
package org.factorline.clients;
