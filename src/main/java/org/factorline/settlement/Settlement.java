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
import org.factorline.settlement.internal.SettlementRepository;
import org.factorline.shared.FactorlineException;
import org.factorline.shared.Money;
import org.factorline.shared.Rate;
import org.factorline.shared.UuidV7;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
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
        Funding.Purchase purchase = funding.purchaseOf(e.invoiceId())
                .orElseThrow(() ->
                        new IllegalStateException("invoice " + invoice.number() + " was collected but never bought"));
        AgreementTerms terms = clients.agreement(invoice.agreementId())
                .orElseThrow(
                        () -> new IllegalStateException("invoice " + invoice.number() + " has no agreement version"))
                .terms();
        FeeQuote quote = DiscountFee.quote(
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
        LocalDate today = LocalDate.now(clock);
        JournalEntry entry = lines.isEmpty()
                ? null
                : ledger.post(new NewEntry(
                        "close-out:" + invoice.id(),
                        ReasonCode.DISCOUNT_FEE,
                        today,
                        "invoice",
                        invoice.id().value(),
                        client,
                        "Close-out of invoice " + invoice.number() + ": fee " + fee.display() + " for "
                                + quote.daysCharged() + " days, rebate "
                                + left.max(Money.zero(fee.currency())).display(),
                        lines));
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
        rows.insertCloseOut(c, entry == null ? null : entry.id(), clock.instant());
        book.closed(invoice.id(), today);
        invoices.recordMoneyMove(
                invoice.id(), InvoiceStatus.CLOSED, "Closed out: fee " + fee.display() + ", rebate " + left.display());
        audit.record(
                "invoice.closed_out",
                "invoice",
                invoice.id().value(),
                client,
                "Invoice " + invoice.number() + " closed out: collected "
                        + e.collected().display() + ", deductions "
                        + e.deductions().display() + ", fee " + fee.display() + " (" + quote.daysCharged()
                        + " days), rebate " + left.display(),
                null,
                c);
        return c;
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
