package org.factorline.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.Random;
import org.factorline.shared.Money;
import org.factorline.shared.Rate;
import org.junit.jupiter.api.Test;

/**
 * The daily fee accrual works FLAT and TIERED fees out in SQL as {@code round(least(greatest(base × fraction,
 * minimum), base × cap), 2)}; that must be the very fee {@link DiscountFee#fee} gives, for every schedule,
 * amount and day. Seeded: the seed is printed, and {@code -Dfactorline.seed=N} replays one.
 */
class ExactFractionTest {

    @Test
    void theAccrualsFormulaGivesThePricingModulesFeeForFlatAndTieredSchedules() {
        long seed = Long.getLong("factorline.seed", System.nanoTime());
        System.err.println("ExactFractionTest seed " + seed);
        Random r = new Random(seed);
        LocalDate bought = LocalDate.of(2026, 3, 2);
        for (int k = 0; k < 20_000; k++) {
            boolean tiered = r.nextInt(4) > 0;
            Money minimum = r.nextInt(3) == 0 ? Money.usd(r.nextInt(200) + "." + (10 + r.nextInt(90))) : null;
            Rate cap = r.nextInt(3) == 0 ? Rate.percent(BigDecimal.valueOf(r.nextInt(1500), 2)) : null;
            FeeBase base = FeeBase.values()[r.nextInt(2)]; // FACE or ADVANCE: the accrual's set-based bases
            FeeSchedule s = new FeeSchedule(
                    tiered ? FeeShape.TIERED : FeeShape.FLAT,
                    Rate.percent(BigDecimal.valueOf(r.nextInt(500_000), 5)),
                    tiered ? 1 + r.nextInt(60) : 0,
                    tiered ? Rate.percent(BigDecimal.valueOf(r.nextInt(200_000), 5)) : null,
                    tiered ? 1 + r.nextInt(30) : null,
                    null,
                    360,
                    minimum,
                    r.nextInt(3) == 0 ? r.nextInt(60) : 0,
                    cap,
                    base,
                    r.nextBoolean(),
                    0);
            Money face =
                    Money.usd(BigDecimal.valueOf(1 + r.nextInt(5_000_000), 2).toPlainString());
            Money advance = Money.usd(face.amount()
                    .multiply(BigDecimal.valueOf(50 + r.nextInt(50), 2))
                    .setScale(2, RoundingMode.HALF_UP)
                    .toPlainString());
            LocalDate paid = bought.plusDays(r.nextInt(400));
            int days = DiscountFee.daysCharged(s, bought, paid, ReceiptKind.ELECTRONIC);

            BigDecimal amount = base == FeeBase.FACE ? face.amount() : advance.amount();
            BigDecimal raw = amount.multiply(DiscountFee.exactFraction(s, days).orElseThrow());
            if (minimum != null && raw.compareTo(minimum.amount()) < 0) {
                raw = minimum.amount();
            }
            if (cap != null && raw.compareTo(amount.multiply(cap.percent().movePointLeft(2))) > 0) {
                raw = amount.multiply(cap.percent().movePointLeft(2));
            }
            Money expected = DiscountFee.fee(
                    s, FeeBasis.unpaid(face, advance, bought), paid, ReceiptKind.ELECTRONIC, PrimeRates.none());
            assertThat(raw.setScale(2, RoundingMode.HALF_UP))
                    .as("seed %d case %d: %s, face %s, day %s", seed, k, s, face, paid)
                    .isEqualTo(expected.amount());
        }
    }

    @Test
    void dailyAndPrimePlusFeesAreNotAnExactFraction() {
        FeeSchedule daily = new FeeSchedule(
                FeeShape.DAILY,
                Rate.percent("1"),
                10,
                null,
                null,
                Rate.percent("18"),
                365,
                null,
                0,
                null,
                FeeBase.FACE,
                true,
                0);
        assertThat(DiscountFee.exactFraction(daily, 40)).isEmpty();
        assertThat(DiscountFee.exactFraction(FeeSchedule.flat(Rate.percent("3")), 40))
                .contains(new BigDecimal("0.03"));
        // the worked example: 2.5% + 2 × 0.75% on day 47
        assertThat(DiscountFee.exactFraction(FeeSchedule.tiered(Rate.percent("2.5"), 30, Rate.percent("0.75"), 10), 47)
                        .orElseThrow())
                .isEqualByComparingTo("0.04");
    }
}
