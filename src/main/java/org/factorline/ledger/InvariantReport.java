package org.factorline.ledger;

import java.time.Instant;
import java.util.List;

/** The outcome of the ledger invariant check: each rule checked, and what broke it. */
public record InvariantReport(Instant checkedAt, long entries, long postings, List<Rule> rules) {

    public record Rule(String name, List<String> violations) {

        public boolean holds() {
            return violations.isEmpty();
        }
    }

    public boolean holds() {
        return rules.stream().allMatch(Rule::holds);
    }

    public int violationCount() {
        return rules.stream().mapToInt(r -> r.violations().size()).sum();
    }
}
