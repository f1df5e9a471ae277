package org.factorline.receipts;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.factorline.debtors.Debtor;
import org.factorline.debtors.DebtorId;
import org.factorline.debtors.Debtors;
import org.factorline.funding.PurchasedBook;
import org.factorline.identity.Actor;
import org.factorline.identity.AuditLog;
import org.factorline.identity.CurrentActor;
import org.factorline.invoices.InvoiceId;
import org.factorline.invoices.InvoiceStatus;
import org.factorline.invoices.Invoices;
import org.factorline.ledger.Ledger;
import org.factorline.ledger.NewEntry;
import org.factorline.receipts.internal.ReceiptRepository;
import org.factorline.shared.BulkLoad;
import org.factorline.shared.Money;
import org.factorline.shared.UuidV7;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Cash application for a whole bank file at once, with the outcomes of {@link Receipts#record} called line by
 * line — the same payments, references, ledger entries and postings, allocations, suggestions, invoice
 * statuses and history, purchased-book reductions, audit lines and close-outs — but written set-based.
 *
 * <ol>
 *   <li>Every line is checked as {@code record} checks it; the payer's name is recognised once per name.
 *   <li>The open invoices any line may name (its number keys) and the open invoices of every recognised payer
 *       are read in one query each (keys and payers loaded into a temporary table on PostgreSQL).
 *   <li>The lines are matched in file order by the same {@link Matcher}, against those invoices held in
 *       memory: what a line applies reduces what is open for the lines after it, and an invoice paid in full
 *       leaves the candidates, exactly as the database would have shown the next line.
 *   <li>Everything is written table by table: payments (with what was applied), journal entries and postings
 *       (COPY), allocations, suggestions; the purchased book updated once per row ({@code UPDATE … FROM} a
 *       staged table). Then the invoices paid in full are announced together ({@link InvoicesCollected}, each
 *       as {@link InvoiceCollected} would say it, in file order), and settlement closes them out set-based
 *       too, with the rows its one-by-one close-out writes, but for the moves to closed, which it hands back.
 *   <li>Last the invoices: each row updated once, from the version the file read it at, with every move the
 *       file and the close-outs made (paid or partly paid, then closed), a history row and audit line each.
 *       The audit chain is moved once, at commit.
 * </ol>
 *
 * Runs inside the import's transaction: a file is applied whole or not at all.
 */
@Service
public class BulkCashApplication {

    private static final Logger log = LoggerFactory.getLogger(BulkCashApplication.class);

    private final ReceiptRepository rows;
    private final Invoices invoices;
    private final Debtors debtors;
    private final Ledger ledger;
    private final PurchasedBook book;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final BulkLoad bulk;
    private final BigDecimal autoApply;

    BulkCashApplication(
            ReceiptRepository rows,
            Invoices invoices,
            Debtors debtors,
            Ledger ledger,
            PurchasedBook book,
            AuditLog audit,
            ApplicationEventPublisher events,
            Clock clock,
            BulkLoad bulk,
            @Value("${factorline.receipts.auto-apply-confidence:0.90}") String autoApply) {
        this.rows = rows;
        this.invoices = invoices;
        this.debtors = debtors;
        this.ledger = ledger;
        this.book = book;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
        this.bulk = bulk;
        this.autoApply = new BigDecimal(autoApply);
    }

    /** An open invoice as the file's lines see it, what is open changing as they apply. */
    private static final class Open {
        final InvoiceId id;
        final String number;
        final String numberKey;
        final DebtorId debtor;
        final UUID client;
        final String debtorNameKey;
        final BigDecimal deducted;
        /** The version the file read the invoice at: its row is written from it, or the file is refused. */
        final int version;

        BigDecimal collected;
        Money open;
        /** Still FUNDED or PARTIALLY_PAID: not yet paid by an earlier line of the file. */
        boolean openStatus = true;

        Open(Object[] r) {
            Currency currency = (Currency) r[5];
            id = new InvoiceId((UUID) r[0]);
            number = (String) r[1];
            numberKey = (String) r[2];
            debtor = new DebtorId((UUID) r[3]);
            client = (UUID) r[4];
            debtorNameKey = (String) r[8];
            collected = (BigDecimal) r[9];
            deducted = (BigDecimal) r[10];
            version = (Integer) r[11];
            open = Money.of(((BigDecimal) r[7]).subtract(collected).subtract(deducted), currency);
        }

        boolean stillOpen() {
            return openStatus;
        }

        Matcher.Candidate candidate() {
            return new Matcher.Candidate(id, number, numberKey, debtor, debtorNameKey, open);
        }
    }

    private record Placed(Payment payment, Open invoice, Allocation allocation) {}

    /** Records, matches and applies the file's payments, in order; returns them as {@code record} would. */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<Payment> recordAll(List<IncomingPayment> lines, UUID bankFileId) {
        Actor actor = CurrentActor.get();
        actor.requireRole(Receipts.POSTERS);
        long t0 = System.nanoTime();
        LocalDate today = LocalDate.now(clock);
        for (IncomingPayment in : lines) {
            Receipts.validate(in, today);
        }
        Instant now = clock.instant();
        java.util.concurrent.atomic.AtomicReference<List<PayerRecognition.KnownDebtor>> everyDebtor =
                new java.util.concurrent.atomic.AtomicReference<>();
        List<DebtorId> payers = new ArrayList<>(lines.size());
        List<Set<String>> keys = new ArrayList<>(lines.size());
        Set<String> allKeys = new java.util.LinkedHashSet<>();
        Set<UUID> allPayers = new java.util.LinkedHashSet<>();
        Map<String, DebtorId> recognised = new HashMap<>();
        for (IncomingPayment in : lines) {
            String name = in.payerName();
            DebtorId payer = name == null
                    ? PayerRecognition.recognise(null, new Directory(null, everyDebtor))
                    : recognised.computeIfAbsent(name, n -> {
                        DebtorId d = PayerRecognition.recognise(n, new Directory(n, everyDebtor));
                        return d == null ? NONE : d;
                    });
            payer = payer == NONE ? null : payer;
            payers.add(payer);
            if (payer != null) {
                allPayers.add(payer.value());
            }
            Set<String> k = Matcher.keysIn(in.remittance(), Receipts.clip(in.customerReference(), 100));
            keys.add(k);
            allKeys.addAll(k);
        }
        long t1 = System.nanoTime();

        Map<InvoiceId, Open> open = new HashMap<>();
        Map<String, List<Open>> byKey = new HashMap<>();
        Map<DebtorId, List<Open>> byDebtor = new HashMap<>();
        for (Object[] r : rows.openInvoicesNumberedMany(allKeys, bulk)) {
            Open o = open.computeIfAbsent(new InvoiceId((UUID) r[0]), id -> new Open(r));
            byKey.computeIfAbsent(o.numberKey, x -> new ArrayList<>()).add(o);
        }
        for (Object[] r : rows.openInvoicesOfMany(allPayers, bulk)) {
            Open o = open.computeIfAbsent(new InvoiceId((UUID) r[0]), id -> new Open(r));
            byDebtor.computeIfAbsent(o.debtor, x -> new ArrayList<>()).add(o);
        }
        long t2 = System.nanoTime();

        List<Long> numbers = rows.nextNumbers("payment_reference_seq", lines.size(), bulk);
        List<Payment> payments = new ArrayList<>(lines.size());
        List<NewEntry> entries = new ArrayList<>(lines.size() * 2);
        List<Placed> placed = new ArrayList<>();
        List<Object[]> suggestions = new ArrayList<>();
        List<Open> collected = new ArrayList<>();
        List<Payment> collectedBy = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            IncomingPayment in = lines.get(i);
            DebtorId payer = payers.get(i);
            Payment p = Payment.received(
                    UuidV7.next(clock),
                    ReceiptRepository.reference("R", in.valueDate().getYear(), numbers.get(i)),
                    bankFileId,
                    in,
                    payer,
                    actor.username(),
                    now);
            entries.add(Receipts.receiptEntry(p));
            List<Matcher.Candidate> numbered = new ArrayList<>();
            for (String key : keys.get(i)) {
                for (Open o : byKey.getOrDefault(key, List.of())) {
                    if (o.stillOpen()) {
                        numbered.add(o.candidate());
                    }
                }
            }
            List<Matcher.Candidate> ofPayer = new ArrayList<>();
            if (payer != null) {
                for (Open o : byDebtor.getOrDefault(payer, List.of())) {
                    if (ofPayer.size() > Receipts.CANDIDATE_LIMIT) {
                        break;
                    }
                    if (o.stillOpen()) {
                        ofPayer.add(o.candidate());
                    }
                }
            }
            Matcher.LookUp lookUp = Matcher.LookUp.of(
                    numbered, ofPayer, Receipts.CANDIDATE_LIMIT, p.amount().currency());
            List<Matcher.Proposal> proposals = Matcher.propose(
                    p.unapplied(),
                    p.remittance(),
                    p.customerReference(),
                    p.debtorId(),
                    lookUp.candidates(),
                    lookUp.payerCut());
            boolean sure = !proposals.isEmpty()
                    && proposals.stream().allMatch(x -> x.confidence().compareTo(autoApply) >= 0);
            if (!sure) {
                for (Matcher.Proposal x : proposals) {
                    suggestions.add(new Object[] {
                        p.id(),
                        x.candidate().invoiceId().value(),
                        x.amount().amount(),
                        x.confidence(),
                        Receipts.clip(x.reason(), 300)
                    });
                }
                payments.add(p);
                continue;
            }
            Money applied = p.applied();
            int version = 0;
            for (Matcher.Proposal x : proposals) {
                Open o = open.get(x.candidate().invoiceId());
                Money amount = x.amount();
                if (!amount.isPositive()
                        || amount.isGreaterThan(o.open)
                        || applied.plus(amount).isGreaterThan(p.amount())) {
                    throw new IllegalStateException("the matcher proposed " + amount.display() + " of " + p.reference()
                            + " for invoice " + o.number + " with " + o.open.display() + " open");
                }
                applied = applied.plus(amount);
                version++;
                Allocation a = new Allocation(
                        UuidV7.next(clock),
                        p.id(),
                        o.id,
                        amount,
                        x.confidence(),
                        Allocation.Method.AUTO,
                        actor.username(),
                        now);
                entries.add(Receipts.allocationEntry(p, a, o.client, o.number));
                placed.add(new Placed(p, o, a));
                o.open = o.open.minus(amount);
                o.collected = o.collected.add(amount.amount());
                if (o.open.isZero()) {
                    o.openStatus = false;
                    collected.add(o);
                    collectedBy.add(p);
                }
            }
            payments.add(p.withApplied(applied, version));
        }
        long t3 = System.nanoTime();

        rows.insertPayments(payments, bulk);
        List<UUID> entryIds = ledger.postAll(entries);
        // the entries are in line order: each payment's receipt, then its allocations
        Map<UUID, UUID> entryOfAllocation = new HashMap<>();
        int e = 0;
        int k = 0;
        for (Payment p : payments) {
            e++; // the receipt
            while (k < placed.size() && placed.get(k).payment().id().equals(p.id())) {
                entryOfAllocation.put(placed.get(k).allocation().id(), entryIds.get(e));
                e++;
                k++;
            }
        }
        List<Object[]> allocationRows = new ArrayList<>(placed.size());
        Map<InvoiceId, Money> reductions = new LinkedHashMap<>();
        List<Invoices.MoneyMove> moves = new ArrayList<>(placed.size());
        List<AuditLog.Item> applied = new ArrayList<>(placed.size());
        Map<InvoiceId, Money> left = new HashMap<>();
        for (Placed x : placed) {
            Allocation a = x.allocation();
            Open o = x.invoice();
            allocationRows.add(ReceiptRepository.allocationRow(
                    a, o.client, entryOfAllocation.get(a.id()), x.payment().valueDate()));
            reductions.merge(a.invoiceId(), a.amount(), Money::plus);
        }
        // what each invoice had open before the file, to tell paid from partly paid move by move
        for (Placed x : placed) {
            left.merge(x.invoice().id, x.allocation().amount(), Money::plus);
        }
        for (Map.Entry<InvoiceId, Money> r : left.entrySet()) {
            r.setValue(open.get(r.getKey()).open.plus(r.getValue()));
        }
        for (Placed x : placed) {
            Allocation a = x.allocation();
            Open o = x.invoice();
            Money after = left.get(o.id).minus(a.amount());
            left.put(o.id, after);
            moves.add(new Invoices.MoneyMove(
                    o.id,
                    after.isZero() ? InvoiceStatus.PAID : InvoiceStatus.PARTIALLY_PAID,
                    x.payment().reference() + " " + a.amount().display() + " (matched automatically)"));
            applied.add(new AuditLog.Item(
                    "payment.applied",
                    "payment",
                    a.paymentId(),
                    o.client,
                    x.payment().reference() + " " + a.amount().display() + " applied to invoice " + o.number + " ("
                            + a.method() + ", confidence " + a.confidence() + ")",
                    null,
                    a,
                    null));
        }
        rows.insertAllocations(allocationRows, bulk);
        bulk.load(
                "payment_suggestion",
                List.of("payment_id", "invoice_id", "amount", "confidence", "reason"),
                suggestions);
        book.reducedAll(reductions);
        audit.recordAll(applied);
        long t4 = System.nanoTime();
        List<InvoiceCollected> done = new ArrayList<>(collected.size());
        for (int i = 0; i < collected.size(); i++) {
            Open o = collected.get(i);
            Payment p = collectedBy.get(i);
            Currency currency = o.open.currency();
            done.add(new InvoiceCollected(
                    o.id, Money.of(o.collected, currency), Money.of(o.deducted, currency), p.valueDate(), p.kind()));
        }
        if (!done.isEmpty()) {
            // one announcement for the lot: settlement closes them out together, table by table, and hands back
            // its moves to closed, recorded below after the moves to paid — each invoice's row written once
            InvoicesCollected announced = new InvoicesCollected(done);
            events.publishEvent(announced);
            moves.addAll(announced.movesAfter());
        }
        long t5 = System.nanoTime();
        Map<InvoiceId, Integer> versionsRead = new HashMap<>();
        for (Placed x : placed) {
            versionsRead.put(x.invoice().id, x.invoice().version);
        }
        invoices.recordMoneyMoves(moves, versionsRead);
        long t6 = System.nanoTime();
        log.info(
                "Bank file {}: {} payments, {} allocations, {} invoices collected; checked and recognised in {} ms,"
                        + " candidates read in {} ms ({} invoices), matched in {} ms, written in {} ms, closed out in {} ms,"
                        + " statuses ({} moves) in {} ms",
                bankFileId,
                lines.size(),
                placed.size(),
                collected.size(),
                (t1 - t0) / 1_000_000,
                (t2 - t1) / 1_000_000,
                open.size(),
                (t3 - t2) / 1_000_000,
                (t4 - t3) / 1_000_000,
                (t5 - t4) / 1_000_000,
                moves.size(),
                (t6 - t5) / 1_000_000);
        return payments;
    }

    private static final DebtorId NONE = new DebtorId(new UUID(0, 0));

    /**
     * Payer names looked up as {@link Receipts} looks them up, with every debtor's name read at most once
     * per file ({@code everyDebtor} holds them once read).
     */
    private final class Directory implements PayerRecognition.Directory {
        private final String payerName;
        private final java.util.concurrent.atomic.AtomicReference<List<PayerRecognition.KnownDebtor>> everyDebtor;

        Directory(
                String payerName,
                java.util.concurrent.atomic.AtomicReference<List<PayerRecognition.KnownDebtor>> everyDebtor) {
            this.payerName = payerName;
            this.everyDebtor = everyDebtor;
        }

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
            if (everyDebtor.get() == null) {
                everyDebtor.set(rows.debtorNames().stream()
                        .map(r -> new PayerRecognition.KnownDebtor(new DebtorId((UUID) r[0]), (String) r[1]))
                        .toList());
            }
            return everyDebtor.get();
        }
    }
}
