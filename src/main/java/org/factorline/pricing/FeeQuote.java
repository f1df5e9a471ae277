package org.factorline.pricing;

import java.time.LocalDate;
import org.factorline.shared.Money;

/**
 * The discount fee if the invoice is paid on {@code paidOn}: the days charged (after clearance and
 * minimum days), whether the minimum fee or the cap decided the amount, and when the fee next goes up
 * and to what — what a client asks before chasing a slow customer.
 *
 * @param nextIncreaseOn the first later day on which the fee would be higher, or null if it never is
 *     (flat, or capped)
 * @param feeFromNextIncrease the fee from that day on, or null
 */
public record FeeQuote(
        LocalDate paidOn,
        int daysCharged,
        Money fee,
        boolean minimumApplied,
        boolean capApplied,
        LocalDate nextIncreaseOn,
        Money feeFromNextIncrease) {}
