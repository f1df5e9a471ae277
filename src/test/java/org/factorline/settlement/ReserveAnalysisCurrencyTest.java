package org.factorline.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Currency;
import org.factorline.clients.AgreementTerms;
import org.factorline.clients.Client;
import org.factorline.shared.Money;
import org.factorline.support.FactorlineTest;
import org.factorline.support.TestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Regression: one client's reserve analysis (the portal dashboard's card) was always in US dollars. */
@FactorlineTest
class ReserveAnalysisCurrencyTest {

    static final Currency CAD = Currency.getInstance("CAD");

    @Autowired
    TestSupport.Fixtures fixtures;

    @Autowired
    ReserveAnalysis reserve;

    @Autowired
    Clock clock;

    @Test
    void aClientInCanadianDollarsIsAnalysedInCanadianDollars() {
        AgreementTerms t = TestSupport.standardTerms(LocalDate.now(clock).minusDays(30));
        Client client = fixtures.activeClient(new AgreementTerms(
                t.effectiveFrom(),
                CAD,
                t.advanceRate(),
                t.fees(),
                org.factorline.pricing.MiscFees.none(CAD),
                t.recourse(),
                t.recourseDays(),
                Money.of("500000.00", "CAD"),
                t.concentrationLimit(),
                t.verification(),
                t.notification()));
        ReserveAnalysis.Line line =
                TestSupport.as(TestSupport.clientUser(client.id().value()), () -> reserve.analyse(client.id()));
        assertThat(line.reserveHeld().currency()).isEqualTo(CAD);
        assertThat(line.feesEarned().currency()).isEqualTo(CAD);
        assertThat(line.owed().currency()).isEqualTo(CAD);
        assertThat(line.surplus().currency()).isEqualTo(CAD);
    }
}
