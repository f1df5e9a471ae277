package org.factorline.settlement;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.factorline.clients.AgreementTerms;
import org.factorline.clients.Clients;
import org.factorline.funding.Funding;
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
import org.factorline.pricing.DiscountFee;
import org.factorline.pricing.FeeBasis;
import org.factorline.pricing.FeeSchedule;
import org.factorline.pricing.PrimeRates;
import org.factorline.pricing.ReceiptKind;
import org.factorline.receipts.Receipts;
import org.factorline.settlement.internal.SettlementRepository;
import org.factorline.shared.Money;
import org.factorline.shared.Rate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The recourse sweep. On a recourse agreement, an invoice still unpaid on its recourse date (the funding
 * date plus the agreement's recourse days) is charged back: the client owes the advance not yet
 * recovered plus the fee to that date; the invoice's open balance leaves purchased receivables and what
 * is left of its reserve is released against the charge. Charge-backs are netted against the client's
 * next advances and rebates. Non-recourse agreements are not swept: the factor bears the debtor's credit
 * risk. The sweep is idempotent — each invoice is charged back once — so running it twice does no harm.
 */
@Service
public class Recourse {

    private static final Logger log = LoggerFactory.getLogger(Recourse.class);
    static final Role[] SWEEPERS = {Role.ADMIN, Role.FUNDING_OFFICER};
    /** The most invoices one sweep charges back; a backlog beyond it goes with the next run. */
    static final int MAX_PER_SWEEP = 5_000;
    /** The most invoices the warning and the list of upcoming recourse dates take in one go. */
    static final int MAX_LISTED = 10_000;

    private final SettlementRepository rows;
    private final Invoices invoices;
    private final Clients clients;
    private final Funding funding;
    private final PurchasedBook book;
    private final Receipts receipts;
    private final Ledger ledger;
    private final AuditLog audit;
    private final Clock clock;
    private final PrimeRates prime;
    private final org.springframework.context.ApplicationEventPublisher events;
    private final int warnDays;

    Recourse(
            SettlementRepository rows,
            Invoices invoices,
            Clients clients,
            Funding funding,
            PurchasedBook book,
            Receipts receipts,
            Ledger ledger,
            AuditLog audit,
            Clock clock,
            @Value("${factorline.pricing.prime-rate-percent:7.50}") String primeRate,
            org.springframework.context.ApplicationEventPublisher events,
            @Value("${factorline.recourse.warn-days:10}") int warnDays) {
        this.events = events;
        this.warnDays = warnDays;
        this.rows = rows;
        this.invoices = invoices;
        this.clients = clients;
        this.funding = funding;
        this.book = book;
        this.receipts = receipts;
        this.ledger = ledger;
        this.audit = audit;
        this.clock = clock;
        this.prime = PrimeRates.constant(Rate.percent(primeRate));
    }

    /** An invoice nearing its recourse date: for the client's warning and the account manager's list. */
    public record Upcoming(Invoice invoice, LocalDate recourseDate) {}

    /**
     * How a sweep writes its charge-backs: {@link #SET_BASED} (every sweep) reads what they need for all
     * candidates in a few queries and writes each kind of row once; {@link #ONE_BY_ONE} charges back each
     * invoice with its own reads and writes. Both compute each charge-back with the same code and write the
     * same rows; the second is kept to check the first against.
     */
    public enum Path {
        ONE_BY_ONE,
        SET_BASED
    }

    /** Charges back every invoice whose recourse date (its last day) is before {@code asOf}. */
    @Transactional
    public List<Chargeback> sweep(LocalDate asOf) {
        return sweep(asOf, Path.SET_BASED, MAX_PER_SWEEP);
    }

    /**
     * {@link #sweep(LocalDate)} along the given path, charging back at most {@code most} invoices (never more
     * than {@value #MAX_PER_SWEEP}): those with the soonest recourse dates, wherever they are in the book.
     */
    @Transactional
    public List<Chargeback> sweep(LocalDate asOf, Path path, int most) {
        Actor actor = CurrentActor.get();
        actor.requireRole(SWEEPERS);
        LocalDate day = asOf == null ? LocalDate.now(clock) : asOf;
        int limit = Math.max(1, Math.min(most, MAX_PER_SWEEP));
        long t0 = System.nanoTime();
        // every candidate in one search of the whole book
        List<Map.Entry<UUID, LocalDate>> due = rows.recourseDue(null, day.minusDays(1), limit);
        long t1 = System.nanoTime();
        // the same lock, in the same order, as a payment takes before it reads what is open: a payment applied
        // at this moment either lands first (and is charged back net of it) or waits and finds the invoice
        // charged back; never both on one reading of the invoice
        invoices.lockForMoneyMove(
                due.stream().map(d -> new InvoiceId(d.getKey())).toList());
        List<Map.Entry<Invoice, LocalDate>> candidates = withInvoices(due);
        long t2 = System.nanoTime();
        List<Chargeback> done = path == Path.ONE_BY_ONE ? oneByOne(candidates, day) : setBased(candidates, day);
        long t3 = System.nanoTime();
        if (!done.isEmpty()) {
            log.info(
                    "Recourse sweep as of {}: {} invoices charged back{}; found in {} ms, locked and read in {} ms,"
                            + " charged back ({}) in {} ms",
                    day,
                    done.size(),
                    due.size() == limit ? " (the most a sweep takes; the rest go with the next one)" : "",
                    (t1 - t0) / 1_000_000,
                    (t2 - t1) / 1_000_000,
                    path == Path.ONE_BY_ONE ? "one by one" : "set-based",
                    (t3 - t2) / 1_000_000);
        }
        return done;
    }

    private static boolean stillOpen(Invoice invoice) {
        return invoice.status() == InvoiceStatus.FUNDED || invoice.status() == InvoiceStatus.PARTIALLY_PAID;
    }

    /** Each invoice read, charged back and written on its own. */
    private List<Chargeback> oneByOne(List<Map.Entry<Invoice, LocalDate>> candidates, LocalDate day) {
        List<Chargeback> done = new ArrayList<>();
        for (Map.Entry<Invoice, LocalDate> d : candidates) {
            Invoice invoice = d.getKey();
            if (stillOpen(invoice) && rows.findChargeback(invoice.id()).isEmpty()) {
                done.add(chargeBack(invoice, d.getValue(), day));
            }
        }
        return done;
    }

    /**
     * The candidates still open and not yet charged back, read together (purchases, collections, each
     * agreement once), charged back in memory in the sweep's order by {@link #chargeBackOf}, and written table
     * by table: the entries and their postings ({@link Ledger#postAll}, numbered in that order), the chargeback
     * rows, the purchased book, the status moves with their history and audit lines, then the chargeback audit
     * lines.
     */
    private List<Chargeback> setBased(List<Map.Entry<Invoice, LocalDate>> candidates, LocalDate day) {
        long t0 = System.nanoTime();
        List<Map.Entry<Invoice, LocalDate>> open =
                candidates.stream().filter(d -> stillOpen(d.getKey())).toList();
        if (open.isEmpty()) {
            return List.of();
        }
        java.util.Set<UUID> charged = rows.chargedBackAmong(
                open.stream().map(d -> d.getKey().id().value()).toList());
        List<Map.Entry<Invoice, LocalDate>> todo = open.stream()
                .filter(d -> !charged.contains(d.getKey().id().value()))
                .toList();
        if (todo.isEmpty()) {
            return List.of();
        }
        List<Invoice> those = todo.stream().map(Map.Entry::getKey).toList();
        Map<InvoiceId, Funding.Purchase> purchases =
                funding.purchasesOf(those.stream().map(Invoice::id).toList());
        Map<InvoiceId, Receipts.Collection> collections = receipts.collectionsOf(those);
        Map<org.factorline.clients.AgreementId, FeeSchedule> fees = new java.util.HashMap<>();
        List<Written> written = new ArrayList<>(todo.size());
        for (Map.Entry<Invoice, LocalDate> d : todo) {
            Invoice invoice = d.getKey();
            Funding.Purchase purchase =
                    Optional.ofNullable(purchases.get(invoice.id())).orElseThrow();
            FeeSchedule schedule = fees.computeIfAbsent(invoice.agreementId(), this::feesOf);
            Charge charge = charge(purchase, schedule, collections.get(invoice.id()), d.getValue(), prime);
            written.add(chargeBackOf(invoice, d.getValue(), day, charge));
        }
        long computed = System.nanoTime();
        List<UUID> entries = ledger.postAll(written.stream().map(Written::entry).toList());
        long posted = System.nanoTime();
        List<Chargeback> done = written.stream().map(Written::chargeback).toList();
        rows.insertChargebacks(done, entries, CurrentActor.get().username(), clock.instant());
        book.chargedBackAll(done.stream().map(Chargeback::invoiceId).toList(), day);
        invoices.recordMoneyMoves(written.stream().map(Written::move).toList());
        audit.recordAll(written.stream().map(Written::audit).toList());
        log.debug(
                "Recourse sweep: {} charge-backs read and computed in {} ms, posted in {} ms, the rest written in {} ms",
                done.size(),
                (computed - t0) / 1_000_000,
                (posted - computed) / 1_000_000,
                (System.nanoTime() - posted) / 1_000_000);
        return done;
    }

    private FeeSchedule feesOf(org.factorline.clients.AgreementId agreement) {
        return clients.agreement(agreement).orElseThrow().terms().fees();
    }

    /**
     * Announces every open invoice whose recourse date falls within the warning window
     * ({@code factorline.recourse.warn-days}, 10 by default) so the client can act first; listeners warn
     * once per invoice, so announcing again the next day is harmless.
     */
    public int warn(LocalDate asOf) {
        CurrentActor.get().requireStaff();
        int n = 0;
        for (Map.Entry<Invoice, LocalDate> d :
                withInvoices(rows.recourseDue(asOf, asOf.plusDays(warnDays), MAX_LISTED))) {
            events.publishEvent(new RecourseApproaching(
                    d.getKey().id(), d.getKey().clientId().value(), d.getValue()));
            n++;
        }
        return n;
    }

    /** Invoices whose recourse date falls within the next {@code days} days, soonest first. */
    public List<Upcoming> upcoming(int days) {
        CurrentActor.get().requireStaff();
        LocalDate today = LocalDate.now(clock);
        return withInvoices(rows.recourseDue(null, today.plusDays(days), MAX_LISTED)).stream()
                .map(d -> new Upcoming(d.getKey(), d.getValue()))
                .toList();
    }

    /** Days before its recourse date that an invoice is announced ({@code factorline.recourse.warn-days}). */
    public int warnDays() {
        return warnDays;
    }

    /**
     * An open invoice whose recourse date is near: what is still open on it and what the client would be
     * charged back on that date if it stays unpaid — the advance not yet recovered and the fee to that date,
     * less the reserve still held against it (the very sum the sweep would post).
     */
    public record Exposure(Invoice invoice, LocalDate recourseDate, Money open, Money chargeBack) {

        /**
         * Whether the reserve still held against the invoice covers what is open on it and the fee, so the
         * sweep would charge the client nothing (the rest of the reserve is then released to it): there is
         * nothing for the client to pay or replace.
         */
        public boolean reserveCovers() {
            return !chargeBack.isPositive();
        }
    }

    /**
     * One client's open invoices whose recourse date falls within the warning window (or has passed and the
     * sweep has not yet run), soonest first — including those whose reserve covers the charge-back ({@link
     * Exposure#reserveCovers()}), so the client sees that nothing will be charged. A client user sees only its
     * own client's.
     */
    @Transactional(readOnly = true)
    public List<Exposure> approaching(org.factorline.clients.ClientId clientId) {
        CurrentActor.get().requireClient(clientId.value());
        LocalDate until = LocalDate.now(clock).plusDays(warnDays);
        Map<java.util.UUID, LocalDate> due = new java.util.LinkedHashMap<>();
        rows.recourseCandidates(clientId.value()).forEach((id, dates) -> {
            if (!dates[1].isAfter(until)) {
                due.put(id, dates[1]);
            }
        });
        return invoices.getAll(due.keySet().stream().map(InvoiceId::new).toList()).stream()
                .map(i -> exposure(i, due.get(i.id().value())))
                .sorted(java.util.Comparator.comparing(Exposure::recourseDate)
                        .thenComparing(e -> e.invoice().number()))
                .toList();
    }

    /**
     * The exposure of one invoice the actor may see (another client's is "not found"); empty when it is not
     * open, not on recourse, already charged back, or its recourse date is beyond the warning window.
     */
    @Transactional(readOnly = true)
    public Optional<Exposure> exposureOf(InvoiceId id) {
        Invoice invoice = invoices.get(id);
        return approaching(invoice.clientId()).stream()
                .filter(e -> e.invoice().id().equals(id))
                .findFirst();
    }

    static final int MAX_REPLACEMENTS = 500;

    /**
     * The client's invoices that could stand in for one nearing its recourse date: approved, in no open
     * funding request, in its currency and of at least the amount still open on it; oldest first.
     */
    public List<Invoice> replacementsFor(Exposure x) {
        return replacementsFor(List.of(x)).get(x.invoice().id());
    }

    /** {@link #replacementsFor(Exposure)} for several invoices of one client, reading its invoices once. */
    public Map<InvoiceId, List<Invoice>> replacementsFor(List<Exposure> xs) {
        Map<InvoiceId, List<Invoice>> out = new java.util.LinkedHashMap<>();
        if (xs.isEmpty()) {
            return out;
        }
        List<Invoice> pool = funding.unrequested(xs.get(0).invoice().clientId(), MAX_REPLACEMENTS);
        for (Exposure x : xs) {
            Invoice invoice = x.invoice();
            out.put(
                    invoice.id(),
                    pool.stream()
                            .filter(r -> r.clientId().equals(invoice.clientId())
                                    && !r.id().equals(invoice.id())
                                    && r.faceAmount().currency().equals(x.open().currency())
                                    && r.faceAmount().compareTo(x.open()) >= 0)
                            .toList());
        }
        return out;
    }

    private Exposure exposure(Invoice invoice, LocalDate recourseDate) {
        Charge c = charge(invoice, recourseDate);
        return new Exposure(invoice, recourseDate, c.open(), c.amount());
    }

    /**
     * Every morning, as the system, from the {@code recourse-sweep} job (db-scheduler: one instance at a
     * time); safe even if run twice (each invoice is charged back once). Transactional itself: calling
     * {@link #sweep} from inside this class bypasses its proxy, and the sweep, its warnings and the
     * reactions to them (outreach's warning to the client) must commit or roll back together.
     */
    @Transactional
    public void daily() {
        CurrentActor.runAs(org.factorline.identity.Actor.system(), () -> sweep(LocalDate.now(clock)));
        CurrentActor.runAs(org.factorline.identity.Actor.system(), () -> warn(LocalDate.now(clock)));
    }

    /** The invoices of {@code due}, read a thousand at a time, in its order, each with its recourse date. */
    private List<Map.Entry<Invoice, LocalDate>> withInvoices(List<Map.Entry<UUID, LocalDate>> due) {
        List<Map.Entry<Invoice, LocalDate>> out = new ArrayList<>();
        for (int from = 0; from < due.size(); from += 1000) {
            List<Map.Entry<UUID, LocalDate>> chunk = due.subList(from, Math.min(due.size(), from + 1000));
            Map<UUID, Invoice> byId = new java.util.HashMap<>();
            invoices.getAll(chunk.stream().map(d -> new InvoiceId(d.getKey())).toList())
                    .forEach(i -> byId.put(i.id().value(), i));
            for (Map.Entry<UUID, LocalDate> d : chunk) {
                Invoice i = byId.get(d.getKey());
                if (i != null) {
                    out.add(Map.entry(i, d.getValue()));
                }
            }
        }
        return out;
    }

    /** What charging an invoice back at its recourse date comes to, as its collections stand. */
    record Charge(Money fee, Money open, Money reserveLeft, Money unrecovered, Money amount) {}

    private Charge charge(Invoice invoice, LocalDate recourseDate) {
        Funding.Purchase purchase = funding.purchaseOf(invoice.id()).orElseThrow();
        AgreementTerms terms =
                clients.agreement(invoice.agreementId()).orElseThrow().terms();
        return charge(purchase, terms.fees(), receipts.collectionOf(invoice), recourseDate, prime);
    }

    /**
     * The charge-back of a bought invoice at its recourse date from its purchase, its agreement's fees and what
     * was collected and deducted on it: the fee to that date (as if paid electronically then), what is open,
     * the reserve left, the advance not yet recovered and what the client is charged. Reads nothing: the one
     * calculation behind the exposure shown to the client and both paths of the sweep.
     */
    static Charge charge(
            Funding.Purchase purchase,
            FeeSchedule fees,
            Receipts.Collection c,
            LocalDate recourseDate,
            PrimeRates prime) {
        Money fee = DiscountFee.fee(
                fees,
                new FeeBasis(purchase.face(), purchase.advance(), c.collected(), purchase.fundingDate()),
                recourseDate,
                ReceiptKind.ELECTRONIC,
                prime);
        Money zero = Money.zero(fee.currency());
        Money open = purchase.face().minus(c.collected()).minus(c.deducted());
        Money reserveLeft = purchase.face().minus(purchase.advance()).minus(c.deducted());
        Money unrecovered = purchase.advance().minus(c.collected()).max(zero);
        return new Charge(
                fee, open, reserveLeft, unrecovered, open.minus(reserveLeft).plus(fee));
    }

    /**
     * One charge-back as it is written: its ledger entry (its key, reason, lines and description), its
     * chargeback row, the invoice's move to {@code CHARGED_BACK} and the audit line.
     */
    record Written(NewEntry entry, Chargeback chargeback, Invoices.MoneyMove move, AuditLog.Item audit) {}

    /** What charging {@code invoice} back today writes, from its {@link Charge}. Reads nothing. */
    static Written chargeBackOf(Invoice invoice, LocalDate recourseDate, LocalDate today, Charge charge) {
        Money fee = charge.fee();
        Money open = charge.open();
        Money reserveLeft = charge.reserveLeft();
        Money unrecovered = charge.unrecovered();
        Money amount = charge.amount();
        UUID client = invoice.clientId().value();
        List<JournalLine> lines = new ArrayList<>();
        if (amount.isPositive()) {
            lines.add(JournalLine.debit(AccountCode.CLIENT_RECEIVABLE, client, amount));
        } else if (amount.isNegative()) {
            // collected more than the advance and the fee: the rest is the client's
            lines.add(JournalLine.credit(AccountCode.DUE_TO_CLIENT, client, amount.negate()));
        }
        if (reserveLeft.isPositive()) {
            lines.add(JournalLine.debit(AccountCode.CLIENT_RESERVE, client, reserveLeft));
        } else if (reserveLeft.isNegative()) {
            lines.add(JournalLine.credit(AccountCode.CLIENT_RESERVE, client, reserveLeft.negate()));
        }
        if (open.isPositive()) {
            lines.add(JournalLine.credit(AccountCode.PURCHASED_RECEIVABLES, client, open));
        }
        if (fee.isPositive()) {
            lines.add(JournalLine.credit(AccountCode.DISCOUNT_FEE_INCOME, fee));
        }
        NewEntry entry = new NewEntry(
                "chargeback:" + invoice.id(),
                ReasonCode.CHARGEBACK,
                today,
                "invoice",
                invoice.id().value(),
                client,
                "Chargeback of invoice " + invoice.number() + " at its recourse date " + recourseDate + ": advance "
                        + unrecovered.display() + " + fee " + fee.display(),
                lines);
        Chargeback cb =
                new Chargeback(invoice.id(), invoice.number(), client, recourseDate, today, unrecovered, fee, amount);
        Invoices.MoneyMove move = new Invoices.MoneyMove(
                invoice.id(),
                InvoiceStatus.CHARGED_BACK,
                "Unpaid at its recourse date " + recourseDate + ": charged back " + amount.display());
        AuditLog.Item audit = new AuditLog.Item(
                "invoice.charged_back",
                "invoice",
                invoice.id().value(),
                client,
                "Invoice " + invoice.number() + " charged back: " + amount.display() + " (advance "
                        + unrecovered.display() + ", fee " + fee.display() + ")",
                null,
                cb,
                null);
        return new Written(entry, cb, move, audit);
    }

    private Chargeback chargeBack(Invoice invoice, LocalDate recourseDate, LocalDate today) {
        Written w = chargeBackOf(invoice, recourseDate, today, charge(invoice, recourseDate));
        JournalEntry entry = ledger.post(w.entry());
        Chargeback cb = w.chargeback();
        rows.insertChargeback(cb, entry.id(), CurrentActor.get().username(), clock.instant());
        book.chargedBack(invoice.id(), today);
        invoices.recordMoneyMove(
                w.move().invoiceId(), w.move().target(), w.move().reason());
        AuditLog.Item a = w.audit();
        audit.record(a.action(), a.entityType(), a.entityId(), a.clientId(), a.summary(), a.before(), a.after());
        return cb;
    }
}
