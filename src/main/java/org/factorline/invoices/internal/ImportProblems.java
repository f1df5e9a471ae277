package org.factorline.invoices.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.factorline.shared.FieldProblem;

/**
 * Every problem found in an imported file, line by line. The list is bounded: past {@link #MAX_LISTED}
 * problems only the count grows, so a file that is wrong everywhere cannot exhaust memory.
 */
public final class ImportProblems {

    public static final int MAX_LISTED = 1_000;

    private final List<FieldProblem> listed = new ArrayList<>();
    private final Set<Long> lines = new HashSet<>();
    private long total;
    /** Lines with problems found in the database (staged lines), counted there rather than held here. */
    private long stagedLines;

    public void add(long line, String column, Object value, String message) {
        total++;
        lines.add(line);
        if (listed.size() < MAX_LISTED) {
            listed.add(FieldProblem.atLine(line, column, value, message));
        }
    }

    public boolean isEmpty() {
        return total == 0;
    }

    public long total() {
        return total;
    }

    /** Whether any problem, listed or not, is on this line. */
    public boolean onLine(long line) {
        return lines.contains(line);
    }

    /** How many lines have at least one problem. */
    public long lines() {
        return lines.size() + stagedLines;
    }

    /**
     * Adds the problems the database found on staged lines: {@code found} in line order, the first of
     * {@code total} problems on {@code lineCount} lines. Staged lines passed the text checks, so none of them
     * has a problem here yet; the listed problems stay in line order, and the first {@link #MAX_LISTED} are kept.
     */
    public void addStaged(List<FieldProblem> found, long total, long lineCount) {
        List<FieldProblem> merged = new ArrayList<>(Math.min(MAX_LISTED, listed.size() + found.size()));
        int i = 0;
        int j = 0;
        while (merged.size() < MAX_LISTED && (i < listed.size() || j < found.size())) {
            boolean takeMine =
                    j >= found.size() || (i < listed.size() && lineOf(listed.get(i)) <= lineOf(found.get(j)));
            merged.add(takeMine ? listed.get(i++) : found.get(j++));
        }
        listed.clear();
        listed.addAll(merged);
        this.total += total;
        this.stagedLines += lineCount;
    }

    private static long lineOf(FieldProblem p) {
        return p.line() == null ? Long.MAX_VALUE : p.line();
    }

    /**
     * The listed problems in line order (those of one line in the order found): a batch's check against the
     * numbers already submitted runs when the batch is written, after the lines read since were checked.
     */
    public List<FieldProblem> listed() {
        List<FieldProblem> inOrder = new ArrayList<>(listed);
        inOrder.sort(java.util.Comparator.comparingLong(ImportProblems::lineOf));
        return List.copyOf(inOrder);
    }

    /** "3 problems in 2 lines; nothing was imported", and how many are not listed when there are too many. */
    public String summary() {
        long lineCount = lines();
        String s = total + (total == 1 ? " problem" : " problems") + " in " + lineCount
                + (lineCount == 1 ? " line" : " lines") + "; nothing was imported";
        if (total > listed.size()) {
            s += ". The first " + listed.size() + " are listed; " + (total - listed.size()) + " more are not";
        }
        return s;
    }
}
