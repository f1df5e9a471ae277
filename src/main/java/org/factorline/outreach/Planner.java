package org.factorline.outreach;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.factorline.clients.Client;
import org.factorline.clients.ClientId;
import org.factorline.clients.Clients;
import org.factorline.debtors.Debtor;
import org.factorline.debtors.DebtorContact;
import org.factorline.debtors.DebtorId;
import org.factorline.debtors.DebtorStatus;
import org.factorline.debtors.Debtors;
import org.factorline.debtors.NotificationState;
import org.factorline.identity.Actor;
import org.factorline.identity.CurrentActor;
import org.factorline.outreach.internal.OutreachProperties;
import org.factorline.outreach.internal.OutreachRepository;
import org.factorline.outreach.internal.OutreachRepository.InvoiceRow;
import org.factorline.outreach.internal.OutreachRepository.PairRow;
import org.factorline.shared.BusinessCalendar;
import org.factorline.shared.Money;
import org.factorline.shared.UuidV7;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one planner of debtor contact (DESIGN §6). Once a day — and again whenever asked; a second run on the
 * same day adds only what became due since — it works out, from the invoices and the pairs as they stand,
 * what must be said to whom: a notice, a verification request, a status check, a follow-up, a release.
 * It merges everything for one client–debtor pair into one message, asks the {@link ContactPolicy} whether
 * and when it may go, and writes down every decision with its reason. What may not go by e-mail becomes a
 * task for a person; what is due to the client (the client-first window before past-due contact) goes to
 * the client.
 */
@Service
public class Planner {

    private static final Logger log = LoggerFactory.getLogger(Planner.class);
    static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMMM d, yyyy", Locale.US);
    static final String SYSTEM = "planner";

    private final OutreachRepository repo;
    private final Debtors debtors;
    private final Clients clients;
    private final ContactPolicy policy;
    private final Letters letters;
    private final OutreachProperties props;
    private final LinkTokens tokens;
    private final BusinessCalendar calendar;
    private final Clock clock;
    private final String baseUrl;
    private final org.springframework.transaction.support.TransactionTemplate nested;
    private final org.factorline.receipts.Receipts receipts;
    private final org.factorline.invoices.Invoices invoices;

    public Planner(
            OutreachRepository repo,
            Debtors debtors,
            Clients clients,
            ContactPolicy policy,
            Letters letters,
            OutreachProperties props,
            LinkTokens tokens,
            BusinessCalendar calendar,
            Clock clock,
            @Value("${factorline.base-url}") String baseUrl,
            org.springframework.transaction.PlatformTransactionManager transactions,
            @org.springframework.context.annotation.Lazy org.factorline.receipts.Receipts receipts,
            @org.springframework.context.annotation.Lazy org.factorline.invoices.Invoices invoices) {
        this.receipts = receipts;
        this.invoices = invoices;
        this.nested = new org.springframework.transaction.support.TransactionTemplate(transactions);
        this.nested.setPropagationBehavior(org.springframework.transaction.TransactionDefinition.PROPAGATION_NESTED);
        this.repo = repo;
        this.debtors = debtors;
        this.clients = clients;
        this.policy = policy;
        this.letters = letters;
        this.props = props;
        this.tokens = tokens;
        this.calendar = calendar;
        this.clock = clock;
        this.baseUrl = baseUrl.replaceAll("/+$", "");
    }

    /** What one run did; {@code failed} counts pairs whose planning failed and went to a person. */
    public record Result(int debtorMessages, int clientMessages, int tasks, int delayed, int suppressed, int failed) {}

    /** One thing to say, about one invoice or (invoice null) about the pair. */
    record Item(Intent intent, InvoiceRow invoice) {}

    /** Everything due for one client–debtor pair today. */
    static final class Work {
        final PairRow pair;
        final Debtor debtor;
        final Client client;
        final ContactSettings settings;
        final ContactRule rule;
        final LocalDate today;
        final ZoneId zone;
        final List<Item> items = new ArrayList<>();
        /** Invoices whose one last contact, asked for by the client, rides in this pair's message. */
        final java.util.Set<UUID> lastContact = new java.util.HashSet<>();

        Work(
                PairRow pair,
                Debtor debtor,
                Client client,
                ContactSettings settings,
                ContactRule rule,
                ZoneId zone,
                Instant now) {
            this.pair = pair;
            this.debtor = debtor;
            this.client = client;
            this.settings = settings;
            this.rule = rule;
            this.zone = zone;
            this.today = now.atZone(zone).toLocalDate();
        }

        int priority() {
            return items.stream().mapToInt(i -> i.intent().priority()).min().orElse(99);
        }

        LocalDate oldestDue() {
            return items.stream()
                    .filter(i -> i.invoice() != null)
                    .map(i -> i.invoice().dueDate())
                    .min(LocalDate::compareTo)
                    .orElse(LocalDate.MAX);
        }
    }

    private final class Run {
        final Instant now = clock.instant();
        final Map<UUID, Optional<Debtor>> debtorCache = new HashMap<>();
        final Map<UUID, Optional<Client>> clientCache = new HashMap<>();
        int debtorMessages;
        int clientMessages;
        int tasks;
        int delayed;
        int suppressed;
        final Map<UUID, List<ClientNotice>> clientNotices = new LinkedHashMap<>();
        final Map<UUID, List<FirstContact>> firstContacts = new LinkedHashMap<>();
        /** Pending last contacts the client asked for: invoice → request. */
        final Map<UUID, UUID> lastContacts = new LinkedHashMap<>();

        int failed;

        Result result() {
            return new Result(debtorMessages, clientMessages, tasks, delayed, suppressed, failed);
        }
    }

    /**
     * Plans for the whole book (the job and "plan now"). Transactional itself: the call to
     * {@link #plan(Collection)} below does not pass through the proxy, and without a transaction the planner
     * lock would be released at once and two runs would plan the same message.
     */
    @Transactional
    public Result plan() {
        return plan(null);
    }

    /** Plans for the given debtors only (null: the whole book), as the system. */
    @Transactional
    public Result plan(Collection<DebtorId> scope) {
        return CurrentActor.runAs(Actor.system(), () -> doPlan(scope));
    }

    private Result doPlan(Collection<DebtorId> scope) {
        Run run = new Run();
        repo.lockPlanner(run.now);
        List<UUID> debtorScope =
                scope == null ? null : scope.stream().map(DebtorId::value).toList();
        LocalDate horizon =
                LocalDate.ofInstant(run.now, java.time.ZoneOffset.UTC).plusDays(31);
        Map<String, List<InvoiceRow>> invoicesByPair = repo.invoices(debtorScope, horizon).stream()
                .collect(Collectors.groupingBy(
                        i -> key(i.clientId(), i.debtorId()), LinkedHashMap::new, Collectors.toList()));
        run.lastContacts.putAll(repo.pendingLastContacts(debtorScope));
        Map<String, List<InvoiceRow>> askedByPair = repo.invoicesById(run.lastContacts.keySet()).stream()
                .collect(Collectors.groupingBy(
                        i -> key(i.clientId(), i.debtorId()), LinkedHashMap::new, Collectors.toList()));
        List<Work> works = new ArrayList<>();
        for (PairRow pair : repo.pairs(debtorScope)) {
            String pairKey = key(pair.clientId(), pair.debtorId());
            List<InvoiceRow> invoices = invoicesByPair.getOrDefault(pairKey, List.of());
            List<InvoiceRow> asked = askedByPair.getOrDefault(pairKey, List.of());
            isolated(
                    run,
                    pair.clientId(),
                    pair.debtorId(),
                    () -> work(run, pair, invoices, asked)
                            .map(w -> capped(run, w))
                            .ifPresent(works::add));
        }
        // one mailbox at a time, most important first, so a cap holds back follow-ups before notices
        Map<String, List<Work>> byMailbox = new LinkedHashMap<>();
        for (Work w : works) {
            Optional<String> mailbox = mailbox(w.debtor);
            if (mailbox.isEmpty()) {
                noMailbox(run, w);
                continue;
            }
            byMailbox.computeIfAbsent(mailbox.get(), k -> new ArrayList<>()).add(w);
        }
        for (var e : byMailbox.entrySet()) {
            e.getValue().sort(Comparator.comparingInt(Work::priority).thenComparing(Work::oldestDue));
            for (Work w : e.getValue()) {
                isolated(run, w.pair.clientId(), w.pair.debtorId(), () -> send(run, e.getKey(), w));
            }
        }
        sendClientNotices(run);
        sendFirstContactNotices(run);
        Result r = run.result();
        if (r.debtorMessages() + r.clientMessages() + r.tasks() > 0) {
            log.info(
                    "Outreach plan: {} debtor messages, {} client messages, {} tasks, {} delayed, {} suppressed",
                    r.debtorMessages(),
                    r.clientMessages(),
                    r.tasks(),
                    r.delayed(),
                    r.suppressed());
        }
        return r;
    }

