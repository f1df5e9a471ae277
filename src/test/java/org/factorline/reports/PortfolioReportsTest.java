package org.factorline.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.factorline.clients.AgreementTerms;
import org.factorline.clients.Client;
import org.factorline.debtors.Debtor;
import org.factorline.funding.Funding;
import org.factorline.funding.FundingRequest;
import org.factorline.funding.NewFundingRequest;
import org.factorline.identity.Actor;
import org.factorline.identity.Role;
import org.factorline.invoices.Invoice;
import org.factorline.ledger.AccountCode;
import org.factorline.ledger.JournalEntry;
import org.factorline.ledger.JournalLine;
import org.factorline.ledger.Ledger;
import org.factorline.ledger.ReasonCode;
import org.factorline.ledger.Side;
import org.factorline.ledger.TrialBalance;
import org.factorline.pricing.PayoutMethod;
import org.factorline.pricing.ReceiptKind;
import org.factorline.receipts.IncomingPayment;
import org.factorline.receipts.Payment;
import org.factorline.receipts.Receipts;
import org.factorline.settlement.Chargeback;
import org.factorline.settlement.Recourse;
import org.factorline.shared.CursorPage;
import org.factorline.shared.FactorlineException;
import org.factorline.shared.Money;
import org.factorline.shared.MutableClock;
import org.factorline.shared.Rate;
import org.factorline.support.FactorlineTest;
import org.factorline.support.TestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * DSO, dilution, CEI and reserve on a generated book: two clients (80% and 85% advanced, 40-day recourse), four
 * debtors, invoices bought on random days over two months, paid in parts with value dates up to two days
 * back (some to the client instead of the factor), some short-paid, the unpaid ones charged back by the
 * weekly recourse sweep. Each report's figures are held against the trial balance as of the same dates and
 * against a computation in Java over the invoices the test made. The seed is logged; set {@code -Dreports.seed=…} to replay one.
 */
@FactorlineTest
class PortfolioReportsTest {

    static final Logger LOG = LoggerFactory.getLogger(PortfolioReportsTest.class);
    static final Actor OFFICER =
            new Actor(null, "reports-port-fiona", "Fiona", null, EnumSet.of(Role.FUNDING_OFFICER, Role.ADMIN));
    static final Actor AUDITOR = TestSupport.staff(Role.AUDITOR);
    static final LocalDate FIRST = LocalDate.of(2026, 3, 2);
    static final int DAYS = 80;
    static final int BUYING_DAYS = 60;

    @Autowired
    TestSupport.Fixtures fixtures;

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @Autowired
    Funding funding;

    @Autowired
    Receipts receipts;

    @Autowired
    Recourse recourse;

    @Autowired
    Ledger ledger;

    @Autowired
    Reports reports;

    @Autowired
    MutableClock clock;

    @Autowired
    org.factorline.ledger.LedgerDayTotals dayTotals;

    @AfterEach
    void resetClock() {
        clock.set(TestSupport.START);
    }

    /** An invoice the test bought, and everything that happened to it, by the date it counts. */
    static final class Bought {
        final Invoice invoice;
        final UUID client;
        final UUID debtor;
        final LocalDate fundedOn;
        final BigDecimal face;
        final BigDecimal reservePercent;
        final Map<LocalDate, BigDecimal> payments = new HashMap<>();
        LocalDate shortPaidOn;
        BigDecimal shortPay = BigDecimal.ZERO;
        LocalDate chargedOn;
        BigDecimal open;

        Bought(Invoice invoice, LocalDate fundedOn, BigDecimal reservePercent) {
            this.invoice = invoice;
            this.client = invoice.clientId().value();
            this.debtor = invoice.debtorId().value();
            this.fundedOn = fundedOn;
            this.face = invoice.faceAmount().amount();
            this.reservePercent = reservePercent;
            this.open = face;
        }

        boolean inBook(LocalDate d) {
            return !fundedOn.isAfter(d) && (chargedOn == null || chargedOn.isAfter(d));
        }

        /** What was still open when it was charged back. */
        BigDecimal chargedBack() {
            BigDecimal o = face;
            for (Map.Entry<LocalDate, BigDecimal> p : payments.entrySet()) {
                if (!p.getKey().isAfter(chargedOn)) {
                    o = o.subtract(p.getValue());
                }
            }
            return shortPaidOn != null && !shortPaidOn.isAfter(chargedOn) ? o.subtract(shortPay) : o;
        }

