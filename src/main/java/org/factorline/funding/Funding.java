package org.factorline.funding;

import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.factorline.clients.Agreement;
import org.factorline.clients.AgreementTerms;
import org.factorline.clients.Client;
import org.factorline.clients.ClientId;
import org.factorline.clients.Clients;
import org.factorline.funding.internal.FundingRepository;
import org.factorline.identity.Actor;
import org.factorline.identity.AuditLog;
import org.factorline.identity.CurrentActor;
import org.factorline.identity.Role;
import org.factorline.invoices.Invoice;
import org.factorline.invoices.InvoiceFilter;
import org.factorline.invoices.InvoiceId;
import org.factorline.invoices.InvoiceStatus;
import org.factorline.invoices.Invoices;
import org.factorline.invoices.ScheduleId;
import org.factorline.ledger.AccountCode;
import org.factorline.ledger.JournalEntry;
import org.factorline.ledger.JournalLine;
import org.factorline.ledger.Ledger;
import org.factorline.ledger.NewEntry;
import org.factorline.ledger.ReasonCode;
import org.factorline.payouts.NewPayout;
import org.factorline.payouts.Payout;
import org.factorline.payouts.Payouts;
import org.factorline.pricing.PayoutMethod;
import org.factorline.risk.Eligibility;
import org.factorline.risk.EligibilityResult;
import org.factorline.risk.PolicyResult;
import org.factorline.shared.CursorPage;
import org.factorline.shared.ErrorCode;
import org.factorline.shared.FactorlineException;
import org.factorline.shared.FieldProblem;
import org.factorline.shared.Money;
import org.factorline.shared.UuidV7;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Buys approved invoices. A request fixes which invoices and how the client is paid; approving it checks
 * every invoice's eligibility again, and — by one person up to the four-eyes amount, by two above it —
 * posts the purchase (purchased receivables against the reserve, the fees, what the client owed and
 * what is now payable to it), marks the invoices funded and creates the payout, all in one transaction.
 * Approving the same request twice at once funds it once: the request row is claimed by its version,
 * each invoice can be bought once, and the ledger entry carries the request's key.
 */
@Service
public class Funding {

    static final Role[] REQUESTERS = {Role.ADMIN, Role.FUNDING_OFFICER, Role.ACCOUNT_MANAGER};
    static final Role[] APPROVERS = {Role.ADMIN, Role.FUNDING_OFFICER};
    static final int MAX_INVOICES = 1_000;

    private final FundingRepository rows;
    private final Invoices invoices;
    private final Clients clients;
    private final Eligibility eligibility;
    private final Ledger ledger;
    private final Payouts payouts;
    private final AuditLog audit;
    private final Clock clock;
    private final Money secondApprovalAbove;

    Funding(
            FundingRepository rows,
            Invoices invoices,
            Clients clients,
            Eligibility eligibility,
            Ledger ledger,
            Payouts payouts,
            AuditLog audit,
            Clock clock,
            @Value("${factorline.funding.second-approval-above:50000.00}") String secondApprovalAbove) {
        this.rows = rows;
        this.invoices = invoices;
        this.clients = clients;
        this.eligibility = eligibility;
        this.ledger = ledger;
        this.payouts = payouts;
        this.audit = audit;
        this.clock = clock;
        this.secondApprovalAbove = Money.usd(secondApprovalAbove);
    }

    /** The advance above which a second person must approve (in the agreement's currency). */
    public Money secondApprovalAbove() {
        return secondApprovalAbove;
    }

