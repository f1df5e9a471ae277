package org.factorline.funding;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.factorline.clients.AgreementTerms;
import org.factorline.clients.Client;
import org.factorline.debtors.Debtor;
import org.factorline.identity.Actor;
import org.factorline.identity.Role;
import org.factorline.invoices.Invoice;
import org.factorline.pricing.DiscountFee;
import org.factorline.pricing.FeeBase;
import org.factorline.pricing.FeeBasis;
import org.factorline.pricing.FeeSchedule;
import org.factorline.pricing.FeeShape;
import org.factorline.pricing.PayoutMethod;
import org.factorline.pricing.PrimeRates;
import org.factorline.pricing.ReceiptKind;
import org.factorline.reports.ReportTable;
import org.factorline.reports.Reports;
import org.factorline.settlement.Recourse;
import org.factorline.shared.Money;
import org.factorline.shared.MutableClock;
import org.factorline.shared.Rate;
import org.factorline.support.FactorlineTest;
import org.factorline.support.TestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The daily fee accrual: each open invoice's accrued fee is the pricing module's fee to that day — across the
 * tiered brackets, with a minimum and a cap, on the advance, and for a daily-rate schedule worked out invoice
 * by invoice; a second run on a day changes nothing; a day skipped is caught up; an invoice charged back stops
 * accruing; the fees report shows the accrued figure apart from the fees earned.
 */
@FactorlineTest
class FeeAccrualTest {

    static final Actor OFFICER = new Actor(null, "accrual-officer", "Officer", null, EnumSet.of(Role.FUNDING_OFFICER));
    static final PrimeRates PRIME = PrimeRates.constant(Rate.percent("7.50"));

    @Autowired
    FeeAccrual accrual;

    @Autowired
    Funding funding;

    @Autowired
    Recourse recourse;

    @Autowired
    Reports reports;

    @Autowired
    TestSupport.Fixtures fixtures;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    @AfterEach
    void backToTheStart() {
        clock.set(TestSupport.START);
    }

    record Bought(Invoice invoice, FeeSchedule schedule, Money face, Money advance, LocalDate fundingDate) {}

    static FeeSchedule schedule(FeeShape shape, Money minimum, Rate cap, FeeBase base, int minimumDays) {
        boolean tiered = shape == FeeShape.TIERED;
        return new FeeSchedule(
                shape,
                Rate.percent("2.5"),
                30,
                tiered ? Rate.percent("0.75") : null,
                tiered ? 10 : null,
                shape == FeeShape.DAILY ? Rate.percent("18.25") : null,
                365,
                minimum,
                minimumDays,
                cap,
                base,
                true,
                0);
    }

    List<Bought> buy(FeeSchedule fees, String... faces) {
        AgreementTerms standard = TestSupport.standardTerms(LocalDate.now(clock).minusDays(30));
        AgreementTerms terms = new AgreementTerms(
                standard.effectiveFrom(),
                standard.currency(),
                standard.advanceRate(),
                fees,
                standard.miscFees(),
                true,
                90,
                standard.facilityLimit(),
                standard.concentrationLimit(),
                standard.verification(),
                standard.notification());
        Client client = fixtures.activeClient(terms);
        Debtor debtor = fixtures.debtor();
        List<Invoice> invoices = new ArrayList<>();
        for (String face : faces) {
            invoices.add(fixtures.readyToFund(client, debtor, Money.usd(face)));
        }
        FundingRequest funded = TestSupport.as(
                OFFICER,
                () -> funding.approve(funding.request(new NewFundingRequest(
                                client.id().value(),
                                invoices.stream().map(i -> i.id().value()).toList(),
                                null,
                                PayoutMethod.ACH))
                        .id()));
        return invoices.stream()
                .map(i -> {
                    Funding.Purchase p = TestSupport.as(OFFICER, () -> funding.purchaseOf(i.id()))
                            .orElseThrow();
                    return new Bought(i, fees, p.face(), p.advance(), funded.fundingDate());
                })
                .toList();
    }

    void onDay(Bought b, int day) {
        clock.set(b.fundingDate().plusDays(day - 1L).atTime(12, 0).toInstant(ZoneOffset.UTC));
    }

    FeeAccrual.Run accrueToday() {
        return TestSupport.as(TestSupport.admin(), () -> accrual.accrue(LocalDate.now(clock)));
    }

    Map<String, Object> row(Bought b) {
        return jdbc.sql("select accrued_fee, accrued_through from funded_invoice where invoice_id = ?")
                .param(b.invoice().id().value())
                .query()
                .singleRow();
    }

    Money expected(Bought b) {
        return DiscountFee.fee(
                b.schedule(),
                new FeeBasis(b.face(), b.advance(), Money.usd("0"), b.fundingDate()),
                LocalDate.now(clock),
                ReceiptKind.ELECTRONIC,
                PRIME);
    }

    void assertAccruedAsPriced(List<Bought> all) {
        for (Bought b : all) {
            Map<String, Object> r = row(b);
            assertThat((BigDecimal) r.get("accrued_fee"))
                    .as("%s face %s on %s", b.schedule().shape(), b.face(), LocalDate.now(clock))
                    .isEqualTo(expected(b).amount());
            assertThat(r.get("accrued_through").toString())
                    .isEqualTo(LocalDate.now(clock).toString());
        }
    }

