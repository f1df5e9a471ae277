package org.factorline.simulation;

/**
 * How a simulated debtor's accounts-payable team behaves: whether it answers the factor's messages through
 * their links, and when and how it pays. Every debtor has one behaviour for the whole run.
 */
public enum Behaviour {
    /** Acknowledges and confirms at once, schedules the payment when asked, pays a week before the due date. */
    PAYS_EARLY("early"),
    /** Acknowledges and confirms, schedules the payment for the due date when asked, and pays then. */
    PAYS_ON_TIME("on-time"),
    /** Acknowledges and confirms, then ignores the status check and pays two to three weeks late. */
    PAYS_LATE("late"),
    /** Ignores the status check; the first past-due follow-up brings a promise, kept five days later. */
    NEEDS_REMINDER("reminder"),
    /** Disputes one invoice in three when asked to confirm it (those are never bought); pays the rest on time. */
    DISPUTES("disputes"),
    /** Confirms, then pays 95% on the due date, saying it is short; the factor accepts the short pay. */
    SHORT_PAYS("short-pays"),
    /** Confirms, then pays the client instead of the factor on the due date; the client reports it. */
    PAYS_CLIENT("pays-client"),
    /** Confirms, then goes insolvent at the first due date and never pays: recourse or a credit loss. */
    GOES_INSOLVENT("insolvent"),
    /** Never opens a message; verification and the notice go to people by phone; pays a month late. */
    NEVER_ANSWERS("silent");

    private final String option;

    Behaviour(String option) {
        this.option = option;
    }

    /** The behaviour's name in the {@code --mix} option. */
    public String option() {
        return option;
    }

    public static Behaviour ofOption(String name) {
        for (Behaviour b : values()) {
            if (b.option.equals(name)) {
                return b;
            }
        }
        throw new IllegalArgumentException("unknown debtor behaviour \"" + name + "\"; known: "
                + java.util.Arrays.stream(values()).map(Behaviour::option).toList());
    }

    /** Whether the debtor ever opens a link the factor sends. */
    boolean answers() {
        return this != NEVER_ANSWERS;
    }
}