    @Transactional
    public FundingRequest request(NewFundingRequest cmd) {
        Actor actor = CurrentActor.get();
        actor.requireRole(REQUESTERS);
        if (cmd == null || cmd.clientId() == null) {
            throw FactorlineException.invalid("clientId", null, "is required: whose invoices to fund");
        }
        Client client = clients.get(new ClientId(cmd.clientId()));
        PayoutMethod method = cmd.payoutMethod() == null ? PayoutMethod.ACH : cmd.payoutMethod();
        List<Invoice> chosen = chosen(client, cmd);
        List<FieldProblem> problems = new ArrayList<>();
        Map<UUID, String> busy =
                rows.inOpenRequests(chosen.stream().map(i -> i.id().value()).toList());
        for (Invoice i : chosen) {
            if (!i.clientId().equals(client.id())) {
                problems.add(
                        FieldProblem.of("invoiceIds", i.id(), "invoice " + i.number() + " belongs to another client"));
            } else if (i.status() != InvoiceStatus.APPROVED) {
                problems.add(FieldProblem.of(
                        "invoiceIds", i.number(), "is " + i.status() + "; only approved invoices are funded"));
            } else if (busy.containsKey(i.id().value())) {
                problems.add(FieldProblem.of(
                        "invoiceIds", i.number(), "is already in funding request " + busy.get(i.id().value())));
            }
        }
        if (!problems.isEmpty()) {
            throw new FactorlineException(
                    ErrorCode.VALIDATION_FAILED,
                    problems.size() + " of the invoices cannot be put in a funding request: "
                            + problems.get(0).value() + " " + problems.get(0).message(),
                    problems);
        }
        Quote quote = quote(client, chosen, method);
        Instant now = clock.instant();
        FundingRequest r = new FundingRequest(
                UuidV7.next(clock),
                rows.nextReference(LocalDate.now(clock).getYear()),
                client.id(),
                FundingStatus.REQUESTED,
                method,
                quote.face,
                quote.advance,
                quote.charges,
                quote.deductions,
                quote.net,
                actor.username(),
                now,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                0,
                quote.lines);
        rows.insert(r);
        FundingRequest saved = rows.find(r.id()).orElseThrow();
        audit.record(
                "funding.requested",
                "funding_request",
                r.id(),
                client.id().value(),
                "Funding request " + r.reference() + " for " + client.reference() + ": " + chosen.size()
                        + " invoices, advance " + quote.advance.display() + ", net " + quote.net.display(),
                null,
                saved);
        return saved;
    }

    private List<Invoice> chosen(Client client, NewFundingRequest cmd) {
        List<Invoice> chosen;
        if (cmd.scheduleId() != null) {
            CursorPage<Invoice> page = invoices.list(
                    new InvoiceFilter(
                            client.id(), null, new ScheduleId(cmd.scheduleId()), InvoiceStatus.APPROVED, null, null),
                    CursorPage.Request.first(CursorPage.MAX_LIMIT));
            if (page.nextCursor() != null) {
                throw FactorlineException.invalid(
                        "scheduleId",
                        cmd.scheduleId(),
                        "has more than " + CursorPage.MAX_LIMIT
                                + " approved invoices; fund them in parts by listing invoiceIds");
            }
            chosen = page.items();
        } else {
            Set<UUID> ids = new LinkedHashSet<>(cmd.invoiceIds() == null ? List.of() : cmd.invoiceIds());
            chosen = invoices.getAll(ids.stream().map(InvoiceId::new).toList());
            if (chosen.size() != ids.size()) {
                Set<UUID> found = new java.util.HashSet<>(
                        chosen.stream().map(i -> i.id().value()).toList());
                UUID missing = ids.stream()
                        .filter(id -> !found.contains(id))
                        .findFirst()
                        .orElse(null);
                throw FactorlineException.invalid("invoiceIds", missing, "is not an invoice you can see");
            }
        }
        if (chosen.isEmpty()) {
            throw FactorlineException.invalid(
                    cmd.scheduleId() != null ? "scheduleId" : "invoiceIds",
                    cmd.scheduleId(),
                    "name at least one approved invoice to fund");
        }
        if (chosen.size() > MAX_INVOICES) {
            throw FactorlineException.invalid(
                    "invoiceIds", chosen.size(), "at most " + MAX_INVOICES + " invoices per funding request");
        }
        return chosen;
    }

    private record Quote(
            Money face, Money advance, Money charges, Money deductions, Money net, List<FundingLine> lines) {}

