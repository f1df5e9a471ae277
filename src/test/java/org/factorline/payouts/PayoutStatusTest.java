package org.factorline.payouts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Set;
import org.factorline.shared.ErrorCode;
import org.factorline.shared.FactorlineException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The payout lifecycle, walked move by move: every pair of states is either allowed or refused by name. */
class PayoutStatusTest {

    static final Set<String> ALLOWED = Set.of("PENDING>RELEASED", "RELEASED>SENT", "SENT>SETTLED", "SENT>RETURNED");

    @ParameterizedTest(name = "from {0}")
    @EnumSource(PayoutStatus.class)
    void everyMoveIsInTheTableOrRefusedNamingBothStates(PayoutStatus from) {
        for (PayoutStatus to : PayoutStatus.values()) {
            boolean allowed = ALLOWED.contains(from + ">" + to);
            assertThat(from.canMoveTo(to)).as(from + " → " + to).isEqualTo(allowed);
            if (allowed) {
                from.requireMove("P-2026-000001", to);
            } else {
                assertThatThrownBy(() -> from.requireMove("P-2026-000001", to))
                        .isInstanceOf(FactorlineException.class)
                        .hasMessageContaining("P-2026-000001")
                        .hasMessageContaining("from " + from + " to " + to)
                        .extracting(e -> ((FactorlineException) e).code())
                        .isEqualTo(ErrorCode.PAYOUT_ILLEGAL_TRANSITION);
            }
        }
    }

    @Test
    void settledAndReturnedAreFinalAndOnlyUnsentPayoutsAreOpen() {
        assertThat(EnumSet.allOf(PayoutStatus.class).stream().filter(PayoutStatus::isFinal))
                .containsExactlyInAnyOrder(PayoutStatus.SETTLED, PayoutStatus.RETURNED);
        assertThat(EnumSet.allOf(PayoutStatus.class).stream().filter(PayoutStatus::isOpen))
                .containsExactlyInAnyOrder(PayoutStatus.PENDING, PayoutStatus.RELEASED);
        assertThat(PayoutStatus.SENT.canMoveTo(null)).isFalse();
    }

    @Test
    void aFileIsMarkedSentOnce() {
        assertThat(PayoutFileStatus.RELEASED.canMoveTo(PayoutFileStatus.SENT)).isTrue();
        assertThatThrownBy(() -> PayoutFileStatus.SENT.requireMove("P-FILE-2026-000001", PayoutFileStatus.SENT))
                .hasMessageContaining("P-FILE-2026-000001 cannot go from SENT to SENT")
                .extracting(e -> ((FactorlineException) e).code())
                .isEqualTo(ErrorCode.PAYOUT_FILE_ILLEGAL_TRANSITION);
    }

    @Test
    void achFilesOfOneDayTakeModifiersAToZThenZeroToNineThenStartAgain() {
        assertThat(BankFiles.modifier(1)).isEqualTo('A');
        assertThat(BankFiles.modifier(26)).isEqualTo('Z');
        assertThat(BankFiles.modifier(27)).isEqualTo('0');
        assertThat(BankFiles.modifier(36)).isEqualTo('9');
        assertThat(BankFiles.modifier(37)).isEqualTo('A');
        assertThat(BankFiles.referenceCode("P-FILE-2026-000042")).isEqualTo("PF000042");
    }
}
