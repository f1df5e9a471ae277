package org.factorline.receipts;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;
import org.factorline.debtors.DebtorId;
import org.factorline.invoices.InvoiceId;
import org.factorline.invoices.InvoiceNumbers;
import org.factorline.shared.Money;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How the matching engine reads remittance text and how sure it is, one row per case. */
class MatcherTest {

    static final DebtorId ACME = new DebtorId(UUID.fromString("00000000-0000-7000-8000-000000000001"));
    static final DebtorId OTHER = new DebtorId(UUID.fromString("00000000-0000-7000-8000-000000000002"));

    static Matcher.Candidate invoice(String number, DebtorId debtor, String open) {
        return new Matcher.Candidate(
                new InvoiceId(UUID.nameUUIDFromBytes(number.getBytes())),
                number,
                InvoiceNumbers.normalize(number),
                debtor,
                debtor.equals(ACME) ? "acme tooling" : "globex",
                Money.usd(open));
    }

    @ParameterizedTest(name = "{0} paying {1} with \"{2}\" → {3} at {4}")
    @CsvSource(textBlock = """
            # payer known, amount,  remittance,                       invoice found,  confidence
            true,          1000.00, 'Invoice 1001',                   1001,           0.99
            true,          1000.00, 'INV#001001 thank you',           1001,           0.92
            true,          1000.00, 'INV1001',                        1001,           0.92
            true,          1000.00, 'ref 1OO1',                       1001,           0.90
            true,          600.00,  'part payment 1OO1',              1001,           0.85
            true,          600.00,  'part payment 1001',              1001,           0.95
            false,         1000.00, 'Invoice 1001',                   1001,           0.80
            true,          1000.00, 'no reference at all',            1001,           0.90
            """, ignoreLeadingAndTrailingWhitespace = true)
    void readsRemittanceAsPeopleAndScannersWriteIt(
            boolean payerKnown, String amount, String remittance, String expected, String confidence) {
        List<Matcher.Proposal> p = Matcher.propose(
                Money.usd(amount),
                remittance,
                null,
                payerKnown ? ACME : null,
                List.of(invoice("1001", ACME, "1000.00"), invoice("2002", ACME, "400.00")),
                false);
        assertThat(p).hasSize(1);
        assertThat(p.get(0).candidate().number()).isEqualTo(expected);
        assertThat(p.get(0).confidence()).isEqualByComparingTo(new BigDecimal(confidence));
    }

    @Test
    void aDebtorNamedInTheRemittanceCountsAsTheKnownPayer() {
        List<Matcher.Proposal> p = Matcher.propose(
                Money.usd("1000.00"),
                "INV 1001 ACME TOOLING CO",
                null,
                null,
                List.of(invoice("1001", ACME, "1000.00")),
                false);
        assertThat(p.get(0).confidence()).isEqualByComparingTo("0.99");
        assertThat(p.get(0).reason()).contains("the debtor is named in the remittance");
    }

    @Test
    void onePaymentForSeveralInvoicesIsSplitWhenTheAmountsAddUp() {
        List<Matcher.Proposal> p = Matcher.propose(
                Money.usd("1400.00"),
                "1001, 2002",
                null,
                ACME,
                List.of(invoice("1001", ACME, "1000.00"), invoice("2002", ACME, "400.00")),
                false);
        assertThat(p).extracting(x -> x.amount()).containsExactly(Money.usd("1000.00"), Money.usd("400.00"));
        assertThat(p).allSatisfy(x -> assertThat(x.confidence()).isEqualByComparingTo("0.99"));
    }

    @Test
    void theSameNumberOnAnotherDebtorsInvoiceIsNotThisPayment() {
        List<Matcher.Proposal> p = Matcher.propose(
                Money.usd("1000.00"), "Invoice 1001", null, ACME, List.of(invoice("1001", OTHER, "1000.00")), false);
        assertThat(p).isEmpty();
    }

    @Test
    void anOverpaymentIsCappedAtWhatIsOpen() {
        List<Matcher.Proposal> p = Matcher.propose(
                Money.usd("1200.00"), "Invoice 1001", null, ACME, List.of(invoice("1001", ACME, "1000.00")), false);
        assertThat(p.get(0).amount()).isEqualTo(Money.usd("1000.00"));
    }

    @Test
    void keysIncludeThePrefixDroppedAndTheMisreadForms() {
        assertThat(Matcher.keysIn("INV#001001 1OO2")).contains("INV1001", "1001", "1002");
    }
}
