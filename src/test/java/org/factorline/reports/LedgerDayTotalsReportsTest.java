package org.factorline.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.factorline.clients.Client;
import org.factorline.identity.Actor;
import org.factorline.identity.Role;
import org.factorline.ledger.AccountCode;
import org.factorline.ledger.JournalLine;
import org.factorline.ledger.Ledger;
import org.factorline.ledger.LedgerDayTotals;
import org.factorline.ledger.NewEntry;
import org.factorline.ledger.ReasonCode;
import org.factorline.shared.Money;
import org.factorline.shared.MutableClock;
import org.factorline.support.FactorlineTest;
import org.factorline.support.TestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The reports that read ledger balances by day (reserve, cash reconciliation) give the same figures whether the
 * days are read from the ledger's day totals or from the postings, and a posting dated on or before the totals'
 * horizon (a back-dated entry) moves the horizon back so that it counts at once, before the job fills again.
 */
@FactorlineTest
class LedgerDayTotalsReportsTest {

    static final Currency SEK = Currency.getInstance("SEK");
    static final Actor AUDITOR = TestSupport.staff(Role.AUDITOR);

    @Autowired
    Ledger ledger;

    @Autowired
    LedgerDayTotals dayTotals;

    @Autowired
    Reports reports;

    @Autowired
    TestSupport.Fixtures fixtures;

    @Autowired
    MutableClock clock;

    @AfterEach
    void resetClock() {
        clock.set(TestSupport.START);
    }

    static Money sek(String amount) {
        return Money.of(amount, "SEK");
    }

    void post(LocalDate day, UUID client, String reserve, String unapplied) {
        TestSupport.as(
                TestSupport.admin(),
                () -> ledger.postManual(new NewEntry(
                        TestSupport.unique("day-totals"),
                        ReasonCode.ADJUSTMENT,
                        day,
                        null,
                        null,
                        client,
                        "Adjustment for the day totals test",
                        List.of(
                                JournalLine.debit(AccountCode.CASH, sek(reserve)),
                                JournalLine.credit(AccountCode.CLIENT_RESERVE, client, sek(reserve)),
                                JournalLine.debit(AccountCode.CASH, sek(unapplied)),
                                JournalLine.credit(AccountCode.UNAPPLIED_CASH, sek(unapplied))))));
    }

    Money held(UUID client, LocalDate asOf) {
        ReportTable t = TestSupport.as(
                AUDITOR,
                () -> reports.run(
                        "reserve", Map.of("asOf", asOf.toString(), "clientId", client.toString(), "currency", "SEK")));
        return t.rows().isEmpty() ? sek("0.00") : (Money) t.rows().get(0).get("held");
    }

    ReportTable cash(LocalDate from, LocalDate to) {
        return TestSupport.as(
                AUDITOR,
                () -> reports.run(
                        "cash-reconciliation",
                        Map.of("from", from.toString(), "to", to.toString(), "currency", "SEK")));
    }

    @Test
    void backDatedPostingsCountAtOnceAndTheTotalsAgreeWithThePostings() {
        Client client = fixtures.activeClient();
        UUID id = client.id().value();
        LocalDate today = LocalDate.now(clock);
        LocalDate d1 = today.minusDays(40);
        LocalDate d2 = today.minusDays(30);
        LocalDate d3 = today.minusDays(20);
        post(d1, id, "100.00", "10.00");
        post(d2, id, "200.00", "20.00");
        post(d3, id, "400.00", "40.00");

        // read from the postings (the horizon before the first day, whatever other tests left)
        post(d1.minusDays(1), id, "1.00", "1.00");
        assertThat(dayTotals.horizon()).isBefore(d1);
        Money beforeFill = held(id, today);
        ReportTable cashBefore = cash(d2, today);
        assertThat(beforeFill).isEqualTo(sek("701.00"));

        // the job fills the days up to d2 + 5: the same figures, now partly from the totals
        assertThat(dayTotals.fillThrough(d2.plusDays(5))).isEqualTo(d2.plusDays(5));
        assertThat(dayTotals.horizon()).isEqualTo(d2.plusDays(5));
        assertThat(held(id, today)).isEqualTo(beforeFill);
        assertThat(held(id, d2)).isEqualTo(sek("301.00"));
        assertThat(held(id, d2.minusDays(1))).isEqualTo(sek("101.00"));
        ReportTable cashAfter = cash(d2, today);
        assertThat(cashAfter.rows()).isEqualTo(cashBefore.rows());
        assertThat(cashAfter.totals()).isEqualTo(cashBefore.totals());

        // a posting dated before the horizon moves it back before its day and counts at once, on its day
        LocalDate back = d2.minusDays(3);
        post(back, id, "50.00", "5.00");
        assertThat(dayTotals.horizon()).isEqualTo(back.minusDays(1));
        assertThat(held(id, today)).isEqualTo(sek("751.00"));
        assertThat(held(id, back)).isEqualTo(sek("151.00"));
        assertThat(held(id, back.minusDays(1))).isEqualTo(sek("101.00"));
        Map<String, Object> opening = cash(d2, today).totals();
        assertThat(cash(back, today).rows())
                .anySatisfy(r -> assertThat(r.get("ledger_cash_in")).isEqualTo(sek("55.00")));

        // filled again: the same figures
        dayTotals.fillThrough(today.minusDays(1));
        assertThat(held(id, today)).isEqualTo(sek("751.00"));
        assertThat(held(id, back)).isEqualTo(sek("151.00"));
        assertThat(cash(d2, today).totals()).isEqualTo(opening);

        // a posting after the horizon leaves it where it is
        post(today, id, "1.00", "1.00");
        assertThat(dayTotals.horizon()).isEqualTo(today.minusDays(1));
        assertThat(held(id, today)).isEqualTo(sek("752.00"));
    }
}
