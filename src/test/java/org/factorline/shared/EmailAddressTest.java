package org.factorline.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class EmailAddressTest {

    @ParameterizedTest
    @CsvSource({
        "ap@example.com, ap@example.com",
        "Ada.Lovelace@Example.COM, ada.lovelace@example.com",
        "'  payables@acme-freight.co.uk ', payables@acme-freight.co.uk",
        "ap+invoices@example.com, ap+invoices@example.com",
        "first_last-1%x@sub.domain.example.org, first_last-1%x@sub.domain.example.org"
    })
    void acceptsPlainAddressesAndStoresThemLowerCase(String input, String stored) {
        EmailAddress email = new EmailAddress(input);
        assertThat(email.value()).isEqualTo(stored);
        assertThat(email).hasToString(stored);
        assertThat(email).isEqualTo(new EmailAddress(stored.toUpperCase(java.util.Locale.ROOT)));
    }

    @Test
    void acceptsAnApostrophe() {
        assertThat(new EmailAddress("O'Brien@Example.ie").value()).isEqualTo("o'brien@example.ie");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(
            strings = {
                "no-at-sign",
                "a@b",
                "a@@example.com",
                "a b@example.com",
                "@example.com",
                "ap@",
                "ap@example.c",
                "ap@-.com.",
                "ap@example..com",
                "ap@exa mple.com",
                "ap@example.com>",
                "Accounts Payable <ap@example.com>"
            })
    void refusesWhatIsNotAnAddress(String input) {
        assertThatThrownBy(() -> new EmailAddress(input)).isInstanceOfSatisfying(FactorlineException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(e.problems()).singleElement().satisfies(p -> {
                assertThat(p.field()).isEqualTo("email");
                assertThat(p.value()).isEqualTo(input);
            });
        });
    }

    @Test
    void refusesAnAddressLongerThanMailAllows() {
        String local = "a".repeat(64);
        String domain = "d".repeat(60) + "." + "e".repeat(60) + "." + "f".repeat(60) + ".com";
        String tooLong = local + "@" + domain + "x".repeat(254 - (local.length() + 1 + domain.length()) + 1);
        assertThat(tooLong).hasSizeGreaterThan(254);
        assertThatThrownBy(() -> new EmailAddress(tooLong)).isInstanceOf(FactorlineException.class);
    }
}
