package org.factorline.settlement;

import java.time.LocalDate;
import java.util.UUID;
import org.factorline.invoices.InvoiceId;

/**
 * An unpaid invoice reaches its recourse date soon: the client is warned (by the outreach module) while it
 * can still act — pay, replace the invoice, or ask for one last courteous contact. Published by the daily
 * sweep for every invoice within the warning window; listeners warn once per invoice.
 */
public record RecourseApproaching(InvoiceId invoiceId, UUID clientId, LocalDate recourseDate) {}
