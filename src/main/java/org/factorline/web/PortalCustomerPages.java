package org.factorline.web;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.factorline.clients.ClientId;
import org.factorline.debtors.ClientDebtor;
import org.factorline.debtors.Debtor;
import org.factorline.debtors.DebtorId;
import org.factorline.debtors.Debtors;
import org.factorline.debtors.NotificationState;
import org.factorline.identity.CurrentActor;
import org.factorline.invoices.Invoice;
import org.factorline.invoices.InvoiceFilter;
import org.factorline.invoices.InvoiceStatus;
import org.factorline.invoices.Invoices;
import org.factorline.invoices.VerificationStatus;
import org.factorline.outreach.ContactEntry;
import org.factorline.outreach.ContactRule;
import org.factorline.outreach.ContactSettings;
import org.factorline.outreach.Intent;
import org.factorline.outreach.OutboxMessage;
import org.factorline.outreach.Outreach;
import org.factorline.outreach.PlanDecision;
import org.factorline.outreach.RelationshipHealth;
import org.factorline.settlement.Settlement;
import org.factorline.shared.BusinessCalendar;
import org.factorline.shared.CursorPage;
import org.factorline.shared.FactorlineException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The client's customers, and for each one everything the factor does with it: the notice of assignment,
 * every contact as it happened (e-mails with their text, letters, calls with their outcome, the customer's
 * answers), what is planned next, the rules the client sets for it, and how the relationship is going. All
 * reads go through the client-scoped APIs of outreach, debtors and invoices: a customer the client does not
 * sell on is not found.
 */
@Controller
@RequestMapping("/portal")
class PortalCustomerPages {

    static final int LOG_LIMIT = 200;
    static final int INVOICE_LIMIT = 100;
    static final int CLOSE_OUTS_READ = 20;
    static final int PLAN_DAYS_AHEAD = 14;

    private final Debtors debtors;
    private final Invoices invoices;
    private final Outreach outreach;
    private final Settlement settlement;
    private final BusinessCalendar calendar;
    private final Clock clock;

    PortalCustomerPages(
            Debtors debtors,
            Invoices invoices,
            Outreach outreach,
            Settlement settlement,
            BusinessCalendar calendar,
            Clock clock) {
        this.debtors = debtors;
        this.invoices = invoices;
        this.outreach = outreach;
        this.settlement = settlement;
        this.calendar = calendar;
        this.clock = clock;
    }

    @GetMapping("/customers")
    String list(Model model) {
        UUID client = clientId();
        List<ClientDebtor> pairs = debtors.relationshipsOfClient(client);
        Map<UUID, String> names = PortalInvoicePages.names(debtors.allVisible());
        // one read of the latest log lines, counted per customer: no query per row
        Instant monthAgo = clock.instant().minus(java.time.Duration.ofDays(30));
        Map<UUID, Integer> recent = new HashMap<>();
        for (ContactEntry e : outreach.contactLog(client, null, null, null, null, LOG_LIMIT)) {
            if (RelationshipHealth.CONTACTS.contains(e.channel()) && e.at().isAfter(monthAgo)) {
                recent.merge(e.debtorId(), 1, Integer::sum);
            }
        }
        model.addAttribute("pairs", pairs);
        model.addAttribute("names", names);
        model.addAttribute("recent", recent);
        return "portal/customers";
    }

    @GetMapping("/customers/{debtorId}")
    String show(@PathVariable UUID debtorId, Model model) {
        UUID client = clientId();
        DebtorId id = new DebtorId(debtorId);
        Debtor debtor = debtors.find(id).orElseThrow(PortalCustomerPages::notFound);
        ClientDebtor pair = debtors.relationshipsOfClient(client).stream()
                .filter(r -> r.debtorId().equals(id))
                .findFirst()
                .orElseThrow(PortalCustomerPages::notFound);
        LocalDate today = LocalDate.now(clock);
        ContactSettings settings = outreach.settings(new ClientId(client));
        ContactRule rule = outreach.rule(client, id);
        List<ContactEntry> log = outreach.contactLog(client, debtorId, null, null, null, LOG_LIMIT);
        List<Invoice> pairInvoices = invoices.list(
                        new InvoiceFilter(null, id, null, null, null, null), CursorPage.Request.first(INVOICE_LIMIT))
                .items();
        model.addAttribute("debtor", debtor);
        model.addAttribute("pair", pair);
        model.addAttribute("settings", settings);
        model.addAttribute("rule", rule);
        model.addAttribute("log", log);
        model.addAttribute(
                "queued",
                outreach.messages(client, debtorId, OutboxMessage.Status.QUEUED, null, 20).stream()
                        .filter(m -> m.audience() == OutboxMessage.Audience.DEBTOR)
                        .toList());
        List<PlanDecision> decisions = outreach.pairDecisions(client, id, 20);
        model.addAttribute(
                "decisions",
                decisions.stream()
                        .filter(d -> !d.businessDate().isBefore(today.minusDays(7)))
                        .toList());
        model.addAttribute("expected", expected(pairInvoices, decisions, settings, rule, pair, today));
        model.addAttribute("health", health(log, pairInvoices, today));
        model.addAttribute("today", today);
        return "portal/customer";
    }

