package org.factorline.receipts;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.factorline.debtors.Debtor;
import org.factorline.debtors.DebtorId;
import org.factorline.debtors.Debtors;
import org.factorline.funding.PurchasedBook;
import org.factorline.identity.Actor;
import org.factorline.identity.AuditLog;
import org.factorline.identity.CurrentActor;
import org.factorline.identity.Role;
import org.factorline.invoices.Invoice;
import org.factorline.invoices.InvoiceId;
import org.factorline.invoices.InvoiceStatus;
import org.factorline.invoices.Invoices;
import org.factorline.ledger.AccountCode;
import org.factorline.ledger.JournalEntry;
import org.factorline.ledger.JournalLine;
import org.factorline.ledger.Ledger;
import org.factorline.ledger.NewEntry;
import org.factorline.ledger.ReasonCode;
import org.factorline.pricing.ReceiptKind;
import org.factorline.receipts.internal.ReceiptMetrics;
import org.factorline.receipts.internal.ReceiptRepository;
import org.factorline.shared.CursorPage;
import org.factorline.shared.FactorlineException;
import org.factorline.shared.Money;
import org.factorline.shared.UuidV7;
import org.factorline.shared.Validation;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Cash posting. A payment received is cash against unapplied cash until it is placed on invoices; each
 * allocation moves it onto the invoice's purchased receivable. The matching engine places a payment by
 * itself when it is sure enough ({@code factorline.receipts.auto-apply-confidence}); otherwise it leaves
 * suggestions for a person, whose choice teaches it the payer. When an invoice has nothing left to
 * collect — paid, or the rest accepted as a short pay charged to the client's reserve — it is marked paid
 * and {@link InvoiceCollected} tells settlement to close it out.
 */
@Service
public class Receipts {

    static final Role[] POSTERS = {Role.ADMIN, Role.FUNDING_OFFICER};
    static final int CANDIDATE_LIMIT = 200;

    private final ReceiptRepository rows;
    private final PurchasedBook book;
    private final Invoices invoices;
    private final Debtors debtors;
    private final Ledger ledger;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final BigDecimal autoApply;
    private final ReceiptMetrics metrics;

    Receipts(
            ReceiptRepository rows,
            Invoices invoices,
            Debtors debtors,
            Ledger ledger,
            PurchasedBook book,
            AuditLog audit,
            ApplicationEventPublisher events,
            Clock clock,
            ReceiptMetrics metrics,
            @Value("${factorline.receipts.auto-apply-confidence:0.90}") String autoApply) {
        this.metrics = metrics;
        this.rows = rows;
        this.book = book;
        this.invoices = invoices;
        this.debtors = debtors;
        this.ledger = ledger;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
        this.autoApply = new BigDecimal(autoApply);
    }

    /**
     * Records a payment (from a bank file when {@code bankFileId} is set, or typed in), posts it as
     * unapplied cash, and lets the matching engine place it or suggest where it goes.
     */
    @Transactional
    public Payment record(IncomingPayment in, UUID bankFileId) {
        Actor actor = CurrentActor.get();
        actor.requireRole(POSTERS);
        validate(in, LocalDate.now(clock));
        Instant now = clock.instant();
        DebtorId payer = recognise(in.payerName());
        Payment p = Payment.received(
                UuidV7.next(clock),
                rows.nextReference("payment_reference_seq", "R", in.valueDate().getYear()),
                bankFileId,
                in,
                payer,
                actor.username(),
                now);
        rows.insertPayment(p);
        ledger.post(receiptEntry(p));
        metrics.matched(match(p.id()), bankFileId != null);
        return rows.find(p.id()).orElseThrow();
    }

    /** What {@link #record} refuses in a payment, every problem named. */
    static void validate(IncomingPayment in, LocalDate today) {
        Validation v = new Validation();
        v.require(in.valueDate() != null, "valueDate", null, "is required");
        v.require(
                in.valueDate() == null || !in.valueDate().isAfter(today),
                "valueDate",
                in.valueDate(),
                "must not be in the future");
        v.require(in.amount() != null && in.amount().isPositive(), "amount", in.amount(), "must be more than zero");
        v.require(
                in.remittance() == null || in.remittance().length() <= 4000,
                "remittance",
                in.remittance(),
                "must be at most 4,000 characters");
        v.throwIfAny();
    }