    /** Advance per invoice at its agreement version's rate; charges by the agreement in force today. */
    private Quote quote(Client client, List<Invoice> chosen, PayoutMethod method) {
        Agreement current = clients.agreementInForce(client.id(), LocalDate.now(clock))
                .orElseThrow(() -> FactorlineException.invalid(
                        "clientId", client.id(), "client " + client.reference() + " has no agreement in force today"));
        Currency currency = current.terms().currency();
        Money face = Money.zero(currency);
        Money advance = Money.zero(currency);
        List<FundingLine> lines = new ArrayList<>();
        Set<UUID> schedules = new LinkedHashSet<>();
        for (Invoice i : chosen) {
            AgreementTerms terms =
                    clients.agreement(i.agreementId()).map(Agreement::terms).orElse(current.terms());
            if (!i.faceAmount().currency().equals(currency)) {
                throw FactorlineException.invalid(
                        "invoiceIds", i.number(), "is in " + i.faceAmount().currency() + ", not " + currency);
            }
            Money a = i.faceAmount().times(terms.advanceRate(), RoundingMode.HALF_UP);
            lines.add(new FundingLine(i.id(), i.number(), i.faceAmount(), terms.advanceRate(), a));
            face = face.plus(i.faceAmount());
            advance = advance.plus(a);
            schedules.add(i.scheduleId().value());
        }
        Money charges = current.terms().miscFees().atFunding(method, chosen.size(), schedules.size(), 0, 0);
        if (!advance.isGreaterThan(charges)) {
            throw FactorlineException.invalid(
                    "invoiceIds",
                    advance.display(),
                    "the advance does not cover the charges at funding of " + charges.display());
        }
        Money owed = ledger.balance(AccountCode.CLIENT_RECEIVABLE, client.id().value(), currency);
        Money room = advance.minus(charges);
        Money deductions = owed.isPositive() ? owed.min(room) : Money.zero(currency);
        return new Quote(face, advance, charges, deductions, room.minus(deductions), List.copyOf(lines));
    }

    /**
     * Approves the request. Above the four-eyes amount the first approval only records itself and a
     * different person's approval funds it. Every invoice must still be approved and eligible.
     */
    @Transactional
    public FundingRequest approve(UUID id) {
        Actor actor = CurrentActor.get();
        actor.requireRole(APPROVERS);
        // approvals of one request take turns: the next one sees it funded, not half-way (a debtor counted twice)
        rows.lock(id);
        FundingRequest r = get(id);
        if (!r.status().isOpen()) {
            r.status().requireMove(r.reference(), FundingStatus.FUNDED);
        }
        Client client = clients.get(r.clientId());
        List<InvoiceId> ids = r.lines().stream().map(FundingLine::invoiceId).toList();
        List<Invoice> current = invoices.getAll(ids);
        requireStillApproved(r, current);
        LocalDate fundingDate = LocalDate.now(clock);
        requireEligible(r, current, fundingDate);
        Quote quote = quote(client, current, r.payoutMethod());
        Instant now = clock.instant();

        boolean fourEyes = quote.advance.isGreaterThan(secondApprovalAbove);
        if (fourEyes && r.status() == FundingStatus.REQUESTED) {
            rows.claim(
                    id, r.version(), FundingStatus.AWAITING_SECOND_APPROVAL, "first_approved", actor.username(), now);
            FundingRequest after = get(id);
            audit.record(
                    "funding.first_approval",
                    "funding_request",
                    id,
                    client.id().value(),
                    "Funding request " + r.reference() + " approved by " + actor.username()
                            + "; a second person must approve it (advance " + quote.advance.display() + " is above "
                            + secondApprovalAbove.display() + ")",
                    r,
                    after);
            return after;
        }
        if (r.status() == FundingStatus.AWAITING_SECOND_APPROVAL
                && actor.username().equals(r.firstApprovedBy())) {
            throw new FactorlineException(
                    ErrorCode.FOUR_EYES_REQUIRED,
                    "Funding request " + r.reference() + " was first approved by " + actor.username()
                            + "; a different person must give the second approval",
                    List.of(FieldProblem.of("id", id, "you gave the first approval")));
        }
        rows.claim(id, r.version(), FundingStatus.FUNDED, "funded", actor.username(), now);
        try {
            rows.insertFunded(r, fundingDate);
        } catch (DuplicateKeyException e) {
            throw new FactorlineException(
                    ErrorCode.FUNDING_NOT_OPEN,
                    "An invoice of funding request " + r.reference() + " has already been bought",
                    List.of(FieldProblem.of("id", id, "one of its invoices has already been bought")));
        }
        invoices.markFunded(ids, "Funded by " + r.reference());
        JournalEntry entry = ledger.post(purchaseEntry(r, quote, fundingDate));
        // what the client owed may take the whole advance: then nothing is sent
        Payout payout = !quote.net.isPositive()
                ? null
                : payouts.create(new NewPayout(
                        client.id(),
                        quote.net,
                        r.payoutMethod(),
                        "funding_request",
                        r.id(),
                        "Advance on " + r.reference()));
        rows.recordFunding(
                id,
                fundingDate,
                quote.advance,
                quote.charges,
                quote.deductions,
                quote.net,
                payout == null ? null : payout.id().value(),
                entry.id());
        FundingRequest after = get(id);
        audit.record(
                "funding.funded",
                "funding_request",
                id,
                client.id().value(),
                "Funding request " + r.reference() + " funded: " + ids.size() + " invoices, advance "
                        + quote.advance.display() + ", charges " + quote.charges.display() + ", netted "
                        + quote.deductions.display() + ", payout " + quote.net.display() + " by " + r.payoutMethod(),
                r,
                after);
        return after;
    }