    @PostMapping("/customers/{debtorId}/rule")
    String saveRule(
            @PathVariable UUID debtorId,
            @RequestParam(required = false) Integer maxPerWeek,
            @RequestParam(required = false) Integer minDaysBetween,
            @RequestParam(defaultValue = "false") boolean emailAllowed,
            @RequestParam(defaultValue = "false") boolean phoneAllowed,
            @RequestParam(required = false) LocalTime quietBefore,
            @RequestParam(required = false) LocalTime quietAfter,
            @RequestParam(defaultValue = "false") boolean askBeforePastDue,
            @RequestParam(required = false) String note,
            RedirectAttributes flash) {
        UUID client = clientId();
        DebtorId id = new DebtorId(debtorId);
        debtors.find(id).orElseThrow(PortalCustomerPages::notFound);
        try {
            outreach.saveRule(new ContactRule(
                    client,
                    id,
                    maxPerWeek,
                    minDaysBetween,
                    emailAllowed,
                    phoneAllowed,
                    quietBefore,
                    quietAfter,
                    askBeforePastDue,
                    note,
                    null,
                    null));
            flash.addFlashAttribute(
                    "flash", "Saved. The factor follows this rule from its next planning run (within the hour).");
        } catch (FactorlineException e) {
            if (e.problems().isEmpty()) {
                throw notFound();
            }
            flash.addFlashAttribute("problems", e.problems());
            flash.addFlashAttribute("problemTitle", "The rule was not saved:");
        }
        return "redirect:/portal/customers/" + debtorId + "#rule";
    }

    /** One message the customer received, as it read it (the plain-text part). */
    @GetMapping("/messages/{id}")
    String message(@PathVariable UUID id, Model model) {
        OutboxMessage m;
        try {
            m = outreach.message(id);
        } catch (FactorlineException e) {
            throw notFound();
        }
        model.addAttribute("message", m);
        model.addAttribute(
                "customer",
                m.debtorId() == null
                        ? ""
                        : debtors.find(new DebtorId(m.debtorId()))
                                .map(Debtor::name)
                                .orElse(""));
        return "portal/message";
    }

    /** A contact the client can expect, worked out from its open invoices and the factor's policy. */
    record Expected(LocalDate from, String what, String invoice, UUID invoiceId) {}

