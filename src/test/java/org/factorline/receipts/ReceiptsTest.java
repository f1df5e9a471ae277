package org.factorline.receipts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
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
import org.factorline.ledger.LedgerInvariants;
import org.factorline.pricing.PayoutMethod;
import org.factorline.pricing.ReceiptKind;
import org.factorline.shared.FactorlineException;
import org.factorline.shared.Money;
import org.factorline.support.FactorlineTest;
import org.factorline.support.TestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Cash posting: what the engine is unsure of waits for a person, who teaches it the payer. */
@FactorlineTest
class ReceiptsTest {

    @Autowired
    Receipts receipts;

    @Autowired
    Funding funding;

    @Autowired
    Invoices invoices;

    @Autowired
    LedgerInvariants invariants;

    @Autowired
    org.factorline.ledger.Ledger ledger;

    @Autowired
    TestSupport.Fixtures fixtures;

    @Autowired
    Clock clock;

    static final Actor OFFICER = new Actor(null, "cash-officer", "Officer", null, EnumSet.of(Role.FUNDING_OFFICER));

    Invoice funded(Client client, Debtor debtor, String amount) {
        Invoice i = fixtures.readyToFund(client, debtor, Money.usd(amount));
        TestSupport.as(OFFICER, () -> {
            FundingRequest r = funding.request(
                    new NewFundingRequest(client.id().value(), List.of(i.id().value()), null, PayoutMethod.ACH));
            return funding.approve(r.id());
        });
        return TestSupport.as(OFFICER, () -> invoices.get(i.id()));
    }

    IncomingPayment payment(String amount, String payer, String remittance) {
        return new IncomingPayment(
                LocalDate.now(clock),
                Money.usd(amount),
                ReceiptKind.CHECK,
                payer,
                null,
                null,
                null,
                remittance,
                "test");
    }

    @Test
    void anUnknownPayerIsSuggestedNotAppliedAndAPersonsChoiceTeachesIt() {
        Client client = fixtures.activeClient();
        Debtor debtor = fixtures.debtor();
        Invoice invoice = funded(client, debtor, "1500.00");
        String payer = "ACME HOLDINGS AP DEPT " + TestSupport.unique("x");

        Payment first = TestSupport.as(
                OFFICER, () -> receipts.record(payment("1500.00", payer, "inv " + invoice.number()), null));
        assertThat(first.status()).isEqualTo(PaymentStatus.UNAPPLIED);
        List<Suggestion> suggested = TestSupport.as(OFFICER, () -> receipts.suggestions(first.id()));
        assertThat(suggested).singleElement().satisfies(s -> {
            assertThat(s.invoiceId()).isEqualTo(invoice.id());
            assertThat(s.confidence()).isEqualByComparingTo("0.80");
            assertThat(s.reason()).contains("invoice number " + invoice.number());
        });

        Payment applied = TestSupport.as(OFFICER, () -> receipts.apply(first.id(), invoice.id(), null));
        assertThat(applied.status()).isEqualTo(PaymentStatus.APPLIED);
        assertThat(TestSupport.as(OFFICER, () -> invoices.get(invoice.id())).status())
                .isEqualTo(InvoiceStatus.CLOSED);

        // the next payment from the same payer is recognised and applied by itself
        Invoice second = funded(client, debtor, "700.00");
        Payment next = TestSupport.as(
                OFFICER, () -> receipts.record(payment("700.00", payer, "inv " + second.number()), null));
        assertThat(next.status()).isEqualTo(PaymentStatus.APPLIED);
        assertThat(next.debtorId()).isEqualTo(debtor.id());
        assertThat(invariants.checkAsSystem().rules())
                .allSatisfy(r -> assertThat(r.violations()).as(r.name()).isEmpty());
    }

    @Test
    void aPayablesServicesNameIsNotTaughtAndANameTaughtForTwoDebtorsRecognisesNeither() {
        Client client = fixtures.activeClient();
        Debtor one = fixtures.debtor();
        Debtor two = fixtures.debtor();
        Invoice first = funded(client, one, "410.00");
        Payment viaService = TestSupport.as(
                OFFICER, () -> receipts.record(payment("410.00", "BILL.COM", "inv " + first.number()), null));
        TestSupport.as(OFFICER, () -> receipts.apply(viaService.id(), first.id(), null));
        Invoice second = funded(client, two, "420.00");
        Payment again = TestSupport.as(
                OFFICER, () -> receipts.record(payment("420.00", "BILL.COM", "inv " + second.number()), null));
        assertThat(again.debtorId())
                .as("a payables service pays for many debtors")
                .isNull();

        String shared = "SHARED SERVICES " + TestSupport.unique("x");
        Invoice a = funded(client, one, "430.00");
        Payment fromOne =
                TestSupport.as(OFFICER, () -> receipts.record(payment("430.00", shared, "inv " + a.number()), null));
        TestSupport.as(OFFICER, () -> receipts.apply(fromOne.id(), a.id(), null));
        Invoice b = funded(client, two, "440.00");
        Payment fromTwo =
                TestSupport.as(OFFICER, () -> receipts.record(payment("440.00", shared, "inv " + b.number()), null));
        TestSupport.as(OFFICER, () -> receipts.apply(fromTwo.id(), b.id(), null));
        Invoice c = funded(client, one, "450.00");
        Payment third =
                TestSupport.as(OFFICER, () -> receipts.record(payment("450.00", shared, "inv " + c.number()), null));
        assertThat(third.debtorId())
                .as("a name placed for two debtors names neither")
                .isNull();
        assertThat(third.status()).isEqualTo(PaymentStatus.UNAPPLIED);
    }