    /** At most this many invoices per kind in one message; the rest follow in the next one. */
    static final int MAX_INVOICES_PER_SECTION = 200;

    /**
     * A pair with more invoices of one kind than a message can sensibly carry (a schedule of thousands) gets
     * the first {@link #MAX_INVOICES_PER_SECTION}, soonest due first; the rest wait for the next message.
     */
    private Work capped(Run run, Work w) {
        Map<Intent, Integer> seen = new java.util.EnumMap<>(Intent.class);
        List<InvoiceRow> held = new ArrayList<>();
        w.items.removeIf(it -> {
            if (it.invoice() == null) {
                return false;
            }
            int n = seen.merge(it.intent(), 1, Integer::sum);
            if (n > MAX_INVOICES_PER_SECTION) {
                held.add(it.invoice());
                return true;
            }
            return false;
        });
        if (!held.isEmpty()) {
            decide(
                    run,
                    w,
                    Intent.VERIFICATION,
                    PlanDecision.Outcome.DELAYED,
                    List.of(),
                    held.size() + " more invoices wait for the next message (at most " + MAX_INVOICES_PER_SECTION
                            + " of a kind in one message)");
            run.delayed++;
        }
        return w;
    }

    /**
     * Plans one pair inside a savepoint: if anything about it fails (a bad address, a refused state change),
     * only that pair is rolled back and handed to a person; the rest of the book is still planned.
     */
    private void isolated(Run run, UUID clientId, UUID debtorId, Runnable step) {
        int[] before = {run.debtorMessages, run.clientMessages, run.tasks, run.delayed, run.suppressed};
        Map<UUID, Integer> notices = new HashMap<>();
        run.clientNotices.forEach((k, v) -> notices.put(k, v.size()));
        Map<UUID, Integer> firsts = new HashMap<>();
        run.firstContacts.forEach((k, v) -> firsts.put(k, v.size()));
        try {
            nested.executeWithoutResult(status -> step.run());
        } catch (RuntimeException e) {
            run.debtorMessages = before[0];
            run.clientMessages = before[1];
            run.tasks = before[2];
            run.delayed = before[3];
            run.suppressed = before[4];
            run.clientNotices.forEach((k, v) -> {
                int keep = notices.getOrDefault(k, 0);
                while (v.size() > keep) {
                    v.remove(v.size() - 1);
                }
            });
            run.firstContacts.forEach((k, v) -> {
                int keep = firsts.getOrDefault(k, 0);
                while (v.size() > keep) {
                    v.remove(v.size() - 1);
                }
            });
            run.failed++;
            log.error(
                    "Outreach planning failed for client {} and debtor {}; the rest is planned", clientId, debtorId, e);
            LocalDate today = LocalDate.ofInstant(run.now, java.time.ZoneOffset.UTC);
            repo.openTask(
                    new OutreachTask(
                            UuidV7.next(clock),
                            OutreachTask.Kind.REVIEW_MESSAGE,
                            clientId,
                            debtorId,
                            null,
                            "Contact with this customer could not be planned",
                            "The planner failed for this client and debtor and sent nothing: "
                                    + String.valueOf(e.getMessage()).replaceAll("\\s+", " ")
                                    + ". It tries again on its next run; fix the cause (often the debtor's contact"
                                    + " details) or tell the engineers.",
                            "ADMIN",
                            run.now,
                            today,
                            null,
                            null,
                            null,
                            null),
                    "REVIEW_MESSAGE:planning:" + clientId + ":" + debtorId);
        }
    }

    // ---- what is due for one pair ----

    private Optional<Work> work(Run run, PairRow pair, List<InvoiceRow> invoices, List<InvoiceRow> asked) {
        Optional<Debtor> debtor =
                run.debtorCache.computeIfAbsent(pair.debtorId(), id -> debtors.find(new DebtorId(id)));
        Optional<Client> client =
                run.clientCache.computeIfAbsent(pair.clientId(), id -> clients.find(new ClientId(id)));
        if (debtor.isEmpty() || client.isEmpty()) {
            return Optional.empty();
        }
        ContactSettings settings =
                props.defaults().with(repo.settings(pair.clientId()).orElse(null));
        ContactRule rule = repo.rule(pair.clientId(), pair.debtorId())
                .orElse(ContactRule.none(pair.clientId(), new DebtorId(pair.debtorId())));
        ZoneId zone = zone(debtor.get());
        Work w = new Work(pair, debtor.get(), client.get(), settings, rule, zone, run.now);
        NotificationState state = NotificationState.valueOf(pair.notificationState());

        Optional<String> pairRefusal = pairRefusal(state, debtor.get());
        if (pairRefusal.isPresent()) {
            asked.forEach(i -> refuseLastContact(run, w, i, pairRefusal.get()));
        }
        if (state == NotificationState.RELEASED) {
            if (pair.releasedOn() != null && pair.releaseSentOn() == null) {
                w.items.add(new Item(Intent.RELEASE, null));
            }
            return w.items.isEmpty() ? Optional.empty() : Optional.of(w);
        }
        if (state == NotificationState.CONFIDENTIAL) {
            confidential(run, w, invoices);
            if (pair.remitNoteInvoices() != null) {
                repo.remitNoteDone(pair.clientId(), pair.debtorId(), w.today);
                decide(
                        run,
                        w,
                        Intent.REMIT_NOTE,
                        PlanDecision.Outcome.SUPPRESSED,
                        List.of(),
                        "confidential agreement: the debtor is never contacted; the client keeps its customer informed");
            }
            return Optional.empty();
        }
        notice(run, w, state);
        if (pair.remitNoteInvoices() != null) {
            w.items.add(new Item(Intent.REMIT_NOTE, null));
        }
        for (InvoiceRow i : invoices) {
            invoice(run, w, i);
        }
        for (InvoiceRow i : asked) {
            lastContact(run, w, i);
        }
        return w.items.isEmpty() ? Optional.empty() : Optional.of(w);
    }

    // ---- one last contact the client asked for ----

    /**
     * The client asked for one last courteous contact about an invoice nearing its recourse date: it goes as
     * a follow-up in the pair's next message — the client's own request stands for its approval and its
     * window — but only if nothing forbids it (an invoice not yet past due, an open escalation for the
     * customer, a dispute, the client's own rule), and within the contact policy like every other follow-up (a
     * cap, business hours or the spacing after the last follow-up only delay it; the request stays pending
     * until it is sent or refused).
     */
    private void lastContact(Run run, Work w, InvoiceRow i) {
        Optional<String> no = lastContactRefusal(w, i);
        if (no.isPresent()) {
            refuseLastContact(run, w, i, no.get());
            return;
        }
        // it is a follow-up like any other: never sooner after the last one than the spacing allows
        Optional<LocalDate> spaced = spacedUntil(w, i);
        if (spaced.isPresent()) {
            decide(
                    run,
                    w,
                    Intent.FOLLOW_UP,
                    PlanDecision.Outcome.DELAYED,
                    List.of(i),
                    "the last follow-up about invoice " + i.number() + " went on " + i.lastFollowUpOn()
                            + " and follow-ups are at least " + w.settings.followUpSpacingDays()
                            + " days apart: the one last contact the client asked for may go from "
                            + spaced.get());
            run.delayed++;
            return;
        }
        w.items.removeIf(
                it -> it.invoice() != null && it.invoice().id().equals(i.id()) && it.intent() != Intent.FOLLOW_UP);
        boolean planned = w.items.stream()
                .anyMatch(it -> it.intent() == Intent.FOLLOW_UP
                        && it.invoice() != null
                        && it.invoice().id().equals(i.id()));
        if (!planned) {
            w.items.add(new Item(Intent.FOLLOW_UP, i));
        }
        w.lastContact.add(i.id());
    }

