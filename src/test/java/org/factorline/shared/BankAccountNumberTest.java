package org.factorline.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BankAccountNumberTest {

    @Test
    void toStringShowsTheLastFourOnly() {
        BankAccountNumber account = new BankAccountNumber("000123456789");
        assertThat(account.toString()).isEqualTo("••••6789").doesNotContain("000123456789", "12345");
        assertThat(account.masked()).isEqualTo("••••6789");
        assertThat(account.lastFour()).isEqualTo("6789");
        assertThat(account.value()).isEqualTo("000123456789");
    }

    @Test
    void aRecordHoldingOneDoesNotLeakItThroughToString() {
        record Payout(String name, BankAccountNumber account) {}
        var payout = new Payout("Lone Star Freight", new BankAccountNumber("98765432101234567"));
        assertThat(payout.toString()).doesNotContain("98765432101234567").contains("••••4567");
        assertThat(List.of(payout).toString()).doesNotContain("98765432101234567");
        assertThat(String.valueOf(new BankAccountNumber("98765432101234567"))).isEqualTo("••••4567");
    }

    @Test
    void surroundingSpacesAreStripped() {
        assertThat(new BankAccountNumber("  12345678 ").value()).isEqualTo("12345678");
        assertThat(new BankAccountNumber("12345678")).isEqualTo(new BankAccountNumber(" 12345678"));
    }

    @Test
    void fourToSeventeenDigits() {
        assertThat(new BankAccountNumber("1234").toString()).isEqualTo("••••");
        assertThat(new BankAccountNumber("12345678901234567").lastFour()).isEqualTo("4567");
    }

    @ParameterizedTest
    @ValueSource(strings = {"123", "123456789012345678", "12-345678", "1234 5678", "ACCT12345678", ""})
    void invalidNumbersAreRefusedWithoutEchoingThem(String raw) {
        assertThatThrownBy(() -> new BankAccountNumber(raw)).isInstanceOfSatisfying(FactorlineException.class, e -> {
            assertThat(e.problems()).singleElement().satisfies(p -> {
                assertThat(p.field()).isEqualTo("accountNumber");
                if (raw.strip().length() > 4) {
                    assertThat(p.value()).doesNotContain(raw.strip());
                }
                assertThat(p.toString()).doesNotContain("12345678");
            });
            assertThat(e.getMessage()).doesNotContain("12345678");
        });
    }

    @Test
    void nullIsRefused() {
        assertThatThrownBy(() -> new BankAccountNumber(null)).isInstanceOf(FactorlineException.class);
        assertThat(BankAccountNumber.mask(null)).isNull();
    }

    @Test
    void maskOfAnyInputKeepsOnlyTheLastFour() {
        assertThat(BankAccountNumber.mask("123456789012345678901234")).isEqualTo("••••1234");
        assertThat(BankAccountNumber.mask("12")).isEqualTo("••••");
        assertThat(BankAccountNumber.mask(" 9876543 ")).isEqualTo("••••6543");
    }
}
