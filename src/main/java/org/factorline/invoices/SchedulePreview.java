package org.factorline.invoices;

import java.util.List;
import org.factorline.shared.FieldProblem;
import org.factorline.shared.Money;

/**
 * What importing a schedule file would do, found by the same checks as the import but without writing
 * anything: every line with what it says and its outcome, the problems that are not on one invoice line
 * (the header, the file itself), and the totals of the lines that would be imported. It is {@link
 * #ready()} only when every line is right, since the import is all or nothing.
 *
 * @param lines the invoice lines in file order, at most {@link ScheduleImport#MAX_PREVIEW_LINES}
 * @param moreLines how many invoice lines there are beyond those listed
 * @param fileProblems problems with the header or the file as a whole (not on one invoice line)
 * @param problemCount every problem found, listed or not
 */
public record SchedulePreview(
        String fileName,
        List<Line> lines,
        long moreLines,
        long invoiceLines,
        long readyLines,
        long problemLines,
        long problemCount,
        List<FieldProblem> fileProblems,
        Money readyTotal,
        String summary) {

    public SchedulePreview {
        lines = List.copyOf(lines);
        fileProblems = List.copyOf(fileProblems);
    }

    /** True when the import would take every line: no problem anywhere and at least one invoice. */
    public boolean ready() {
        return problemCount == 0 && readyLines > 0;
    }

    /**
     * One invoice line as written in the file (the raw text, since a value in error cannot be read as a
     * date or an amount) and its problems; none means it would be imported.
     */
    public record Line(
            long line,
            String invoiceNumber,
            String debtor,
            String issueDate,
            String termsOrDue,
            String amount,
            List<FieldProblem> problems) {

        public Line {
            problems = List.copyOf(problems);
        }

        public boolean ok() {
            return problems.isEmpty();
        }
    }
}
