package org.factorline.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.Map;
import org.factorline.shared.Money;
import org.factorline.shared.Rate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every fee shape and setting, one row per case; the design guide's worked example first. */
class DiscountFeeTest {

    static final FeeSchedule WORKED = FeeSchedule.tiered(Rate.percent("2.5"), 30, Rate.percent("0.75"), 10);

    static final Map<String, FeeSchedule> SCHEDULES = Map.ofEntries(
            Map.entry("worked", WORKED),
            Map.entry("worked-day0", with(WORKED, false, 0, null, null, FeeBase.FACE, 0)),
            Map.entry("flat3", FeeSchedule.flat(Rate.percent("3"))),
            Map.entry("daily360", daily(360, null, null, FeeBase.FACE)),
            Map.entry("daily365", daily(365, null, null, FeeBase.FACE)),
            Map.entry("daily-min-cap", daily(360, Money.usd("50.00"), Rate.percent("8"), FeeBase.ADVANCE)),
            Map.entry("min45days", with(WORKED, true, 45, null, null, FeeBase.FACE, 0)),
            Map.entry("cap5", with(WORKED, true, 0, null, Rate.percent("5"), FeeBase.FACE, 0)),
            Map.entry("on-advance", with(WORKED, true, 0, null, null, FeeBase.ADVANCE, 0)),
            Map.entry("on-collected", with(WORKED, true, 0, null, null, FeeBase.COLLECTED, 0)),
            Map.entry("check2", with(WORKED, true, 0, null, null, FeeBase.FACE, 2)),
            Map.entry(
                    "prime",
                    new FeeSchedule(
                            FeeShape.PRIME_PLUS,
                            Rate.percent("1"),
                            0,
                            null,
                            null,
                            Rate.percent("2"),
                            360,
                            null,
                            0,
                            null,
                            FeeBase.FACE,
                            true,
                            0)));

    static final PrimeRates PRIME = PrimeRates.of(Map.of(
            LocalDate.parse("2025-12-11"), Rate.percent("7.5"), LocalDate.parse("2026-03-15"), Rate.percent("7.25")));

    static FeeSchedule with(
            FeeSchedule s, boolean day1, int minDays, Money minFee, Rate cap, FeeBase base, int clearance) {
        return new FeeSchedule(
                s.shape(),
                s.rate(),
                s.initialDays(),
                s.bracketRate(),
                s.bracketDays(),
                s.annualRate(),
                s.dayCountBasis(),
                minFee,
                minDays,
                cap,
                base,
                day1,
                clearance);
    }

    static FeeSchedule daily(int basis, Money minFee, Rate cap, FeeBase base) {
        return new FeeSchedule(
                FeeShape.DAILY,
                Rate.percent("1.5"),
                15,
                null,
                null,
                Rate.percent("18"),
                basis,
                minFee,
                0,
                cap,
                base,
                true,
                0);
    }

