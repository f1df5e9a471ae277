package org.factorline.outreach;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import org.factorline.shared.BusinessCalendar;

/**
 * The contact policy (DESIGN §6) as a pure function: given when it is, where the debtor is, what its
 * mailbox has already had from the factor (across all clients) and what the client asked, may a message
 * for one client–debtor pair go out, and when? Every answer carries the reason, in words staff can read.
 * It never names another client: the mailbox's other messages are counted, not described.
 *
 * <p>Not final only so that the simulator's tests can plant a deliberately broken policy and prove the
 * simulator catches it; the application has this one implementation.
 */
public class ContactPolicy {

    private final BusinessCalendar calendar;
    private final LocalTime businessStart;
    private final LocalTime businessEnd;

    public ContactPolicy(BusinessCalendar calendar, LocalTime businessStart, LocalTime businessEnd) {
        this.calendar = calendar;
        this.businessStart = businessStart;
        this.businessEnd = businessEnd;
    }

    public LocalTime businessStart() {
        return businessStart;
    }

    public LocalTime businessEnd() {
        return businessEnd;
    }

    /**
     * What the mailbox and the pair have had.
     *
     * @param mailboxDays the debtor-local dates of every live message to this mailbox, from any client
     * @param pairDays the debtor-local dates of live messages for this client–debtor pair
     */
    public record History(List<LocalDate> mailboxDays, List<LocalDate> pairDays) {}

    public sealed interface Decision {
        String reason();
    }

    /** Send: the message counts against {@code localDate} and leaves no earlier than {@code notBefore}. */
    public record Send(LocalDate localDate, Instant notBefore, String reason) implements Decision {}

    /** Not today; the planner asks again on the next business day. */
    public record Delay(LocalDate earliest, String reason) implements Decision {}

    /** Never by e-mail under the present rules: a person takes it over. */
    public record Refuse(String reason) implements Decision {}

    /** The first contact slot at or after {@code now}: today in business hours, or the next business morning. */
    public ZonedDateTime slot(Instant now, ZoneId zone, ContactRule rule) {
        LocalTime from = rule.quietBefore() != null ? rule.quietBefore() : businessStart;
        LocalTime to = rule.quietAfter() != null ? rule.quietAfter() : businessEnd;
        ZonedDateTime local = now.atZone(zone);
        LocalDate day = local.toLocalDate();
        if (calendar.isBusinessDay(day) && local.toLocalTime().isBefore(to)) {
            return local.toLocalTime().isBefore(from) ? day.atTime(from).atZone(zone) : local;
        }
        return calendar.nextBusinessDay(day).atTime(from).atZone(zone);
    }

    public Decision decide(Instant now, ZoneId zone, ContactSettings settings, ContactRule rule, History history) {
        if (!rule.emailAllowed()) {
            return new Refuse("the client asked for no e-mail to this customer; a person will phone instead");
        }
        if (rule.maxPerWeek() != null && rule.maxPerWeek() == 0) {
            return new Refuse("the client asked for no automated messages to this customer; a person takes it over");
        }
        ZonedDateTime slot = slot(now, zone, rule);
        LocalDate day = slot.toLocalDate();
        String when = slot.toLocalTime().equals(now.atZone(zone).toLocalTime())
                ? "now"
                : "at " + slot.toLocalTime() + " " + zone.getId() + " on " + day;
        long sameDay = history.mailboxDays().stream().filter(day::equals).count();
        if (sameDay >= ContactSettings.MAX_PER_DAY) {
            return new Delay(
                    calendar.nextBusinessDay(day),
                    "the debtor's mailbox already has a message from the factor on " + day
                            + " (at most one a business day across all clients)");
        }
        long week = inWeek(history.mailboxDays(), day);
        int cap = Math.min(settings.maxPerWeek(), ContactSettings.MAX_PER_WEEK_CEILING);
        if (week >= cap) {
            return new Delay(
                    firstFreeDay(history.mailboxDays(), day, cap),
                    "the debtor's mailbox has had " + week + " messages from the factor in the 7 days to " + day
                            + " (at most " + cap + " across all clients)");
        }
        if (rule.maxPerWeek() != null) {
            long pairWeek = inWeek(history.pairDays(), day);
            if (pairWeek >= rule.maxPerWeek()) {
                return new Delay(
                        firstFreeDay(history.pairDays(), day, rule.maxPerWeek()),
                        "the client asked for at most " + rule.maxPerWeek() + " a week to this customer; " + pairWeek
                                + " in the 7 days to " + day);
            }
        }
        if (rule.minDaysBetween() != null && rule.minDaysBetween() > 0) {
            LocalDate last = history.pairDays().stream()
                    .filter(d -> !d.isAfter(day))
                    .max(LocalDate::compareTo)
                    .orElse(null);
            if (last != null && last.plusDays(rule.minDaysBetween()).isAfter(day)) {
                return new Delay(
                        last.plusDays(rule.minDaysBetween()),
                        "the client asked for at least " + rule.minDaysBetween()
                                + " days between messages to this customer; the last was on " + last);
            }
        }
        return new Send(day, slot.toInstant(), "within the contact policy; goes out " + when);
    }

    private static long inWeek(List<LocalDate> days, LocalDate day) {
        LocalDate from = day.minusDays(6);
        return days.stream().filter(d -> !d.isBefore(from) && !d.isAfter(day)).count();
    }

    /** The first day the rolling 7-day count drops below {@code cap}. */
    private static LocalDate firstFreeDay(List<LocalDate> days, LocalDate day, int cap) {
        LocalDate d = day.plusDays(1);
        for (int i = 0; i < 8; i++, d = d.plusDays(1)) {
            if (inWeek(days, d) < cap) {
                return d;
            }
        }
        return d;
    }
}
