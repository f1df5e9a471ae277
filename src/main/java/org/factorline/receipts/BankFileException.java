package org.factorline.receipts;

import org.factorline.shared.FieldProblem;

/**
 * A bank file that cannot be read, or that does not add up. The message names the line (and for XML the
 * element's path), the field and the value, so that whoever receives it can take it up with the bank
 * without reading code. A file that raises this is refused whole: nothing of it is posted.
 */
public final class BankFileException extends IllegalArgumentException {

    /** Values longer than this are cut in messages: a message must stay readable, whatever the file holds. */
    static final int MAX_SHOWN_VALUE = 80;

    private final transient FieldProblem problem;

    private BankFileException(FieldProblem problem) {
        super(problem.toString());
        this.problem = problem;
    }

    /** A problem on {@code line} (from 1) with {@code field}, which holds {@code value} (null when absent). */
    static BankFileException at(long line, String field, Object value, String message) {
        return new BankFileException(FieldProblem.atLine(line, field, shown(value), message));
    }

    public FieldProblem problem() {
        return problem;
    }

    private static String shown(Object value) {
        if (value == null) {
            return null;
        }
        String text = String.valueOf(value);
        StringBuilder shown = new StringBuilder(Math.min(text.length(), MAX_SHOWN_VALUE + 1));
        for (int i = 0; i < text.length() && shown.length() < MAX_SHOWN_VALUE; i++) {
            char c = text.charAt(i);
            shown.append(Character.isISOControl(c) ? '\uFFFD' : c);
        }
        if (text.length() > MAX_SHOWN_VALUE) {
            shown.append('…');
        }
        return shown.toString();
    }
}
