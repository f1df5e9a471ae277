package org.factorline.funding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import org.factorline.clients.Client;
import org.factorline.debtors.Debtor;
import org.factorline.debtors.Debtors;
import org.factorline.identity.Actor;
import org.factorline.identity.Role;
import org.factorline.invoices.Invoice;
import org.factorline.invoices.InvoiceStatus;
import org.factorline.invoices.Invoices;
import org.factorline.invoices.NewInvoice;
import org.factorline.invoices.ScheduleSource;
import org.factorline.ledger.AccountCode;
import org.factorline.ledger.JournalLine;
import org.factorline.ledger.Ledger;
import org.factorline.ledger.LedgerInvariants;
import org.factorline.ledger.NewEntry;
import org.factorline.ledger.ReasonCode;
import org.factorline.pricing.PayoutMethod;
import org.factorline.risk.EligibilityOverride;
import org.factorline.risk.Overrides;
import org.factorline.risk.Policy;
import org.factorline.shared.ErrorCode;
import org.factorline.shared.FactorlineException;
import org.factorline.shared.Money;
import org.factorline.support.FactorlineTest;
import org.factorline.support.TestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Funding requests: eligibility with reasons, overrides, four eyes, netting what the client owes. */
@FactorlineTest
class FundingTest {

    @Autowired
    Funding funding;

    @Autowired
    Invoices invoices;

    @Autowired
    Debtors debtors;

    @Autowired
    Overrides overrides;

    @Autowired
    org.factorline.invoices.ScheduleImport imports;

    @Autowired
    Ledger ledger;

    @Autowired
    LedgerInvariants invariants;

    @Autowired
    TestSupport.Fixtures fixtures;

    @Autowired
    Clock clock;

    static Actor person(String name, Role... roles) {
        return new Actor(null, name, name, null, EnumSet.copyOf(List.of(roles)));
    }

    static final Actor FIONA = person("fiona-" + UUID.randomUUID(), Role.FUNDING_OFFICER);
    static final Actor FRANK = person("frank-" + UUID.randomUUID(), Role.FUNDING_OFFICER);
    static final Actor UMA = person("uma-" + UUID.randomUUID(), Role.UNDERWRITER);
    static final Actor ULF = person("ulf-" + UUID.randomUUID(), Role.UNDERWRITER);

    Invoice ready(Client client, Debtor debtor, String amount) {
        return fixtures.readyToFund(client, debtor, Money.usd(amount));
    }

    FundingRequest request(Client client, Actor who, Invoice... chosen) {
        return TestSupport.as(
                who,
                () -> funding.request(new NewFundingRequest(
                        client.id().value(),
                        java.util.Arrays.stream(chosen).map(i -> i.id().value()).toList(),
                        null,
                        PayoutMethod.ACH)));
    }