    @Test
    void anOverpaymentLeavesTheRestAsUnappliedCash() {
        Client client = fixtures.activeClient();
        Debtor debtor = fixtures.debtor();
        Invoice invoice = funded(client, debtor, "800.00");
        Payment p = TestSupport.as(
                OFFICER, () -> receipts.record(payment("850.00", debtor.name(), "Invoice " + invoice.number()), null));
        assertThat(p.status()).isEqualTo(PaymentStatus.PARTIALLY_APPLIED);
        assertThat(p.unapplied()).isEqualTo(Money.usd("50.00"));
        // and it is found by searching unapplied cash for the payer
        assertThat(TestSupport.as(
                                OFFICER,
                                () -> receipts.search(
                                        PaymentStatus.PARTIALLY_APPLIED,
                                        null,
                                        debtor.name().substring(0, 8),
                                        org.factorline.shared.CursorPage.Request.first(50)))
                        .items())
                .extracting(Payment::id)
                .contains(p.id());
        assertThat(invariants.checkAsSystem().holds()).isTrue();
    }

    @Test
    void aDebtorWhoPaidTheClientClosesTheInvoiceAndTheClientOwesTheMoney() {
        Client client = fixtures.activeClient();
        Invoice invoice = funded(client, fixtures.debtor(), "1000.00");
        TestSupport.as(
                OFFICER,
                () -> receipts.recordMisdirected(
                        invoice.id(),
                        Money.usd("1000.00"),
                        LocalDate.now(clock),
                        "client called: the debtor paid them"));
        assertThat(TestSupport.as(OFFICER, () -> invoices.get(invoice.id())).status())
                .isEqualTo(InvoiceStatus.CLOSED);
        org.factorline.ledger.Ledger ledger = this.ledger;
        // owes the $1,000 it received, less the $200 rebate the close-out left: both wait for netting
        assertThat(ledger.balance(
                        org.factorline.ledger.AccountCode.CLIENT_RECEIVABLE,
                        client.id().value(),
                        Money.USD))
                .isEqualTo(Money.usd("1000.00"));
        assertThat(invariants.checkAsSystem().rules())
                .allSatisfy(r -> assertThat(r.violations()).as(r.name()).isEmpty());
    }

    @Test
    void paidCannotBeSetByHandOnlyByPostedMoney() {
        Client client = fixtures.activeClient();
        Invoice invoice = funded(client, fixtures.debtor(), "300.00");
        assertThatThrownBy(() -> TestSupport.as(
                        TestSupport.admin(), () -> invoices.transition(invoice.id(), InvoiceStatus.PAID, null)))
                .isInstanceOf(FactorlineException.class)
                .hasMessageContaining("when money is posted");
        assertThat(TestSupport.as(TestSupport.admin(), () -> invoices.possibleTransitions(invoice)))
                .doesNotContain(InvoiceStatus.PAID, InvoiceStatus.PARTIALLY_PAID);
    }

    @Test
    void aPaymentDatedInTheFutureOrOfNothingIsRefusedNamingTheField() {
        assertThatThrownBy(() -> TestSupport.as(
                        OFFICER,
                        () -> receipts.record(
                                new IncomingPayment(
                                        LocalDate.now(clock).plusDays(1),
                                        Money.usd("0.00"),
                                        ReceiptKind.CHECK,
                                        null,
                                        null,
                                        null,
                                        null,
                                        null,
                                        "test"),
                                null)))
                .isInstanceOf(FactorlineException.class)
                .satisfies(e -> assertThat(((FactorlineException) e).problems())
                        .extracting(org.factorline.shared.FieldProblem::field)
                        .contains("valueDate", "amount"));
    }

    @Test
    void anOverpaymentTheDebtorAsksBackIsRefundedOutOfUnappliedCash() {
        Client client = fixtures.activeClient();
        Debtor debtor = fixtures.debtor();
        Invoice invoice = funded(client, debtor, "500.00");
        Payment p = TestSupport.as(
                OFFICER, () -> receipts.record(payment("560.00", debtor.name(), "INV " + invoice.number()), null));
        Payment placed = TestSupport.as(OFFICER, () -> receipts.get(p.id()));
        if (placed.applied().isZero()) {
            placed = TestSupport.as(OFFICER, () -> receipts.apply(p.id(), invoice.id(), Money.usd("500.00")));
        }
        assertThat(placed.unapplied()).isEqualTo(Money.usd("60.00"));
        Money cashBefore = ledger.balance(org.factorline.ledger.AccountCode.CASH, null, Money.USD);

        var refused = org.assertj.core.api.Assertions.catchThrowableOfType(
                org.factorline.shared.FactorlineException.class,
                () -> TestSupport.as(
                        OFFICER,
                        () -> receipts.refundToPayer(
                                p.id(), Money.usd("61.00"), Receipts.RefundMethod.CHECK, "asked back")));
        assertThat(refused.problems())
                .extracting(org.factorline.shared.FieldProblem::field)
                .contains("amount");

        Payment after = TestSupport.as(
                OFFICER,
                () -> receipts.refundToPayer(p.id(), null, Receipts.RefundMethod.CHECK, "overpaid by $60; asked back"));
        assertThat(after.unapplied().isZero()).isTrue();
        assertThat(after.status()).isEqualTo(org.factorline.receipts.PaymentStatus.APPLIED);
        assertThat(ledger.balance(org.factorline.ledger.AccountCode.CASH, null, Money.USD))
                .isEqualTo(cashBefore.minus(Money.usd("60.00")));
        assertThat(invariants.checkAsSystem().holds()).isTrue();
    }
}