    /** A payment received: cash in, unapplied cash until it is placed. */
    static NewEntry receiptEntry(Payment p) {
        return new NewEntry(
                "receipt:" + p.id(),
                ReasonCode.UNAPPLIED_CASH,
                p.valueDate(),
                "payment",
                p.id(),
                null,
                "Received " + p.reference() + (p.payerName() == null ? "" : " from " + p.payerName()),
                List.of(
                        JournalLine.debit(AccountCode.CASH, p.amount()),
                        JournalLine.credit(AccountCode.UNAPPLIED_CASH, p.amount())));
    }

    /** Part of a payment placed on an invoice: out of unapplied cash, off the client's purchased receivables. */
    static NewEntry allocationEntry(Payment p, Allocation a, UUID client, String invoiceNumber) {
        return new NewEntry(
                "allocation:" + a.id(),
                ReasonCode.PAYMENT_APPLIED,
                p.valueDate(),
                "invoice",
                a.invoiceId().value(),
                client,
                p.reference() + " applied to invoice " + invoiceNumber,
                List.of(
                        JournalLine.debit(AccountCode.UNAPPLIED_CASH, a.amount()),
                        JournalLine.credit(AccountCode.PURCHASED_RECEIVABLES, client, a.amount())));
    }

    /**
     * Runs the matching engine on what is left of a payment: applies if sure, otherwise suggests. True when it
     * applied the payment itself.
     */
    private boolean match(UUID paymentId) {
        Payment p = rows.find(paymentId).orElseThrow();
        var keys = Matcher.keysIn(p.remittance(), p.customerReference());
        List<Matcher.Candidate> numbered = rows.openInvoicesNumbered(keys).stream()
                .map(Receipts::candidate)
                .toList();
        List<Matcher.Candidate> payers = p.debtorId() == null
                ? List.of()
                : rows.openInvoicesOf(p.debtorId(), CANDIDATE_LIMIT + 1).stream()
                        .map(Receipts::candidate)
                        .toList();
        Matcher.LookUp lookUp =
                Matcher.LookUp.of(numbered, payers, CANDIDATE_LIMIT, p.amount().currency());
        List<Matcher.Proposal> proposals = Matcher.propose(
                p.unapplied(),
                p.remittance(),
                p.customerReference(),
                p.debtorId(),
                lookUp.candidates(),
                lookUp.payerCut());
        boolean sure = !proposals.isEmpty()
                && proposals.stream().allMatch(x -> x.confidence().compareTo(autoApply) >= 0);
        if (sure) {
            invoices.lockForMoneyMove(
                    proposals.stream().map(x -> x.candidate().invoiceId()).toList());
            rows.replaceSuggestions(paymentId, List.of());
            for (Matcher.Proposal x : proposals) {
                allocate(paymentId, x.candidate().invoiceId(), x.amount(), x.confidence(), Allocation.Method.AUTO);
            }
            return true;
        } else {
            List<Object[]> suggestions = new ArrayList<>();
            for (Matcher.Proposal x : proposals) {
                suggestions.add(new Object[] {
                    x.candidate().invoiceId().value(), x.amount().amount(), x.confidence(), clip(x.reason(), 300)
                });
            }
            rows.replaceSuggestions(paymentId, suggestions);
            return false;
        }
    }

    private static Matcher.Candidate candidate(Object[] r) {
        return new Matcher.Candidate(
                new InvoiceId((UUID) r[0]),
                (String) r[1],
                (String) r[2],
                new DebtorId((UUID) r[3]),
                (String) r[5],
                (Money) r[4]);
    }

    /**
     * A person places (part of) a payment on an invoice. The payer is learned: the next payment from the
     * same name is recognised as this invoice's debtor — unless the name is a payables service's, which
     * pays for many debtors, or was placed for another debtor before (then it is marked shared).
     */
    @Transactional
    public Payment apply(UUID paymentId, InvoiceId invoiceId, Money amount) {
        Actor actor = CurrentActor.get();
        actor.requireRole(POSTERS);
        Payment p = get(paymentId);
        Invoice invoice = invoices.get(invoiceId);
        Money take = amount == null ? p.unapplied() : amount;
        allocate(paymentId, invoiceId, take, BigDecimal.ONE, Allocation.Method.MANUAL);
        String key = Matcher.payerKey(p.payerName());
        if (PayerRecognition.teachable(key)) {
            rows.teachPayer(key, invoice.debtorId(), actor.username(), clock.instant());
        }
        if (p.debtorId() == null) {
            rows.setDebtor(paymentId, invoice.debtorId());
        }
        rows.replaceSuggestions(paymentId, List.of());
        return rows.find(paymentId).orElseThrow();
    }