    /**
     * The purchase (design guide §5): purchased receivables for the face; the reserve for face − advance;
     * the charges as fee income; what the client owed netted off its receivable; the rest payable to it.
     */
    private static NewEntry purchaseEntry(FundingRequest r, Quote q, LocalDate fundingDate) {
        UUID client = r.clientId().value();
        List<JournalLine> lines = new ArrayList<>();
        lines.add(JournalLine.debit(AccountCode.PURCHASED_RECEIVABLES, client, q.face));
        Money reserve = q.face.minus(q.advance);
        if (reserve.isPositive()) {
            lines.add(JournalLine.credit(AccountCode.CLIENT_RESERVE, client, reserve));
        }
        if (q.charges.isPositive()) {
            lines.add(JournalLine.credit(AccountCode.FUNDING_FEE_INCOME, q.charges));
        }
        if (q.deductions.isPositive()) {
            lines.add(JournalLine.credit(AccountCode.CLIENT_RECEIVABLE, client, q.deductions));
        }
        if (q.net.isPositive()) {
            lines.add(JournalLine.credit(AccountCode.CLIENT_PAYABLE, client, q.net));
        }
        return new NewEntry(
                "purchase:" + r.id(),
                ReasonCode.PURCHASE,
                fundingDate,
                "funding_request",
                r.id(),
                client,
                "Purchase of " + r.lines().size() + " invoices, " + r.reference(),
                lines);
    }

    private static void requireStillApproved(FundingRequest r, List<Invoice> current) {
        List<FieldProblem> problems = current.stream()
                .filter(i -> i.status() != InvoiceStatus.APPROVED)
                .map(i -> FieldProblem.of(
                        "invoice " + i.number(),
                        i.status(),
                        "is no longer approved; cancel the request and make a new one"))
                .toList();
        if (!problems.isEmpty() || current.size() != r.lines().size()) {
            throw new FactorlineException(
                    ErrorCode.FUNDING_NOT_OPEN,
                    "Funding request " + r.reference() + " has invoices that are no longer approved",
                    problems);
        }
    }

    private void requireEligible(FundingRequest r, List<Invoice> current, LocalDate fundingDate) {
        List<FieldProblem> problems = new ArrayList<>();
        for (EligibilityResult result : eligibility.assessTogether(current, fundingDate)) {
            for (PolicyResult refusal : result.refusals()) {
                problems.add(FieldProblem.of("invoice " + result.invoiceNumber(), refusal.policy(), refusal.reason()));
            }
        }
        if (!problems.isEmpty()) {
            throw new FactorlineException(
                    ErrorCode.FUNDING_INELIGIBLE,
                    "Funding request " + r.reference() + ": " + problems.size() + " refusal(s), first: "
                            + problems.get(0).field() + " " + problems.get(0).value() + " — "
                            + problems.get(0).message(),
                    problems);
        }
    }

    /** The eligibility of each invoice of an open request, judged together as of today. */
    public List<EligibilityResult> eligibility(UUID id) {
        FundingRequest r = get(id);
        return eligibility.assessTogether(
                invoices.getAll(r.lines().stream().map(FundingLine::invoiceId).toList()), LocalDate.now(clock));
    }

    @Transactional
    public FundingRequest cancel(UUID id, String reason) {
        Actor actor = CurrentActor.get();
        actor.requireRole(REQUESTERS);
        if (reason == null || reason.isBlank() || reason.length() > 500) {
            throw FactorlineException.invalid(
                    "reason", reason, "say why the request is cancelled (at most 500 characters)");
        }
        FundingRequest r = get(id);
        r.status().requireMove(r.reference(), FundingStatus.CANCELLED);
        rows.claim(id, r.version(), FundingStatus.CANCELLED, "cancelled", actor.username(), clock.instant());
        rows.recordCancel(id, reason.strip());
        FundingRequest after = get(id);
        audit.record(
                "funding.cancelled",
                "funding_request",
                id,
                r.clientId().value(),
                "Funding request " + r.reference() + " cancelled",
                r,
                after,
                reason.strip());
        return after;
    }

