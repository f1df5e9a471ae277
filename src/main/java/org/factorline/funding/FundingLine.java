package org.factorline.funding;

import org.factorline.invoices.InvoiceId;
import org.factorline.shared.Money;
import org.factorline.shared.Rate;

/** One invoice of a funding request: its face, the advance rate of its agreement version and the advance. */
public record FundingLine(InvoiceId invoiceId, String invoiceNumber, Money face, Rate advanceRate, Money advance) {}