        /** The open balance as of {@code d}: zero when not in the book then. */
        BigDecimal openAsOf(LocalDate d) {
            if (!inBook(d)) {
                return BigDecimal.ZERO;
            }
            BigDecimal o = face;
            for (Map.Entry<LocalDate, BigDecimal> p : payments.entrySet()) {
                if (!p.getKey().isAfter(d)) {
                    o = o.subtract(p.getValue());
                }
            }
            if (shortPaidOn != null && !shortPaidOn.isAfter(d)) {
                o = o.subtract(shortPay);
            }
            return o;
        }
    }

    record Book(long seed, List<Client> clients, List<Debtor> debtors, List<Bought> bought) {

        List<Bought> of(UUID client) {
            return bought.stream().filter(b -> b.client.equals(client)).toList();
        }
    }

    static AgreementTerms terms(String advance) {
        AgreementTerms t = TestSupport.standardTerms(FIRST.minusDays(30));
        return new AgreementTerms(
                t.effectiveFrom(),
                t.currency(),
                Rate.percent(advance),
                t.fees(),
                t.miscFees(),
                true,
                40,
                t.facilityLimit(),
                t.concentrationLimit(),
                t.verification(),
                t.notification());
    }

    void moveTo(LocalDate day) {
        clock.set(day.atTime(14, 0).toInstant(ZoneOffset.UTC));
    }