    /** Why a client–debtor pair's invoices may never be followed up with the debtor, if they may not. */
    static Optional<String> pairRefusal(NotificationState state, Debtor debtor) {
        if (state == NotificationState.RELEASED) {
            return Optional.of("the relationship with " + debtor.name()
                    + " is released: the factor no longer contacts them about your invoices");
        }
        if (state == NotificationState.CONFIDENTIAL) {
            return Optional.of(
                    "your agreement is confidential: the factor never contacts " + debtor.name() + " itself");
        }
        return Optional.empty();
    }

    /** Why one last contact about this invoice may not go, given the pair's rules, if it may not. */
    private Optional<String> lastContactRefusal(Work w, InvoiceRow i) {
        if (!i.status().equals("FUNDED") && !i.status().equals("PARTIALLY_PAID")) {
            return Optional.of("invoice " + i.number() + " is "
                    + i.status().toLowerCase(Locale.ROOT).replace('_', ' ') + ": there is nothing left to ask "
                    + w.debtor.name() + " about");
        }
        if (!w.today.isAfter(i.dueDate())) {
            return Optional.of("invoice " + i.number() + " is not past due yet (it is due on " + i.dueDate()
                    + "): there is nothing to follow up with " + w.debtor.name() + " about before then");
        }
        Optional<String> suppressed = suppressed(w, i);
        if (suppressed.isPresent()) {
            return suppressed;
        }
        if (repo.openTaskFor(OutreachTask.Kind.ESCALATE.name(), i.clientId(), i.debtorId())) {
            return Optional.of("your account manager is handling " + w.debtor.name()
                    + " after earlier follow-ups went unanswered: no automated follow-ups go while that is open");
        }
        if (!w.rule.emailAllowed()) {
            return Optional.of("you asked for no e-mail to " + w.debtor.name());
        }
        if (w.rule.maxPerWeek() != null && w.rule.maxPerWeek() == 0) {
            return Optional.of("you asked for no automated messages to " + w.debtor.name());
        }
        if (mailbox(w.debtor).isEmpty()) {
            return Optional.of("there is no payables e-mail on file for " + w.debtor.name());
        }
        return Optional.empty();
    }

    /** The day a follow-up about the invoice may next go, if the spacing after the last one holds it back. */
    private static Optional<LocalDate> spacedUntil(Work w, InvoiceRow i) {
        if (i.lastFollowUpOn() == null) {
            return Optional.empty();
        }
        LocalDate next = i.lastFollowUpOn().plusDays(w.settings.followUpSpacingDays());
        return next.isAfter(w.today) ? Optional.of(next) : Optional.empty();
    }

    /**
     * Why one last contact about the invoice may not go, judged now as the planner would judge it (empty: it
     * may be planned). For the client's request, so a refusal is shown at once with its reason.
     */
    Optional<String> lastContactRefusal(UUID invoiceId) {
        return CurrentActor.runAs(Actor.system(), () -> {
            InvoiceRow i = repo.invoicesById(List.of(invoiceId)).stream()
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no invoice " + invoiceId));
            Optional<PairRow> pair = repo.pairs(List.of(i.debtorId())).stream()
                    .filter(p -> p.clientId().equals(i.clientId()))
                    .findFirst();
            Optional<Debtor> debtor = debtors.find(new DebtorId(i.debtorId()));
            Optional<Client> client = clients.find(new ClientId(i.clientId()));
            if (pair.isEmpty() || debtor.isEmpty() || client.isEmpty()) {
                return Optional.of("the invoice's customer is not one the factor may contact for you");
            }
            Optional<String> no =
                    pairRefusal(NotificationState.valueOf(pair.get().notificationState()), debtor.get());
            if (no.isPresent()) {
                return no;
            }
            ContactSettings settings =
                    props.defaults().with(repo.settings(i.clientId()).orElse(null));
            ContactRule rule = repo.rule(i.clientId(), i.debtorId())
                    .orElse(ContactRule.none(i.clientId(), new DebtorId(i.debtorId())));
            Work w = new Work(
                    pair.get(), debtor.get(), client.get(), settings, rule, zone(debtor.get()), clock.instant());
            return lastContactRefusal(w, i);
        });
    }

    /** Settles the client's request as refused, once, with the reason written where staff and client see it. */
    private void refuseLastContact(Run run, Work w, InvoiceRow i, String reason) {
        UUID request = run.lastContacts.remove(i.id());
        w.lastContact.remove(i.id());
        if (request == null || !repo.settleLastContact(request, "REFUSED", reason, null, run.now)) {
            return;
        }
        decide(
                run,
                w,
                Intent.FOLLOW_UP,
                PlanDecision.Outcome.REFUSED,
                List.of(i),
                "the last contact the client asked for may not go: " + reason);
        repo.log(new ContactEntry(
                UuidV7.next(clock),
                run.now,
                i.clientId(),
                i.debtorId(),
                i.id(),
                null,
                ContactEntry.Channel.CLIENT,
                "One last contact about invoice " + i.number() + " cannot go: " + reason,
                null,
                SYSTEM));
    }

    private void notice(Run run, Work w, NotificationState state) {
        PairRow p = w.pair;
        String remitKey = props.remitTo().key();
        if (!p.liveInvoices()) {
            return;
        }
        if (state == NotificationState.NOT_NOTIFIED) {
            w.items.add(new Item(Intent.NOTICE, null));
            return;
        }
        if (p.noticeRemitKey() != null && !p.noticeRemitKey().equals(remitKey)) {
            // the factor's remit-to changed since this debtor was told: a new notice, acknowledged anew
            w.items.add(new Item(Intent.NOTICE, null));
            return;
        }
        if (state != NotificationState.NOTICE_SENT || p.acknowledgedAt() != null || p.noticeSentOn() == null) {
            return;
        }
        if (p.noticeRemindedOn() == null) {
            if (!calendar.plusBusinessDays(p.noticeSentOn(), w.settings.noticeReminderDays())
                    .isAfter(w.today)) {
                w.items.add(new Item(Intent.NOTICE_REMINDER, null));
            }
        } else if (p.noticeTaskOn() == null
                && !calendar.plusBusinessDays(p.noticeRemindedOn(), w.settings.noticeReminderDays())
                        .isAfter(w.today)) {
            task(
                    run,
                    w,
                    OutreachTask.Kind.ACKNOWLEDGE_NOTICE,
                    null,
                    "Phone " + w.debtor.name() + " about the notice for " + w.client.displayName(),
                    "The notice of " + p.noticeSentOn() + " and its reminder of " + p.noticeRemindedOn()
                            + " are not acknowledged. Phone the payables team, confirm they have the remit-to, and"
                            + " record the outcome. No more e-mails are sent about it.",
                    "ACCOUNT_MANAGER",
                    w.today);
            repo.setPairDate(p.clientId(), p.debtorId(), "notice_task_on", w.today);
            decide(
                    run,
                    w,
                    Intent.NOTICE_REMINDER,
                    PlanDecision.Outcome.TASK,
                    List.of(),
                    "no acknowledgement after the notice and one reminder: a person phones instead of another e-mail");
        }
    }

    private void invoice(Run run, Work w, InvoiceRow i) {
        boolean beforeFunding = i.status().equals("SUBMITTED") || i.status().equals("APPROVED");
        if (beforeFunding) {
            verification(run, w, i);
            return;
        }
        Optional<String> suppressed = suppressed(w, i);
        if (suppressed.isPresent()) {
            if (!i.dueDate().isAfter(w.today)) {
                decide(run, w, Intent.FOLLOW_UP, PlanDecision.Outcome.SUPPRESSED, List.of(i), suppressed.get());
                run.suppressed++;
            }
            return;
        }
        // one status check, a few business days before the due date, unless the debtor already answered
        if (i.statusCheckedOn() == null
                && i.answer() == null
                && i.dueDate().isAfter(w.today)
                && !calendar.plusBusinessDays(w.today, w.settings.statusCheckDaysBefore())
                        .isBefore(i.dueDate())) {
            w.items.add(new Item(Intent.STATUS_CHECK, i));
            return;
        }
        boolean pastDue = w.today.isAfter(i.dueDate());
        boolean unansweredAtDue = !w.today.isBefore(i.dueDate()) && i.statusCheckedOn() != null && i.answer() == null;
        if (pastDue || unansweredAtDue) {
            followUp(run, w, i);
        }
    }

