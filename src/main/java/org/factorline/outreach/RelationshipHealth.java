package org.factorline.outreach;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How the relationship with one customer is going, from what the factor already keeps: how often it was
 * contacted (e-mails, letters, calls — month by month), how quickly it answers an e-mail through its link,
 * how many invoices it disputed, and how many days its invoices took from issue to close-out since they
 * were factored. Days to pay before factoring are not known to the factor, so they are not shown.
 *
 * <p>This is the one definition of relationship health: the client portal shows it for one customer, the
 * contacts report computes the same rule in SQL for every client–debtor pair of the book at once.
 *
 * @param contactsByMonth contacts per month, the last six months, oldest first
 * @param responses answers the customer gave through its links that followed an e-mail
 * @param medianResponseHours median hours from an e-mail to the customer's next answer (null: none yet)
 * @param disputedInvoices invoices the customer disputed (of the invoices read)
 * @param closedInvoices invoices closed out (of those read) that the days to pay are taken from
 * @param averageDaysToPay average days from invoice date to close-out (null: none closed yet)
 */
public record RelationshipHealth(
        Map<YearMonth, Integer> contactsByMonth,
        int responses,
        Long medianResponseHours,
        int disputedInvoices,
        int closedInvoices,
        Long averageDaysToPay) {

    /** What counts as a contact with the customer. */
    public static final Set<ContactEntry.Channel> CONTACTS =
            EnumSet.of(ContactEntry.Channel.EMAIL, ContactEntry.Channel.LETTER, ContactEntry.Channel.CALL);

    /** One closed invoice: when it was issued and when it was closed out. */
    public record Paid(LocalDate issued, LocalDate closed) {}

    /** Opening the link is logged as the customer's too, but it is not an answer. */
    public static boolean isOpening(ContactEntry e) {
        return e.summary() != null && e.summary().startsWith(OPENED);
    }

    /** How {@link DebtorLinks} logs an opening of a link. */
    public static final String OPENED = "Opened the link";

    public static RelationshipHealth of(List<ContactEntry> log, int disputed, List<Paid> paid, LocalDate today) {
        Map<YearMonth, Integer> months = new LinkedHashMap<>();
        YearMonth now = YearMonth.from(today);
        for (int i = 5; i >= 0; i--) {
            months.put(now.minusMonths(i), 0);
        }
        List<ContactEntry> oldestFirst = new ArrayList<>(log);
        oldestFirst.sort(Comparator.comparing(ContactEntry::at).thenComparing(ContactEntry::id));
        Instant lastEmail = null;
        List<Long> hours = new ArrayList<>();
        for (ContactEntry e : oldestFirst) {
            if (CONTACTS.contains(e.channel())) {
                months.computeIfPresent(YearMonth.from(e.at().atZone(ZoneOffset.UTC)), (k, n) -> n + 1);
            }
            if (e.channel() == ContactEntry.Channel.EMAIL) {
                lastEmail = e.at();
            } else if (e.channel() == ContactEntry.Channel.RESPONSE && lastEmail != null && !isOpening(e)) {
                hours.add(Duration.between(lastEmail, e.at()).toHours());
                lastEmail = null; // one answer per e-mail: later clicks are not faster replies
            }
        }
        hours.sort(Long::compare);
        Long median = hours.isEmpty() ? null : hours.get((hours.size() - 1) / 2);
        Long days = paid.isEmpty()
                ? null
                : Math.round(paid.stream()
                        .mapToLong(p -> ChronoUnit.DAYS.between(p.issued(), p.closed()))
                        .average()
                        .orElse(0));
        return new RelationshipHealth(months, hours.size(), median, disputed, paid.size(), days);
    }
}
