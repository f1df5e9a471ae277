package org.factorline.funding;

import java.util.EnumSet;
import java.util.Set;
import org.factorline.shared.ErrorCode;
import org.factorline.shared.FactorlineException;
import org.factorline.shared.FieldProblem;

/**
 * A funding request's life: requested, approved once and waiting for a second approver (above the
 * four-eyes amount), funded; or cancelled before it was funded.
 */
public enum FundingStatus {
    REQUESTED,
    AWAITING_SECOND_APPROVAL,
    FUNDED,
    CANCELLED;

    public Set<FundingStatus> next() {
        return switch (this) {
            case REQUESTED -> EnumSet.of(AWAITING_SECOND_APPROVAL, FUNDED, CANCELLED);
            case AWAITING_SECOND_APPROVAL -> EnumSet.of(FUNDED, CANCELLED);
            case FUNDED, CANCELLED -> EnumSet.noneOf(FundingStatus.class);
        };
    }

    public boolean isOpen() {
        return this == REQUESTED || this == AWAITING_SECOND_APPROVAL;
    }

    /** Refuses an illegal move, naming the request, the state it is in and the state asked for. */
    public void requireMove(String reference, FundingStatus target) {
        if (!next().contains(target)) {
            throw new FactorlineException(
                    ErrorCode.FUNDING_NOT_OPEN,
                    "Funding request " + reference + " cannot go from " + this + " to " + target,
                    java.util.List.of(FieldProblem.of("status", this, "cannot move to " + target)));
        }
    }
}
