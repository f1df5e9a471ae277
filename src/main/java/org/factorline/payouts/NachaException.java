package org.factorline.payouts;

import org.factorline.shared.FieldProblem;

/**
 * Input a NACHA file cannot carry, or a NACHA file that does not add up. The message names where (the
 * entry's identification number, or the line of the file), the field and the value, so that whoever
 * prepared the payout can fix it without reading code.
 */
public final class NachaException extends IllegalArgumentException {

    private final transient FieldProblem problem;
    private final String entry;

    private NachaException(String entry, FieldProblem problem) {
        super((entry == null ? "" : "entry " + entry + ", ") + problem);
        this.entry = entry;
        this.problem = problem;
    }

    /** A problem with one entry's input; {@code entry} is its identification number. */
    static NachaException inEntry(String entry, String field, Object value, String message) {
        return new NachaException(entry, FieldProblem.of(field, value, message));
    }

    /** A problem with file-level input (the originator, a batch, the file header). */
    static NachaException inField(String field, Object value, String message) {
        return new NachaException(null, FieldProblem.of(field, value, message));
    }

    /** A problem found reading a file; {@code line} counts from 1. */
    static NachaException atLine(long line, String field, Object value, String message) {
        return new NachaException(null, FieldProblem.atLine(line, field, value, message));
    }

    public FieldProblem problem() {
        return problem;
    }

    /** The identification number of the entry at fault, or null when the problem is not in one entry. */
    public String entry() {
        return entry;
    }
}
