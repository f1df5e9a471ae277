package org.factorline.debtors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Walks the whole transition table: every pair of states, allowed or refused. */
class DebtorStatusTest {

    static Stream<Arguments> everyPair() {
        var allowed = java.util.Map.of(
                DebtorStatus.ACTIVE, EnumSet.of(DebtorStatus.ON_HOLD, DebtorStatus.INSOLVENT, DebtorStatus.CLOSED),
                DebtorStatus.ON_HOLD, EnumSet.of(DebtorStatus.ACTIVE, DebtorStatus.INSOLVENT, DebtorStatus.CLOSED),
                DebtorStatus.INSOLVENT, EnumSet.of(DebtorStatus.ON_HOLD, DebtorStatus.CLOSED),
                DebtorStatus.CLOSED, EnumSet.of(DebtorStatus.ACTIVE, DebtorStatus.ON_HOLD));
        return Stream.of(DebtorStatus.values())
                .flatMap(from -> Stream.of(DebtorStatus.values())
                        .map(to -> Arguments.of(from, to, allowed.get(from).contains(to))));
    }

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @MethodSource("everyPair")
    void transitionTable(DebtorStatus from, DebtorStatus to, boolean allowed) {
        assertThat(from.canMoveTo(to)).isEqualTo(allowed);
    }

    @ParameterizedTest
    @MethodSource("everyPair")
    void noStateMovesToItself(DebtorStatus from, DebtorStatus to, boolean allowed) {
        if (from == to) {
            assertThat(allowed).isFalse();
        }
    }
}