    private void allocate(
            UUID paymentId, InvoiceId invoiceId, Money amount, BigDecimal confidence, Allocation.Method how) {
        Actor actor = CurrentActor.get();
        // what is open is read under the invoice's lock: a payment applied at the same moment waits, then sees this one
        invoices.lockForMoneyMove(List.of(invoiceId));
        Payment p = rows.find(paymentId).orElseThrow();
        Invoice invoice = invoices.get(invoiceId);
        if (invoice.status() != InvoiceStatus.FUNDED && invoice.status() != InvoiceStatus.PARTIALLY_PAID) {
            throw FactorlineException.invalid(
                    "invoiceId",
                    invoice.number(),
                    "is " + invoice.status() + "; only bought, unpaid invoices take payments");
        }
        Money open = open(invoice);
        Validation v = new Validation();
        v.require(amount.isPositive(), "amount", amount, "must be more than zero");
        v.require(
                !amount.isGreaterThan(p.unapplied()),
                "amount",
                amount,
                "is more than the " + p.unapplied().display() + " left of " + p.reference());
        v.require(
                !amount.isGreaterThan(open),
                "amount",
                amount,
                "is more than the " + open.display() + " open on invoice " + invoice.number());
        v.throwIfAny();
        Money appliedAfter = p.applied().plus(amount);
        rows.apply(
                paymentId,
                p.version(),
                amount,
                appliedAfter.equals(p.amount()) ? PaymentStatus.APPLIED : PaymentStatus.PARTIALLY_APPLIED);
        UUID client = invoice.clientId().value();
        UUID allocationId = UuidV7.next(clock);
        Allocation a = new Allocation(
                allocationId, paymentId, invoiceId, amount, confidence, how, actor.username(), clock.instant());
        JournalEntry entry = ledger.post(allocationEntry(p, a, client, invoice.number()));
        rows.insertAllocation(a, client, entry.id(), p.valueDate());
        book.reduced(invoiceId, amount);
        Money left = open.minus(amount);
        invoices.recordMoneyMove(
                invoiceId,
                left.isZero() ? InvoiceStatus.PAID : InvoiceStatus.PARTIALLY_PAID,
                p.reference() + " " + amount.display()
                        + (how == Allocation.Method.AUTO ? " (matched automatically)" : ""));
        audit.record(
                "payment.applied",
                "payment",
                paymentId,
                client,
                p.reference() + " " + amount.display() + " applied to invoice " + invoice.number() + " (" + how
                        + ", confidence " + confidence + ")",
                null,
                a);
        if (left.isZero()) {
            events.publishEvent(collected(invoice, p.valueDate(), p.kind()));
        }
    }

    /**
     * Accepts what is still open on a partly paid invoice as a short pay: a deduction charged to the
     * client's reserve, with the reason the debtor gave. The invoice is then collected.
     */
    @Transactional
    public Invoice acceptShortPay(InvoiceId invoiceId, String reason) {
        Actor actor = CurrentActor.get();
        actor.requireRole(POSTERS);
        String why = reason == null ? null : reason.strip();
        if (why == null || why.isEmpty() || why.length() > 500) {
            throw FactorlineException.invalid(
                    "reason",
                    reason,
                    "say why the debtor paid short (a damaged delivery, a pricing dispute…), at most 500 characters");
        }
        invoices.lockForMoneyMove(List.of(invoiceId));
        Invoice invoice = invoices.get(invoiceId);
        if (invoice.status() != InvoiceStatus.PARTIALLY_PAID) {
            throw FactorlineException.invalid(
                    "invoiceId",
                    invoice.number(),
                    "is " + invoice.status() + "; a short pay closes a partly paid invoice");
        }
        Money open = open(invoice);
        UUID client = invoice.clientId().value();
        UUID id = UuidV7.next(clock);
        LocalDate today = LocalDate.now(clock);
        JournalEntry entry = ledger.post(new NewEntry(
                "short-pay:" + invoice.id(),
                ReasonCode.SHORT_PAY,
                today,
                "invoice",
                invoice.id().value(),
                client,
                "Short pay of " + open.display() + " on invoice " + invoice.number() + ": " + why,
                List.of(
                        JournalLine.debit(AccountCode.CLIENT_RESERVE, client, open),
                        JournalLine.credit(AccountCode.PURCHASED_RECEIVABLES, client, open))));
        rows.insertDeduction(id, invoiceId, client, open, why, actor.username(), clock.instant(), entry.id(), today);
        book.reduced(invoiceId, open);
        Invoice paid = invoices.recordMoneyMove(invoiceId, InvoiceStatus.PAID, "Short pay accepted: " + why);
        audit.record(
                "invoice.short_pay_accepted",
                "invoice",
                invoiceId.value(),
                client,
                "Short pay of " + open.display() + " accepted on invoice " + invoice.number(),
                null,
                null,
                why);
        events.publishEvent(collected(invoice, null, null));
        return paid;
    }

