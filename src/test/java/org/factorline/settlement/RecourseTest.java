package org.factorline.settlement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import org.factorline.clients.Client;
import org.factorline.debtors.Debtor;
import org.factorline.funding.Funding;
import org.factorline.funding.FundingRequest;
import org.factorline.funding.NewFundingRequest;
import org.factorline.identity.Actor;
import org.factorline.identity.Role;
import org.factorline.invoices.Invoice;
import org.factorline.invoices.InvoiceStatus;
import org.factorline.invoices.Invoices;
import org.factorline.ledger.AccountCode;
import org.factorline.ledger.Ledger;
import org.factorline.ledger.LedgerInvariants;
import org.factorline.pricing.PayoutMethod;
import org.factorline.pricing.ReceiptKind;
import org.factorline.receipts.IncomingPayment;
import org.factorline.receipts.Payment;
import org.factorline.receipts.PaymentStatus;
import org.factorline.receipts.Receipts;
import org.factorline.shared.FactorlineException;
import org.factorline.shared.Money;
import org.factorline.shared.MutableClock;
import org.factorline.support.FactorlineTest;
import org.factorline.support.TestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The worked example's non-payment variant: unpaid after 90 days of recourse, the invoice is charged back
 * for $8,700 (advance $8,000 + fee to day 90 $700); what the client owes is netted from what it is paid
 * next; a payment that arrives after the chargeback belongs to the client.
 */
@FactorlineTest
class RecourseTest {

    @Autowired
    Recourse recourse;

    @Autowired
    ReserveAnalysis reserveAnalysis;

    @Autowired
    Settlement settlement;

    @Autowired
    Funding funding;

    @Autowired
    Receipts receipts;

    @Autowired
    Invoices invoices;

    @Autowired
    Ledger ledger;

    @Autowired
    LedgerInvariants invariants;

    @Autowired
    TestSupport.Fixtures fixtures;

    @Autowired
    MutableClock clock;

    static final Actor OFFICER = new Actor(null, "recourse-officer", "Officer", null, EnumSet.of(Role.FUNDING_OFFICER));

    @AfterEach
    void backToTheStart() {
        clock.set(TestSupport.START);
    }

    @Test
    void unpaidAfterNinetyDaysTheInvoiceIsChargedBack8700AndALatePaymentIsTheClients() {
        Client client = fixtures.activeClient(
                TestSupport.workedExampleTerms(LocalDate.now(clock).minusDays(30)));
        Debtor debtor = fixtures.debtor();
        UUID c = client.id().value();
        Invoice invoice = fixtures.readyToFund(client, debtor, Money.usd("10000.00"));
        FundingRequest funded = TestSupport.as(OFFICER, () -> {
            FundingRequest r = funding.request(
                    new NewFundingRequest(c, List.of(invoice.id().value()), null, PayoutMethod.ACH));
            return funding.approve(r.id());
        });
        LocalDate day90 = funded.fundingDate().plusDays(89);

        // thirty days on, the reserve analysis shows the $2,000 held against the 2.5% earned so far
        clock.set(funded.fundingDate().plusDays(29).atTime(12, 0).toInstant(java.time.ZoneOffset.UTC));
        ReserveAnalysis.Line reserve = TestSupport.as(OFFICER, () -> reserveAnalysis.analyse()).stream()
                .filter(l -> l.clientId().equals(c))
                .findFirst()
                .orElseThrow();
        assertThat(reserve.reserveHeld()).isEqualTo(Money.usd("2000.00"));
        assertThat(reserve.feesEarned()).isEqualTo(Money.usd("250.00"));
        assertThat(reserve.surplus()).isEqualTo(Money.usd("1750.00"));

        // on day 90 the debtor still has the day: nothing is charged back
        clock.set(day90.atTime(12, 0).toInstant(java.time.ZoneOffset.UTC));
        assertThat(TestSupport.as(OFFICER, () -> recourse.upcoming(14)))
                .extracting(u -> u.invoice().id())
                .contains(invoice.id());
        assertThat(TestSupport.as(OFFICER, () -> recourse.sweep(null)))
                .extracting(Chargeback::invoiceId)
                .doesNotContain(invoice.id());

        // the next morning it is
        clock.advance(Duration.ofDays(1));
        List<Chargeback> swept = TestSupport.as(OFFICER, () -> recourse.sweep(null));
        Chargeback cb = swept.stream()
                .filter(x -> x.invoiceId().equals(invoice.id()))
                .findFirst()
                .orElseThrow();
        assertThat(cb.recourseDate()).isEqualTo(day90);
        assertThat(cb.fee()).isEqualTo(Money.usd("700.00"));
        assertThat(cb.advanceUnrecovered()).isEqualTo(Money.usd("8000.00"));
        assertThat(cb.amount()).isEqualTo(Money.usd("8700.00"));
        assertThat(TestSupport.as(OFFICER, () -> invoices.get(invoice.id())).status())
                .isEqualTo(InvoiceStatus.CHARGED_BACK);
        assertThat(ledger.balance(AccountCode.CLIENT_RECEIVABLE, c, Money.USD)).isEqualTo(Money.usd("8700.00"));
        assertThat(ledger.balance(AccountCode.PURCHASED_RECEIVABLES, c, Money.USD))
                .isEqualTo(Money.usd("0.00"));
        assertThat(ledger.balance(AccountCode.CLIENT_RESERVE, c, Money.USD)).isEqualTo(Money.usd("0.00"));
        // once only
        assertThat(TestSupport.as(OFFICER, () -> recourse.sweep(null)))
                .extracting(Chargeback::invoiceId)
                .doesNotContain(invoice.id());
        assertThatThrownBy(() -> TestSupport.as(
                        TestSupport.admin(), () -> invoices.transition(invoice.id(), InvoiceStatus.CHARGED_BACK, "x")))
                .isInstanceOf(FactorlineException.class);

        // the debtor pays after all: it is not the factor's any more, the engine leaves it unapplied,
        // staff pass it to the client, and the settlement run nets what the client owes
        Payment late = TestSupport.as(
                OFFICER,
                () -> receipts.record(
                        new IncomingPayment(
                                LocalDate.now(clock),
                                Money.usd("10000.00"),
                                ReceiptKind.CHECK,
                                debtor.name(),
                                null,
                                null,
                                null,
                                "Invoice " + invoice.number(),
                                "test"),
                        null));
        assertThat(late.status()).isEqualTo(PaymentStatus.UNAPPLIED);
        TestSupport.as(
                OFFICER, () -> receipts.forwardToClient(late.id(), client.id(), null, "paid after the chargeback"));
        SettlementRun run = TestSupport.as(OFFICER, () -> settlement.run(PayoutMethod.ACH));
        SettlementRun.Line line = run.lines().stream()
                .filter(l -> l.clientId().equals(c))
                .findFirst()
                .orElseThrow();
        assertThat(line.netted()).isEqualTo(Money.usd("8700.00"));
        assertThat(line.net()).isEqualTo(Money.usd("1300.00"));
        assertThat(ledger.balance(AccountCode.CLIENT_RECEIVABLE, c, Money.USD)).isEqualTo(Money.usd("0.00"));
        assertThat(invariants.checkAsSystem().rules())
                .allSatisfy(r -> assertThat(r.violations()).as(r.name()).isEmpty());
    }
}
