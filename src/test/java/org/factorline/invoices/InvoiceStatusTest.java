package org.factorline.invoices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.factorline.invoices.InvoiceStatus.APPROVED;
import static org.factorline.invoices.InvoiceStatus.CHARGED_BACK;
import static org.factorline.invoices.InvoiceStatus.CLOSED;
import static org.factorline.invoices.InvoiceStatus.FUNDED;
import static org.factorline.invoices.InvoiceStatus.PAID;
import static org.factorline.invoices.InvoiceStatus.PARTIALLY_PAID;
import static org.factorline.invoices.InvoiceStatus.REJECTED;
import static org.factorline.invoices.InvoiceStatus.SUBMITTED;
import static org.factorline.invoices.InvoiceStatus.WITHDRAWN;
import static org.factorline.invoices.InvoiceStatus.WRITTEN_OFF;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.factorline.shared.ErrorCode;
import org.factorline.shared.FactorlineException;
import org.junit.jupiter.api.Test;

/** Walks the whole lifecycle table: every (from, to) pair is either allowed or refused, naming both states. */
class InvoiceStatusTest {

    /** The lifecycle as the business states it, written out independently of the enum's own table. */
    static final Map<InvoiceStatus, Set<InvoiceStatus>> EXPECTED = Map.of(
            SUBMITTED, EnumSet.of(APPROVED, REJECTED, WITHDRAWN),
            APPROVED, EnumSet.of(FUNDED, REJECTED, WITHDRAWN),
            REJECTED, EnumSet.noneOf(InvoiceStatus.class),
            WITHDRAWN, EnumSet.noneOf(InvoiceStatus.class),
            FUNDED, EnumSet.of(PARTIALLY_PAID, PAID, CHARGED_BACK, WRITTEN_OFF),
            PARTIALLY_PAID, EnumSet.of(PARTIALLY_PAID, PAID, CHARGED_BACK, WRITTEN_OFF),
            PAID, EnumSet.of(CLOSED),
            CHARGED_BACK, EnumSet.of(CLOSED),
            WRITTEN_OFF, EnumSet.of(CLOSED),
            CLOSED, EnumSet.noneOf(InvoiceStatus.class));

    @Test
    void everyPairIsAllowedOrRefusedExactlyAsTheLifecycleSays() {
        assertThat(EXPECTED.keySet()).containsExactlyInAnyOrder(InvoiceStatus.values());
        int allowed = 0;
        int refused = 0;
        for (InvoiceStatus from : InvoiceStatus.values()) {
            assertThat(from.next()).as("next of %s", from).isEqualTo(EXPECTED.get(from));
            for (InvoiceStatus to : InvoiceStatus.values()) {
                boolean expected = EXPECTED.get(from).contains(to);
                assertThat(from.canMoveTo(to)).as("%s -> %s", from, to).isEqualTo(expected);
                if (expected) {
                    from.requireMove("INV-1", to);
                    allowed++;
                } else {
                    assertThatThrownBy(() -> from.requireMove("INV-1", to))
                            .isInstanceOf(FactorlineException.class)
                            .hasMessageContaining("invoice INV-1 cannot go from " + from + " to " + to)
                            .satisfies(e -> assertThat(((FactorlineException) e).code())
                                    .isEqualTo(ErrorCode.INVOICE_ILLEGAL_TRANSITION));
                    refused++;
                }
            }
        }
        assertThat(allowed).isEqualTo(17);
        assertThat(refused).isEqualTo(100 - 17);
    }

    @Test
    void finalStatesLeadNowhereAndNullIsNeverAMove() {
        assertThat(EnumSet.allOf(InvoiceStatus.class).stream().filter(InvoiceStatus::isFinal))
                .containsExactlyInAnyOrder(REJECTED, WITHDRAWN, CLOSED);
        assertThat(SUBMITTED.canMoveTo(null)).isFalse();
        assertThatThrownBy(() -> CLOSED.requireMove("INV-9", PAID))
                .hasMessage("invoice INV-9 cannot go from CLOSED to PAID; it is final");
    }

    @Test
    void theTableCannotBeChangedFromOutside() {
        assertThatThrownBy(() -> SUBMITTED.next().add(PAID)).isInstanceOf(UnsupportedOperationException.class);
    }
}
