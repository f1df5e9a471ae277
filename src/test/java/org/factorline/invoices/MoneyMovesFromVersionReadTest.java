package org.factorline.invoices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.factorline.clients.Client;
import org.factorline.funding.Funding;
import org.factorline.funding.FundingRequest;
import org.factorline.funding.NewFundingRequest;
import org.factorline.identity.Actor;
import org.factorline.identity.Role;
import org.factorline.pricing.PayoutMethod;
import org.factorline.shared.Money;
import org.factorline.support.FactorlineTest;
import org.factorline.support.TestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.OptimisticLockingFailureException;

/**
 * A large bank file reads its invoices, applies its payments and closes them out, and only then writes their
 * rows, from the versions it read them at: an invoice another transaction moved in between refuses the lot
 * instead of being overwritten with moves figured on what it was before.
 */
@FactorlineTest
class MoneyMovesFromVersionReadTest {

    static final Actor OFFICER = new Actor(null, "moves-officer", "Officer", null, EnumSet.of(Role.FUNDING_OFFICER));

    @Autowired
    Invoices invoices;

    @Autowired
    Funding funding;

    @Autowired
    TestSupport.Fixtures fixtures;

    @Test
    void anInvoiceMovedSinceItWasReadRefusesTheMoves() {
        Client client = fixtures.activeClient();
        Invoice invoice = fixtures.readyToFund(client, fixtures.debtor(), Money.usd("1000.00"));
        TestSupport.as(OFFICER, () -> {
            FundingRequest r = funding.request(new NewFundingRequest(
                    client.id().value(), List.of(invoice.id().value()), null, PayoutMethod.ACH));
            return funding.approve(r.id());
        });
        int read = TestSupport.as(OFFICER, () -> invoices.get(invoice.id())).version();
        // someone else's payment moves it meanwhile
        TestSupport.as(
                OFFICER, () -> invoices.recordMoneyMove(invoice.id(), InvoiceStatus.PARTIALLY_PAID, "another payment"));

        assertThatThrownBy(() -> TestSupport.as(
                        OFFICER,
                        () -> invoices.recordMoneyMoves(
                                List.of(new Invoices.MoneyMove(invoice.id(), InvoiceStatus.PAID, "the file's payment")),
                                Map.of(invoice.id(), read))))
                .isInstanceOf(OptimisticLockingFailureException.class)
                .hasMessageContaining(invoice.number());
        Invoice now = TestSupport.as(OFFICER, () -> invoices.get(invoice.id()));
        assertThat(now.status()).isEqualTo(InvoiceStatus.PARTIALLY_PAID);
        assertThat(now.version()).isEqualTo(read + 1);

        // from the version it is at, the same moves go through, each row written once
        TestSupport.as(
                OFFICER,
                () -> invoices.recordMoneyMoves(
                        List.of(
                                new Invoices.MoneyMove(invoice.id(), InvoiceStatus.PAID, "the file's payment"),
                                new Invoices.MoneyMove(invoice.id(), InvoiceStatus.CLOSED, "closed out")),
                        Map.of(invoice.id(), read + 1)));
        Invoice closed = TestSupport.as(OFFICER, () -> invoices.get(invoice.id()));
        assertThat(closed.status()).isEqualTo(InvoiceStatus.CLOSED);
        assertThat(closed.version()).isEqualTo(read + 3);
    }
}