    Book generate() {
        long seed = Long.getLong("reports.seed", System.nanoTime());
        LOG.info("portfolio reports book seed {} (replay with -Dreports.seed={})", seed, seed);
        Random random = new Random(seed);
        moveTo(FIRST);
        List<Client> clients = List.of(fixtures.activeClient(terms("80")), fixtures.activeClient(terms("85")));
        List<BigDecimal> reserve = List.of(new BigDecimal("20"), new BigDecimal("15"));
        List<Debtor> debtors = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            debtors.add(fixtures.debtor());
        }
        List<Bought> book = new ArrayList<>();
        Map<UUID, Bought> byInvoice = new HashMap<>();
        Bought neverPaid = null;
        for (int day = 0; day < DAYS; day++) {
            LocalDate today = FIRST.plusDays(day);
            moveTo(today);
            if (day == 0 || (day < BUYING_DAYS && random.nextInt(2) == 0)) {
                int c = day == 0 ? 0 : random.nextInt(clients.size());
                Client client = clients.get(c);
                Invoice i = fixtures.readyToFund(
                        client,
                        debtors.get(random.nextInt(debtors.size())),
                        Money.usd((1000 + random.nextInt(50) * 100) + ".00"));
                TestSupport.as(OFFICER, () -> {
                    FundingRequest r = funding.request(new NewFundingRequest(
                            client.id().value(), List.of(i.id().value()), null, PayoutMethod.ACH));
                    funding.approve(r.id());
                });
                Bought b = new Bought(i, today, reserve.get(c));
                book.add(b);
                byInvoice.put(i.id().value(), b);
                if (day == 0) {
                    neverPaid = b; // charged back at the end of its recourse period
                }
            }
            for (Bought b : book) {
                if (b == neverPaid || b.open.signum() == 0 || b.chargedOn != null || random.nextInt(8) != 0) {
                    continue;
                }
                BigDecimal amount = random.nextBoolean()
                        ? b.open
                        : b.open.multiply(BigDecimal.valueOf(20 + random.nextInt(60)))
                                .divide(BigDecimal.valueOf(100), 2, RoundingMode.DOWN);
                LocalDate back = today.minusDays(random.nextInt(3));
                LocalDate valueDate = back.isBefore(b.fundedOn) ? b.fundedOn : back;
                boolean toClient = random.nextInt(6) == 0;
                TestSupport.as(OFFICER, () -> {
                    if (toClient) {
                        // the debtor paid the client instead: cash all the same, owed by the client
                        receipts.recordMisdirected(
                                b.invoice.id(), Money.usd(amount.toPlainString()), valueDate, "Paid the client");
                        return;
                    }
                    Payment p = receipts.record(
                            new IncomingPayment(
                                    valueDate,
                                    Money.usd(amount.toPlainString()),
                                    ReceiptKind.ELECTRONIC,
                                    TestSupport.unique("Portfolio Payer"),
                                    null,
                                    null,
                                    null,
                                    null,
                                    "test"),
                            null);
                    receipts.apply(p.id(), b.invoice.id(), Money.usd(amount.toPlainString()));
                });
                b.payments.merge(valueDate, amount, BigDecimal::add);
                b.open = b.open.subtract(amount);
                if (b.open.signum() > 0 && random.nextInt(3) == 0) {
                    TestSupport.as(OFFICER, () -> {
                        receipts.acceptShortPay(b.invoice.id(), "Damaged pallets, credit agreed");
                    });
                    b.shortPaidOn = today;
                    b.shortPay = b.open;
                    b.open = BigDecimal.ZERO;
                }
            }
            if (day % 7 == 0) {
                List<Chargeback> swept = TestSupport.as(OFFICER, () -> recourse.sweep(today));
                for (Chargeback cb : swept) {
                    Bought b = byInvoice.get(cb.invoiceId().value());
                    if (b != null) {
                        b.chargedOn = cb.chargedOn();
                        b.open = BigDecimal.ZERO;
                    }
                }
            }
        }
        assertThat(neverPaid.chargedOn)
                .as("seed %d: the unpaid invoice was charged back", seed)
                .isNotNull();
        return new Book(seed, clients, debtors, book);
    }

    @Test
    void dsoDilutionCeiAndReserveReconcileWithTheLedgerAndWithTheInvoices() {
        Book book = generate();
        LocalDate end = FIRST.plusDays(DAYS - 1);
        List<LocalDate> dates = List.of(
                FIRST.minusDays(1),
                FIRST.plusDays(9),
                LocalDate.of(2026, 3, 31),
                FIRST.plusDays(45),
                LocalDate.of(2026, 4, 30),
                end);
        Map<LocalDate, TrialBalance> tbs = new HashMap<>();
        for (LocalDate d : dates) {
            tbs.put(d, TestSupport.as(AUDITOR, () -> ledger.trialBalance(d)));
        }
        // the model of the invoices agrees with the ledger, so it may stand for an independent computation
        for (LocalDate d : dates) {
            for (Client c : book.clients()) {
                assertThat(Money.usd(
                                sum(book.of(c.id().value()), b -> b.openAsOf(d)).toPlainString()))
                        .as("seed %d: the test's own book of %s as of %s", book.seed(), c.reference(), d)
                        .isEqualTo(balance(tbs.get(d), AccountCode.PURCHASED_RECEIVABLES, c.id().value()));
            }
        }

        for (LocalDate d : dates) {
            for (Client c : book.clients()) {
                checkDso(book, c, d, tbs.get(d));
                checkReserve(book, c, d, tbs.get(d));
            }
        }
        for (Client c : book.clients()) {
            // as of today the reserve is the ledger's balance now
            ReportTable now = run("reserve", Map.of("clientId", c.id().toString()));
            assertThat(
                            now.rows().isEmpty()
                                    ? Money.zero(Money.USD)
                                    : now.rows().get(0).get("held"))
                    .isEqualTo(ledger.balance(AccountCode.CLIENT_RESERVE, c.id().value(), Money.USD));
        }

        List<LocalDate[]> periods = List.of(
                new LocalDate[] {FIRST, end},
                new LocalDate[] {LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 31)},
                new LocalDate[] {LocalDate.of(2026, 4, 1), LocalDate.of(2026, 4, 30)},
                new LocalDate[] {FIRST.plusDays(10), FIRST.plusDays(55)});
        BigDecimal nonCash = BigDecimal.ZERO;
        for (LocalDate[] period : periods) {
            for (Client c : book.clients()) {
                nonCash = nonCash.add(checkDilution(book, c, period[0], period[1]));
                checkCei(book, c, period[0], period[1]);
            }
        }
        assertThat(nonCash.signum())
                .as("seed %d: some dilution to reconcile", book.seed())
                .isPositive();
        for (Client c : book.clients()) {
            checkCeiChart(book, c, end, 3);
        }

        // every one renders as CSV (the table's columns) and as PDF
        for (String name : List.of("dso", "dilution", "cei", "reserve")) {
            Map<String, String> params =
                    Map.of("clientId", book.clients().get(0).id().toString());
            ReportTable t = run(name, params);
            String csv = TestSupport.as(AUDITOR, () -> reports.csv(name, params));
            assertThat(csv.lines().findFirst().orElseThrow())
                    .isEqualTo(String.join(
                            ",",
                            t.columns().stream().map(ReportTable.Column::key).toList()));
            assertThat(csv).contains("TOTAL");
            byte[] pdf = TestSupport.as(AUDITOR, () -> reports.pdf(name, params));
            assertThat(new String(pdf, 0, 5, java.nio.charset.StandardCharsets.US_ASCII))
                    .isEqualTo("%PDF-");
            assertThat(t.notes()).isNotEmpty();
        }
    }

    /**
     * Dilution, collection effectiveness and concentration read the book's day totals up to the days the job
     * filled, and the movements after them: the same figures before any fill, after one, after a second (the
     * pairs' balances brought forward), after a payment dated before the filled days (counted at once), and
     * after the fill that follows it (summed again).
     */
    @Test
    void theBooksDayTotalsGiveTheFiguresOfTheMovementsAndBackDatedOnesCountAtOnce() {
        Book book = generate();
        LocalDate end = FIRST.plusDays(DAYS - 1);
        checkBookDays(book, end, "before the job");
        dayTotals.fillThrough(FIRST.plusDays(30));
        checkBookDays(book, end, "filled through day 30");
        dayTotals.fillThrough(end.minusDays(3));
        checkBookDays(book, end, "filled through three days before the end");

        // the pairs' balances at each month's end filled: March's and April's, not May's (the shared test
        // database may hold earlier months of other tests' books)
        assertThat(jdbc.sql("select distinct as_of from book_pair_month order by as_of")
                        .query(LocalDate.class)
                        .list())
                .contains(LocalDate.of(2026, 3, 31), LocalDate.of(2026, 4, 30))
                .doesNotContain(LocalDate.of(2026, 5, 31));

        // an invoice bought on a day already filled, before April's end (the clock set back, as a purchase keyed
        // in late would be): April's end no longer counts, and is made again by the next fill
        LocalDate back = end.minusDays(26);
        moveTo(back);
        Client client = book.clients().get(1);
        Invoice late = fixtures.readyToFund(client, book.debtors().get(0), Money.usd("2500.00"));
        TestSupport.as(OFFICER, () -> {
            FundingRequest r = funding.request(
                    new NewFundingRequest(client.id().value(), List.of(late.id().value()), null, PayoutMethod.ACH));
            funding.approve(r.id());
        });
        book.bought().add(new Bought(late, back, new BigDecimal("15")));
        moveTo(end);
        assertThat(dayTotals.horizon()).isBefore(back);
        checkBookDays(book, end, "after a payment dated " + back);
        dayTotals.fillThrough(end.minusDays(1));
        checkBookDays(book, end, "filled again");
        assertThat(jdbc.sql("select distinct as_of from book_pair_month order by as_of")
                        .query(LocalDate.class)
                        .list())
                .contains(LocalDate.of(2026, 3, 31), LocalDate.of(2026, 4, 30))
                .doesNotContain(LocalDate.of(2026, 5, 31));
    }

    void checkBookDays(Book book, LocalDate end, String state) {
        for (Client c : book.clients()) {
            for (LocalDate[] period : List.of(
                    new LocalDate[] {FIRST, end},
                    new LocalDate[] {FIRST.plusDays(10), FIRST.plusDays(55)},
                    new LocalDate[] {end.minusDays(6), end})) {
                checkDilution(book, c, period[0], period[1]);
                checkCei(book, c, period[0], period[1]);
            }
            // dates near the start, near each month's end (on either side) and near the end, so that each way of
            // reading the pairs is taken in one state or another
            for (LocalDate asOf : List.of(
                    FIRST.plusDays(5),
                    FIRST.plusDays(25),
                    LocalDate.of(2026, 3, 31),
                    FIRST.plusDays(40),
                    LocalDate.of(2026, 4, 27),
                    LocalDate.of(2026, 5, 3),
                    end.minusDays(4),
                    end)) {
                List<BigDecimal> expected = book.of(c.id().value()).stream()
                        .filter(b -> b.openAsOf(asOf).signum() > 0)
                        .collect(java.util.stream.Collectors.groupingBy(
                                b -> b.debtor,
                                java.util.stream.Collectors.reducing(
                                        BigDecimal.ZERO, b -> b.openAsOf(asOf), BigDecimal::add)))
                        .values()
                        .stream()
                        .map(v -> v.setScale(2))
                        .sorted()
                        .toList();
                ReportTable t = run(
                        "concentration",
                        Map.of("asOf", asOf.toString(), "clientId", c.id().toString(), "currency", "USD"));
                assertThat(t.rows().stream()
                                .map(r -> ((Money) r.get("open_balance")).amount())
                                .sorted()
                                .toList())
                        .as("seed %d, %s: concentration of %s as of %s", book.seed(), state, c.reference(), asOf)
                        .isEqualTo(expected);
            }
        }
    }

    void checkDso(Book book, Client c, LocalDate asOf, TrialBalance tb) {
        List<Bought> mine = book.of(c.id().value());
        ReportTable t = run("dso", Map.of("asOf", asOf.toString(), "clientId", c.id().toString()));
        Money open = balance(tb, AccountCode.PURCHASED_RECEIVABLES, c.id().value());
        BigDecimal recent =
                sum(mine, b -> b.fundedOn.isAfter(asOf.minusDays(90)) && !b.fundedOn.isAfter(asOf) ? b.face : null);
        if (open.isZero() && recent.signum() == 0) {
            assertThat(t.rows())
                    .as("seed %d: no DSO for %s as of %s", book.seed(), c.reference(), asOf)
                    .isEmpty();
            return;
        }
        Map<String, Object> row = single(t);
        String what = "seed %d: DSO of %s as of %s".formatted(book.seed(), c.reference(), asOf);
        assertThat(row.get("open_balance")).as(what).isEqualTo(open);
        assertThat(row.get("invoices"))
                .as(what)
                .isEqualTo(
                        mine.stream().filter(b -> b.openAsOf(asOf).signum() > 0).count());
        assertThat(row.get("bought_90")).as(what).isEqualTo(Money.usd(recent.toPlainString()));
        assertThat(row.get("dso_simple"))
                .as(what)
                .isEqualTo(
                        recent.signum() == 0
                                ? null
                                : open.amount()
                                        .multiply(BigDecimal.valueOf(90))
                                        .divide(recent, 1, RoundingMode.HALF_UP));
        assertThat(row.get("dso_countback")).as(what).isEqualTo(countback(mine, open.amount(), asOf));
        assertThat(t.totals().get("dso_countback")).as(what).isEqualTo(row.get("dso_countback"));
    }

    /** Counts back through calendar months, the latest up to {@code asOf}, in days; one decimal. */
    static BigDecimal countback(List<Bought> mine, BigDecimal open, LocalDate asOf) {
        LocalDate earliest =
                mine.stream().map(b -> b.fundedOn).min(LocalDate::compareTo).orElse(asOf);
        BigDecimal remaining = open;
        BigDecimal days = BigDecimal.ZERO;
        LocalDate last = asOf;
        while (remaining.signum() > 0 && !last.isBefore(earliest.withDayOfMonth(1))) {
            LocalDate first = last.withDayOfMonth(1);
            LocalDate upTo = last;
            BigDecimal length = BigDecimal.valueOf(ChronoUnit.DAYS.between(first, last) + 1);
            BigDecimal bought =
                    sum(mine, b -> !b.fundedOn.isBefore(first) && !b.fundedOn.isAfter(upTo) ? b.face : null);
            if (remaining.compareTo(bought) >= 0) {
                days = days.add(length);
                remaining = remaining.subtract(bought);
            } else {
                days = days.add(remaining.multiply(length).divide(bought, 20, RoundingMode.HALF_UP));
                remaining = BigDecimal.ZERO;
            }
            last = first.minusDays(1);
        }
        return days.setScale(1, RoundingMode.HALF_UP);
    }

    void checkReserve(Book book, Client c, LocalDate asOf, TrialBalance tb) {
        List<Bought> mine = book.of(c.id().value());
        ReportTable t = run("reserve", Map.of("asOf", asOf.toString(), "clientId", c.id().toString()));
        Money held = balance(tb, AccountCode.CLIENT_RESERVE, c.id().value());
        Money owed = balance(tb, AccountCode.CLIENT_RECEIVABLE, c.id().value());
        long invoices = mine.stream().filter(b -> b.openAsOf(asOf).signum() > 0).count();
        if (invoices == 0 && held.isZero() && owed.isZero()) {
            assertThat(t.rows()).isEmpty();
            return;
        }
        String what = "seed %d: reserve of %s as of %s".formatted(book.seed(), c.reference(), asOf);
        Map<String, Object> row = single(t);
        BigDecimal required = sum(mine, b -> b.openAsOf(asOf).multiply(b.reservePercent))
                .divide(BigDecimal.valueOf(100), 2, RoundingMode.HALF_UP);
        assertThat(row.get("held")).as(what).isEqualTo(held);
        assertThat(row.get("owed")).as(what).isEqualTo(owed);
        assertThat(row.get("invoices")).as(what).isEqualTo(invoices);
        assertThat(row.get("required")).as(what).isEqualTo(Money.usd(required.toPlainString()));
        Money excess = held.minus(Money.usd(required.toPlainString()));
        assertThat(row.get("excess")).as(what).isEqualTo(excess);
        Money zero = Money.zero(Money.USD);
        assertThat(row.get("releasable"))
                .as(what)
                .isEqualTo(excess.minus(owed.max(zero)).max(zero));
        assertThat(row.get("shortfall")).as(what).isEqualTo(excess.negate().max(zero));
    }

    /** Checks the dilution of one client in the period against the ledger's postings; returns its non-cash part. */
    BigDecimal checkDilution(Book book, Client c, LocalDate from, LocalDate to) {
        UUID client = c.id().value();
        Map<String, String> params =
                Map.of("from", from.toString(), "to", to.toString(), "clientId", client.toString());
        ReportTable t = run("dilution", params);
        Map<ReasonCode, Money> credits = new HashMap<>();
        Money purchases = Money.zero(Money.USD);
        for (JournalEntry e : entriesOf(client)) {
            if (e.businessDate().isBefore(from) || e.businessDate().isAfter(to)) {
                continue;
            }
            for (JournalLine l : e.lines()) {
                if (l.account() != AccountCode.PURCHASED_RECEIVABLES) {
                    continue;
                }
                if (l.side() == Side.CREDIT) {
                    credits.merge(e.reason(), l.amount(), Money::plus);
                } else if (e.reason() == ReasonCode.PURCHASE) {
                    purchases = purchases.plus(l.amount());
                }
            }
        }
        Money zero = Money.zero(Money.USD);
        Money shortPays = credits.getOrDefault(ReasonCode.SHORT_PAY, zero);
        Money chargedBack = credits.getOrDefault(ReasonCode.CHARGEBACK, zero);
        Money cash = credits.getOrDefault(ReasonCode.PAYMENT_APPLIED, zero);
        String what = "seed %d: dilution of %s %s to %s".formatted(book.seed(), c.reference(), from, to);
        if (purchases.isZero() && shortPays.isZero() && chargedBack.isZero() && cash.isZero()) {
            assertThat(t.rows()).as(what).isEmpty();
            return BigDecimal.ZERO;
        }
        Map<String, Object> row = single(t);
        assertThat(row.get("bought")).as(what).isEqualTo(purchases);
        assertThat(row.get("cash")).as(what).isEqualTo(cash);
        assertThat(row.get("short_pays")).as(what).isEqualTo(shortPays);
        assertThat(row.get("charged_back")).as(what).isEqualTo(chargedBack);
        Money nonCash = shortPays.plus(chargedBack);
        assertThat(row.get("non_cash")).as(what).isEqualTo(nonCash);
        Money reductions = cash.plus(nonCash);
        assertThat(row.get("dilution"))
                .as(what)
                .isEqualTo(
                        reductions.isZero()
                                ? null
                                : nonCash.amount()
                                        .multiply(BigDecimal.valueOf(100))
                                        .divide(reductions.amount(), 2, RoundingMode.HALF_UP));

        // by debtor: each debtor's short pays and charge-backs from the invoices, and the same totals
        ReportTable byDebtor = run("dilution", withParam(params, "groupBy", "DEBTOR"));
        assertThat(byDebtor.totals().get("non_cash")).as(what).isEqualTo(nonCash);
        assertThat(byDebtor.totals().get("cash")).as(what).isEqualTo(cash);
        for (Debtor d : book.debtors()) {
            List<Bought> onDebtor = book.of(client).stream()
                    .filter(b -> b.debtor.equals(d.id().value()))
                    .toList();
            BigDecimal shortPaid = sum(
                    onDebtor,
                    b -> b.shortPaidOn != null && !b.shortPaidOn.isBefore(from) && !b.shortPaidOn.isAfter(to)
                            ? b.shortPay
                            : null);
            BigDecimal charged = sum(
                    onDebtor,
                    b -> b.chargedOn != null && !b.chargedOn.isBefore(from) && !b.chargedOn.isAfter(to)
                            ? b.chargedBack()
                            : null);
            Map<String, Object> r = byDebtor.rows().stream()
                    .filter(x -> x.get("debtor").equals(d.reference() + " " + d.name()))
                    .findFirst()
                    .orElse(null);
            if (r == null) {
                assertThat(shortPaid.signum() + charged.signum()).as(what).isZero();
            } else {
                assertThat(r.get("short_pays")).as(what).isEqualTo(Money.usd(shortPaid.toPlainString()));
                assertThat(r.get("charged_back")).as(what).isEqualTo(Money.usd(charged.toPlainString()));
            }
        }
        return nonCash.amount();
    }

    void checkCei(Book book, Client c, LocalDate from, LocalDate to) {
        List<Bought> mine = book.of(c.id().value());
        ReportTable t = run("cei", Map.of("from", from.toString(), "to", to.toString(), "clientId", c.id().toString()));
        LocalDate before = from.minusDays(1);
        BigDecimal beginning = sum(mine, b -> b.openAsOf(before));
        BigDecimal bought = sum(mine, b -> !b.fundedOn.isBefore(from) && !b.fundedOn.isAfter(to) ? b.face : null);
        BigDecimal ending = sum(mine, b -> b.openAsOf(to));
        BigDecimal current = sum(mine, b -> !b.invoice.dueDate().isBefore(to) ? b.openAsOf(to) : null);
        String what = "seed %d: CEI of %s %s to %s".formatted(book.seed(), c.reference(), from, to);
        if (beginning.signum() == 0 && bought.signum() == 0 && ending.signum() == 0) {
            assertThat(t.rows()).as(what).isEmpty();
            return;
        }
        Map<String, Object> row = single(t);
        assertThat(row.get("beginning"))
                .as(what)
                .isEqualTo(Money.usd(beginning.toPlainString()))
                .isEqualTo(balance(
                        TestSupport.as(AUDITOR, () -> ledger.trialBalance(before)),
                        AccountCode.PURCHASED_RECEIVABLES,
                        c.id().value()));
        assertThat(row.get("bought")).as(what).isEqualTo(Money.usd(bought.toPlainString()));
        assertThat(row.get("ending"))
                .as(what)
                .isEqualTo(Money.usd(ending.toPlainString()))
                .isEqualTo(balance(
                        TestSupport.as(AUDITOR, () -> ledger.trialBalance(to)),
                        AccountCode.PURCHASED_RECEIVABLES,
                        c.id().value()));
        assertThat(row.get("ending_current")).as(what).isEqualTo(Money.usd(current.toPlainString()));
        assertThat(row.get("cei")).as(what).isEqualTo(cei(beginning, bought, ending, current));
        // the aging's "Current" bucket on the same date is the same figure
        ReportTable aging = run("aging", Map.of("asOf", to.toString(), "clientId", c.id().toString()));
        if (!aging.rows().isEmpty()) {
            assertThat(aging.rows().get(0).get("bucket_0")).as(what).isEqualTo(row.get("ending_current"));
        }
    }

    void checkCeiChart(Book book, Client c, LocalDate to, int months) {
        List<Bought> mine = book.of(c.id().value());
        ReportTable t = run(
                "cei", Map.of("to", to.toString(), "months", String.valueOf(months), "clientId", c.id().toString()));
        List<ReportTable.Chart.Bar> bars = t.chart().bars();
        assertThat(bars).hasSize(months);
        LocalDate monthStart = to.withDayOfMonth(1).minusMonths(months - 1L);
        for (int k = 0; k < months; k++) {
            LocalDate first = monthStart.plusMonths(k);
            LocalDate last = k == months - 1 ? to : first.plusMonths(1).minusDays(1);
            LocalDate before = first.minusDays(1);
            BigDecimal beginning = sum(mine, b -> b.openAsOf(before));
            BigDecimal bought =
                    sum(mine, b -> !b.fundedOn.isBefore(first) && !b.fundedOn.isAfter(last) ? b.face : null);
            BigDecimal ending = sum(mine, b -> b.openAsOf(last));
            BigDecimal current = sum(mine, b -> !b.invoice.dueDate().isBefore(last) ? b.openAsOf(last) : null);
            BigDecimal cei = cei(beginning, bought, ending, current);
            assertThat(bars.get(k).label())
                    .startsWith(java.time.YearMonth.from(first).toString());
            assertThat(bars.get(k).valueText())
                    .as("seed %d: CEI of %s in %s", book.seed(), c.reference(), first)
                    .isEqualTo(cei == null ? "—" : cei.toPlainString() + " %");
        }
    }

    static BigDecimal cei(BigDecimal beginning, BigDecimal bought, BigDecimal ending, BigDecimal current) {
        BigDecimal base = beginning.add(bought).subtract(current);
        if (base.signum() <= 0) {
            return null;
        }
        return beginning
                .add(bought)
                .subtract(ending)
                .multiply(BigDecimal.valueOf(100))
                .divide(base, 2, RoundingMode.HALF_UP);
    }

    @Test
    void badFiltersAreRefusedNamingTheField() {
        Map<String, Map<String, String>> bad = new LinkedHashMap<>();
        bad.put("asOf", Map.of("report", "dso", "asOf", "31/03/2026"));
        bad.put("clientId", Map.of("report", "dso", "clientId", "C-000001"));
        bad.put("currency", Map.of("report", "reserve", "currency", "dollars"));
        bad.put("groupBy", Map.of("report", "dilution", "groupBy", "invoice"));
        bad.put("from", Map.of("report", "dilution", "from", "2026-04-01", "to", "2026-03-01"));
        bad.put("to", Map.of("report", "cei", "to", "2026-02-30"));
        bad.put("months", Map.of("report", "cei", "months", "25"));
        bad.put("debtorId", Map.of("report", "dilution", "debtorId", "nobody"));
        bad.forEach((field, given) -> {
            Map<String, String> params = new HashMap<>(given);
            String name = params.remove("report");
            assertThatThrownBy(() -> run(name, params))
                    .as(name + " with a bad " + field)
                    .isInstanceOf(FactorlineException.class)
                    .satisfies(e -> assertThat(
                                    ((FactorlineException) e).problems().get(0).field())
                            .isEqualTo(field));
        });
        assertThatThrownBy(() -> run("cei", Map.of("months", "twelve")))
                .isInstanceOf(FactorlineException.class)
                .hasMessageContaining("months");
        Client client = fixtures.activeClient();
        for (String name : List.of("dso", "dilution", "cei", "reserve")) {
            assertThatThrownBy(() -> TestSupport.as(
                            TestSupport.clientUser(client.id().value()), () -> reports.run(name, Map.of())))
                    .isInstanceOf(org.springframework.security.access.AccessDeniedException.class);
        }
    }

    ReportTable run(String name, Map<String, String> params) {
        return TestSupport.as(AUDITOR, () -> reports.run(name, params));
    }

    static Map<String, Object> single(ReportTable t) {
        assertThat(t.rows()).hasSize(1);
        return t.rows().get(0);
    }

    static Map<String, String> withParam(Map<String, String> params, String key, String value) {
        Map<String, String> out = new HashMap<>(params);
        out.put(key, value);
        return out;
    }

    /** The sum of {@code f} over the invoices, a null counting as nothing. */
    static BigDecimal sum(List<Bought> bought, java.util.function.Function<Bought, BigDecimal> f) {
        BigDecimal s = BigDecimal.ZERO;
        for (Bought b : bought) {
            BigDecimal v = f.apply(b);
            if (v != null) {
                s = s.add(v);
            }
        }
        return s.setScale(2, RoundingMode.UNNECESSARY);
    }

    static Money balance(TrialBalance tb, AccountCode account, UUID client) {
        return tb.rows().stream()
                .filter(r -> r.account() == account && client.equals(r.clientId()))
                .filter(r -> r.debits().currency().equals(Money.USD))
                .map(TrialBalance.Row::balance)
                .reduce(Money.zero(Money.USD), Money::plus);
    }

    List<JournalEntry> entriesOf(UUID client) {
        List<JournalEntry> all = new ArrayList<>();
        String cursor = null;
        do {
            String c = cursor;
            CursorPage<JournalEntry> page =
                    TestSupport.as(AUDITOR, () -> ledger.entries(client, null, null, CursorPage.Request.of(c, 100)));
            all.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null);
        return all;
    }
}
