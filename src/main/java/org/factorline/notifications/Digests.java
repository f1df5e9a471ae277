package org.factorline.notifications;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.factorline.identity.UserAccounts;
import org.factorline.notifications.internal.NotificationProperties;
import org.factorline.notifications.internal.NotificationRepository;
import org.factorline.outreach.Intent;
import org.factorline.outreach.Letters;
import org.factorline.outreach.Outbox;
import org.factorline.shared.Money;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The daily digest: once a day per client, from the configured hour in the factor's time zone, one e-mail
 * to each of the client's people who asked for it, with the sections the client keeps on: invoices funded,
 * payments applied, disputes, and contacts planned with its customers in the next days. Each digest covers
 * the facts recorded from where the previous one ended up to the lookback (an hour by default) before it is
 * sent: a fact younger than that may belong to a transaction not committed yet, so it waits for the next
 * digest, and a day the application was down is reported the next time. No e-mail goes out when every
 * section it would carry is empty. Mail goes through the outbox.
 */
@Service
public class Digests {

    private static final Logger log = LoggerFactory.getLogger(Digests.class);
    static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE, MMMM d", Locale.US);
    static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("MMMM d, yyyy", Locale.US);
    static final String SECTION = "CLIENT_DIGEST";

    private final NotificationRepository repo;
    private final UserAccounts users;
    private final Outbox outbox;
    private final Letters letters;
    private final NotificationProperties props;
    private final TransactionTemplate tx;
    private final Clock clock;

    public Digests(
            NotificationRepository repo,
            UserAccounts users,
            Outbox outbox,
            Letters letters,
            NotificationProperties props,
            org.springframework.transaction.PlatformTransactionManager transactions,
            Clock clock) {
        this.repo = repo;
        this.users = users;
        this.outbox = outbox;
        this.letters = letters;
        this.props = props;
        this.tx = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /** Queues today's digests that are due and not yet sent; the number of e-mails queued. */
    public int sendDue() {
        Instant now = clock.instant();
        ZonedDateTime local = now.atZone(props.timeZone());
        if (local.getHour() < props.digestHour()) {
            return 0;
        }
        LocalDate day = local.toLocalDate();
        int queued = 0;
        for (UUID client : repo.clientsWithRecipients()) {
            try {
                if (repo.digestSent(client, day)) {
                    continue;
                }
                Integer n = tx.execute(s -> digest(client, day, now));
                queued += n == null ? 0 : n;
            } catch (DuplicateKeyException e) {
                // another instance recorded this client's digest first: it sends it
            } catch (RuntimeException e) {
                // nothing of this client's digest was recorded (one transaction): the next check tries again
                log.error("Digests: the digest of client {} for {} failed", client, day, e);
            }
        }
        if (queued > 0) {
            log.info("Digests: {} e-mails queued for {}", queued, day);
        }
        return queued;
    }

    private int digest(UUID client, LocalDate day, Instant now) {
        DigestSettings s = repo.settings(client).orElse(DigestSettings.defaults(client));
        // a fact carries the time its transaction started and may commit up to the lookback later: covering
        // only facts older than that, each digest starts where the previous one ended and a late fact is in
        // the next digest, once
        Instant until = now.minus(props.lookback());
        Instant from = repo.lastCovered(client).orElse(until.minus(Duration.ofDays(1)));
        if (from.isAfter(until)) {
            from = until;
        }
        List<NotificationRepository.Line> funded = s.funded() ? repo.funded(client, from, until) : List.of();
        List<NotificationRepository.Line> paid = s.paid() ? repo.paid(client, from, until) : List.of();
        List<NotificationRepository.Line> disputes = s.disputes() ? repo.disputes(client, from, until) : List.of();
        List<NotificationRepository.Planned> planned = s.planned()
                ? repo.planned(
                        client, now, now.plus(Duration.ofDays(props.plannedDays())), now.minus(Duration.ofDays(1)))
                : List.of();
        Set<UUID> wanted = repo.recipients(client);
        List<UserAccounts.UserView> to = users.usersOfClient(client).stream()
                .filter(u -> u.enabled()
                        && wanted.contains(u.id())
                        && u.email() != null
                        && !u.email().isBlank())
                .toList();
        boolean empty = funded.isEmpty() && paid.isEmpty() && disputes.isEmpty() && planned.isEmpty();
        int recipients = empty ? 0 : to.size();
        if (!repo.recordDigest(client, day, from, until, recipients, now)) {
            return 0;
        }
        if (recipients == 0) {
            return 0;
        }
        String clientName = repo.clientName(client);
        for (UserAccounts.UserView u : to) {
            Map<String, Object> m = model(clientName, u.displayName(), day, funded, paid, disputes, planned);
            outbox.queueForClient(new Outbox.ClientMail(
                    client,
                    u.email(),
                    u.displayName(),
                    SECTION,
                    (String) m.get("subject"),
                    letters.render("mail/digest", m),
                    letters.render("mail/digest.txt", m)));
        }
        return recipients;
    }

    Map<String, Object> model(
            String clientName,
            String greeting,
            LocalDate day,
            List<NotificationRepository.Line> funded,
            List<NotificationRepository.Line> paid,
            List<NotificationRepository.Line> disputes,
            List<NotificationRepository.Planned> planned) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("subject", clientName + ": your summary for " + DAY.format(day));
        m.put("greeting", greeting);
        m.put("clientName", clientName);
        m.put("factorName", outbox.factorName());
        m.put("signature", outbox.signature());
        m.put("funded", lines(funded));
        m.put("paid", lines(paid));
        m.put("disputes", lines(disputes));
        List<Map<String, Object>> p = new ArrayList<>();
        for (NotificationRepository.Planned x : planned) {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("debtor", x.debtor());
            l.put("what", label(x.kind()));
            l.put(
                    "when",
                    x.at() != null
                            ? "on " + DAY.format(x.at().atZone(props.timeZone()))
                            // the planner's reason, in the words the client uses for its customers
                            : x.reason()
                                    .replace("the debtor's", "your customer's")
                                    .replace("the debtor", "your customer"));
            p.add(l);
        }
        m.put("planned", p);
        m.put("plannedDays", props.plannedDays());
        return m;
    }

    private List<Map<String, Object>> lines(List<NotificationRepository.Line> lines) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (NotificationRepository.Line x : lines) {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("debtor", x.debtor());
            l.put("number", x.invoiceNumber());
            l.put(
                    "amount",
                    Money.of(x.amount(), Currency.getInstance(x.currency())).display());
            l.put("on", DATE.format(x.at().atZone(props.timeZone())));
            out.add(l);
        }
        return out;
    }

    private static String label(String kind) {
        try {
            return Intent.valueOf(kind).label();
        } catch (IllegalArgumentException e) {
            return kind.toLowerCase(Locale.ROOT).replace('_', ' ');
        }
    }
}
