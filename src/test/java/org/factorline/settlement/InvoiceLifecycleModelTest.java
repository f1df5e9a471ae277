package org.factorline.settlement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.factorline.clients.AgreementTerms;
import org.factorline.clients.Client;
import org.factorline.clients.ClientId;
import org.factorline.debtors.Debtor;
import org.factorline.funding.Funding;
import org.factorline.funding.FundingLine;
import org.factorline.funding.FundingRequest;
import org.factorline.funding.NewFundingRequest;
import org.factorline.identity.Actor;
import org.factorline.identity.Role;
import org.factorline.invoices.Invoice;
import org.factorline.invoices.InvoiceId;
import org.factorline.invoices.Invoices;
import org.factorline.invoices.VerificationStatus;
import org.factorline.ledger.AccountCode;
import org.factorline.ledger.InvariantReport;
import org.factorline.ledger.JournalEntry;
import org.factorline.ledger.JournalLine;
import org.factorline.ledger.Ledger;
import org.factorline.ledger.LedgerInvariants;
import org.factorline.ledger.NewEntry;
import org.factorline.ledger.ReasonCode;
import org.factorline.pricing.PayoutMethod;
import org.factorline.pricing.ReceiptKind;
import org.factorline.receipts.IncomingPayment;
import org.factorline.receipts.Payment;
import org.factorline.receipts.Receipts;
import org.factorline.shared.ErrorCode;
import org.factorline.shared.FactorlineException;
import org.factorline.shared.Money;
import org.factorline.shared.MutableClock;
import org.factorline.shared.Rate;
import org.factorline.support.FactorlineTest;
import org.factorline.support.TestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Model-based test of the collection side: seeded random walks of submit and approve, disputes, funding,
 * payments in full and in part, overpayments refunded, short pays, payments made to the client instead,
 * recourse sweeps after the clock passes recourse dates, settlement runs and manual entries reversed — run
 * against the real services and compared after every step with a tiny independent model (plain maps) of
 * each invoice (face, advance, what reduced it, open / closed / charged back) and each client (purchased
 * receivables, reserve held, funds employed). The ledger invariants are checked along the way.
 *
 * <p>The seed is printed and named in every assertion. Replay one with {@code -Dmodel.seed=N}; run a range
 * with {@code -Dmodel.seeds=1-20}; {@code -Dmodel.steps=N} sets the walk's length (60 by default).
 * (SeededBooksTest walks the funding and payout side.)
 */
@FactorlineTest
class InvoiceLifecycleModelTest {

    static final int DEFAULT_STEPS = 60;

    /** Funds, posts receipts, sweeps, runs settlements, reverses entries, records verifications. */
    static final Actor OFFICER =
            new Actor(null, "model-officer", "Model Officer", null, EnumSet.of(Role.FUNDING_OFFICER, Role.VERIFIER));

    @Autowired
    Funding funding;

    @Autowired
    Invoices invoices;

    @Autowired
    Receipts receipts;

    @Autowired
    Recourse recourse;

    @Autowired
    Settlement settlement;

    @Autowired
    Ledger ledger;

    @Autowired
    LedgerInvariants invariants;

    @Autowired
    TestSupport.Fixtures fixtures;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    @AfterEach
    void backToTheStart() {
        clock.set(TestSupport.START);
    }

    // ---- the reference model ----------------------------------------------------------------------------

    enum St {
        APPROVED,
        DISPUTED,
        FUNDED,
        PARTIALLY_PAID,
        CLOSED,
        CHARGED_BACK;

        boolean open() {
            return this == FUNDED || this == PARTIALLY_PAID;
        }
    }

    /** One invoice as the model sees it; amounts in cents. */
    static final class Inv {
        final UUID id;
        final UUID client;
        final long face;
        /** Issued three days before it was submitted, on 30-day terms (TestSupport.Fixtures.readyToFund). */
        LocalDate dueOn;

        long advance;
        LocalDate fundedOn;
        long reduced;
        St st = St.APPROVED;
        LocalDate closedOn;
        LocalDate chargedOn;

        Inv(UUID id, UUID client, long face) {
            this.id = id;
            this.client = client;
            this.face = face;
        }

        long open() {
            return face - reduced;
        }
    }

    static final class Model {
        final Map<UUID, Inv> invoices = new LinkedHashMap<>();
        final Map<UUID, Integer> recourseDays = new HashMap<>();
        final Map<UUID, Integer> advancePercent = new HashMap<>();