    @ParameterizedTest(name = "{0}: {1} face, {2} advance, {3} collected, {4} → {5} ({6}) = {7} over {8} days")
    @CsvSource(textBlock = """
            # schedule,    face,     advance,  collected, purchased,  paid,       receipt,    fee,     days
            worked,        10000.00, 8000.00,  9850.00,   2026-03-02, 2026-04-17, ELECTRONIC, 400.00,  47
            worked,        10000.00, 8000.00,  ,          2026-03-02, 2026-05-30, ELECTRONIC, 700.00,  90
            worked,        10000.00, 8000.00,  ,          2026-03-02, 2026-03-31, ELECTRONIC, 250.00,  30
            worked,        10000.00, 8000.00,  ,          2026-03-02, 2026-04-01, ELECTRONIC, 325.00,  31
            worked,        10000.00, 8000.00,  ,          2026-03-02, 2026-03-02, ELECTRONIC, 250.00,  1
            worked-day0,   10000.00, 8000.00,  ,          2026-03-02, 2026-04-17, ELECTRONIC, 400.00,  46
            worked-day0,   10000.00, 8000.00,  ,          2026-03-02, 2026-04-11, ELECTRONIC, 325.00,  40
            worked,        10000.00, 8000.00,  ,          2026-03-02, 2026-04-11, ELECTRONIC, 400.00,  41
            flat3,         10000.00, 8000.00,  ,          2026-03-02, 2026-06-09, ELECTRONIC, 300.00,  100
            daily360,      10000.00, 8000.00,  ,          2026-03-02, 2026-04-15, ELECTRONIC, 300.00,  45
            daily365,      10000.00, 8000.00,  ,          2026-03-02, 2026-04-15, ELECTRONIC, 297.95,  45
            daily360,      10000.00, 8000.00,  ,          2026-03-02, 2026-03-10, ELECTRONIC, 150.00,  9
            daily-min-cap, 10000.00, 8000.00,  ,          2026-03-02, 2026-03-06, ELECTRONIC, 120.00,  5
            daily-min-cap, 1000.00,  800.00,   ,          2026-03-02, 2026-03-06, ELECTRONIC, 50.00,   5
            daily-min-cap, 10000.00, 8000.00,  ,          2026-03-02, 2027-04-05, ELECTRONIC, 640.00,  400
            min45days,     10000.00, 8000.00,  ,          2026-03-02, 2026-03-11, ELECTRONIC, 400.00,  45
            cap5,          10000.00, 8000.00,  ,          2026-03-02, 2026-05-30, ELECTRONIC, 500.00,  90
            on-advance,    10000.00, 8000.00,  ,          2026-03-02, 2026-04-17, ELECTRONIC, 320.00,  47
            on-collected,  10000.00, 8000.00,  9850.00,   2026-03-02, 2026-04-17, ELECTRONIC, 394.00,  47
            on-collected,  10000.00, 8000.00,  ,          2026-03-02, 2026-04-17, ELECTRONIC, 400.00,  47
            check2,        10000.00, 8000.00,  ,          2026-03-02, 2026-03-30, CHECK,      325.00,  31
            check2,        10000.00, 8000.00,  ,          2026-03-02, 2026-03-30, ELECTRONIC, 250.00,  29
            prime,         10000.00, 8000.00,  ,          2026-03-10, 2026-03-19, ELECTRONIC, 120.83,  10
            """, delimiter = ',', ignoreLeadingAndTrailingWhitespace = true)
    void feeByCase(
            String schedule,
            String face,
            String advance,
            String collected,
            String purchased,
            String paid,
            ReceiptKind receipt,
            String fee,
            int days) {
        FeeSchedule s = SCHEDULES.get(schedule);
        FeeBasis basis = new FeeBasis(
                Money.usd(face),
                Money.usd(advance),
                collected == null ? null : Money.usd(collected),
                LocalDate.parse(purchased));
        FeeQuote q = DiscountFee.quote(s, basis, LocalDate.parse(paid), receipt, PRIME);
        assertThat(q.fee()).isEqualTo(Money.usd(fee));
        assertThat(q.daysCharged()).isEqualTo(days);
        assertThat(DiscountFee.fee(s, basis, LocalDate.parse(paid), receipt, PRIME))
                .isEqualTo(q.fee());
        // what a close-out fixes: the same fee, days and flags, without the look-ahead
        assertThat(DiscountFee.charged(s, basis, LocalDate.parse(paid), receipt, PRIME))
                .isEqualTo(new FeeQuote(
                        q.paidOn(), q.daysCharged(), q.fee(), q.minimumApplied(), q.capApplied(), null, null));
    }

    @ParameterizedTest(name = "{0} paid {1}: next increase on {2} to {3}")
    @CsvSource(textBlock = """
            # schedule, paid,       next,       next fee
            worked,     2026-04-17, 2026-04-21, 475.00
            worked,     2026-03-11, 2026-04-01, 325.00
            worked,     2026-03-31, 2026-04-01, 325.00
            cap5,       2026-04-17, 2026-04-21, 475.00
            cap5,       2026-04-21, 2026-05-01, 500.00
            cap5,       2026-05-30, ,
            flat3,      2026-04-17, ,
            daily360,   2026-03-11, 2026-03-17, 155.00
            min45days,  2026-03-11, 2026-04-21, 475.00
            """, ignoreLeadingAndTrailingWhitespace = true)
    void quoteSaysWhenTheNextBracketStarts(String schedule, String paid, String next, String nextFee) {
        FeeBasis basis = FeeBasis.unpaid(Money.usd("10000.00"), Money.usd("8000.00"), LocalDate.parse("2026-03-02"));
        FeeQuote q =
                DiscountFee.quote(SCHEDULES.get(schedule), basis, LocalDate.parse(paid), ReceiptKind.ELECTRONIC, PRIME);
        assertThat(q.nextIncreaseOn()).isEqualTo(next == null ? null : LocalDate.parse(next));
        assertThat(q.feeFromNextIncrease()).isEqualTo(nextFee == null ? null : Money.usd(nextFee));
    }

