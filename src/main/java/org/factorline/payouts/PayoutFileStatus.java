package org.factorline.payouts;

import java.util.List;
import org.factorline.shared.ErrorCode;
import org.factorline.shared.FactorlineException;
import org.factorline.shared.FieldProblem;

/**
 * A bank file is RELEASED when a second person has made it, and SENT once someone has uploaded it to
 * the bank and said so. Nothing moves a file back: a file the bank refused is a matter for its payouts.
 */
public enum PayoutFileStatus {
    RELEASED,
    SENT;

    public boolean canMoveTo(PayoutFileStatus target) {
        return this == RELEASED && target == SENT;
    }

    /** Refuses an illegal move, naming the file, the state it is in and the state asked for. */
    public void requireMove(String fileReference, PayoutFileStatus target) {
        if (!canMoveTo(target)) {
            throw new FactorlineException(
                    ErrorCode.PAYOUT_FILE_ILLEGAL_TRANSITION,
                    "payout file " + fileReference + " cannot go from " + this + " to " + target
                            + (this == SENT ? "; it was already marked sent" : ""),
                    List.of(FieldProblem.of("status", this, "cannot go to " + target)));
        }
    }
}
