package org.factorline.shared;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects every problem with an input before refusing it, so that a person fixes all of them at once
 * instead of one per round trip.
 */
public final class Validation {

    private final List<FieldProblem> problems = new ArrayList<>();

    public Validation require(boolean ok, String field, Object value, String message) {
        if (!ok) {
            problems.add(FieldProblem.of(field, value, message));
        }
        return this;
    }

    public Validation add(FieldProblem problem) {
        problems.add(problem);
        return this;
    }

    public boolean isEmpty() {
        return problems.isEmpty();
    }

    public List<FieldProblem> problems() {
        return List.copyOf(problems);
    }

    public void throwIfAny() {
        if (!problems.isEmpty()) {
            String first = problems.get(0).toString();
            String detail = problems.size() == 1 ? first : first + " (and " + (problems.size() - 1) + " more)";
            throw new FactorlineException(ErrorCode.VALIDATION_FAILED, detail, problems);
        }
    }
}
