package org.factorline.outreach;

/**
 * What the planner wants to say to a debtor, in the order the contact policy keeps when a mailbox's cap
 * bites: a release and notices first, then verification, then status checks, then follow-ups.
 */
public enum Intent {
    RELEASE(0, "Letter of release"),
    NOTICE(1, "Welcome and notice of assignment"),
    NOTICE_REMINDER(2, "Reminder: please acknowledge the notice"),
    REMIT_NOTE(3, "Correct remit-to for a payment"),
    VERIFICATION(4, "Invoice confirmation"),
    VERIFICATION_REMINDER(5, "Reminder: invoice confirmation"),
    STATUS_CHECK(6, "Payment status check"),
    FOLLOW_UP(7, "Past-due follow-up");

    private final int priority;
    private final String label;

    Intent(int priority, String label) {
        this.priority = priority;
        this.label = label;
    }

    /** Lower goes first. */
    public int priority() {
        return priority;
    }

    public String label() {
        return label;
    }
}
