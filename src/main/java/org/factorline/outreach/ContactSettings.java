package org.factorline.outreach;

/**
 * How often and when the factor contacts a client's debtors: the factor's defaults, overridden per
 * client agreement by staff. Business days are the debtor's.
 *
 * @param maxPerWeek messages to one debtor mailbox in a rolling 7 days, across all clients (at most 3)
 * @param noticeReminderDays business days after a notice before its one reminder, and again before a task
 * @param verificationReminderDays business days after a verification request before its one reminder, and
 *     again before a verifier's phone task
 * @param statusCheckDaysBefore business days before the due date of the one payment-status check
 * @param clientWindowDays business days the client has to act after being told an invoice is past due,
 *     before the first past-due contact
 * @param followUpSpacingDays calendar days at least between two follow-ups on an invoice
 * @param followUpMax follow-ups at most; then an escalation task for the account manager
 * @param firstContactNoticeDays business days the client is told ahead of the factor's first contact with a
 *     customer (0: no notice ahead, the first contact goes when due)
 */
public record ContactSettings(
        int maxPerWeek,
        int noticeReminderDays,
        int verificationReminderDays,
        int statusCheckDaysBefore,
        int clientWindowDays,
        int followUpSpacingDays,
        int followUpMax,
        int firstContactNoticeDays) {

    /** The factor's defaults (DESIGN §6). */
    public static ContactSettings defaults() {
        return new ContactSettings(3, 5, 2, 5, 3, 7, 2, 1);
    }

    /** At most one message per debtor mailbox per business day, whatever the settings. */
    public static final int MAX_PER_DAY = 1;

    /** Highest weekly cap anyone may set. */
    public static final int MAX_PER_WEEK_CEILING = 3;

    public ContactSettings with(Overrides o) {
        if (o == null) {
            return this;
        }
        return new ContactSettings(
                o.maxPerWeek() != null ? o.maxPerWeek() : maxPerWeek,
                o.noticeReminderDays() != null ? o.noticeReminderDays() : noticeReminderDays,
                o.verificationReminderDays() != null ? o.verificationReminderDays() : verificationReminderDays,
                o.statusCheckDaysBefore() != null ? o.statusCheckDaysBefore() : statusCheckDaysBefore,
                o.clientWindowDays() != null ? o.clientWindowDays() : clientWindowDays,
                o.followUpSpacingDays() != null ? o.followUpSpacingDays() : followUpSpacingDays,
                o.followUpMax() != null ? o.followUpMax() : followUpMax,
                o.firstContactNoticeDays() != null ? o.firstContactNoticeDays() : firstContactNoticeDays);
    }

    /** Staff's settings for one client's agreement; a null keeps the factor's default. */
    public record Overrides(
            Integer maxPerWeek,
            Integer noticeReminderDays,
            Integer verificationReminderDays,
            Integer statusCheckDaysBefore,
            Integer clientWindowDays,
            Integer followUpSpacingDays,
            Integer followUpMax,
            Integer firstContactNoticeDays) {

        public static Overrides none() {
            return new Overrides(null, null, null, null, null, null, null, null);
        }

        public org.factorline.shared.Validation validate() {
            var v = new org.factorline.shared.Validation();
            range(v, "maxPerWeek", maxPerWeek, 1, MAX_PER_WEEK_CEILING);
            range(v, "noticeReminderDays", noticeReminderDays, 1, 30);
            range(v, "verificationReminderDays", verificationReminderDays, 1, 30);
            range(v, "statusCheckDaysBefore", statusCheckDaysBefore, 1, 20);
            range(v, "clientWindowDays", clientWindowDays, 0, 30);
            range(v, "followUpSpacingDays", followUpSpacingDays, 3, 60);
            range(v, "followUpMax", followUpMax, 0, 5);
            range(v, "firstContactNoticeDays", firstContactNoticeDays, 0, 5);
            return v;
        }

        private static void range(org.factorline.shared.Validation v, String field, Integer value, int min, int max) {
            v.require(
                    value == null || (value >= min && value <= max),
                    field,
                    value,
                    "must be from " + min + " to " + max + " (or empty for the factor's default)");
        }
    }
}
