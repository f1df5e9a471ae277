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
    public int lines() {
        return lines.size();
    }

    public List<FieldProblem> listed() {
        return List.copyOf(listed);
    }

    /** "3 problems in 2 lines; nothing was imported", and how many are not listed when there are too many. */
    public String summary() {
        String s = total + (total == 1 ? " problem" : " problems") + " in " + lines.size()
                + (lines.size() == 1 ? " line" : " lines") + "; nothing was imported";
        if (total > listed.size()) {
            s += ". The first " + listed.size() + " are listed; " + (total - listed.size()) + " more are not";
        }
        return s;
    }
}
