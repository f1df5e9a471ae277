package org.factorline.outreach;

import java.time.Instant;
import java.time.LocalTime;
import java.util.UUID;
import org.factorline.debtors.DebtorId;
import org.factorline.shared.Validation;

/**
 * What a client asks of the factor for one of its customers. It can only tighten the factor's policy:
 * fewer messages, more days between them, narrower hours, no e-mail (a person phones instead), no phone
 * calls, or "ask me before any past-due contact".
 *
 * @param maxPerWeek messages in a rolling 7 days for this client–debtor pair (null: the factor's cap);
 *     0 means no automated e-mail at all
 * @param minDaysBetween calendar days at least between two messages to this customer (null: no extra spacing)
 * @param quietBefore no message before this local time at the debtor (null: business hours start)
 * @param quietAfter no message from this local time at the debtor (null: business hours end)
 */
public record ContactRule(
        UUID clientId,
        DebtorId debtorId,
        Integer maxPerWeek,
        Integer minDaysBetween,
        boolean emailAllowed,
        boolean phoneAllowed,
        LocalTime quietBefore,
        LocalTime quietAfter,
        boolean askBeforePastDue,
        String note,
        Instant updatedAt,
        String updatedBy) {

    /** No rule set: the factor's policy as it is. */
    public static ContactRule none(UUID clientId, DebtorId debtorId) {
        return new ContactRule(clientId, debtorId, null, null, true, true, null, null, false, null, null, null);
    }

    public boolean isDefault() {
        return maxPerWeek == null
                && minDaysBetween == null
                && emailAllowed
                && phoneAllowed
                && quietBefore == null
                && quietAfter == null
                && !askBeforePastDue;
    }

    /** Refuses anything that would loosen the factor's policy, naming the field and the limit. */
    public Validation validate(ContactSettings settings, LocalTime businessStart, LocalTime businessEnd) {
        Validation v = new Validation();
        v.require(
                maxPerWeek == null || (maxPerWeek >= 0 && maxPerWeek <= settings.maxPerWeek()),
                "maxPerWeek",
                maxPerWeek,
                "can only tighten the factor's cap: from 0 to " + settings.maxPerWeek() + " a week");
        v.require(
                minDaysBetween == null || (minDaysBetween >= 0 && minDaysBetween <= 60),
                "minDaysBetween",
                minDaysBetween,
                "must be from 0 to 60 days");
        v.require(
                quietBefore == null || (!quietBefore.isBefore(businessStart) && quietBefore.isBefore(businessEnd)),
                "quietBefore",
                quietBefore,
                "can only narrow business hours, which run from " + businessStart + " to " + businessEnd);
        v.require(
                quietAfter == null || (!quietAfter.isAfter(businessEnd) && quietAfter.isAfter(businessStart)),
                "quietAfter",
                quietAfter,
                "can only narrow business hours, which run from " + businessStart + " to " + businessEnd);
        LocalTime from = quietBefore == null ? businessStart : quietBefore;
        LocalTime to = quietAfter == null ? businessEnd : quietAfter;
        // measured, not added: 23:30 plus an hour wraps to 00:30, which would look earlier than any end
        v.require(
                java.time.Duration.between(from, to).compareTo(java.time.Duration.ofHours(1)) >= 0,
                "quietAfter",
                quietAfter,
                "leaves less than an hour a day to contact the customer (" + from + " to " + to + ")");
        v.require(note == null || note.length() <= 500, "note", note, "must be at most 500 characters");
        return v;
    }
}