    public FundingRequest get(UUID id) {
        Actor actor = CurrentActor.get();
        return rows.find(id)
                .filter(r -> actor.canSeeClient(r.clientId().value()))
                .orElseThrow(() -> FactorlineException.notFound("funding request", id));
    }

    /** Requests newest first; a client user sees only its own client's. */
    public CursorPage<FundingRequest> list(UUID clientId, FundingStatus status, CursorPage.Request page) {
        Actor actor = CurrentActor.get();
        UUID scope = actor.clientScope().orElse(clientId);
        if (actor.isClientUser() && clientId != null && !clientId.equals(scope)) {
            return new CursorPage<>(List.of(), null);
        }
        return CursorPage.of(rows.page(page.after(), scope, status, page.fetchSize()), page, FundingRequest::id);
    }

    /** What was paid for an invoice when it was bought: the funding date, face and advance. */
    public record Purchase(
            InvoiceId invoiceId, java.util.UUID requestId, LocalDate fundingDate, Money face, Money advance) {}

    /** The purchase of a bought invoice, for close-out and recourse; empty if it was never bought. */
    public java.util.Optional<Purchase> purchaseOf(InvoiceId invoiceId) {
        return rows.purchaseOf(invoiceId.value());
    }

    /** {@link #purchaseOf} for many invoices at once (the recourse sweep), by invoice; those never bought are absent. */
    public java.util.Map<InvoiceId, Purchase> purchasesOf(java.util.Collection<InvoiceId> invoiceIds) {
        java.util.Map<InvoiceId, Purchase> out = new java.util.HashMap<>();
        rows.purchasesOf(invoiceIds.stream().map(InvoiceId::value).distinct().toList())
                .forEach(p -> out.put(p.invoiceId(), p));
        return out;
    }

    /**
     * How much more the client may draw: its facility limit (the agreement in force today), the funds employed
     * (advances on its funded invoices not yet paid) and the difference, never below zero.
     */
    public record Availability(Money facilityLimit, Money employed, Money available) {}

    /** The client's availability; empty without an agreement in force. A client user sees only its own. */
    public java.util.Optional<Availability> availability(ClientId clientId) {
        CurrentActor.get().requireClient(clientId.value());
        return clients.agreementInForce(clientId, LocalDate.now(clock)).map(a -> {
            Currency currency = a.terms().currency();
            Money limit = a.terms().facilityLimit();
            Money employed = Money.of(rows.fundsEmployed(clientId.value(), currency.getCurrencyCode()), currency);
            return new Availability(limit, employed, limit.minus(employed).max(Money.zero(currency)));
        });
    }

    /**
     * The client's approved invoices that are in no open funding request, oldest first — what it could offer
     * in place of another invoice. A client user sees only its own; at most {@code limit}.
     */
    public List<Invoice> unrequested(ClientId clientId, int limit) {
        CurrentActor.get().requireClient(clientId.value());
        List<Invoice> approved = CurrentActor.runAs(
                Actor.system(),
                () -> invoices.inStatus(clientId, InvoiceStatus.APPROVED, Math.min(Math.max(limit, 1), 5_000)));
        Map<UUID, String> busy =
                rows.inOpenRequests(approved.stream().map(i -> i.id().value()).toList());
        // read again as the actor: a client user's copy leaves out the factor's own notes
        return invoices.getAll(approved.stream()
                .filter(i -> !busy.containsKey(i.id().value()))
                .map(Invoice::id)
                .toList());
    }

    /** Approved invoices not yet in an open request, oldest first: the funding queue (staff). */
    public List<Invoice> queue(UUID clientId, int limit) {
        CurrentActor.get().requireStaff();
        List<Invoice> approved =
                invoices.inStatus(clientId == null ? null : new ClientId(clientId), InvoiceStatus.APPROVED, limit);
        Map<UUID, String> busy =
                rows.inOpenRequests(approved.stream().map(i -> i.id().value()).toList());
        return approved.stream().filter(i -> !busy.containsKey(i.id().value())).toList();
    }

    /** Staff's count of requests in one status, at most {@code cap + 1} (for the dashboard's queues). */
    public long count(FundingStatus status, int cap) {
        CurrentActor.get().requireStaff();
        return rows.countCapped(status, cap);
    }
}
