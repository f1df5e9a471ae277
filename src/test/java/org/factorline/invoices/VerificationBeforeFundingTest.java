package org.factorline.invoices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import org.factorline.clients.Client;
import org.factorline.funding.Funding;
import org.factorline.funding.FundingRequest;
import org.factorline.funding.NewFundingRequest;
import org.factorline.identity.Actor;
import org.factorline.identity.Role;
import org.factorline.pricing.PayoutMethod;
import org.factorline.pricing.ReceiptKind;
import org.factorline.receipts.IncomingPayment;
import org.factorline.receipts.Payment;
import org.factorline.receipts.Receipts;
import org.factorline.shared.FactorlineException;
import org.factorline.shared.Money;
import org.factorline.support.FactorlineTest;
import org.factorline.support.TestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Verification is before funding: once an invoice is bought its verification is settled, whether it is
 * still unpaid or already partly paid (a partly paid invoice used to take a dispute the funded one refused).
 */
@FactorlineTest
class VerificationBeforeFundingTest {

    static final Actor OFFICER =
            new Actor(null, "verify-officer", "Officer", null, EnumSet.of(Role.FUNDING_OFFICER, Role.VERIFIER));

    @Autowired
    Invoices invoices;

    @Autowired
    Funding funding;

    @Autowired
    Receipts receipts;

    @Autowired
    TestSupport.Fixtures fixtures;

    @Autowired
    java.time.Clock clock;

    @Test
    void aFundedOrPartlyPaidInvoiceTakesNoDispute() {
        Client client = fixtures.activeClient();
        Invoice invoice = fixtures.readyToFund(client, fixtures.debtor(), Money.usd("1000.00"));
        TestSupport.as(OFFICER, () -> {
            FundingRequest r = funding.request(new NewFundingRequest(
                    client.id().value(), List.of(invoice.id().value()), null, PayoutMethod.ACH));
            return funding.approve(r.id());
        });
        assertThatThrownBy(() -> TestSupport.as(
                        OFFICER,
                        () -> invoices.recordVerification(invoice.id(), VerificationStatus.DISPUTED, "goods short")))
                .isInstanceOf(FactorlineException.class)
                .hasMessageContaining("FUNDED");

        Payment p = TestSupport.as(
                OFFICER,
                () -> receipts.record(
                        new IncomingPayment(
                                LocalDate.now(clock),
                                Money.usd("400.00"),
                                ReceiptKind.ELECTRONIC,
                                TestSupport.unique("Payer"),
                                null,
                                null,
                                null,
                                null,
                                "test"),
                        null));
        TestSupport.as(OFFICER, () -> receipts.apply(p.id(), invoice.id(), Money.usd("400.00")));
        assertThat(TestSupport.as(OFFICER, () -> invoices.get(invoice.id())).status())
                .isEqualTo(InvoiceStatus.PARTIALLY_PAID);

        assertThatThrownBy(() -> TestSupport.as(
                        OFFICER,
                        () -> invoices.recordVerification(invoice.id(), VerificationStatus.DISPUTED, "goods short")))
                .isInstanceOf(FactorlineException.class)
                .hasMessageContaining("PARTIALLY_PAID");
        Invoice after = TestSupport.as(OFFICER, () -> invoices.get(invoice.id()));
        assertThat(after.verificationStatus()).isEqualTo(VerificationStatus.VERIFIED);
    }
}
