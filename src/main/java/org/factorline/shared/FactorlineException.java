package org.factorline.shared;

import java.util.List;

/** A refusal a caller can act on: a catalogue code, a sentence, and the fields at fault. */
public class FactorlineException extends RuntimeException {

    private final ErrorCode code;
    private final transient List<FieldProblem> problems;

    public FactorlineException(ErrorCode code, String detail) {
        this(code, detail, List.of());
    }

    public FactorlineException(ErrorCode code, String detail, List<FieldProblem> problems) {
        super(detail);
        this.code = code;
        this.problems = List.copyOf(problems);
    }

    public static FactorlineException invalid(String field, Object value, String message) {
        return new FactorlineException(
                ErrorCode.VALIDATION_FAILED, field + ": " + message, List.of(FieldProblem.of(field, value, message)));
    }

    public static FactorlineException notFound(String what, Object id) {
        return new FactorlineException(ErrorCode.NOT_FOUND, what + " " + id + " was not found");
    }

    public ErrorCode code() {
        return code;
    }

    public List<FieldProblem> problems() {
        return problems;
    }
}
