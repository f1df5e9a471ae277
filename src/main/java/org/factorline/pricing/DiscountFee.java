package org.factorline.pricing;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import org.factorline.shared.Money;
import org.factorline.shared.Rate;

/**
 * The factor's discount fee on one invoice, as a pure function of the agreement's fee schedule, the
 * amounts and the dates. Days run from the purchase date to the day the money arrived, plus the
 * clearance days when it came as a check; the purchase day is day 1 when the agreement says so; the
 * minimum days are charged at least. The fee is worked out at full precision, then the minimum fee
 * and the cap are applied, and it is rounded once, half-up, to the cent.
 */
public final class DiscountFee {

    /** How far ahead a quote looks for the fee's next increase: three years covers every recourse term. */
    static final int QUOTE_HORIZON_DAYS = 3 * 366;

    private static final MathContext PRECISION = MathContext.DECIMAL128;

    private DiscountFee() {}

    /** The fee if the money arrives on {@code paidOn} in this way, and when it would next go up. */
    public static FeeQuote quote(
            FeeSchedule schedule, FeeBasis basis, LocalDate paidOn, ReceiptKind kind, PrimeRates prime) {
        Reckoning now = reckon(schedule, basis, paidOn, kind, prime);
        if (now.capApplied() || schedule.shape() == FeeShape.FLAT) {
            return now.quote(paidOn, null, null);
        }
        for (int ahead = 1; ahead <= QUOTE_HORIZON_DAYS; ahead++) {
            LocalDate later = paidOn.plusDays(ahead);
            Reckoning then = reckon(schedule, basis, later, kind, prime);
            if (then.fee().isGreaterThan(now.fee())) {
                return now.quote(paidOn, later, then.fee());
            }
            if (then.capApplied()) {
                break;
            }
        }
        return now.quote(paidOn, null, null);
    }

    /**
     * The fee for money that arrived on {@code paidOn} in this way, as {@link #quote} figures it, without
     * looking ahead for the next increase (left null): what a close-out fixes, once the money is in.
     */
    public static FeeQuote charged(
            FeeSchedule schedule, FeeBasis basis, LocalDate paidOn, ReceiptKind kind, PrimeRates prime) {
        return reckon(schedule, basis, paidOn, kind, prime).quote(paidOn, null, null);
    }

    /** The fee if the money arrives on {@code paidOn} in this way. */
    public static Money fee(
            FeeSchedule schedule, FeeBasis basis, LocalDate paidOn, ReceiptKind kind, PrimeRates prime) {
        return reckon(schedule, basis, paidOn, kind, prime).fee();
    }

    /**
     * The fee before the minimum, the cap and rounding as an exact fraction of its base, for the shapes where
     * it is one: FLAT ({@code rate}) and TIERED ({@code rate + bracketRate × brackets}), both exact decimals,
     * so {@code base × fraction} is exactly what {@link #fee} works out before it applies the minimum fee and
     * the cap and rounds. Empty for DAILY and PRIME_PLUS, whose day rates are divided at 34 digits and so are
     * not an exact fraction: a caller working a whole book at once (the daily fee accrual) computes those
     * invoice by invoice with {@link #fee}.
     */
    public static java.util.Optional<BigDecimal> exactFraction(FeeSchedule s, int days) {
        BigDecimal percent = switch (s.shape()) {
            case FLAT -> s.rate().percent();
            case TIERED -> s.rate().percent().add(s.bracketRate().percent().multiply(brackets(s, days)));
            case DAILY, PRIME_PLUS -> null;
        };
        return java.util.Optional.ofNullable(percent).map(p -> p.movePointLeft(2));
    }

    /** Days charged for money arriving on {@code paidOn}: elapsed days, clearance, purchase day, minimum. */
    public static int daysCharged(FeeSchedule schedule, LocalDate purchasedOn, LocalDate paidOn, ReceiptKind kind) {
        LocalDate end = kind == ReceiptKind.CHECK ? paidOn.plusDays(schedule.clearanceDays()) : paidOn;
        long elapsed = ChronoUnit.DAYS.between(purchasedOn, end);
        if (paidOn.isBefore(purchasedOn)) {
            throw new IllegalArgumentException(
                    "the payment date " + paidOn + " is before the purchase date " + purchasedOn);
        }
        long days = schedule.purchaseDayCounts() ? elapsed + 1 : elapsed;
        return (int) Math.max(days, schedule.minimumDays());
    }

    private record Reckoning(int days, Money fee, boolean minimumApplied, boolean capApplied) {
        FeeQuote quote(LocalDate paidOn, LocalDate next, Money nextFee) {
            return new FeeQuote(paidOn, days, fee, minimumApplied, capApplied, next, nextFee);
        }
    }

    private static Reckoning reckon(
            FeeSchedule s, FeeBasis basis, LocalDate paidOn, ReceiptKind kind, PrimeRates prime) {
        int days = daysCharged(s, basis.purchasedOn(), paidOn, kind);
        BigDecimal base = basis.amountFor(s.base()).amount();
        BigDecimal raw = switch (s.shape()) {
            case FLAT -> s.rate().applyTo(base);
            case TIERED ->
                s.rate().applyTo(base).add(s.bracketRate().applyTo(base).multiply(brackets(s, days)));
            case DAILY ->
                s.rate()
                        .applyTo(base)
                        .add(perDay(s.annualRate(), base, s.dayCountBasis())
                                .multiply(BigDecimal.valueOf(Math.max(0, days - s.initialDays()))));
            case PRIME_PLUS -> s.rate().applyTo(base).add(interest(s, basis, days, prime));
        };
        boolean minimum = false;
        if (s.minimumFee() != null && raw.compareTo(s.minimumFee().amount()) < 0) {
            raw = s.minimumFee().amount();
            minimum = true;
        }
        boolean capped = false;
        if (s.cap() != null) {
            BigDecimal cap = s.cap().applyTo(base);
            if (raw.compareTo(cap) > 0) {
                raw = cap;
                capped = true;
            }
        }
        Money fee = Money.rounded(raw, basis.face().currency(), RoundingMode.HALF_UP);
        return new Reckoning(days, fee, minimum, capped);
    }

    /** Further brackets begun after the first period: "or part of one" rounds up. */
    private static BigDecimal brackets(FeeSchedule s, int days) {
        int beyond = days - s.initialDays();
        if (beyond <= 0) {
            return BigDecimal.ZERO;
        }
        return BigDecimal.valueOf((beyond + s.bracketDays() - 1) / s.bracketDays());
    }

    private static BigDecimal perDay(Rate annual, BigDecimal amount, int basis) {
        return annual.applyTo(amount).divide(BigDecimal.valueOf(basis), PRECISION);
    }

    /** Interest on the advance, day by day, at the prime of each day plus the margin. */
    private static BigDecimal interest(FeeSchedule s, FeeBasis basis, int days, PrimeRates prime) {
        BigDecimal advance = basis.advance().amount();
        LocalDate first = s.purchaseDayCounts()
                ? basis.purchasedOn()
                : basis.purchasedOn().plusDays(1);
        BigDecimal total = BigDecimal.ZERO;
        for (int i = 0; i < days; i++) {
            Rate annual = prime.on(first.plusDays(i)).plus(s.annualRate());
            total = total.add(perDay(annual, advance, s.dayCountBasis()));
        }
        return total;
    }
}