    /**
     * What the planner will want to say in the next days, read from the same facts it reads: invoices
     * awaiting confirmation, invoices nearing their due date (one status check a few business days
     * before), and past-due invoices (the client is told first). The planner still applies the contact
     * policy and this client's rule, and says nothing if the customer already answered.
     */
    List<Expected> expected(
            List<Invoice> pairInvoices,
            List<PlanDecision> decisions,
            ContactSettings s,
            ContactRule rule,
            ClientDebtor pair,
            LocalDate today) {
        List<Expected> out = new ArrayList<>();
        NotificationState state = pair.notificationState();
        if (state == NotificationState.RELEASED || state == NotificationState.CONFIDENTIAL) {
            return out;
        }
        LocalDate horizon = today.plusDays(PLAN_DAYS_AHEAD);
        boolean live = pairInvoices.stream().anyMatch(i -> !i.status().isFinal());
        if (state == NotificationState.NOT_NOTIFIED && live) {
            out.add(new Expected(
                    today, "Welcome letter with the notice of assignment (the first contact)", null, null));
        }
        for (Invoice i : pairInvoices) {
            boolean bought = PortalInvoicePages.isOpen(i);
            boolean beforeFunding = i.status() == InvoiceStatus.SUBMITTED || i.status() == InvoiceStatus.APPROVED;
            if (beforeFunding && i.verificationStatus() == VerificationStatus.PENDING) {
                LocalDate asked = askedOn(decisions, i.number());
                out.add(
                        asked == null
                                ? new Expected(today, "Invoice confirmation request", i.number(), i.id().value())
                                : new Expected(
                                        calendar.plusBusinessDays(asked, s.verificationReminderDays()),
                                        "One reminder if the confirmation asked for on " + asked
                                                + " is still unanswered",
                                        i.number(),
                                        i.id().value()));
            }
            if (!bought && !beforeFunding) {
                continue;
            }
            if (i.dueDate().isBefore(today)) {
                out.add(new Expected(
                        today,
                        rule.askBeforePastDue()
                                ? "Past due: the factor asks you before any contact"
                                : "Past due: you are told first and have " + s.clientWindowDays()
                                        + " business days to handle it; then a courteous follow-up",
                        i.number(),
                        i.id().value()));
            } else {
                LocalDate check = statusCheckDay(i.dueDate(), s.statusCheckDaysBefore(), today);
                if (check != null && !check.isAfter(horizon)) {
                    out.add(new Expected(
                            check,
                            "Payment status check before the due date " + i.dueDate(),
                            i.number(),
                            i.id().value()));
                }
            }
        }
        out.sort(java.util.Comparator.comparing(Expected::from));
        boolean noEmail = !rule.emailAllowed() || (rule.maxPerWeek() != null && rule.maxPerWeek() == 0);
        String how = !noEmail
                ? ""
                : rule.phoneAllowed()
                        ? " — by a phone call, as you asked for no e-mail"
                        : " — no e-mail or call, as you asked; your account manager decides what to do";
        return out.stream()
                .limit(20)
                .map(x -> new Expected(x.from(), x.what() + how, x.invoice(), x.invoiceId()))
                .toList();
    }

    /** The day the planner last asked this customer to confirm the invoice, if among the decisions read. */
    static LocalDate askedOn(List<PlanDecision> decisions, String number) {
        return decisions.stream()
                .filter(d -> d.intent() == Intent.VERIFICATION
                        && (d.outcome() == PlanDecision.Outcome.PLANNED || d.outcome() == PlanDecision.Outcome.MERGED)
                        && d.invoices() != null
                        && java.util.Arrays.asList(d.invoices().split(", ")).contains(number))
                .map(PlanDecision::businessDate)
                .max(LocalDate::compareTo)
                .orElse(null);
    }

    /** The first business day from today on which the planner's status check is due for this due date. */
    LocalDate statusCheckDay(LocalDate due, int daysBefore, LocalDate today) {
        LocalDate d = today;
        for (int i = 0; i <= PLAN_DAYS_AHEAD * 2 && !d.isAfter(due); i++, d = d.plusDays(1)) {
            if (calendar.isBusinessDay(d)
                    && !calendar.plusBusinessDays(d, daysBefore).isBefore(due)) {
                return d;
            }
        }
        return null;
    }

    RelationshipHealth health(List<ContactEntry> log, List<Invoice> pairInvoices, LocalDate today) {
        int disputed = (int) pairInvoices.stream()
                .filter(i -> i.verificationStatus() == VerificationStatus.DISPUTED)
                .count();
        // close-outs are read one by one, so only the latest few closed invoices count
        List<RelationshipHealth.Paid> paid = new ArrayList<>();
        for (Invoice i : pairInvoices) {
            if (i.status() == InvoiceStatus.CLOSED && paid.size() < CLOSE_OUTS_READ) {
                settlement
                        .findCloseOut(i.id())
                        .ifPresent(c -> paid.add(new RelationshipHealth.Paid(i.issueDate(), c.closedOn())));
            }
        }
        return RelationshipHealth.of(log, disputed, paid, today);
    }

    private static UUID clientId() {
        return CurrentActor.get().clientScope().orElseThrow(PortalCustomerPages::notFound);
    }

    private static ResponseStatusException notFound() {
        return new ResponseStatusException(HttpStatus.NOT_FOUND);
    }
}
