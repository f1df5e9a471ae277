package org.factorline.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class RoutingNumberTest {

    @ParameterizedTest
    @ValueSource(strings = {"021000021", "011000015", "111000025", "026009593", "121000358"})
    void acceptsRealRoutingNumbers(String value) {
        RoutingNumber routing = new RoutingNumber(value);
        assertThat(routing.value()).isEqualTo(value);
        assertThat(routing).hasToString(value);
        assertThat(RoutingNumber.checkDigitValid(value)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"021000022", "011000016", "111000020", "121000359", "123456789"})
    void refusesAWrongCheckDigit(String value) {
        assertThatThrownBy(() -> new RoutingNumber(value)).isInstanceOfSatisfying(FactorlineException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(e.problems()).singleElement().satisfies(p -> {
                assertThat(p.field()).isEqualTo("routingNumber");
                assertThat(p.value()).isEqualTo(value);
                assertThat(p.message()).contains("check digit");
            });
        });
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"02100002A", "0210000211", "02100002", " 021000021", "021-000-021", "０２１００００２１"})
    void refusesAnythingButNineDigits(String value) {
        assertThatThrownBy(() -> new RoutingNumber(value))
                .isInstanceOfSatisfying(
                        FactorlineException.class,
                        e -> assertThat(e.problems()).singleElement().satisfies(p -> {
                            assertThat(p.field()).isEqualTo("routingNumber");
                            assertThat(p.message()).isEqualTo("must be exactly 9 digits");
                        }));
    }

    @ParameterizedTest
    @CsvSource({"021000021, true", "011000015, true", "021000012, false", "210000021, false"})
    void checkDigitRule(String digits, boolean valid) {
        assertThat(RoutingNumber.checkDigitValid(digits)).isEqualTo(valid);
    }
}