    @Test
    void anIneligibleInvoiceIsRefusedWithEveryReasonAndAnApprovedOverrideLetsItThrough() {
        Client client = fixtures.activeClient();
        Debtor debtor = fixtures.debtor();
        Invoice i = ready(client, debtor, "1000.00");
        Invoice unverified = TestSupport.as(TestSupport.admin(), () -> {
            Invoice n = invoices.submit(
                    new NewInvoice(
                            client.id(),
                            debtor.id(),
                            TestSupport.unique("U"),
                            null,
                            LocalDate.now(clock).minusDays(1),
                            30,
                            null,
                            Money.usd("500.00")),
                    ScheduleSource.MANUAL);
            return invoices.transition(n.id(), InvoiceStatus.APPROVED, null);
        });
        FundingRequest r = request(client, FIONA, i, unverified);
        assertThatThrownBy(() -> TestSupport.as(FIONA, () -> funding.approve(r.id())))
                .isInstanceOf(FactorlineException.class)
                .satisfies(e -> {
                    FactorlineException f = (FactorlineException) e;
                    assertThat(f.code()).isEqualTo(ErrorCode.FUNDING_INELIGIBLE);
                    assertThat(f.problems()).anySatisfy(p -> {
                        assertThat(p.field()).isEqualTo("invoice " + unverified.number());
                        assertThat(p.value()).isEqualTo("VERIFICATION");
                        assertThat(p.message()).isEqualTo("the debtor has not verified it yet");
                    });
                });

        EligibilityOverride asked = TestSupport.as(
                UMA,
                () -> overrides.request(
                        unverified.id(), Policy.VERIFICATION, "Long-standing debtor, verified last month"));
        assertThatThrownBy(() -> TestSupport.as(UMA, () -> overrides.approve(asked.id(), null)))
                .isInstanceOf(FactorlineException.class)
                .extracting(e -> ((FactorlineException) e).code())
                .isEqualTo(ErrorCode.FOUR_EYES_REQUIRED);
        TestSupport.as(ULF, () -> overrides.approve(asked.id(), "agreed"));

        FundingRequest funded = TestSupport.as(FIONA, () -> funding.approve(r.id()));
        assertThat(funded.status()).isEqualTo(FundingStatus.FUNDED);
        assertThat(funded.totalAdvance()).isEqualTo(Money.usd("1200.00"));
        // $25 wire? No: ACH costs nothing under the standard terms; $5 per invoice
        assertThat(funded.charges()).isEqualTo(Money.usd("10.00"));
        assertThat(funded.net()).isEqualTo(Money.usd("1190.00"));
        assertThat(invariants.checkAsSystem().rules())
                .allSatisfy(
                        rule -> assertThat(rule.violations()).as(rule.name()).isEmpty());
    }

    @Test
    void aboveTheFourEyesAmountASecondPersonMustApprove() {
        Client client = fixtures.activeClient();
        Debtor debtor = fixtures.debtor("Big Buyer " + UUID.randomUUID());
        Invoice big = ready(client, debtor, "75000.00");
        FundingRequest r = request(client, FIONA, big);

        FundingRequest first = TestSupport.as(FIONA, () -> funding.approve(r.id()));
        assertThat(first.status()).isEqualTo(FundingStatus.AWAITING_SECOND_APPROVAL);
        assertThat(first.firstApprovedBy()).isEqualTo(FIONA.username());
        assertThat(ledger.balance(AccountCode.PURCHASED_RECEIVABLES, client.id().value(), Money.USD))
                .isEqualTo(Money.usd("0.00"));
        assertThatThrownBy(() -> TestSupport.as(FIONA, () -> funding.approve(r.id())))
                .isInstanceOf(FactorlineException.class)
                .extracting(e -> ((FactorlineException) e).code())
                .isEqualTo(ErrorCode.FOUR_EYES_REQUIRED);

        FundingRequest funded = TestSupport.as(FRANK, () -> funding.approve(r.id()));
        assertThat(funded.status()).isEqualTo(FundingStatus.FUNDED);
        assertThat(funded.fundedBy()).isEqualTo(FRANK.username());
        assertThat(ledger.balance(AccountCode.PURCHASED_RECEIVABLES, client.id().value(), Money.USD))
                .isEqualTo(Money.usd("75000.00"));
        assertThatThrownBy(() -> TestSupport.as(FRANK, () -> funding.approve(r.id())))
                .isInstanceOf(FactorlineException.class)
                .hasMessageContaining("cannot go from FUNDED to FUNDED");
    }

    @Test
    void whatTheClientOwesIsNettedFromTheAdvance() {
        Client client = fixtures.activeClient();
        UUID c = client.id().value();
        // a chargeback left the client owing $300 (posted directly here; settlement will post it for real)
        ledger.post(new NewEntry(
                TestSupport.unique("owed"),
                ReasonCode.ADJUSTMENT,
                LocalDate.now(clock),
                null,
                null,
                c,
                "client owes a chargeback",
                List.of(
                        JournalLine.debit(AccountCode.CLIENT_RECEIVABLE, c, Money.usd("300.00")),
                        JournalLine.credit(AccountCode.CAPITAL, Money.usd("300.00")))));
        Invoice i = ready(client, fixtures.debtor(), "2000.00");
        FundingRequest r = request(client, FIONA, i);
        assertThat(r.deductions()).isEqualTo(Money.usd("300.00"));
        FundingRequest funded = TestSupport.as(FIONA, () -> funding.approve(r.id()));
        assertThat(funded.net()).isEqualTo(Money.usd("1295.00")); // 1600 − 5 − 300
        assertThat(ledger.balance(AccountCode.CLIENT_RECEIVABLE, c, Money.USD)).isEqualTo(Money.usd("0.00"));
        assertThat(ledger.balance(AccountCode.CLIENT_PAYABLE, c, Money.USD)).isEqualTo(Money.usd("1295.00"));
    }