    private void verification(Run run, Work w, InvoiceRow i) {
        if (!i.verification().equals("PENDING")) {
            return;
        }
        if (i.verifyRequestedOn() == null) {
            w.items.add(new Item(Intent.VERIFICATION, i));
        } else if (i.verifyRemindedOn() == null) {
            if (!calendar.plusBusinessDays(i.verifyRequestedOn(), w.settings.verificationReminderDays())
                    .isAfter(w.today)) {
                w.items.add(new Item(Intent.VERIFICATION_REMINDER, i));
            }
        } else if (i.verifyTaskOn() == null
                && !calendar.plusBusinessDays(i.verifyRemindedOn(), w.settings.verificationReminderDays())
                        .isAfter(w.today)) {
            task(
                    run,
                    w,
                    OutreachTask.Kind.VERIFY_BY_PHONE,
                    i,
                    "Verify invoice " + i.number() + " of " + w.client.displayName() + " by phone with "
                            + w.debtor.name(),
                    "Requested on " + i.verifyRequestedOn() + ", reminded on " + i.verifyRemindedOn()
                            + ", no answer. Phone the payables team and record what they say (confirmed or disputed).",
                    "VERIFIER",
                    w.today);
            repo.setInvoiceDate(i.id(), i.clientId(), i.debtorId(), "verify_task_on", w.today);
            decide(
                    run,
                    w,
                    Intent.VERIFICATION_REMINDER,
                    PlanDecision.Outcome.TASK,
                    List.of(i),
                    "no answer after the request and one reminder: a verifier phones instead of another e-mail");
        }
    }

    /** Why no status check or follow-up may go about this invoice, if one may not. */
    private Optional<String> suppressed(Work w, InvoiceRow i) {
        if (i.verification().equals("DISPUTED") || "DISPUTED".equals(i.answer())) {
            return Optional.of("invoice " + i.number() + " is disputed; the dispute is handled by a person");
        }
        if (("PROMISED".equals(i.answer()) || "SCHEDULED".equals(i.answer()))
                && i.answerDate() != null
                && !i.answerDate().isBefore(w.today)) {
            return Optional.of("payment of invoice " + i.number() + " is "
                    + i.answer().toLowerCase(Locale.ROOT) + " for " + i.answerDate());
        }
        if ("PAID".equals(i.answer())) {
            return Optional.of("the debtor says invoice " + i.number() + " is paid"
                    + (i.answerReference() == null ? "" : " (reference " + i.answerReference() + ")")
                    + "; a person traces the payment");
        }
        if (w.debtor.status() == DebtorStatus.INSOLVENT || w.debtor.status() == DebtorStatus.CLOSED) {
            return Optional.of("the debtor is " + w.debtor.status() + "; the account manager handles its invoices");
        }
        return Optional.empty();
    }

    private void followUp(Run run, Work w, InvoiceRow i) {
        if (i.clientToldOn() == null) {
            tellClient(run, w, i);
            return;
        }
        LocalDate windowEnds = calendar.plusBusinessDays(i.clientToldOn(), w.settings.clientWindowDays());
        if (w.today.isBefore(windowEnds)) {
            decide(
                    run,
                    w,
                    Intent.FOLLOW_UP,
                    PlanDecision.Outcome.DELAYED,
                    List.of(i),
                    "the client was told on " + i.clientToldOn() + " and has until " + windowEnds
                            + " to handle it personally");
            run.delayed++;
            return;
        }
        if (w.rule.askBeforePastDue() && i.clientApprovedAt() == null) {
            task(
                    run,
                    w,
                    OutreachTask.Kind.CLIENT_APPROVAL,
                    i,
                    "Ask " + w.client.displayName() + " before contacting " + w.debtor.name() + " about invoice "
                            + i.number(),
                    "The client asked to approve any past-due contact with this customer. Record their answer: approve"
                            + " to let one courteous follow-up go, or close the task with their decision.",
                    "ACCOUNT_MANAGER",
                    w.today);
            decide(
                    run,
                    w,
                    Intent.FOLLOW_UP,
                    PlanDecision.Outcome.DELAYED,
                    List.of(i),
                    "the client asked to approve any past-due contact with this customer; waiting for their approval");
            run.delayed++;
            return;
        }
        if (i.followUps() >= w.settings.followUpMax()) {
            if (i.escalatedOn() == null) {
                task(
                        run,
                        w,
                        OutreachTask.Kind.ESCALATE,
                        i,
                        "Invoice " + i.number() + " of " + w.client.displayName() + " on " + w.debtor.name() + " is "
                                + ChronoUnit.DAYS.between(i.dueDate(), w.today) + " days past due",
                        i.followUps() + " follow-up(s) sent without an answer. Decide with the client what comes next;"
                                + " no more automated e-mails are sent about this invoice.",
                        "ACCOUNT_MANAGER",
                        w.today);
                repo.setInvoiceDate(i.id(), i.clientId(), i.debtorId(), "escalated_on", w.today);
                decide(
                        run,
                        w,
                        Intent.FOLLOW_UP,
                        PlanDecision.Outcome.TASK,
                        List.of(i),
                        "follow-ups used up (" + w.settings.followUpMax() + "): the account manager takes over");
            }
            return;
        }
        if (i.lastFollowUpOn() != null
                && i.lastFollowUpOn().plusDays(w.settings.followUpSpacingDays()).isAfter(w.today)) {
            return;
        }
        if (repo.openTaskFor(OutreachTask.Kind.ESCALATE.name(), i.clientId(), i.debtorId())) {
            // the customer did not answer earlier follow-ups: a person is on it, and more e-mails about its other
            // invoices would only be a stream of reminders
            decide(
                    run,
                    w,
                    Intent.FOLLOW_UP,
                    PlanDecision.Outcome.SUPPRESSED,
                    List.of(i),
                    "an escalation for this customer is open with the account manager; no automated follow-ups"
                            + " until it is closed");
            run.suppressed++;
            return;
        }
        w.items.add(new Item(Intent.FOLLOW_UP, i));
    }

    private void confidential(Run run, Work w, List<InvoiceRow> invoices) {
        for (InvoiceRow i : invoices) {
            boolean beforeFunding = i.status().equals("SUBMITTED") || i.status().equals("APPROVED");
            if (beforeFunding && i.verification().equals("PENDING") && i.verifyTaskOn() == null) {
                task(
                        run,
                        w,
                        OutreachTask.Kind.VERIFY_BY_PHONE,
                        i,
                        "Verify invoice " + i.number() + " of " + w.client.displayName() + " without contacting "
                                + w.debtor.name(),
                        "Confidential agreement: the debtor may not be contacted. Verify from the client's documents"
                                + " (purchase order, proof of delivery) and record the outcome.",
                        "VERIFIER",
                        w.today);
                repo.setInvoiceDate(i.id(), i.clientId(), i.debtorId(), "verify_task_on", w.today);
                decide(
                        run,
                        w,
                        Intent.VERIFICATION,
                        PlanDecision.Outcome.SUPPRESSED,
                        List.of(i),
                        "confidential agreement: the debtor is never contacted; verified from documents instead");
            } else if (!beforeFunding && w.today.isAfter(i.dueDate()) && i.clientToldOn() == null) {
                tellClient(run, w, i);
            }
        }
    }

    // ---- what other modules tell us ----

    /** The debtor paid the client: one friendly note with the correct remit-to goes with its next message. */
    @org.springframework.context.event.EventListener
    public void onMisdirected(org.factorline.receipts.PaymentMisdirected e) {
        repo.addRemitNote(e.clientId(), e.debtorId().value(), e.invoiceId().value());
        repo.log(new ContactEntry(
                UuidV7.next(clock),
                clock.instant(),
                e.clientId(),
                e.debtorId().value(),
                e.invoiceId().value(),
                null,
                ContactEntry.Channel.CLIENT,
                "Payment of " + e.amount().display() + " reached the client instead of the factor; the customer gets"
                        + " one friendly note with the remit-to",
                null,
                SYSTEM));
    }

