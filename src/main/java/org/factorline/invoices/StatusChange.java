package org.factorline.invoices;

import java.time.Instant;

/** One step on an invoice's timeline: from where to where, when, by whom, and why. */
public record StatusChange(InvoiceStatus from, InvoiceStatus to, Instant occurredAt, String actor, String reason) {}
