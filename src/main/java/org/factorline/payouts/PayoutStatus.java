package org.factorline.payouts;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.factorline.shared.ErrorCode;
import org.factorline.shared.FactorlineException;
import org.factorline.shared.FieldProblem;

/**
 * Where a payout stands, told honestly: PENDING until a second person releases it into a bank file,
 * RELEASED while the file waits to be uploaded, SENT once the bank has it (the money has left the
 * factor's books), then SETTLED when the bank confirms it arrived or RETURNED when it bounced. A returned
 * payout stays returned; paying the client again is a new payout ({@link Payouts#reissue}).
 */
public enum PayoutStatus {
    PENDING,
    RELEASED,
    SENT,
    SETTLED,
    RETURNED;

    /** The one transition table: every move a payout may make. Anything else is refused. */
    private static final Map<PayoutStatus, Set<PayoutStatus>> NEXT = table();

    private static Map<PayoutStatus, Set<PayoutStatus>> table() {
        Map<PayoutStatus, Set<PayoutStatus>> t = new EnumMap<>(PayoutStatus.class);
        t.put(PENDING, EnumSet.of(RELEASED));
        t.put(RELEASED, EnumSet.of(SENT));
        t.put(SENT, EnumSet.of(SETTLED, RETURNED));
        t.put(SETTLED, EnumSet.noneOf(PayoutStatus.class));
        t.put(RETURNED, EnumSet.noneOf(PayoutStatus.class));
        t.replaceAll((from, to) -> Collections.unmodifiableSet(to));
        return Collections.unmodifiableMap(t);
    }

    /** The states this state may move to. */
    public Set<PayoutStatus> next() {
        return NEXT.get(this);
    }

    public boolean canMoveTo(PayoutStatus target) {
        return target != null && next().contains(target);
    }

    /** No move leads out of it. */
    public boolean isFinal() {
        return next().isEmpty();
    }

    /** Money the factor still owes the client through this payout: not yet out of the bank. */
    public boolean isOpen() {
        return this == PENDING || this == RELEASED;
    }

    /** Refuses an illegal move, naming the payout, the state it is in and the state asked for. */
    public void requireMove(String payoutReference, PayoutStatus target) {
        if (!canMoveTo(target)) {
            String allowed = isFinal() ? "it is final" : "from " + this + " it can go to " + next();
            throw new FactorlineException(
                    ErrorCode.PAYOUT_ILLEGAL_TRANSITION,
                    "payout " + payoutReference + " cannot go from " + this + " to " + target + "; " + allowed,
                    List.of(FieldProblem.of("status", this, "cannot go to " + target)));
        }
    }
}
