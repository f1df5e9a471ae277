package org.factorline.settlement;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
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
import org.factorline.payouts.NewPayout;
import org.factorline.payouts.Payout;
import org.factorline.payouts.Payouts;
import org.factorline.pricing.DiscountFee;
import org.factorline.pricing.FeeBasis;
import org.factorline.pricing.FeeQuote;
import org.factorline.pricing.PayoutMethod;
import org.factorline.pricing.PrimeRates;
import org.factorline.pricing.ReceiptKind;
import org.factorline.receipts.InvoiceCollected;
import org.factorline.receipts.InvoicesCollected;
import org.factorline.settlement.internal.SettlementRepository;
import org.factorline.shared.FactorlineException;
import org.factorline.shared.Money;
import org.factorline.shared.Rate;
import org.factorline.shared.UuidV7;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Closes out collected invoices and pays rebates. At close-out the discount fee is fixed by the pricing
 * module for the days from purchase to the last payment; the invoice's reserve (face − advance), less
 * the short pays accepted and the fee, is its rebate — or, if negative, what the client owes. A
 * settlement run pays every client its rebates, net of what it owes, through the payouts module.
 */
@Service
public class Settlement {

    static final Role[] RUNNERS = {Role.ADMIN, Role.FUNDING_OFFICER};

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Settlement.class);

    private final SettlementRepository rows;
    private final Invoices invoices;
    private final Clients clients;
    private final Funding funding;
    private final PurchasedBook book;
    private final Ledger ledger;
    private final Payouts payouts;
    private final AuditLog audit;
    private final Clock clock;
    private final PrimeRates prime;

    Settlement(
            SettlementRepository rows,
            Invoices invoices,
            Clients clients,
            Funding funding,
            PurchasedBook book,
            Ledger ledger,
            Payouts payouts,
            AuditLog audit,
            Clock clock,
            @Value("${factorline.pricing.prime-rate-percent:7.50}") String primeRate) {
        this.rows = rows;
        this.invoices = invoices;
        this.clients = clients;
        this.funding = funding;
        this.book = book;
        this.ledger = ledger;
        this.payouts = payouts;
        this.audit = audit;
        this.clock = clock;
        this.prime = PrimeRates.constant(Rate.percent(primeRate));
    }

    /** Closes the invoice out in the transaction that collected it. */
    @EventListener
    public void onCollected(InvoiceCollected event) {
        closeOut(event);
    }

    /** Closes out the invoices a large bank file collected, together, in the transaction that collected them. */
    @EventListener
    public void onCollected(InvoicesCollected event) {
        // the invoices' rows are written once, by the file, with its own moves and these after them
        event.thenMove(closeOutAll(event.invoices()).moves());
    }

    CloseOut closeOut(InvoiceCollected e) {
        // the invoice's lock first, as every money move on it takes it (the collecting payment already holds
        // it in this transaction; taking it again is free): the check that it is not closed out yet, and the
        // collections the fee is figured on, are then read with no other money move in between
        invoices.lockForMoneyMove(List.of(e.invoiceId()));
        java.util.Optional<CloseOut> done = rows.find(e.invoiceId());
        if (done.isPresent()) {
            return done.get();
        }
        Invoice invoice = invoices.get(e.invoiceId());
        Funding.Purchase purchase = funding.purchaseOf(e.invoiceId()).orElse(null);
        AgreementTerms terms =
                clients.agreement(invoice.agreementId()).map(a -> a.terms()).orElse(null);
        Plan plan = plan(e, invoice, purchase, terms, LocalDate.now(clock));
        JournalEntry entry = plan.entry() == null ? null : ledger.post(plan.entry());
        rows.insertCloseOut(plan.closeOut(), entry == null ? null : entry.id(), clock.instant());
        book.closed(invoice.id(), plan.closeOut().closedOn());
        invoices.recordMoneyMove(invoice.id(), InvoiceStatus.CLOSED, plan.statusReason());
        AuditLog.Item line = plan.auditLine();
        audit.record(
                line.action(),
                line.entityType(),
                line.entityId(),
                line.clientId(),
                line.summary(),
                line.before(),
                line.after(),
                line.reason());
        return plan.closeOut();
    }

    /** The close-outs {@link #closeOutAll} made, and the status moves to closed it leaves to the caller. */
    record CloseOuts(List<CloseOut> closeOuts, List<Invoices.MoneyMove> moves) {}

    /**
     * What {@link #closeOut} does for each invoice, for many at once (a large bank file), with the same rows:
     * the same fees, journal entries (under the same keys), close-out rows, purchased-book dates and audit
     * lines — but the status moves to closed, returned in order for the caller to record after its own moves
     * to paid, so each invoice's row is updated once, with every move's history row and audit line. An
     * invoice already closed out is skipped, as {@code closeOut} leaves it. What is needed is read in bulk —
     * the close-outs already made, the invoices, their purchases, their agreements (once each) — the fees and
     * rebates figured in memory, and each table written once: the entries and their postings, the close-out
     * rows, the purchased book, the audit lines.
     *
     * <p>The invoices' locks are not taken: the bank file announces the invoices before it writes their rows
     * and then writes each row once, from the version it read the invoice at — a row changed meanwhile refuses
     * the whole file, and a close-out made meanwhile is refused by the close-out row's key.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    CloseOuts closeOutAll(List<InvoiceCollected> collected) {
        java.util.Map<InvoiceId, InvoiceCollected> todo = new java.util.LinkedHashMap<>();
        for (InvoiceCollected e : collected) {
            // a second announcement of the same invoice finds the first one's close-out, as closeOut would
            todo.putIfAbsent(e.invoiceId(), e);
        }
        todo.keySet().removeAll(rows.closedOutAmong(List.copyOf(todo.keySet())));
        if (todo.isEmpty()) {
            return new CloseOuts(List.of(), List.of());
        }
        long t0 = System.nanoTime();
        List<InvoiceId> ids = List.copyOf(todo.keySet());
        java.util.Map<InvoiceId, Invoice> byId = new java.util.HashMap<>();
        for (int i = 0; i < ids.size(); i += CHUNK) {
            for (Invoice inv : invoices.getAll(ids.subList(i, Math.min(ids.size(), i + CHUNK)))) {
                byId.put(inv.id(), inv);
            }
        }
        java.util.Map<InvoiceId, Funding.Purchase> purchases = funding.purchasesOf(ids);
        java.util.Map<org.factorline.clients.AgreementId, java.util.Optional<AgreementTerms>> agreements =
                new java.util.HashMap<>();
        LocalDate today = LocalDate.now(clock);
        List<Plan> plans = new ArrayList<>(ids.size());
        for (InvoiceId id : ids) {
            Invoice invoice = byId.get(id);
            if (invoice == null) {
                throw FactorlineException.notFound("invoice", id);
            }
            AgreementTerms terms = agreements
                    .computeIfAbsent(
                            invoice.agreementId(), a -> clients.agreement(a).map(x -> x.terms()))
                    .orElse(null);
            plans.add(plan(todo.get(id), invoice, purchases.get(id), terms, today));
        }
        long t1 = System.nanoTime();
        List<NewEntry> entries = new ArrayList<>(plans.size());
        for (Plan p : plans) {
            if (p.entry() != null) {
                entries.add(p.entry());
            }
        }
        java.util.Iterator<UUID> entryIds = ledger.postAll(entries).iterator();
        List<Object[]> closeOuts = new ArrayList<>(plans.size());
        List<Invoices.MoneyMove> moves = new ArrayList<>(plans.size());
        List<AuditLog.Item> lines = new ArrayList<>(plans.size());
        Instant now = clock.instant();
        for (Plan p : plans) {
            closeOuts.add(
                    SettlementRepository.closeOutRow(p.closeOut(), p.entry() == null ? null : entryIds.next(), now));
            moves.add(new Invoices.MoneyMove(p.closeOut().invoiceId(), InvoiceStatus.CLOSED, p.statusReason()));
            lines.add(p.auditLine());
        }
        long t2 = System.nanoTime();
        rows.insertCloseOuts(closeOuts);
        book.closedAll(ids, today);
        long t3 = System.nanoTime();
        audit.recordAll(lines);
        log.info(
                "Closed out {} invoices: read and figured in {} ms, entries posted in {} ms, close-out rows and"
                        + " purchased book in {} ms, audit lines in {} ms",
                plans.size(),
                (t1 - t0) / 1_000_000,
                (t2 - t1) / 1_000_000,
                (t3 - t2) / 1_000_000,
                (System.nanoTime() - t3) / 1_000_000);
        return new CloseOuts(plans.stream().map(Plan::closeOut).toList(), moves);
    }

    private static final int CHUNK = 1_000;

    /** One invoice's close-out figured out, before anything is written: what each path writes. */
    private record Plan(CloseOut closeOut, NewEntry entry, String statusReason, AuditLog.Item auditLine) {}

    /**
     * The close-out of a collected invoice, as of {@code today}: the fee quoted for the days from purchase to
     * the last payment, the rebate (or what the client owes), the entry that books them (none when both are
     * zero), the reason its status change gives and its audit line.
     */
    private Plan plan(
            InvoiceCollected e, Invoice invoice, Funding.Purchase purchase, AgreementTerms terms, LocalDate today) {
        if (purchase == null) {
            throw new IllegalStateException("invoice " + invoice.number() + " was collected but never bought");
        }
        if (terms == null) {
            throw new IllegalStateException("invoice " + invoice.number() + " has no agreement version");
        }
        // the fee as of the last payment: a close-out has no use for when it would next have gone up
        FeeQuote quote = DiscountFee.charged(
                terms.fees(),
                new FeeBasis(purchase.face(), purchase.advance(), e.collected(), purchase.fundingDate()),
                e.lastPaidOn().isBefore(purchase.fundingDate()) ? purchase.fundingDate() : e.lastPaidOn(),
                e.lastKind() == null ? ReceiptKind.ELECTRONIC : e.lastKind(),
                prime);
        Money fee = quote.fee();
        Money reserve = purchase.face().minus(purchase.advance());
        Money left = reserve.minus(e.deductions()).minus(fee);
        UUID client = invoice.clientId().value();
        List<JournalLine> lines = new ArrayList<>();
        if (fee.isPositive()) {
            lines.add(JournalLine.debit(AccountCode.CLIENT_RESERVE, client, fee));
            lines.add(JournalLine.credit(AccountCode.DISCOUNT_FEE_INCOME, fee));
        }
        if (left.isPositive()) {
            lines.add(JournalLine.debit(AccountCode.CLIENT_RESERVE, client, left));
            lines.add(JournalLine.credit(AccountCode.REBATES_PAYABLE, client, left));
        } else if (left.isNegative()) {
            // the fee and deductions ate more than the reserve: the client owes the difference
            lines.add(JournalLine.debit(AccountCode.CLIENT_RECEIVABLE, client, left.negate()));
            lines.add(JournalLine.credit(AccountCode.CLIENT_RESERVE, client, left.negate()));
        }
        NewEntry entry = lines.isEmpty()
                ? null
                : new NewEntry(
                        "close-out:" + invoice.id(),
                        ReasonCode.DISCOUNT_FEE,
                        today,
                        "invoice",
                        invoice.id().value(),
                        client,
                        "Close-out of invoice " + invoice.number() + ": fee " + fee.display() + " for "
                                + quote.daysCharged() + " days, rebate "
                                + left.max(Money.zero(fee.currency())).display(),
                        lines);
        CloseOut c = new CloseOut(
                invoice.id(),
                client,
                today,
                purchase.fundingDate(),
                purchase.face(),
                purchase.advance(),
                e.collected(),
                e.deductions(),
                fee,
                quote.daysCharged(),
                left,
                null);
        return new Plan(
                c,
                entry,
                "Closed out: fee " + fee.display() + ", rebate " + left.display(),
                new AuditLog.Item(
                        "invoice.closed_out",
                        "invoice",
                        invoice.id().value(),
                        client,
                        "Invoice " + invoice.number() + " closed out: collected "
                                + e.collected().display() + ", deductions "
                                + e.deductions().display() + ", fee " + fee.display() + " ("
                                + quote.daysCharged() + " days), rebate " + left.display(),
                        null,
                        c,
                        null));
    }

    public CloseOut closeOutOf(InvoiceId id) {
        CurrentActor.get().requireStaff();
        return rows.find(id).orElseThrow(() -> FactorlineException.notFound("close-out of invoice", id));
    }

    /**
     * The close-out of an invoice the actor may see — staff any, a client user only its own client's (an
     * invoice of another client is "not found", as if it did not exist); empty while the invoice is open.
     */
    public java.util.Optional<CloseOut> findCloseOut(InvoiceId id) {
        if (CurrentActor.get().isClientUser()) {
            invoices.get(id);
        } else {
            CurrentActor.get().requireStaff();
        }
        return rows.find(id);
    }

    /** Rebates closed out for a client and not yet paid: the total and how many invoices it comes from. */
    public record RebatesDue(Money amount, int invoices) {}

    /**
     * A client's rebates waiting for the next settlement run, in the currency (a client user: only its own).
     * What it owes the factor is netted from them when the run pays.
     */
    public RebatesDue rebatesDue(org.factorline.clients.ClientId clientId, Currency currency) {
        CurrentActor.get().requireClient(clientId.value());
        Object[] r = rows.unpaidRebatesOf(clientId.value(), currency.getCurrencyCode());
        return new RebatesDue(Money.of((BigDecimal) r[0], currency), (Integer) r[1]);
    }

    /**
     * Pays every client the rebates closed out since the last run, net of what it owes (its receivable):
     * one payout per client, one entry per client, in one transaction.
     */
    @Transactional
    public SettlementRun run(PayoutMethod method) {
        Actor actor = CurrentActor.get();
        actor.requireRole(RUNNERS);
        LocalDate today = LocalDate.now(clock);
        Instant now = clock.instant();
        List<String> currencies = rows.currenciesWithUnpaidRebates();
        Currency currency = currencies.isEmpty() ? Money.USD : Currency.getInstance(currencies.get(0));
        Map<UUID, Money> due = new java.util.LinkedHashMap<>();
        ledger.balancesByClient(AccountCode.DUE_TO_CLIENT, currency).forEach((client, amount) -> {
            if (amount.isPositive()) {
                due.put(client, amount);
            }
        });
        if (currencies.isEmpty() && due.isEmpty()) {
            throw FactorlineException.invalid("run", null, "no rebates or collections are waiting to be paid");
        }
        UUID runId = UuidV7.next(clock);
        String reference = rows.nextReference(today.getYear());
        List<SettlementRun.Line> lines = new ArrayList<>();
        Money rebateTotal = Money.zero(currency);
        Money netTotal = Money.zero(currency);
        Map<UUID, Object[]> unpaid = new java.util.LinkedHashMap<>(rows.unpaidRebates(currency.getCurrencyCode()));
        due.keySet().forEach(client -> unpaid.putIfAbsent(client, new Object[] {BigDecimal.ZERO, 0}));
        rows.insertRun(
                new SettlementRun(runId, reference, today, actor.username(), now, rebateTotal, netTotal, List.of()),
                currency.getCurrencyCode());
        for (Map.Entry<UUID, Object[]> e : unpaid.entrySet()) {
            UUID client = e.getKey();
            Money rebates = Money.of((BigDecimal) e.getValue()[0], currency);
            Money collections = due.getOrDefault(client, Money.zero(currency));
            int count = rows.claim(runId, client, currency.getCurrencyCode());
            Money owed = ledger.balance(AccountCode.CLIENT_RECEIVABLE, client, currency);
            Money gross = rebates.plus(collections);
            Money netted = owed.isPositive() ? owed.min(gross) : Money.zero(currency);
            Money net = gross.minus(netted);
            List<JournalLine> entry = new ArrayList<>();
            if (rebates.isPositive()) {
                entry.add(JournalLine.debit(AccountCode.REBATES_PAYABLE, client, rebates));
            }
            if (collections.isPositive()) {
                // money received for the client: an invoice not bought, a payment after a chargeback
                entry.add(JournalLine.debit(AccountCode.DUE_TO_CLIENT, client, collections));
            }
            if (netted.isPositive()) {
                entry.add(JournalLine.credit(AccountCode.CLIENT_RECEIVABLE, client, netted));
            }
            if (net.isPositive()) {
                entry.add(JournalLine.credit(AccountCode.CLIENT_PAYABLE, client, net));
            }
            ledger.post(new NewEntry(
                    "rebate:" + runId + ":" + client,
                    ReasonCode.REBATE,
                    today,
                    "settlement_run",
                    runId,
                    client,
                    "Rebates of " + count + " invoices"
                            + (collections.isPositive()
                                    ? " and " + collections.display() + " collected for the client"
                                    : "")
                            + " in " + reference,
                    entry));
            UUID source = UUID.nameUUIDFromBytes((runId + "/" + client).getBytes(StandardCharsets.UTF_8));
            Payout payout = net.isPositive()
                    ? payouts.create(new NewPayout(
                            new org.factorline.clients.ClientId(client),
                            net,
                            method,
                            "settlement",
                            source,
                            "Rebates, " + reference))
                    : null;
            lines.add(new SettlementRun.Line(
                    client,
                    gross,
                    netted,
                    net,
                    count,
                    payout == null ? null : payout.id().value()));
            rebateTotal = rebateTotal.plus(gross);
            netTotal = netTotal.plus(net);
        }
        SettlementRun run =
                new SettlementRun(runId, reference, today, actor.username(), now, rebateTotal, netTotal, lines);
        rows.updateTotals(runId, rebateTotal, netTotal);
        lines.forEach(l -> rows.insertLine(runId, l));
        audit.record(
                "settlement.run",
                "settlement_run",
                runId,
                null,
                "Settlement run " + reference + ": " + lines.size() + " clients, rebates " + rebateTotal.display()
                        + ", paid " + netTotal.display(),
                null,
                run);
        return rows.findRun(runId).orElseThrow();
    }

    public SettlementRun get(UUID id) {
        CurrentActor.get().requireStaff();
        return rows.findRun(id).orElseThrow(() -> FactorlineException.notFound("settlement run", id));
    }

    public List<SettlementRun> recent(int limit) {
        CurrentActor.get().requireStaff();
        return rows.runIds(Math.min(Math.max(limit, 1), 200)).stream()
                .map(id -> rows.findRun(id).orElseThrow())
                .toList();
    }

    /** The run's statement as CSV: one line per invoice closed out, for the clients' bookkeepers. */
    public String statementCsv(UUID runId) {
        SettlementRun run = get(runId);
        StringBuilder b = new StringBuilder(
                "run,client_id,invoice_id,funding_date,closed_on,face,advance,collected,deductions,fee,days,rebate\r\n");
        for (CloseOut c : rows.closeOutsOfRun(run.id())) {
            b.append(run.reference())
                    .append(',')
                    .append(c.clientId())
                    .append(',')
                    .append(c.invoiceId())
                    .append(',')
                    .append(c.fundingDate())
                    .append(',')
                    .append(c.closedOn())
                    .append(',')
                    .append(c.face().amount().toPlainString())
                    .append(',')
                    .append(c.advance().amount().toPlainString())
                    .append(',')
                    .append(c.collected().amount().toPlainString())
                    .append(',')
                    .append(c.deductions().amount().toPlainString())
                    .append(',')
                    .append(c.fee().amount().toPlainString())
                    .append(',')
                    .append(c.daysCharged())
                    .append(',')
                    .append(c.rebate().amount().toPlainString())
                    .append("\r\n");
        }
        return b.toString();
    }
}