    @Test
    void minimumAndCapAreReported() {
        FeeBasis small = FeeBasis.unpaid(Money.usd("1000.00"), Money.usd("800.00"), LocalDate.parse("2026-03-02"));
        FeeQuote q = DiscountFee.quote(
                SCHEDULES.get("daily-min-cap"), small, LocalDate.parse("2026-03-06"), ReceiptKind.ELECTRONIC, PRIME);
        assertThat(q.minimumApplied()).isTrue();
        assertThat(q.capApplied()).isFalse();
        FeeQuote capped = DiscountFee.quote(
                SCHEDULES.get("cap5"),
                FeeBasis.unpaid(Money.usd("10000.00"), Money.usd("8000.00"), LocalDate.parse("2026-03-02")),
                LocalDate.parse("2026-05-30"),
                ReceiptKind.ELECTRONIC,
                PRIME);
        assertThat(capped.capApplied()).isTrue();
        assertThat(capped.nextIncreaseOn()).isNull();
    }

    /**
     * The design guide's worked example: $10,000 face, 80% advance, $25 wire + $5 admin at funding, paid
     * $9,850 on day 47 → fee $400, rebate $1,450, client receives $9,420 in all; unpaid at 90 days of
     * recourse → fee $700, chargeback $8,700.
     */
    @Test
    void theWorkedExampleOfTheDesignGuide() {
        Money face = Money.usd("10000.00");
        Money advance = face.times(Rate.percent("80"), java.math.RoundingMode.HALF_UP);
        MiscFees misc = new MiscFees(
                Money.usd("25.00"),
                Money.usd("0.00"),
                Money.usd("5.00"),
                Money.usd("0.00"),
                Money.usd("0.00"),
                Money.usd("0.00"));
        Money charges = misc.atFunding(PayoutMethod.WIRE, 1, 0, 0, 0);
        Money paidAtFunding = advance.minus(charges);
        assertThat(paidAtFunding).isEqualTo(Money.usd("7970.00"));

        LocalDate purchased = LocalDate.parse("2026-03-02");
        Money collected = Money.usd("9850.00");
        Money fee = DiscountFee.fee(
                WORKED,
                FeeBasis.unpaid(face, advance, purchased).collected(collected),
                purchased.plusDays(46),
                ReceiptKind.ELECTRONIC,
                PrimeRates.none());
        assertThat(fee).isEqualTo(Money.usd("400.00"));
        Money rebate = collected.minus(advance).minus(fee);
        assertThat(rebate).isEqualTo(Money.usd("1450.00"));
        assertThat(paidAtFunding.plus(rebate)).isEqualTo(Money.usd("9420.00"));

        Money feeAtRecourse = DiscountFee.fee(
                WORKED,
                FeeBasis.unpaid(face, advance, purchased),
                purchased.plusDays(89),
                ReceiptKind.ELECTRONIC,
                PrimeRates.none());
        assertThat(feeAtRecourse).isEqualTo(Money.usd("700.00"));
        assertThat(advance.plus(feeAtRecourse)).isEqualTo(Money.usd("8700.00"));
    }

    @Test
    void miscFeesAddUpPerTransferInvoiceScheduleNoticeAndCheck() {
        MiscFees misc = new MiscFees(
                Money.usd("25.00"),
                Money.usd("3.00"),
                Money.usd("5.00"),
                Money.usd("10.00"),
                Money.usd("15.00"),
                Money.usd("20.00"));
        assertThat(misc.atFunding(PayoutMethod.ACH, 4, 1, 2, 1)).isEqualTo(Money.usd("83.00"));
        assertThat(misc.atFunding(PayoutMethod.WIRE, 0, 0, 0, 0)).isEqualTo(Money.usd("25.00"));
        assertThatThrownBy(() -> misc.atFunding(PayoutMethod.ACH, -1, 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPaymentBeforeThePurchaseOrADayWithoutPrimeIsRefusedNamingTheDate() {
        FeeBasis basis = FeeBasis.unpaid(Money.usd("10000.00"), Money.usd("8000.00"), LocalDate.parse("2026-03-02"));
        assertThatThrownBy(() -> DiscountFee.fee(
                        WORKED, basis, LocalDate.parse("2026-03-01"), ReceiptKind.ELECTRONIC, PrimeRates.none()))
                .hasMessageContaining("2026-03-01")
                .hasMessageContaining("before the purchase date 2026-03-02");
        assertThatThrownBy(() -> DiscountFee.fee(
                        SCHEDULES.get("prime"),
                        basis,
                        LocalDate.parse("2026-03-05"),
                        ReceiptKind.ELECTRONIC,
                        PrimeRates.none()))
                .hasMessageContaining("no prime rate is known for 2026-03-02");
    }
}
