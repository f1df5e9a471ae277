package org.factorline.funding;

import java.util.List;
import java.util.UUID;
import org.factorline.pricing.PayoutMethod;

/** Approved invoices of one client to buy together — listed, or every approved invoice of a schedule. */
public record NewFundingRequest(UUID clientId, List<UUID> invoiceIds, UUID scheduleId, PayoutMethod payoutMethod) {}
