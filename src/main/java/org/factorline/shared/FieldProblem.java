package org.factorline.shared;

/**
 * One thing wrong with the input: where ({@code field}, and for files the {@code line}), the value
 * given, and what is wrong with it.
 */
public record FieldProblem(Long line, String field, String value, String message) {

    public static FieldProblem of(String field, Object value, String message) {
        return new FieldProblem(null, field, value == null ? null : String.valueOf(value), message);
    }

    public static FieldProblem atLine(long line, String field, Object value, String message) {
        return new FieldProblem(line, field, value == null ? null : String.valueOf(value), message);
    }

    @Override
    public String toString() {
        String where = line == null ? field : "line " + line + ", " + field;
        return where + (value == null ? "" : " = \"" + value + "\"") + ": " + message;
    }
}