    @Test
    void everyOpenInvoiceAccruesThePricingModulesFeeAcrossBracketBoundaries() {
        List<Bought> all = new ArrayList<>();
        // the worked example's schedule (set-based), with a minimum fee and a cap, on the advance, with minimum
        // days, and a daily rate (worked out invoice by invoice); odd cents to catch rounding
        all.addAll(buy(schedule(FeeShape.TIERED, null, null, FeeBase.FACE, 0), "10000.00", "12345.67", "999.99"));
        all.addAll(buy(
                schedule(FeeShape.TIERED, Money.usd("40.00"), Rate.percent("4.1"), FeeBase.FACE, 0),
                "1000.00",
                "20000.01"));
        all.addAll(buy(schedule(FeeShape.TIERED, null, null, FeeBase.ADVANCE, 45), "7777.77"));
        all.addAll(buy(schedule(FeeShape.FLAT, null, null, FeeBase.FACE, 0), "3333.33"));
        all.addAll(buy(schedule(FeeShape.DAILY, Money.usd("30.00"), Rate.percent("6"), FeeBase.FACE, 0), "4567.89"));
        for (int day : List.of(1, 29, 30, 31, 40, 41, 47, 50, 51, 89, 90)) {
            onDay(all.get(0), day);
            accrueToday();
            assertAccruedAsPriced(all);
            // the worked example: 4.0% = $400 on day 47, 7.0% = $700 on day 90
            if (day == 47) {
                assertThat(row(all.get(0)).get("accrued_fee")).isEqualTo(new BigDecimal("400.00"));
            }
        }
        assertThat(row(all.get(0)).get("accrued_fee")).isEqualTo(new BigDecimal("700.00"));
    }

    @Test
    void aSecondRunOnTheSameDayChangesNothingAndADaySkippedIsCaughtUp() {
        List<Bought> all = new ArrayList<>();
        all.addAll(buy(schedule(FeeShape.TIERED, null, null, FeeBase.FACE, 0), "10000.00"));
        all.addAll(buy(schedule(FeeShape.DAILY, null, null, FeeBase.FACE, 0), "4567.89"));
        onDay(all.get(0), 35);
        FeeAccrual.Run first = accrueToday();
        assertThat(first.setTogether() + first.setOneByOne()).isGreaterThanOrEqualTo(2);
        Map<String, Object> before = row(all.get(0));
        FeeAccrual.Run again = accrueToday();
        assertThat(again.setTogether()).isZero();
        assertThat(again.setOneByOne()).isZero();
        assertThat(row(all.get(0))).isEqualTo(before);
        assertAccruedAsPriced(all);

        // days 36 to 44 pass without a run; day 45 accrues the whole fee to date (one bracket more)
        onDay(all.get(0), 45);
        accrueToday();
        assertAccruedAsPriced(all);
        assertThat(row(all.get(0)).get("accrued_fee")).isEqualTo(new BigDecimal("400.00"));

        // a run dated earlier than the last one never moves an invoice back
        TestSupport.as(
                TestSupport.admin(), () -> accrual.accrue(LocalDate.now(clock).minusDays(5)));
        assertAccruedAsPriced(all);
    }

    @Test
    void anInvoiceChargedBackStopsAccruingAndTheFeesReportShowsWhatIsAccrued() {
        List<Bought> all = buy(schedule(FeeShape.TIERED, null, null, FeeBase.FACE, 0), "10000.00", "5000.00");
        Bought b = all.get(0);
        UUID client = b.invoice().clientId().value();
        onDay(b, 90);
        accrueToday();
        assertAccruedAsPriced(all);

        ReportTable fees = TestSupport.as(
                TestSupport.staff(Role.AUDITOR), () -> reports.run("fees", Map.of("clientId", client.toString())));
        assertThat(fees.rows()).hasSize(1);
        assertThat(fees.rows().get(0).get("accrued_fees")).isEqualTo(Money.usd("1050.00")); // 7% of 15,000
        assertThat(fees.notes()).anyMatch(n -> n.contains("through " + LocalDate.now(clock)));

        // unpaid at the end of day 90: charged back the next morning, and no longer accrues
        clock.advance(java.time.Duration.ofDays(1));
        TestSupport.as(OFFICER, () -> recourse.sweep(null));
        accrueToday();
        for (Bought x : all) {
            assertThat(row(x).get("accrued_through").toString())
                    .isEqualTo(b.fundingDate().plusDays(89).toString());
            assertThat(row(x).get("accrued_fee"))
                    .isEqualTo(x == b ? new BigDecimal("700.00") : new BigDecimal("350.00"));
        }
        ReportTable after = TestSupport.as(
                TestSupport.staff(Role.AUDITOR), () -> reports.run("fees", Map.of("clientId", client.toString())));
        assertThat(after.rows().get(0).get("accrued_fees")).isEqualTo(Money.usd("0.00"));
    }
}
