package org.factorline.debtors;

import java.util.EnumSet;
import java.util.Set;

/**
 * Whether the factor buys invoices on this debtor: active, on hold, insolvent (a credit loss), or closed.
 * A debtor put on hold goes back to active once the doubt is cleared; an insolvent debtor is never
 * simply reactivated: it goes on hold first (say, out of a restructuring) so that someone looks again.
 */
public enum DebtorStatus {
    ACTIVE,
    ON_HOLD,
    INSOLVENT,
    CLOSED;

    /** The states each state may move to; anything else is refused, naming both states. */
    public Set<DebtorStatus> next() {
        return switch (this) {
            case ACTIVE -> EnumSet.of(ON_HOLD, INSOLVENT, CLOSED);
            case ON_HOLD -> EnumSet.of(ACTIVE, INSOLVENT, CLOSED);
            case INSOLVENT -> EnumSet.of(ON_HOLD, CLOSED);
            case CLOSED -> EnumSet.of(ACTIVE, ON_HOLD);
        };
    }

    public boolean canMoveTo(DebtorStatus target) {
        return next().contains(target);
    }
}
