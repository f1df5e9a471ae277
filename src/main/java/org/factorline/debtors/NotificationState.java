package org.factorline.debtors;

/** Where a client–debtor pair stands with the notice of assignment. */
public enum NotificationState {
    /** Notification agreement; the debtor has not been told yet. */
    NOT_NOTIFIED,
    NOTICE_SENT,
    ACKNOWLEDGED,
    RELEASED,
    /** Confidential agreement: the debtor is never contacted. */
    CONFIDENTIAL
}