        List<Inv> in(St... states) {
            Set<St> wanted = Set.of(states);
            return invoices.values().stream().filter(i -> wanted.contains(i.st)).toList();
        }

        long purchased(UUID client) {
            return sum(client, i -> i.open());
        }

        long reserve(UUID client) {
            return sum(client, i -> i.face - i.advance);
        }

        long employed(UUID client) {
            return sum(client, i -> i.advance);
        }

        private long sum(UUID client, java.util.function.ToLongFunction<Inv> f) {
            return invoices.values().stream()
                    .filter(i -> i.client.equals(client) && i.st.open())
                    .mapToLong(f)
                    .sum();
        }

        /** The last day the debtor has before the invoice is charged back. */
        LocalDate recourseDate(Inv i) {
            return i.fundedOn.plusDays(recourseDays.get(i.client) - 1L);
        }

        /** Collected in full: the product closes it out in the same transaction. */
        void reduce(Inv i, long cents, LocalDate today) {
            i.reduced += cents;
            if (i.reduced == i.face) {
                i.st = St.CLOSED;
                i.closedOn = today;
            } else {
                i.st = St.PARTIALLY_PAID;
            }
        }
    }

    record Manual(UUID client, JournalEntry entry) {}

    // ---- the walk ----------------------------------------------------------------------------------------

    @Test
    void randomInvoiceLifecyclesAgreeWithTheModelAfterEveryStep() {
        int steps = Integer.getInteger("model.steps", DEFAULT_STEPS);
        for (long seed : seeds()) {
            walk(seed, steps);
        }
    }

    static long[] seeds() {
        String range = System.getProperty("model.seeds");
        if (range != null && !range.isBlank()) {
            String[] ends = range.strip().split("-", 2);
            long from = Long.parseLong(ends[0].strip());
            long to = ends.length == 2 ? Long.parseLong(ends[1].strip()) : from;
            return LongStream.rangeClosed(from, to).toArray();
        }
        return new long[] {Long.getLong("model.seed", System.nanoTime())};
    }