    /** An invoice nears its recourse date: the client is warned once, while it can still act. */
    @org.springframework.context.event.EventListener
    public void onRecourseApproaching(org.factorline.settlement.RecourseApproaching e) {
        InvoiceRow i = repo.invoicesById(List.of(e.invoiceId().value())).stream()
                .findFirst()
                .orElse(null);
        if (i == null) {
            return;
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), java.time.ZoneOffset.UTC);
        if (!repo.recourseWarned(i.id(), i.clientId(), i.debtorId(), today)) {
            return;
        }
        CurrentActor.runAs(Actor.system(), () -> {
            Client client = clients.get(new ClientId(i.clientId()));
            Debtor debtor = debtors.get(new DebtorId(i.debtorId()));
            Map<String, Object> m = new HashMap<>();
            m.put(
                    "subject",
                    "Invoice " + i.number() + " to " + debtor.name() + " reaches its recourse date on "
                            + DAY.format(e.recourseDate()));
            m.put(
                    "opening",
                    "The invoice below is still unpaid. Under your agreement it will be charged back to you after "
                            + DAY.format(e.recourseDate()) + " if it is not paid by then.");
            Map<String, Object> warned = line(i, today);
            warned.put("debtor", debtor.name());
            m.put("lines", List.of(warned));
            m.put(
                    "closing",
                    "You can pay it, replace it with another invoice, or ask your account manager for one last"
                            + " courteous contact with your customer, within the rules you set for them.");
            UUID id = queueForClient(
                    client, debtor.id().value(), m, "RECOURSE_WARNING", List.of(i.id()), clock.instant());
            repo.log(new ContactEntry(
                    UuidV7.next(clock),
                    clock.instant(),
                    client.id().value(),
                    debtor.id().value(),
                    i.id(),
                    id,
                    ContactEntry.Channel.CLIENT,
                    "Client warned: invoice " + i.number() + " is charged back after " + e.recourseDate()
                            + " unless paid or replaced",
                    (String) m.get("opening"),
                    SYSTEM));
            return null;
        });
    }

    // ---- to the client ----

    /** A past-due invoice the client hears about in today's digest, before anyone contacts its customer. */
    record ClientNotice(Work work, InvoiceRow invoice, LocalDate windowEnds, boolean confidential) {}

    private void tellClient(Run run, Work w, InvoiceRow i) {
        boolean confidential = w.pair.notificationState().equals("CONFIDENTIAL");
        LocalDate windowEnds = calendar.plusBusinessDays(w.today, w.settings.clientWindowDays());
        run.clientNotices
                .computeIfAbsent(w.client.id().value(), k -> new ArrayList<>())
                .add(new ClientNotice(w, i, windowEnds, confidential));
        repo.setInvoiceDate(i.id(), i.clientId(), i.debtorId(), "client_told_on", w.today);
        decide(
                run,
                w,
                Intent.FOLLOW_UP,
                PlanDecision.Outcome.DELAYED,
                List.of(i),
                confidential
                        ? "confidential agreement: the client is told, the debtor never contacted"
                        : "client-first window: the client is told first and has until " + windowEnds);
        run.delayed++;
    }

    /** A customer the factor is about to contact for the first time, and from when. */
    record FirstContact(Work work, LocalDate from) {}

    /**
     * The factor's first contact with a client's customer waits until the client has been told, the given
     * business days ahead: the business can warn its customer itself, as it would about any new supplier
     * arrangement. Once the customer has had any message or call, nothing waits.
     */
    private boolean heldForFirstContactNotice(Run run, Work w) {
        int days = w.settings.firstContactNoticeDays();
        if (days <= 0 || w.pair.everContacted()) {
            return false;
        }
        LocalDate told = w.pair.firstContactToldOn();
        if (told == null) {
            told = w.today;
            repo.setPairDate(w.pair.clientId(), w.pair.debtorId(), "first_contact_told_on", told);
            run.firstContacts
                    .computeIfAbsent(w.client.id().value(), k -> new ArrayList<>())
                    .add(new FirstContact(w, calendar.plusBusinessDays(told, days)));
        }
        LocalDate from = calendar.plusBusinessDays(told, days);
        if (!w.today.isBefore(from)) {
            return false;
        }
        for (Item it : w.items) {
            decide(
                    run,
                    w,
                    it.intent(),
                    PlanDecision.Outcome.DELAYED,
                    invoicesOf(it),
                    "first contact with this customer: the client is told " + days
                            + " business day(s) ahead; planned from " + from);
        }
        run.delayed++;
        return true;
    }

    /** One message per client naming the customers the factor will contact for the first time, and when. */
    private void sendFirstContactNotices(Run run) {
        for (List<FirstContact> firsts : run.firstContacts.values()) {
            Client client = firsts.get(0).work().client;
            int n = firsts.size();
            Map<String, Object> m = new HashMap<>();
            FirstContact one = firsts.get(0);
            m.put(
                    "subject",
                    n == 1
                            ? "On " + DAY.format(one.from()) + " we will first contact "
                                    + one.work().debtor.name()
                            : "We will soon first contact " + n + " of your customers");
            m.put(
                    "opening",
                    firsts.stream()
                                    .map(f -> "On " + DAY.format(f.from()) + " we will first contact "
                                            + f.work().debtor.name() + ": " + what(f.work()) + ".")
                                    .collect(Collectors.joining(" "))
                            + " You may like to let them know first; you will see every message in your portal.");
            m.put(
                    "lines",
                    firsts.stream()
                            .flatMap(f -> f.work().items.stream()
                                    .filter(it -> it.invoice() != null)
                                    .map(Item::invoice)
                                    .distinct()
                                    .map(i -> {
                                        Map<String, Object> l = line(i, f.work().today);
                                        l.put("debtor", f.work().debtor.name());
                                        return l;
                                    }))
                            .toList());
            m.put(
                    "closing",
                    "If you would rather we waited, or want to set how often and when we may contact a customer, change"
                            + " their contact rule in your portal or call your account manager before then.");
            List<UUID> invoiceIds = firsts.stream()
                    .flatMap(f -> f.work().items.stream())
                    .filter(it -> it.invoice() != null)
                    .map(it -> it.invoice().id())
                    .distinct()
                    .toList();
            UUID id = queueForClient(
                    client, n == 1 ? one.work().debtor.id().value() : null, m, "FIRST_CONTACT", invoiceIds, run.now);
            if (id != null) {
                run.clientMessages++;
            }
            for (FirstContact f : firsts) {
                repo.log(new ContactEntry(
                        UuidV7.next(clock),
                        run.now,
                        client.id().value(),
                        f.work().debtor.id().value(),
                        null,
                        id,
                        ContactEntry.Channel.CLIENT,
                        "Client told the first contact with " + f.work().debtor.name() + " goes on " + f.from() + ": "
                                + what(f.work()),
                        null,
                        SYSTEM));
            }
        }
    }

    /** What the first message to a customer will be about, in words. */
    private static String what(Work w) {
        return w.items.stream()
                .map(it -> it.intent().label().toLowerCase(Locale.ROOT))
                .distinct()
                .collect(Collectors.joining(", "));
    }

    /** One digest per client of its invoices that became past due: the client hears first, once a day. */
    private void sendClientNotices(Run run) {
        for (List<ClientNotice> notices : run.clientNotices.values()) {
            Client client = notices.get(0).work().client;
            boolean anyContact = notices.stream().anyMatch(n -> !n.confidential());
            LocalDate windowEnds = notices.stream()
                    .map(ClientNotice::windowEnds)
                    .min(LocalDate::compareTo)
                    .orElseThrow();
            int n = notices.size();
            Map<String, Object> m = new HashMap<>();
            m.put(
                    "subject",
                    n == 1
                            ? "Invoice " + notices.get(0).invoice().number() + " to "
                                    + notices.get(0).work().debtor.name() + " is past due"
                            : n + " invoices became past due");
            m.put(
                    "opening",
                    (n == 1 ? "The invoice below is" : "The invoices below are") + " past due. "
                            + (anyContact
                                    ? "Before we contact your customers, we are giving you until "
                                            + DAY.format(windowEnds) + " to handle it personally if you prefer."
                                    : "Under your confidential agreement we never contact your customers, so we are counting on"
                                            + " you to follow it up with them."));
            m.put(
                    "lines",
                    notices.stream()
                            .map(x -> {
                                Map<String, Object> l = line(x.invoice(), x.work().today);
                                l.put("debtor", x.work().debtor.name());
                                return l;
                            })
                            .toList());
            m.put(
                    "closing",
                    anyContact
                            ? "If you hear of a payment date or a dispute, tell us and we will not contact them. If we hear"
                                    + " nothing, one courteous reminder goes out, within the rules you set for each customer,"
                                    + " and you will see it in your contact log."
                            : "If you hear of a payment date or a problem, let your account manager know.");
            UUID id = queueForClient(
                    client,
                    null,
                    m,
                    "CLIENT_WINDOW",
                    notices.stream().map(x -> x.invoice().id()).toList(),
                    run.now);
            if (id != null) {
                run.clientMessages++;
            }
            for (ClientNotice x : notices) {
                repo.log(new ContactEntry(
                        UuidV7.next(clock),
                        run.now,
                        client.id().value(),
                        x.work().debtor.id().value(),
                        x.invoice().id(),
                        id,
                        ContactEntry.Channel.CLIENT,
                        "Client told invoice " + x.invoice().number() + " is past due"
                                + (x.confidential() ? "" : "; no contact with the customer before " + x.windowEnds()),
                        null,
                        SYSTEM));
            }
        }
    }

    /**
     * Queues a message to the client's contact e-mail, greeted and signed; the message's id, or null when the
     * client has no e-mail on file (the contact log still records what it was told).
     */
    private UUID queueForClient(
            Client client, UUID debtorId, Map<String, Object> m, String section, List<UUID> invoiceIds, Instant now) {
        String to = client.contactEmail();
        if (to == null || to.isBlank()) {
            return null;
        }
        m.put("greeting", client.contactName() == null ? client.displayName() : client.contactName());
        m.put("signature", props.signature());
        m.put("factorName", props.factorName());
        Letters.Rendered r = letters.clientMessage(m);
        Map<UUID, String> sections = new LinkedHashMap<>();
        invoiceIds.forEach(id -> sections.put(id, section));
        UUID id = UuidV7.next(clock);
        repo.insertMessage(
                new OutreachRepository.NewMessage(
                        id,
                        OutboxMessage.Audience.CLIENT,
                        client.id().value(),
                        debtorId,
                        to.strip().toLowerCase(Locale.ROOT),
                        client.contactName(),
                        Intent.FOLLOW_UP,
                        section,
                        r.subject(),
                        r.html(),
                        r.text(),
                        null,
                        null,
                        null,
                        LocalDate.ofInstant(now, java.time.ZoneOffset.UTC),
                        now,
                        now),
                sections);
        return id;
    }

    // ---- to the debtor ----

    private void noMailbox(Run run, Work w) {
        task(
                run,
                w,
                OutreachTask.Kind.FIX_CONTACT,
                null,
                "Add a payables e-mail for " + w.debtor.name(),
                "There is no e-mail on file for " + w.debtor.name() + "'s payables team, so "
                        + w.items.stream()
                                .map(it -> it.intent().label().toLowerCase(Locale.ROOT))
                                .distinct()
                                .collect(Collectors.joining(", "))
                        + " cannot be sent. Add the contact on the debtor's page.",
                "ACCOUNT_MANAGER",
                w.today);
        for (Item it : w.items) {
            decide(
                    run,
                    w,
                    it.intent(),
                    PlanDecision.Outcome.REFUSED,
                    it.invoice() == null ? List.of() : List.of(it.invoice()),
                    "no payables e-mail on file for the debtor");
        }
    }

    private void send(Run run, String mailbox, Work w) {
        if (heldForFirstContactNotice(run, w)) {
            return;
        }
        LocalDate from = w.today.minusDays(8);
        LocalDate to = w.today.plusDays(8);
        ContactPolicy.History history = new ContactPolicy.History(
                repo.mailboxDays(mailbox, from, to), repo.pairDays(w.pair.clientId(), w.pair.debtorId(), from, to));
        ContactPolicy.Decision d = policy.decide(run.now, w.zone, w.settings, w.rule, history);
        if (d instanceof ContactPolicy.Delay delay) {
            for (Item it : w.items) {
                if (it.intent() == Intent.VERIFICATION && verifyByPhoneInstead(run, w, it.invoice(), delay)) {
                    continue;
                }
                decide(run, w, it.intent(), PlanDecision.Outcome.DELAYED, invoicesOf(it), delay.reason());
            }
            run.delayed++;
        } else if (d instanceof ContactPolicy.Refuse refuse) {
            refused(run, w, refuse.reason());
        } else if (d instanceof ContactPolicy.Send ok && ok.notBefore().isAfter(run.now)) {
            // Outside the debtor's business hours: plan it when the slot opens, not now. Queued ahead, it held
            // the next morning's slot (and the week's cap) for what was due overnight, so a verification that
            // came in before the slot waited behind a status check; and it went out even if the invoice was
            // paid, promised or disputed meanwhile (ContactScenarioTest).
            for (Item it : w.items) {
                decide(
                        run,
                        w,
                        it.intent(),
                        PlanDecision.Outcome.DELAYED,
                        invoicesOf(it),
                        "outside the debtor's business hours; planned when they open (" + ok.localDate() + ")");
            }
            run.delayed++;
        } else if (d instanceof ContactPolicy.Send ok) {
            compose(run, mailbox, w, ok);
        }
    }

    /**
     * A verification request the mailbox's cap would hold back past one business day from submission goes to a
     * verifier's phone list instead: the cap protects the debtor's inbox, and funding need not wait for it.
     */
    private boolean verifyByPhoneInstead(Run run, Work w, InvoiceRow i, ContactPolicy.Delay delay) {
        LocalDate submitted = i.submittedAt().atZone(w.zone).toLocalDate();
        LocalDate deadline = calendar.plusBusinessDays(calendar.onOrAfter(submitted), 1);
        if (!delay.earliest().isAfter(deadline)) {
            return false;
        }
        task(
                run,
                w,
                OutreachTask.Kind.VERIFY_BY_PHONE,
                i,
                "Verify invoice " + i.number() + " of " + w.client.displayName() + " by phone with " + w.debtor.name(),
                "The debtor's mailbox has had all the messages the contact policy allows this week ("
                        + delay.reason() + "), so the e-mail would wait until " + delay.earliest()
                        + ". Phone the payables team instead and record what they say.",
                "VERIFIER",
                w.today);
        repo.setInvoiceDate(i.id(), i.clientId(), i.debtorId(), "verify_requested_on", w.today);
        repo.setInvoiceDate(i.id(), i.clientId(), i.debtorId(), "verify_reminded_on", w.today);
        repo.setInvoiceDate(i.id(), i.clientId(), i.debtorId(), "verify_task_on", w.today);
        decide(
                run,
                w,
                Intent.VERIFICATION,
                PlanDecision.Outcome.TASK,
                List.of(i),
                "the mailbox cap would hold the request past one business day; a verifier phones instead");
        return true;
    }

    /** The client's rules forbid e-mail to this customer: each item goes to a person instead, once. */
    private void refused(Run run, Work w, String reason) {
        for (Item it : w.items) {
            InvoiceRow i = it.invoice();
            if (i != null && w.lastContact.contains(i.id())) {
                refuseLastContact(run, w, i, reason);
                continue;
            }
            switch (it.intent()) {
                case VERIFICATION, VERIFICATION_REMINDER -> {
                    task(
                            run,
                            w,
                            OutreachTask.Kind.VERIFY_BY_PHONE,
                            i,
                            "Verify invoice " + i.number() + " of " + w.client.displayName() + " by phone with "
                                    + w.debtor.name(),
                            reason + ".",
                            "VERIFIER",
                            w.today);
                    repo.setInvoiceDate(i.id(), i.clientId(), i.debtorId(), "verify_requested_on", w.today);
                    repo.setInvoiceDate(i.id(), i.clientId(), i.debtorId(), "verify_reminded_on", w.today);
                    repo.setInvoiceDate(i.id(), i.clientId(), i.debtorId(), "verify_task_on", w.today);
                }
                case FOLLOW_UP, STATUS_CHECK -> {
                    if (it.intent() == Intent.STATUS_CHECK) {
                        repo.setInvoiceDate(i.id(), i.clientId(), i.debtorId(), "status_checked_on", w.today);
                    } else {
                        task(
                                run,
                                w,
                                OutreachTask.Kind.ESCALATE,
                                i,
                                "Invoice " + i.number() + " of " + w.client.displayName() + " on " + w.debtor.name()
                                        + " is past due",
                                reason + ".",
                                "ACCOUNT_MANAGER",
                                w.today);
                        repo.setInvoiceDate(i.id(), i.clientId(), i.debtorId(), "escalated_on", w.today);
                    }
                }
                case NOTICE, NOTICE_REMINDER, RELEASE, REMIT_NOTE -> {
                    task(
                            run,
                            w,
                            OutreachTask.Kind.REVIEW_MESSAGE,
                            null,
                            it.intent().label() + " for " + w.debtor.name() + " (" + w.client.displayName() + ")",
                            reason + ". Send it by post or phone, then record it.",
                            "ACCOUNT_MANAGER",
                            w.today);
                    if (it.intent() == Intent.NOTICE) {
                        repo.noticeSent(
                                w.pair.clientId(),
                                w.pair.debtorId(),
                                w.today,
                                props.remitTo().key(),
                                checkCode(w.pair.clientId(), w.pair.debtorId()));
                        repo.setPairDate(w.pair.clientId(), w.pair.debtorId(), "notice_reminded_on", w.today);
                        repo.setPairDate(w.pair.clientId(), w.pair.debtorId(), "notice_task_on", w.today);
                    } else if (it.intent() == Intent.RELEASE) {
                        repo.setPairDate(w.pair.clientId(), w.pair.debtorId(), "release_sent_on", w.today);
                    }
                }
            }
            decide(run, w, it.intent(), PlanDecision.Outcome.REFUSED, invoicesOf(it), reason);
        }
    }

    private void compose(Run run, String mailbox, Work w, ContactPolicy.Send slot) {
        List<InvoiceRow> verification = invoicesFor(w, Intent.VERIFICATION, Intent.VERIFICATION_REMINDER);
        List<InvoiceRow> status = invoicesFor(w, Intent.STATUS_CHECK);
        List<InvoiceRow> followUps = invoicesFor(w, Intent.FOLLOW_UP);
        boolean release = has(w, Intent.RELEASE);
        boolean notice = has(w, Intent.NOTICE);
        boolean noticeReminder = !notice && has(w, Intent.NOTICE_REMINDER);
        boolean verificationReminder = verification.stream().allMatch(i -> i.verifyRequestedOn() != null);
        Intent kind = w.items.stream()
                .map(Item::intent)
                .min(Comparator.comparingInt(Intent::priority))
                .orElseThrow();

        List<UUID> scope = new ArrayList<>();
        verification.forEach(i -> scope.add(i.id()));
        status.forEach(i -> scope.add(i.id()));
        followUps.forEach(i -> scope.add(i.id()));
        boolean answerable = !release && (notice || noticeReminder || !scope.isEmpty());
        UUID linkId = null;
        String link = null;
        Instant expires = run.now.plus(java.time.Duration.ofDays(props.linkDays()));
        if (answerable) {
            linkId = UuidV7.next(clock);
            repo.insertLink(new OutreachRepository.LinkRow(
                    linkId, w.pair.clientId(), w.pair.debtorId(), kind.name(), scope, run.now, expires));
            link = baseUrl + "/d/" + tokens.sign(linkId, expires);
        }
        int tone = followUps.stream().anyMatch(i -> i.followUps() > 0) ? 2 : 1;
        Map<String, Object> m = model(w, kind, link, expires);
        m.put("release", release);
        m.put("notice", notice);
        m.put("noticeReminder", noticeReminder);
        m.put("noticeSentOn", w.pair.noticeSentOn() == null ? "" : DAY.format(w.pair.noticeSentOn()));
        List<InvoiceRow> remitNoteInvoices = has(w, Intent.REMIT_NOTE) && w.pair.remitNoteInvoices() != null
                ? repo.invoicesById(
                        java.util.Arrays.stream(w.pair.remitNoteInvoices().split(","))
                                .map(UUID::fromString)
                                .distinct()
                                .toList())
                : List.of();
        m.put("remitNote", !remitNoteInvoices.isEmpty());
        m.put(
                "remitNoteLines",
                remitNoteInvoices.stream().map(i -> line(i, w.today)).toList());
        m.put("verification", verification.stream().map(i -> line(i, w.today)).toList());
        m.put("verificationReminder", !verification.isEmpty() && verificationReminder);
        m.put("statusCheck", status.stream().map(i -> line(i, w.today)).toList());
        m.put("followUp", followUps.stream().map(i -> line(i, w.today)).toList());
        m.put("tone", tone);
        m.put(
                "linkLabel",
                linkLabel(
                        notice || noticeReminder, !verification.isEmpty(), !status.isEmpty() || !followUps.isEmpty()));

        Letters.Rendered r;
        try {
            r = letters.debtorMessage(m);
        } catch (IllegalStateException refused) {
            task(
                    run,
                    w,
                    OutreachTask.Kind.REVIEW_MESSAGE,
                    null,
                    "A message to " + w.debtor.name() + " was refused",
                    refused.getMessage(),
                    "ADMIN",
                    w.today);
            for (Item it : w.items) {
                if (it.invoice() != null && w.lastContact.contains(it.invoice().id())) {
                    refuseLastContact(run, w, it.invoice(), refused.getMessage());
                    continue;
                }
                decide(run, w, it.intent(), PlanDecision.Outcome.REFUSED, invoicesOf(it), refused.getMessage());
            }
            return;
        }
        UUID id = UuidV7.next(clock);
        Map<UUID, String> sections = new LinkedHashMap<>();
        for (Item it : w.items) {
            if (it.invoice() != null) {
                sections.put(it.invoice().id(), it.intent().name());
            }
        }
        repo.insertMessage(
                new OutreachRepository.NewMessage(
                        id,
                        OutboxMessage.Audience.DEBTOR,
                        w.pair.clientId(),
                        w.pair.debtorId(),
                        mailbox,
                        w.debtor.primaryContact().map(DebtorContact::name).orElse(null),
                        kind,
                        w.items.stream()
                                .map(it -> it.intent().name())
                                .distinct()
                                .collect(Collectors.joining(",")),
                        r.subject(),
                        r.html(),
                        r.text(),
                        r.attachmentName(),
                        r.attachment(),
                        linkId,
                        slot.localDate(),
                        slot.notBefore(),
                        run.now),
                sections);
        run.debtorMessages++;
        // state moves now: the message is in the outbox and will go at its slot
        UUID clientId = w.pair.clientId();
        UUID debtorId = w.pair.debtorId();
        for (Item it : w.items) {
            InvoiceRow i = it.invoice();
            switch (it.intent()) {
                case RELEASE -> repo.setPairDate(clientId, debtorId, "release_sent_on", w.today);
                case NOTICE -> {
                    repo.noticeSent(clientId, debtorId, w.today, props.remitTo().key(), checkCode(clientId, debtorId));
                    if (w.pair.notificationState().equals(NotificationState.NOT_NOTIFIED.name())) {
                        debtors.recordNotice(
                                clientId,
                                w.debtor.id(),
                                NotificationState.NOTICE_SENT,
                                "Notice of assignment e-mailed to " + mailbox);
                    }
                }
                case NOTICE_REMINDER -> repo.setPairDate(clientId, debtorId, "notice_reminded_on", w.today);
                case VERIFICATION -> repo.setInvoiceDate(i.id(), clientId, debtorId, "verify_requested_on", w.today);
                case VERIFICATION_REMINDER ->
                    repo.setInvoiceDate(i.id(), clientId, debtorId, "verify_reminded_on", w.today);
                case STATUS_CHECK -> repo.setInvoiceDate(i.id(), clientId, debtorId, "status_checked_on", w.today);
                case FOLLOW_UP -> repo.followedUp(i.id(), clientId, debtorId, w.today);
                case REMIT_NOTE -> repo.remitNoteDone(clientId, debtorId, w.today);
            }
        }
        String covered =
                w.items.stream().map(it -> it.intent().label()).distinct().collect(Collectors.joining(" + "));
        repo.log(new ContactEntry(
                UuidV7.next(clock),
                run.now,
                clientId,
                debtorId,
                scope.size() == 1 ? scope.get(0) : null,
                id,
                ContactEntry.Channel.EMAIL,
                "E-mail to " + mailbox + ": " + covered
                        + (scope.isEmpty()
                                ? ""
                                : " (" + scope.size() + (scope.size() == 1 ? " invoice)" : " invoices)")),
                Outreach.withoutDebtorLinks(r.text()),
                SYSTEM));
        if (r.attachment() != null) {
            repo.log(new ContactEntry(
                    UuidV7.next(clock),
                    run.now,
                    clientId,
                    debtorId,
                    null,
                    id,
                    ContactEntry.Channel.LETTER,
                    (release ? "Letter of release" : "Letter of introduction and notice of assignment")
                            + " (PDF) attached to the e-mail to " + mailbox,
                    null,
                    SYSTEM));
        }
        boolean merged = w.items.stream().map(Item::intent).distinct().count() > 1 || scope.size() > 1;
        for (Item it : w.items) {
            boolean asked =
                    it.invoice() != null && w.lastContact.contains(it.invoice().id());
            if (asked) {
                UUID request = run.lastContacts.remove(it.invoice().id());
                if (request != null) {
                    repo.settleLastContact(
                            request, "SENT", "in the e-mail of " + w.today + " to " + mailbox, id, run.now);
                }
            }
            decide(
                    run,
                    w,
                    it.intent(),
                    PlanDecision.Outcome.PLANNED,
                    invoicesOf(it),
                    slot.reason()
                            + (asked ? "; the one last contact the client asked for" : "")
                            + (merged ? "; merged into one message for the pair: " + covered : ""));
        }
    }

    private Map<String, Object> model(Work w, Intent kind, String link, Instant expires) {
        Map<String, Object> m = new HashMap<>();
        m.put("subject", subject(w, kind));
        String contact = w.debtor.primaryContact().map(DebtorContact::name).orElse(null);
        m.put("greeting", contact == null || contact.isBlank() ? w.debtor.name() + " payables team" : contact);
        m.put("clientName", w.client.displayName());
        m.put("debtorName", w.debtor.name());
        m.put(
                "debtorAddress",
                w.debtor.address() == null ? "" : w.debtor.address().toString());
        m.put("date", DAY.format(w.today));
        m.put("factorName", props.factorName());
        m.put("factorPhone", props.factorPhone());
        m.put("factorEmail", props.factorEmail());
        m.put("signature", props.signature());
        var remit = props.remitTo();
        m.put(
                "remitTo",
                Map.of(
                        "payee", remit.payee(),
                        "lockbox", remit.lockbox(),
                        "bankName", remit.bankName(),
                        "routingNumber", remit.routingNumber(),
                        "accountNumber", remit.accountNumber()));
        m.put("checkUrl", baseUrl + "/remit-check");
        m.put("checkCode", checkCode(w.pair.clientId(), w.pair.debtorId()));
        m.put("link", link);
        m.put("linkExpires", DAY.format(expires.atZone(w.zone).toLocalDate()));
        return m;
    }

    /** The code printed on notices to this pair, for the remit-to check page. */
    public String checkCode(UUID clientId, UUID debtorId) {
        return tokens.checkCode(
                clientId + "|" + debtorId + "|" + props.remitTo().key());
    }

    private static String subject(Work w, Intent kind) {
        String client = w.client.displayName();
        return switch (kind) {
            case RELEASE -> client + ": letter of release";
            case NOTICE -> client + " and " + "our introduction: where to send payments";
            case NOTICE_REMINDER -> "Reminder: " + client + "'s remit-to instructions";
            case REMIT_NOTE -> client + ": thank you for your payment";
            case VERIFICATION -> client + ": please confirm invoice details";
            case VERIFICATION_REMINDER -> "Reminder: " + client + " invoice confirmation";
            case STATUS_CHECK -> client + ": upcoming invoice due dates";
            case FOLLOW_UP -> client + ": invoice payment status";
        };
    }

    private static String linkLabel(boolean notice, boolean verify, boolean status) {
        if (verify) {
            return "Confirm the invoices";
        }
        if (status) {
            return "Tell us the payment status";
        }
        return notice ? "Acknowledge and check the remit-to" : "Open";
    }

    /**
     * One invoice as a message lists it. A part-paid invoice shows what is still open, not its face: a
     * payables clerk who paid $6,000 of $10,000 must not be asked for $10,000.
     */
    Map<String, Object> line(InvoiceRow i, LocalDate today) {
        Map<String, Object> l = new HashMap<>();
        l.put("number", i.number());
        l.put("po", i.poNumber() == null ? "" : i.poNumber());
        l.put("issued", DAY.format(i.issueDate()));
        l.put("due", DAY.format(i.dueDate()));
        String amount = i.face().display();
        if (i.status().equals("PARTIALLY_PAID")) {
            Money open = CurrentActor.runAs(
                    Actor.system(), () -> receipts.open(invoices.get(new org.factorline.invoices.InvoiceId(i.id()))));
            amount = open.display() + " open of " + i.face().display();
        }
        l.put("amount", amount);
        l.put("daysPastDue", Math.max(0, ChronoUnit.DAYS.between(i.dueDate(), today)));
        return l;
    }

    private static List<InvoiceRow> invoicesFor(Work w, Intent... intents) {
        List<Intent> wanted = List.of(intents);
        return w.items.stream()
                .filter(it -> wanted.contains(it.intent()) && it.invoice() != null)
                .map(Item::invoice)
                .distinct()
                .toList();
    }

    private static boolean has(Work w, Intent intent) {
        return w.items.stream().anyMatch(it -> it.intent() == intent);
    }

    private static List<InvoiceRow> invoicesOf(Item it) {
        return it.invoice() == null ? List.of() : List.of(it.invoice());
    }

    // ---- records ----

    private void task(
            Run run,
            Work w,
            OutreachTask.Kind kind,
            InvoiceRow i,
            String title,
            String detail,
            String role,
            LocalDate due) {
        UUID invoiceId = i == null ? null : i.id();
        String key =
                kind + ":" + w.pair.clientId() + ":" + w.pair.debtorId() + ":" + (invoiceId == null ? "-" : invoiceId);
        boolean callsTheDebtor = kind == OutreachTask.Kind.VERIFY_BY_PHONE
                || kind == OutreachTask.Kind.ACKNOWLEDGE_NOTICE
                || kind == OutreachTask.Kind.ESCALATE;
        if (callsTheDebtor && !w.rule.phoneAllowed()) {
            // the client's rule: nobody phones this customer; the person works it out with the client instead
            title = title.replaceFirst("^Phone ", "Ask the client about ").replaceFirst(" by phone with ", " with ");
            detail = detail + " The client asked that nobody phone this customer: work it out with the client"
                    + (kind == OutreachTask.Kind.VERIFY_BY_PHONE ? " (or from documents)" : "") + ".";
            role = "ACCOUNT_MANAGER";
        }
        boolean opened = repo.openTask(
                new OutreachTask(
                        UuidV7.next(clock),
                        kind,
                        w.pair.clientId(),
                        w.pair.debtorId(),
                        invoiceId,
                        title,
                        detail,
                        role,
                        run.now,
                        due,
                        null,
                        null,
                        null,
                        null),
                key);
        if (opened) {
            run.tasks++;
            repo.log(new ContactEntry(
                    UuidV7.next(clock),
                    run.now,
                    w.pair.clientId(),
                    w.pair.debtorId(),
                    invoiceId,
                    null,
                    ContactEntry.Channel.TASK,
                    "Task opened: " + title,
                    detail,
                    SYSTEM));
        }
    }

    private void decide(
            Run run, Work w, Intent intent, PlanDecision.Outcome outcome, List<InvoiceRow> invoices, String reason) {
        String numbers = invoices.stream().map(InvoiceRow::number).collect(Collectors.joining(", "));
        repo.decide(
                new PlanDecision(
                        UuidV7.next(clock),
                        w.today,
                        run.now,
                        w.pair.clientId(),
                        w.pair.debtorId(),
                        intent,
                        outcome,
                        numbers.isEmpty() ? null : numbers,
                        reason),
                reasonKey(numbers + "|" + reason));
    }

    static String reasonKey(String s) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d, 0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String key(UUID client, UUID debtor) {
        return client + "|" + debtor;
    }

    static Optional<String> mailbox(Debtor d) {
        return d.primaryContact()
                .map(DebtorContact::email)
                .filter(e -> e != null && !e.isBlank())
                .map(e -> e.strip().toLowerCase(Locale.ROOT));
    }

    static ZoneId zone(Debtor d) {
        try {
            return ZoneId.of(d.timeZone());
        } catch (RuntimeException e) {
            return ZoneId.of("America/Chicago");
        }
    }
}