    private InvoiceCollected collected(Invoice invoice, LocalDate paidOn, ReceiptKind kind) {
        Collection c = collectionOf(invoice);
        LocalDate day = paidOn;
        ReceiptKind how = kind;
        if (day == null) {
            // the fee runs to the day the last money came in
            Object[] last =
                    rows.lastPayment(invoice.id()).orElse(new Object[] {LocalDate.now(clock), ReceiptKind.ELECTRONIC});
            day = (LocalDate) last[0];
            how = (ReceiptKind) last[1];
        }
        return new InvoiceCollected(invoice.id(), c.collected(), c.deducted(), day, how);
    }

    /**
     * The debtor paid the client instead of the factor (a misdirected payment). The invoice counts as paid
     * by that much; the client owes the money to the factor, netted from its next advances and rebates.
     * The debtor is to be told, once and courteously, where to pay from now on (outreach).
     */
    @Transactional
    public Invoice recordMisdirected(InvoiceId invoiceId, Money amount, LocalDate paidOn, String reason) {
        Actor actor = CurrentActor.get();
        actor.requireRole(POSTERS);
        invoices.lockForMoneyMove(List.of(invoiceId));
        Invoice invoice = invoices.get(invoiceId);
        if (invoice.status() != InvoiceStatus.FUNDED && invoice.status() != InvoiceStatus.PARTIALLY_PAID) {
            throw FactorlineException.invalid(
                    "invoiceId",
                    invoice.number(),
                    "is " + invoice.status() + "; only bought, unpaid invoices can be paid");
        }
        Money open = open(invoice);
        String why = reason == null ? null : reason.strip();
        Validation v = new Validation();
        v.require(amount != null && amount.isPositive(), "amount", amount, "must be more than zero");
        v.require(
                amount == null || !amount.isGreaterThan(open),
                "amount",
                amount,
                "is more than the " + open.display() + " open");
        v.require(
                paidOn != null && !paidOn.isAfter(LocalDate.now(clock)),
                "paidOn",
                paidOn,
                "is required and not in the future");
        v.require(
                why != null && !why.isEmpty() && why.length() <= 500,
                "reason",
                reason,
                "say how it came to light (at most 500 characters)");
        v.throwIfAny();
        UUID client = invoice.clientId().value();
        UUID id = UuidV7.next(clock);
        JournalEntry entry = ledger.post(new NewEntry(
                "misdirected:" + id,
                ReasonCode.PAYMENT_APPLIED,
                paidOn,
                "invoice",
                invoice.id().value(),
                client,
                "Invoice " + invoice.number() + " paid " + amount.display() + " to the client instead of the factor: "
                        + why,
                List.of(
                        JournalLine.debit(AccountCode.CLIENT_RECEIVABLE, client, amount),
                        JournalLine.credit(AccountCode.PURCHASED_RECEIVABLES, client, amount))));
        rows.insertMisdirected(
                id, invoiceId, client, amount, paidOn, why, actor.username(), clock.instant(), entry.id());
        book.reduced(invoiceId, amount);
        Money left = open.minus(amount);
        Invoice after = invoices.recordMoneyMove(
                invoiceId,
                left.isZero() ? InvoiceStatus.PAID : InvoiceStatus.PARTIALLY_PAID,
                "Paid " + amount.display() + " to the client by mistake; the client owes it");
        audit.record(
                "payment.misdirected",
                "invoice",
                invoiceId.value(),
                client,
                "Invoice " + invoice.number() + ": " + amount.display() + " paid to the client; the client owes it",
                null,
                null,
                why);
        events.publishEvent(new PaymentMisdirected(invoiceId, client, invoice.debtorId(), amount, paidOn));
        if (left.isZero()) {
            events.publishEvent(collected(invoice, paidOn, ReceiptKind.ELECTRONIC));
        }
        return after;
    }