    void walk(long seed, int steps) {
        String replay = "InvoiceLifecycleModelTest seed=" + seed + " steps=" + steps
                + " (replay: ./mvnw test -Dtest=InvoiceLifecycleModelTest -Dmodel.seed=" + seed + " -Dmodel.steps="
                + steps + ")";
        System.out.println(replay);
        Random random = new Random(seed);
        clock.set(TestSupport.START);

        Model model = new Model();
        List<Client> clients = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            int days = 15 + random.nextInt(31);
            int advance = 70 + 5 * random.nextInt(5);
            Client c = fixtures.activeClient(terms(LocalDate.now(clock).minusDays(30), days, advance));
            clients.add(c);
            model.recourseDays.put(c.id().value(), days);
            model.advancePercent.put(c.id().value(), advance);
        }
        List<Debtor> debtors = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            debtors.add(fixtures.debtor());
        }
        List<Manual> manuals = new ArrayList<>();
        Map<String, Integer> done = new java.util.TreeMap<>();

        for (int step = 0; step < steps; step++) {
            String at = replay + " — step " + step;
            LocalDate today = LocalDate.now(clock);
            int roll = random.nextInt(100);
            String did;
            if (roll < 18 || model.in(St.APPROVED).isEmpty()) {
                did = submit(model, clients, debtors, random);
            } else if (roll < 22) {
                did = dispute(model, random, at);
            } else if (roll < 38) {
                did = fund(model, random, at);
            } else if (roll < 58) {
                did = pay(model, random, today, at);
            } else if (roll < 64) {
                did = shortPay(model, random, today);
            } else if (roll < 71) {
                did = misdirected(model, random, today);
            } else if (roll < 80) {
                did = sweep(model, random, at);
            } else if (roll < 88) {
                did = settle(model, clients, at);
            } else {
                did = manualOrReverse(manuals, clients, random, seed, step, at);
            }
            done.merge(did, 1, Integer::sum);
            compare(model, clients, at + " after " + did);
            if (step % 20 == 19 || step == steps - 1) {
                InvariantReport report = invariants.checkAsSystem();
                assertThat(report.rules())
                        .as(at + " ledger invariants")
                        .allSatisfy(r -> assertThat(r.violations())
                                .as(at + " " + r.name())
                                .isEmpty());
            }
            clock.advance(Duration.ofDays(random.nextInt(4)));
        }
        System.out.println("InvoiceLifecycleModelTest seed=" + seed + ": " + done + ", invoices "
                + model.invoices.values().stream()
                        .collect(Collectors.groupingBy(i -> i.st, java.util.TreeMap::new, Collectors.counting())));
        assertThat(done.getOrDefault("submit", 0)).as(replay).isPositive();
    }

    private static AgreementTerms terms(LocalDate from, int recourseDays, int advancePercent) {
        AgreementTerms t = TestSupport.standardTerms(from);
        return new AgreementTerms(
                t.effectiveFrom(),
                t.currency(),
                Rate.percent(String.valueOf(advancePercent)),
                t.fees(),
                t.miscFees(),
                true,
                recourseDays,
                Money.usd("5000000.00"),
                Rate.percent("100"),
                t.verification(),
                t.notification());
    }

    // ---- the steps ---------------------------------------------------------------------------------------

    private String submit(Model model, List<Client> clients, List<Debtor> debtors, Random random) {
        Client client = clients.get(random.nextInt(clients.size()));
        Debtor debtor = debtors.get(random.nextInt(debtors.size()));
        long cents = 100L * (100 + random.nextInt(4_901)); // whole dollars, $100 to $5,000
        Invoice i = fixtures.readyToFund(client, debtor, Money.ofMinor(cents, Money.USD));
        Inv inv = new Inv(i.id().value(), client.id().value(), cents);
        inv.dueOn = LocalDate.now(clock).minusDays(3).plusDays(30);
        model.invoices.put(inv.id, inv);
        return "submit";
    }

    /**
     * The debtor disputes an approved invoice: it can no longer be funded. A bought invoice's verification is
     * settled: recording a dispute on it is refused.
     */
    private String dispute(Model model, Random random, String at) {
        List<Inv> bought = model.in(St.FUNDED, St.PARTIALLY_PAID);
        if (!bought.isEmpty() && random.nextBoolean()) {
            Inv i = pick(bought, random);
            assertThatThrownBy(() -> TestSupport.as(
                            OFFICER,
                            () -> invoices.recordVerification(
                                    new InvoiceId(i.id), VerificationStatus.DISPUTED, "debtor says goods short")))
                    .as(at + " dispute of bought invoice " + i.id + " (" + i.st + ")")
                    .isInstanceOf(FactorlineException.class);
            return "dispute-refused";
        }
        Inv i = pick(model.in(St.APPROVED), random);
        TestSupport.as(
                OFFICER,
                () -> invoices.recordVerification(
                        new InvoiceId(i.id), VerificationStatus.DISPUTED, "debtor says the goods were damaged"));
        i.st = St.DISPUTED;
        // funding it is refused, at the request or at the approval
        assertThatThrownBy(() -> TestSupport.as(OFFICER, () -> {
                    FundingRequest r =
                            funding.request(new NewFundingRequest(i.client, List.of(i.id), null, PayoutMethod.ACH));
                    try {
                        return funding.approve(r.id());
                    } catch (FactorlineException e) {
                        funding.cancel(r.id(), "disputed");
                        throw e;
                    }
                }))
                .as(at + " funding disputed invoice " + i.id)
                .isInstanceOf(FactorlineException.class);
        return "dispute";
    }

    private String fund(Model model, Random random, String at) {
        List<Inv> approved = model.in(St.APPROVED);
        UUID client = pick(approved, random).client;
        List<Inv> ofClient = new ArrayList<>(
                approved.stream().filter(i -> i.client.equals(client)).toList());
        java.util.Collections.shuffle(ofClient, random);
        List<Inv> chosen = ofClient.subList(0, Math.min(ofClient.size(), 1 + random.nextInt(3)));
        FundingRequest r = TestSupport.as(
                OFFICER,
                () -> funding.request(new NewFundingRequest(
                        client, chosen.stream().map(i -> i.id).toList(), null, PayoutMethod.ACH)));
        // the model's eligibility: none of them is past due on the funding date (the rest holds by construction)
        LocalDate today = LocalDate.now(clock);
        boolean pastDue = chosen.stream().anyMatch(i -> i.dueOn.isBefore(today));
        FundingRequest f;
        try {
            f = TestSupport.as(OFFICER, () -> funding.approve(r.id()));
        } catch (FactorlineException e) {
            assertThat(e.code()).as(at + " funding refused: " + e.getMessage()).isEqualTo(ErrorCode.FUNDING_INELIGIBLE);
            assertThat(pastDue)
                    .as(at + " refused though none is past due on " + today + ": " + e.getMessage())
                    .isTrue();
            TestSupport.as(OFFICER, () -> funding.cancel(r.id(), "ineligible"));
            chosen.forEach(i -> i.st = St.DISPUTED); // out of the walk's funding pool
            return "fund-refused";
        }
        assertThat(pastDue)
                .as(at + " funded " + f.reference() + " with a past-due invoice")
                .isFalse();
        assertThat(f.lines()).as(at + " lines of " + f.reference()).hasSize(chosen.size());
        int percent = model.advancePercent.get(client);
        for (FundingLine line : f.lines()) {
            Inv i = model.invoices.get(line.invoiceId().value());
            assertThat(line.advance().minorUnits())
                    .as(at + " advance on " + i.id + " at " + percent + "%")
                    .isEqualTo(i.face * percent / 100);
            i.advance = i.face * percent / 100;
            i.fundedOn = f.fundingDate();
            i.st = St.FUNDED;
        }
        assertThat(f.fundingDate()).as(at).isEqualTo(LocalDate.now(clock));
        return "fund";
    }

    /** A payment recorded and applied, in full or in part; now and then more than is open, the rest refunded. */
    private String pay(Model model, Random random, LocalDate today, String at) {
        List<Inv> open = model.in(St.FUNDED, St.PARTIALLY_PAID);
        if (open.isEmpty()) {
            return "pay-none";
        }
        Inv i = pick(open, random);
        long amount =
                random.nextInt(5) < 2 || i.open() < 2 ? i.open() : 1 + (long) (random.nextDouble() * (i.open() - 1));
        long extra = random.nextInt(8) == 0 ? 100L * (1 + random.nextInt(50)) : 0;
        LocalDate valueDate = latest(today.minusDays(random.nextInt(3)), i.fundedOn);
        Payment p = TestSupport.as(
                OFFICER,
                () -> receipts.record(
                        new IncomingPayment(
                                valueDate,
                                Money.ofMinor(amount + extra, Money.USD),
                                ReceiptKind.ELECTRONIC,
                                TestSupport.unique("Model payer"),
                                null,
                                null,
                                null,
                                null,
                                "model walk"),
                        null));
        assertThat(p.applied().isZero())
                .as(at + " nothing applied by itself to " + p.reference())
                .isTrue();
        TestSupport.as(OFFICER, () -> receipts.apply(p.id(), new InvoiceId(i.id), Money.ofMinor(amount, Money.USD)));
        if (extra > 0) {
            Payment rest = TestSupport.as(
                    OFFICER,
                    () -> receipts.refundToPayer(p.id(), null, Receipts.RefundMethod.ACH, "paid more than was owed"));
            assertThat(rest.unapplied().isZero())
                    .as(at + " refunded the rest of " + p.reference())
                    .isTrue();
        }
        model.reduce(i, amount, today);
        return amount == i.face || i.st == St.CLOSED ? "pay-full" : extra > 0 ? "pay-over" : "pay-part";
    }

    private String shortPay(Model model, Random random, LocalDate today) {
        List<Inv> partly = model.in(St.PARTIALLY_PAID);
        if (partly.isEmpty()) {
            return "short-pay-none";
        }
        Inv i = pick(partly, random);
        TestSupport.as(OFFICER, () -> receipts.acceptShortPay(new InvoiceId(i.id), "damaged pallet"));
        model.reduce(i, i.open(), today);
        return "short-pay";
    }

    private String misdirected(Model model, Random random, LocalDate today) {
        List<Inv> open = model.in(St.FUNDED, St.PARTIALLY_PAID);
        if (open.isEmpty()) {
            return "misdirected-none";
        }
        Inv i = pick(open, random);
        long amount =
                random.nextBoolean() || i.open() < 2 ? i.open() : 1 + (long) (random.nextDouble() * (i.open() - 1));
        LocalDate paidOn = latest(today.minusDays(random.nextInt(3)), i.fundedOn);
        TestSupport.as(
                OFFICER,
                () -> receipts.recordMisdirected(
                        new InvoiceId(i.id), Money.ofMinor(amount, Money.USD), paidOn, "the client told us"));
        model.reduce(i, amount, today);
        return "misdirected";
    }

    /**
     * The recourse sweep; half the time the clock first moves to the day after the nearest recourse date of
     * an open invoice (when it is ahead), so that one is charged back.
     */
    private String sweep(Model model, Random random, String at) {
        List<Inv> open = model.in(St.FUNDED, St.PARTIALLY_PAID);
        if (random.nextBoolean()) {
            open.stream()
                    .map(model::recourseDate)
                    .min(LocalDate::compareTo)
                    .filter(d -> d.isAfter(LocalDate.now(clock).minusDays(1)))
                    .ifPresent(d -> clock.set(d.plusDays(1).atTime(14, 0).toInstant(ZoneOffset.UTC)));
        }
        LocalDate today = LocalDate.now(clock);
        List<Chargeback> swept = TestSupport.as(OFFICER, () -> recourse.sweep(today));
        Set<UUID> expected = new TreeSet<>();
        for (Inv i : open) {
            if (model.recourseDate(i).isBefore(today)) {
                expected.add(i.id);
                i.st = St.CHARGED_BACK;
                i.chargedOn = today;
            }
        }
        Set<UUID> actual = swept.stream()
                .map(c -> c.invoiceId().value())
                .filter(model.invoices::containsKey)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(actual).as(at + " charged back as of " + today).isEqualTo(expected);
        return expected.isEmpty() ? "sweep-nothing" : "sweep";
    }

    /** A settlement run pays every rebate closed out so far: none is left owed to the walk's clients. */
    private String settle(Model model, List<Client> clients, String at) {
        // one run pays one currency: run until nothing is waiting (other tests' books may hold other currencies)
        int runs = 0;
        while (true) {
            try {
                TestSupport.as(OFFICER, () -> settlement.run(PayoutMethod.ACH));
                runs++;
            } catch (FactorlineException nothingWaiting) {
                assertThat(nothingWaiting.code()).as(at).isEqualTo(ErrorCode.VALIDATION_FAILED);
                break;
            }
            assertThat(runs).as(at + " settlement runs in a row").isLessThan(10);
        }
        for (Client c : clients) {
            UUID id = c.id().value();
            assertThat(cents(AccountCode.REBATES_PAYABLE, id))
                    .as(at + " rebates left of " + id)
                    .isZero();
            assertThat(cents(AccountCode.DUE_TO_CLIENT, id))
                    .as(at + " due to " + id)
                    .isZero();
            assertThat(TestSupport.as(OFFICER, () -> settlement.rebatesDue(c.id(), Money.USD))
                            .amount()
                            .isZero())
                    .as(at + " rebates due to " + id)
                    .isTrue();
        }
        return runs == 0 ? "settle-nothing" : "settle";
    }

    /**
     * An administrator's manual entry — part of what the client owes written off as bad debt — or the
     * reversal of one posted earlier. A reversed entry cannot be reversed again; the client's receivable
     * moves by exactly the entry and back.
     */
    private String manualOrReverse(
            List<Manual> manuals, List<Client> clients, Random random, long seed, int step, String at) {
        if (!manuals.isEmpty() && random.nextBoolean()) {
            Manual m = manuals.remove(random.nextInt(manuals.size()));
            long before = cents(AccountCode.CLIENT_RECEIVABLE, m.client());
            JournalEntry back =
                    TestSupport.as(OFFICER, () -> ledger.reverse(m.entry().id(), null, "written off in error", null));
            assertThat(back.reversesEntryId()).as(at).isEqualTo(m.entry().id());
            assertThat(cents(AccountCode.CLIENT_RECEIVABLE, m.client()) - before)
                    .as(at + " receivable after reversing " + m.entry().reference())
                    .isEqualTo(waived(m.entry()));
            assertThatThrownBy(() -> TestSupport.as(
                            OFFICER,
                            () -> ledger.reverse(
                                    m.entry().id(),
                                    null,
                                    "again",
                                    "again:" + m.entry().id())))
                    .as(at + " second reversal of " + m.entry().reference())
                    .isInstanceOf(FactorlineException.class);
            return "reverse";
        }
        // a waiver is of what the client owes (its receivable may not go below zero)
        UUID client = clients.get(random.nextInt(clients.size())).id().value();
        long before = cents(AccountCode.CLIENT_RECEIVABLE, client);
        if (before <= 0) {
            return "manual-none";
        }
        Money amount = Money.ofMinor(1 + (long) (random.nextDouble() * before), Money.USD);
        JournalEntry e = TestSupport.as(
                TestSupport.admin(),
                () -> ledger.postManual(new NewEntry(
                        "model:" + seed + ":" + step + ":" + UUID.randomUUID(),
                        ReasonCode.ADJUSTMENT,
                        LocalDate.now(clock),
                        null,
                        null,
                        client,
                        "part of what the client owes written off",
                        List.of(
                                JournalLine.debit(AccountCode.BAD_DEBT_EXPENSE, amount),
                                JournalLine.credit(AccountCode.CLIENT_RECEIVABLE, client, amount)))));
        assertThat(before - cents(AccountCode.CLIENT_RECEIVABLE, client))
                .as(at + " receivable after " + e.reference())
                .isEqualTo(amount.minorUnits());
        manuals.add(new Manual(client, e));
        return "manual";
    }

    private static long waived(JournalEntry e) {
        return e.lines().stream()
                .filter(l -> l.account() == AccountCode.CLIENT_RECEIVABLE)
                .mapToLong(l -> l.amount().minorUnits())
                .sum();
    }

    // ---- the comparison ----------------------------------------------------------------------------------

    private void compare(Model model, List<Client> clients, String at) {
        for (Client c : clients) {
            UUID id = c.id().value();
            assertThat(cents(AccountCode.PURCHASED_RECEIVABLES, id))
                    .as(at + " purchased receivables of " + id)
                    .isEqualTo(model.purchased(id));
            assertThat(cents(AccountCode.CLIENT_RESERVE, id))
                    .as(at + " reserve of " + id)
                    .isEqualTo(model.reserve(id));
            Funding.Availability a = TestSupport.as(OFFICER, () -> funding.availability(new ClientId(id)))
                    .orElseThrow();
            assertThat(a.employed().minorUnits())
                    .as(at + " funds employed of " + id)
                    .isEqualTo(model.employed(id));
        }
        List<UUID> ids = clients.stream().map(c -> c.id().value()).toList();
        Map<UUID, String> statuses = new HashMap<>();
        jdbc.sql("select id, status from invoice where client_id in (:ids)")
                .param("ids", ids)
                .query((rs, n) -> statuses.put(
                        rs.getObject("id", UUID.class), rs.getString("status").trim()))
                .list();
        assertThat(statuses.keySet()).as(at + " the clients' invoices").isEqualTo(model.invoices.keySet());
        Map<UUID, Object[]> book = new HashMap<>();
        jdbc.sql(
                        "select invoice_id, reduced_amount, closed_on, charged_on from funded_invoice where client_id in (:ids)")
                .param("ids", ids)
                .query((rs, n) -> book.put(rs.getObject("invoice_id", UUID.class), new Object[] {
                    rs.getBigDecimal("reduced_amount"),
                    rs.getObject("closed_on", LocalDate.class),
                    rs.getObject("charged_on", LocalDate.class)
                }))
                .list();
        for (Inv i : model.invoices.values()) {
            String expected = switch (i.st) {
                case APPROVED, DISPUTED -> "APPROVED";
                default -> i.st.name();
            };
            assertThat(statuses.get(i.id)).as(at + " status of " + i.id).isEqualTo(expected);
            Object[] row = book.get(i.id);
            if (i.fundedOn == null) {
                assertThat(row)
                        .as(at + " " + i.id + " is not in the purchased book")
                        .isNull();
                continue;
            }
            assertThat(row).as(at + " " + i.id + " is in the purchased book").isNotNull();
            assertThat(((BigDecimal) row[0]).movePointRight(2).longValueExact())
                    .as(at + " reduced_amount of " + i.id)
                    .isEqualTo(i.reduced);
            assertThat(row[1]).as(at + " closed_on of " + i.id).isEqualTo(i.closedOn);
            assertThat(row[2]).as(at + " charged_on of " + i.id).isEqualTo(i.chargedOn);
        }
    }

    private long cents(AccountCode code, UUID client) {
        return ledger.balance(code, client, Money.USD).minorUnits();
    }

    private static <T> T pick(List<T> from, Random random) {
        return from.get(random.nextInt(from.size()));
    }

    private static LocalDate latest(LocalDate a, LocalDate b) {
        return Objects.requireNonNull(a).isBefore(b) ? b : a;
    }
}
