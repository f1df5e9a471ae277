package org.factorline.payouts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.factorline.payouts.PayoutFixtures.FRIDAY_AFTERNOON;
import static org.factorline.payouts.PayoutFixtures.ORIGINATOR;
import static org.factorline.payouts.PayoutFixtures.request;
import static org.factorline.payouts.PayoutFixtures.workedExampleAdvance;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.factorline.shared.BusinessCalendar;
import org.factorline.shared.Money;
import org.factorline.shared.RoutingNumber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What a NACHA file cannot carry is refused before a file is made, with a message that names the entry
 * (its payout reference), the field and the value.
 */
class NachaInputTest {

    @ParameterizedTest(name = "{1} = {2}: {3}")
    @CsvSource(
            delimiter = '|',
            value = {
                "021000022 | routingNumber | 021000022 | fails the ABA check digit",
                "12345678  | routingNumber | 12345678  | must be exactly 9 digits",
                "02100002A | routingNumber | 02100002A | must be exactly 9 digits",
            })
    void aBadRoutingNumberIsRefused(String routing, String field, String value, String message) {
        assertThatThrownBy(() -> NachaEntry.credit(
                        "PO-2026-000007",
                        "Acme Trucking",
                        routing,
                        "4001234567",
                        AchAccountType.CHECKING,
                        Money.usd("10")))
                .isInstanceOfSatisfying(NachaException.class, e -> {
                    assertThat(e).isInstanceOf(IllegalArgumentException.class);
                    assertThat(e.entry()).isEqualTo("PO-2026-000007");
                    assertThat(e.problem().field()).isEqualTo(field);
                    assertThat(e.problem().value()).isEqualTo(value);
                })
                .hasMessage("entry PO-2026-000007, " + field + " = \"" + value + "\": " + message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "0.00            | USD | USD 0.00            | must be positive",
                "-25.00          | USD | USD -25.00          | must be positive",
                "100000000.00    | USD | USD 100000000.00    | must be at most USD 99999999.99 (10 digits of cents in an ACH entry)",
                "123456789012.34 | USD | USD 123456789012.34 | must be at most USD 99999999.99 (10 digits of cents in an ACH entry)",
                "7970.00         | EUR | EUR 7970.00         | must be in USD: ACH moves US dollars only",
            })
    void anAmountThatIsNotAPositiveDollarAmountOfTenDigitsIsRefused(
            String amount, String currency, String shown, String message) {
        assertThatThrownBy(() -> entryOf(Money.of(amount, currency)))
                .isInstanceOf(NachaException.class)
                .hasMessage("entry PO-2026-000007, amount = \"" + shown + "\": " + message);
    }

    @Test
    void theLargestAmountAnEntryCanCarryIsAccepted() {
        assertThat(entryOf(Money.usd("99999999.99")).amountMinor()).isEqualTo(9_999_999_999L);
        assertThat(entryOf(Money.usd("0.01")).amountMinor()).isEqualTo(1);
    }

    @Test
    void aBadAccountNumberIsRefusedWithoutShowingIt() {
        assertThatThrownBy(() -> NachaEntry.credit(
                        "PO-1", "Acme", "021000021", "123456789012345678901", AchAccountType.CHECKING, Money.usd("10")))
                .isInstanceOf(NachaException.class)
                .hasMessage("entry PO-1, accountNumber = \"••••8901\": must be 4 to 17 digits")
                .message()
                .doesNotContain("1234567890");
    }

