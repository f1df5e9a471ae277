package org.factorline.settlement;

import java.time.LocalDate;
import java.util.UUID;
import org.factorline.shared.Money;

/**
 * One client's settlement statement in one run, in summary: the period its close-outs span (null when
 * the run only paid collections), what they collected, the fees, the rebates, collections passed on,
 * what was netted for what the client owed (charge-backs and charges), and what was paid to it.
 */
public record ClientStatement(
        UUID runId,
        String reference,
        LocalDate runDate,
        LocalDate periodFrom,
        LocalDate periodTo,
        int invoices,
        Money collected,
        Money fees,
        Money rebates,
        Money collections,
        Money netted,
        Money paid) {}