    @Test
    void anInvoiceIsInOneOpenRequestAtATimeAndACancelledRequestFreesIt() {
        Client client = fixtures.activeClient();
        Invoice i = ready(client, fixtures.debtor(), "900.00");
        FundingRequest r = request(client, FIONA, i);
        assertThatThrownBy(() -> request(client, FRANK, i))
                .isInstanceOf(FactorlineException.class)
                .hasMessageContaining("is already in funding request " + r.reference());
        assertThat(TestSupport.as(FIONA, () -> funding.queue(client.id().value(), 100)))
                .extracting(Invoice::id)
                .doesNotContain(i.id());
        assertThatThrownBy(() -> TestSupport.as(FIONA, () -> funding.cancel(r.id(), " ")))
                .hasMessageContaining("say why");
        TestSupport.as(FIONA, () -> funding.cancel(r.id(), "client asked to wait"));
        assertThat(request(client, FRANK, i).status()).isEqualTo(FundingStatus.REQUESTED);
    }

    /** Regression: a schedule of more than one page of approved invoices was cut to its first page silently. */
    @Test
    void aScheduleLargerThanOnePageIsRefusedNotCutShort() {
        Client client = fixtures.activeClient();
        Debtor debtor = fixtures.debtor();
        StringBuilder csv = new StringBuilder("invoice_number,debtor,issue_date,terms_days,amount\n");
        for (int i = 0; i <= org.factorline.shared.CursorPage.MAX_LIMIT; i++) {
            csv.append("BIG-")
                    .append(i)
                    .append(',')
                    .append(debtor.reference())
                    .append(',')
                    .append(LocalDate.now(clock))
                    .append(",30,100.00\n");
        }
        var schedule = TestSupport.as(
                TestSupport.admin(),
                () -> imports.importCsv(
                        client.id(),
                        "big.csv",
                        new java.io.ByteArrayInputStream(
                                csv.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        TestSupport.as(
                TestSupport.admin(),
                () -> invoices.inStatus(client.id(), InvoiceStatus.SUBMITTED, 1_000)
                        .forEach(i -> invoices.transition(i.id(), InvoiceStatus.APPROVED, null)));
        assertThatThrownBy(() -> TestSupport.as(
                        FIONA,
                        () -> funding.request(new NewFundingRequest(
                                client.id().value(), null, schedule.id().value(), PayoutMethod.ACH))))
                .isInstanceOf(FactorlineException.class)
                .hasMessageContaining("has more than " + org.factorline.shared.CursorPage.MAX_LIMIT);
    }

    @Test
    void onlyApprovedInvoicesOfTheClientCanBeRequested() {
        Client client = fixtures.activeClient();
        Client other = fixtures.activeClient();
        Invoice submitted = TestSupport.as(
                TestSupport.admin(),
                () -> invoices.submit(
                        new NewInvoice(
                                client.id(),
                                fixtures.debtor().id(),
                                TestSupport.unique("S"),
                                null,
                                LocalDate.now(clock),
                                30,
                                null,
                                Money.usd("100.00")),
                        ScheduleSource.MANUAL));
        assertThatThrownBy(() -> request(client, FIONA, submitted))
                .hasMessageContaining("is SUBMITTED; only approved invoices are funded");
        Invoice othersInvoice = ready(other, fixtures.debtor(), "100.00");
        assertThatThrownBy(() -> request(client, FIONA, othersInvoice))
                .hasMessageContaining("belongs to another client");
    }
}