    @ParameterizedTest(name = "identification number \"{0}\": {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "PO-2026-00000012 | must be at most 15 characters",
                "PO-2026-€1       | must be printable ASCII only (character 9 is not)",
            })
    void anIdentificationNumberIsNeverCutOrChanged(String id, String message) {
        assertThatThrownBy(() -> NachaEntry.credit(
                        id, "Acme", "021000021", "4001234567", AchAccountType.CHECKING, Money.usd("1")))
                .isInstanceOf(NachaException.class)
                .hasMessage("entry " + id + ", identificationNumber = \"" + id + "\": " + message);
    }

    @Test
    void anEntryNeedsAReferenceAndAName() {
        assertThatThrownBy(() -> NachaEntry.credit(
                        "  ", "Acme", "021000021", "4001234567", AchAccountType.CHECKING, Money.usd("1")))
                .isInstanceOf(NachaException.class)
                .hasMessageContaining("identificationNumber")
                .hasMessageContaining("is required");
        // Nothing of a name in Japanese script survives in an ASCII field, so there is no name left.
        assertThatThrownBy(() -> NachaEntry.credit(
                        "PO-3", "日本通運", "021000021", "4001234567", AchAccountType.CHECKING, Money.usd("1")))
                .isInstanceOf(NachaException.class)
                .hasMessage("entry PO-3, receiverName = \"\": is required");
    }

    @Test
    void theSameReferenceTwiceInAFileIsRefused() {
        List<NachaEntry> twice = List.of(workedExampleAdvance(), workedExampleAdvance());
        assertThatThrownBy(() -> request(FRIDAY_AFTERNOON, List.of(NachaBatch.of("ADVANCE", twice))))
                .isInstanceOf(NachaException.class)
                .hasMessage(
                        "entry PO-2026-000001, identificationNumber = \"PO-2026-000001\": appears more than once in the file");
    }

    @Test
    void aBatchWhoseTotalDoesNotFitTwelveDigitsIsRefused() {
        List<NachaEntry> entries = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            entries.add(NachaEntry.credit(
                    "PO-" + i, "Acme", "021000021", "4001234567", AchAccountType.CHECKING, Money.usd("99999999.99")));
        }
        NachaFileRequest request = request(FRIDAY_AFTERNOON, List.of(NachaBatch.of("ADVANCE", entries)));
        assertThatThrownBy(() -> new NachaWriter(new BusinessCalendar()).write(request))
                .isInstanceOf(NachaException.class)
                .hasMessageStartingWith(
                        "batches[1].totalCredit = \"1009999999899 cents\": must be at most 999999999999 cents");
    }

    @Test
    void aFileHasABoundedNumberOfEntries() {
        NachaEntry one = workedExampleAdvance();
        List<NachaEntry> many = new ArrayList<>(Collections.nCopies(NachaFileRequest.MAX_ENTRIES_PER_FILE + 1, one));
        assertThatThrownBy(() -> request(FRIDAY_AFTERNOON, List.of(NachaBatch.of("ADVANCE", many))))
                .isInstanceOf(NachaException.class)
                .hasMessage("entries = \"10001 entries\": must be at most 10000");
    }

    @ParameterizedTest(name = "file id modifier ''{0}''")
    @CsvSource({"a", "-", "' '"})
    void theFileIdModifierIsALetterOrADigit(char modifier) {
        assertThatThrownBy(() -> new NachaFileRequest(
                        ORIGINATOR,
                        FRIDAY_AFTERNOON,
                        PayoutFixtures.CHICAGO,
                        modifier,
                        "",
                        List.of(NachaBatch.of("X", List.of(workedExampleAdvance())))))
                .isInstanceOf(NachaException.class)
                .hasMessage("fileIdModifier = \"" + modifier + "\": must be A to Z or 0 to 9");
    }

    @Test
    void batchCodesAreRefusedRatherThanCut() {
        List<NachaEntry> one = List.of(workedExampleAdvance());
        assertThatThrownBy(() -> NachaBatch.of("VENDORPAYMENT", one))
                .isInstanceOf(NachaException.class)
                .hasMessage("entryDescription = \"VENDORPAYMENT\": must be at most 10 characters");
        assertThatThrownBy(() -> NachaBatch.of(" ", one))
                .isInstanceOf(NachaException.class)
                .hasMessage("entryDescription = \"\": is required");
        assertThatThrownBy(() -> new NachaBatch("ADVANCE", "SCHEDULE S-2026-000123", "", null, one))
                .isInstanceOf(NachaException.class)
                .hasMessage("companyDiscretionaryData = \"SCHEDULE S-2026-000123\": must be at most 20 characters");
        assertThatThrownBy(() -> NachaBatch.of("ADVANCE", List.of()))
                .isInstanceOf(NachaException.class)
                .hasMessageContaining("at least one entry");
    }

    @Test
    void theOriginatorIsUsedExactlyAsTheBankAssignedIt() {
        RoutingNumber odfi = new RoutingNumber("091000019");
        assertThatThrownBy(() -> new NachaOriginator(odfi, "Bank", "841234567", "Factor", "Factor", "1841234567"))
                .isInstanceOf(NachaException.class)
                .hasMessageStartingWith("immediateOrigin = \"841234567\": must be exactly 10 printable characters");
        assertThatThrownBy(() -> new NachaOriginator(odfi, "Bank", "1841234567", "Factor", "Factor", "18412345678"))
                .isInstanceOf(NachaException.class)
                .hasMessage("companyId = \"18412345678\": must be at most 10 characters");
        NachaOriginator spaced = new NachaOriginator(odfi, "Bank", " 091000019", "Factor", "Factor", "1841234567");
        assertThat(spaced.immediateOrigin()).isEqualTo(" 091000019");
        assertThat(spaced.immediateDestination()).isEqualTo(" 091000019");
        assertThat(spaced.odfiId()).isEqualTo("09100001");
    }

    private static NachaEntry entryOf(Money amount) {
        return new NachaEntry(
                "PO-2026-000007",
                "Acme Trucking",
                new RoutingNumber("021000021"),
                new org.factorline.shared.BankAccountNumber("4001234567"),
                AchAccountType.CHECKING,
                amount,
                "");
    }
}
