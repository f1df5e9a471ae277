package org.factorline.simulation;

import java.util.List;

/**
 * A simulated day broke a promise: the run stops at the end of that day. The message names the day, each
 * broken rule with the invoice or mailbox it concerns, and the command that replays the run exactly.
 */
public class SimulationFailed extends RuntimeException {

    private final transient SimulationReport report;
    private final List<String> violations;

    SimulationFailed(
            int day, java.time.LocalDate date, List<String> violations, SimulationReport report, String replay) {
        this(day, date, violations, report, replay, null);
    }

    SimulationFailed(
            int day,
            java.time.LocalDate date,
            List<String> violations,
            SimulationReport report,
            String replay,
            Throwable cause) {
        super(
                "Simulation failed on day " + (day + 1) + " (" + date + "), " + violations.size() + " violation(s):\n  "
                        + String.join("\n  ", violations) + "\nReplay: " + replay,
                cause);
        this.violations = List.copyOf(violations);
        this.report = report;
    }

    /** The report as it stood at the end of the failing day. */
    public SimulationReport report() {
        return report;
    }

    public List<String> violations() {
        return violations;
    }
}