    /** What an invoice has brought in: payments applied to it, and short pays accepted against it. */
    public record Collection(Money collected, Money deducted) {}

    public Collection collectionOf(Invoice invoice) {
        BigDecimal[] cd = rows.collectedAndDeducted(invoice.id());
        var currency = invoice.faceAmount().currency();
        return new Collection(Money.of(cd[0], currency), Money.of(cd[1], currency));
    }

    /** {@link #collectionOf} for many invoices at once (the recourse sweep), by invoice. */
    public java.util.Map<InvoiceId, Collection> collectionsOf(List<Invoice> invoices) {
        java.util.Map<UUID, BigDecimal[]> all = rows.collectedAndDeductedOf(
                invoices.stream().map(i -> i.id().value()).distinct().toList());
        java.util.Map<InvoiceId, Collection> out = new java.util.HashMap<>();
        for (Invoice invoice : invoices) {
            BigDecimal[] cd =
                    all.getOrDefault(invoice.id().value(), new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
            var currency = invoice.faceAmount().currency();
            out.put(invoice.id(), new Collection(Money.of(cd[0], currency), Money.of(cd[1], currency)));
        }
        return out;
    }

    /**
     * Passes (part of) a payment on to a client: money the factor holds but does not own — a payment of an
     * invoice it did not buy, a payment after a chargeback, an overpayment. It is owed to the client and
     * paid with the next settlement run.
     */
    @Transactional
    public Payment forwardToClient(
            UUID paymentId, org.factorline.clients.ClientId clientId, Money amount, String reason) {
        Actor actor = CurrentActor.get();
        actor.requireRole(POSTERS);
        Payment p = get(paymentId);
        String why = reason == null ? null : reason.strip();
        Validation v = new Validation();
        v.require(clientId != null, "clientId", null, "is required: the client the money belongs to");
        Money take = takeUnapplied(p, amount, why, reason, "say why the money is the client's", v);
        UUID id = UuidV7.next(clock);
        JournalEntry entry = ledger.post(new NewEntry(
                "forward:" + id,
                ReasonCode.ADJUSTMENT,
                p.valueDate(),
                "payment",
                paymentId,
                clientId.value(),
                p.reference() + " " + take.display() + " forwarded to the client: " + why,
                List.of(
                        JournalLine.debit(AccountCode.UNAPPLIED_CASH, take),
                        JournalLine.credit(AccountCode.DUE_TO_CLIENT, clientId.value(), take))));
        rows.insertForward(id, paymentId, clientId.value(), take, why, actor.username(), clock.instant(), entry.id());
        audit.record(
                "payment.forwarded",
                "payment",
                paymentId,
                clientId.value(),
                p.reference() + " " + take.display() + " forwarded to the client",
                null,
                null,
                why);
        return rows.find(paymentId).orElseThrow();
    }

    /**
     * Takes (part of) what is unapplied of a payment for money that leaves it other than onto an invoice (a
     * forward to a client, a refund to the payer): all of it when no amount is given, never more than is
     * left, always with a reason. Refuses with every problem named, then marks it applied.
     */
    private Money takeUnapplied(Payment p, Money amount, String why, String reason, String reasonHint, Validation v) {
        Money take = amount == null ? p.unapplied() : amount;
        v.require(take.isPositive(), "amount", take, "must be more than zero");
        v.require(
                !take.isGreaterThan(p.unapplied()),
                "amount",
                take,
                "is more than the " + p.unapplied().display() + " left of " + p.reference());
        v.require(
                why != null && !why.isEmpty() && why.length() <= 500,
                "reason",
                reason,
                reasonHint + " (at most 500 characters)");
        v.throwIfAny();
        Money appliedAfter = p.applied().plus(take);
        rows.apply(
                p.id(),
                p.version(),
                take,
                appliedAfter.equals(p.amount()) ? PaymentStatus.APPLIED : PaymentStatus.PARTIALLY_APPLIED);
        return take;
    }

    /** How a refund goes back to the payer. */
    public enum RefundMethod {
        CHECK,
        ACH,
        WIRE
    }

    /**
     * Refunds (part of) what is unapplied of a payment to the payer: an overpayment the debtor asks back, a
     * payment made twice. The money leaves unapplied cash for the bank; whoever sends it records how.
     */
    @Transactional
    public Payment refundToPayer(UUID paymentId, Money amount, RefundMethod method, String reason) {
        Actor actor = CurrentActor.get();
        actor.requireRole(POSTERS);
        Payment p = get(paymentId);
        String why = reason == null ? null : reason.strip();
        Validation v = new Validation();
        v.require(method != null, "method", null, "is required: CHECK, ACH or WIRE");
        Money take = takeUnapplied(p, amount, why, reason, "say why the payer gets it back", v);
        UUID id = UuidV7.next(clock);
        JournalEntry entry = ledger.post(new NewEntry(
                "refund:" + id,
                ReasonCode.ADJUSTMENT,
                LocalDate.now(clock),
                "payment",
                paymentId,
                null,
                p.reference() + " " + take.display() + " refunded to " + p.payerName() + " by " + method + ": " + why,
                List.of(
                        JournalLine.debit(AccountCode.UNAPPLIED_CASH, take),
                        JournalLine.credit(AccountCode.CASH, take))));
        rows.insertRefund(id, paymentId, take, method.name(), why, actor.username(), clock.instant(), entry.id());
        audit.record(
                "payment.refunded",
                "payment",
                paymentId,
                null,
                p.reference() + " " + take.display() + " refunded to the payer by " + method,
                null,
                null,
                why);
        return rows.find(paymentId).orElseThrow();
    }

    /** Face less what was collected and deducted. */
    public Money open(Invoice invoice) {
        Collection c = collectionOf(invoice);
        return invoice.faceAmount().minus(c.collected()).minus(c.deducted());
    }

    /** The debtor a payer's name is known to be: see {@link PayerRecognition}. */
    private DebtorId recognise(String payerName) {
        return PayerRecognition.recognise(payerName, new PayerRecognition.Directory() {
            @Override
            public Optional<PayerRecognition.Taught> taught(String payerKey) {
                return rows.debtorOfPayer(payerKey)
                        .map(r -> new PayerRecognition.Taught(new DebtorId((UUID) r[0]), (Boolean) r[1]));
            }

            @Override
            public Optional<DebtorId> byNameKey(String nameKey) {
                return debtors.lookup(payerName).map(Debtor::id);
            }

            @Override
            public List<PayerRecognition.KnownDebtor> all() {
                return rows.debtorNames().stream()
                        .map(r -> new PayerRecognition.KnownDebtor(new DebtorId((UUID) r[0]), (String) r[1]))
                        .toList();
            }
        });
    }

    public Payment get(UUID id) {
        CurrentActor.get().requireStaff();
        return rows.find(id).orElseThrow(() -> FactorlineException.notFound("payment", id));
    }

    public CursorPage<Payment> list(PaymentStatus status, UUID bankFileId, CursorPage.Request page) {
        return search(status, bankFileId, null, page);
    }

    /** Payments whose payer, remittance or references contain the text (unapplied cash is searched so). */
    public CursorPage<Payment> search(PaymentStatus status, UUID bankFileId, String text, CursorPage.Request page) {
        CurrentActor.get().requireStaff();
        return CursorPage.of(rows.page(page.after(), status, bankFileId, text, page.fetchSize()), page, Payment::id);
    }

    public List<Allocation> allocations(UUID paymentId) {
        get(paymentId);
        return rows.allocations(paymentId);
    }

    public List<Suggestion> suggestions(UUID paymentId) {
        get(paymentId);
        return rows.suggestions(paymentId).stream()
                .map(r -> new Suggestion(
                        new InvoiceId((UUID) r[0]), (String) r[1], (Money) r[2], (BigDecimal) r[3], (String) r[4]))
                .toList();
    }

    static String clip(String s, int max) {
        if (s == null || s.isBlank()) {
            return null;
        }
        String t = s.strip();
        return t.length() <= max ? t : t.substring(0, max);
    }

    /** Payments not yet wholly placed (unapplied or partly applied), at most {@code cap + 1}: cash to work on. */
    public long countUnplaced(int cap) {
        CurrentActor.get().requireStaff();
        return rows.countCapped(List.of(PaymentStatus.UNAPPLIED.name(), PaymentStatus.PARTIALLY_APPLIED.name()), cap);
    }

    /** What was received from payers with a value date in the period (both days included), in one currency. */
    public Money receivedBetween(LocalDate from, LocalDate to, java.util.Currency currency) {
        CurrentActor.get().requireStaff();
        return Money.of(rows.receivedBetween(from, to, currency.getCurrencyCode()), currency);
    }
}
