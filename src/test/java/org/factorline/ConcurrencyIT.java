package org.factorline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.factorline.clients.Client;
import org.factorline.debtors.Debtor;
import org.factorline.funding.Funding;
import org.factorline.funding.FundingRequest;
import org.factorline.funding.FundingStatus;
import org.factorline.funding.NewFundingRequest;
import org.factorline.identity.Actor;
import org.factorline.identity.Role;
import org.factorline.invoices.Invoice;
import org.factorline.invoices.InvoiceStatus;
import org.factorline.invoices.Invoices;
import org.factorline.ledger.AccountCode;
import org.factorline.ledger.Ledger;
import org.factorline.ledger.LedgerInvariants;
import org.factorline.payouts.Payout;
import org.factorline.payouts.PayoutFile;
import org.factorline.payouts.PayoutId;
import org.factorline.payouts.PayoutStatus;
import org.factorline.payouts.Payouts;
import org.factorline.pricing.PayoutMethod;
import org.factorline.receipts.BankFileImports;
import org.factorline.receipts.IncomingPayment;
import org.factorline.receipts.Payment;
import org.factorline.receipts.Receipts;
import org.factorline.shared.ErrorCode;
import org.factorline.shared.FactorlineException;
import org.factorline.shared.Money;
import org.factorline.support.FactorlineTest;
import org.factorline.support.TestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * Many people doing the same thing to the same money at the same instant, on a real PostgreSQL: N threads
 * (8 unless {@code -Dconcurrency.threads}) released together by a barrier, each case repeated R rounds
 * ({@code -Dconcurrency.rounds}). Every case counts winners and losers, requires every loser to get the
 * product's own clear refusal (a {@link FactorlineException} code, or the optimistic-lock conflict the API
 * answers as 409) and never another exception, and then checks that nothing was lost, nothing happened
 * twice and the ledger still balances.
 */
@FactorlineTest
class ConcurrencyIT {

    static final int THREADS = Integer.getInteger("concurrency.threads", 8);
    static final int ROUNDS = Integer.getInteger("concurrency.rounds", 25);

    @Autowired
    TestSupport.Fixtures fixtures;

    @Autowired
    Funding funding;

    @Autowired
    Receipts receipts;

    @Autowired
    BankFileImports imports;

    @Autowired
    Payouts payouts;

    @Autowired
    Invoices invoices;

    @Autowired
    Ledger ledger;

    @Autowired
    org.factorline.settlement.Recourse recourse;

    @Autowired
    LedgerInvariants invariants;

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    java.time.Clock clock;

    @BeforeEach
    void onPostgres() throws SQLException {
        try (var c = dataSource.getConnection()) {
            assertThat(c.getMetaData().getDatabaseProductName())
                    .as("*IT tests run against PostgreSQL (set DB_URL)")
                    .isEqualTo("PostgreSQL");
        }
    }

    // ---------------------------------------------------------------- 1. payments on the same invoices

    @Test
    void paymentsAppliedToTheSameInvoicesAtOnceNeverTakeMoreThanIsOpen() throws Exception {
        int invoicesPerRound = 2;
        Money face = Money.usd("1000.00");
        Money each = Money.usd("300.00");
        Tally tally = new Tally();
        for (int round = 0; round < ROUNDS; round++) {
            Client client = fixtures.activeClient();
            Debtor debtor = fixtures.debtor();
            List<Invoice> book = new ArrayList<>();
            for (int i = 0; i < invoicesPerRound; i++) {
                book.add(fixtures.readyToFund(client, debtor, face));
            }
            fund(client, book);
            List<Outcome<Payment>> outcomes = race((racer, barrier) -> {
                Actor poster = officer("poster" + racer);
                Payment p = TestSupport.as(
                        poster,
                        () -> receipts.record(
                                new IncomingPayment(
                                        LocalDate.now(clock),
                                        each,
                                        null,
                                        null,
                                        null,
                                        null,
                                        null,
                                        null,
                                        "concurrency " + racer),
                                null));
                Recorded.ID.set(p.id());
                barrier.await(60, TimeUnit.SECONDS);
                Invoice target = book.get(racer % book.size());
                return TestSupport.as(poster, () -> receipts.apply(p.id(), target.id(), each));
            });
            tally.count(outcomes, ErrorCode.VALIDATION_FAILED, ErrorCode.CONCURRENT_MODIFICATION);

            Set<UUID> winners = outcomes.stream()
                    .filter(Outcome::won)
                    .map(o -> o.value().id())
                    .collect(Collectors.toSet());
            Money applied = Money.zero(Money.USD);
            for (Invoice i : book) {
                BigDecimal allocated = jdbc.sql(
                                "select coalesce(sum(amount), 0) from payment_allocation where invoice_id = ?")
                        .param(i.id().value())
                        .query(BigDecimal.class)
                        .single();
                Money onInvoice = Money.of(allocated, Money.USD);
                assertThat(onInvoice.isGreaterThan(face))
                        .as("invoice %s: %s applied to a face of %s", i.number(), onInvoice, face)
                        .isFalse();
                tally.duplicates += onInvoice.isGreaterThan(face) ? 1 : 0;
                InvoiceStatus expected = onInvoice.isZero()
                        ? InvoiceStatus.FUNDED
                        : onInvoice.equals(face) ? InvoiceStatus.PAID : InvoiceStatus.PARTIALLY_PAID;
                InvoiceStatus now = TestSupport.as(TestSupport.admin(), () -> invoices.get(i.id()))
                        .status();
                assertThat(now == expected || (expected == InvoiceStatus.PAID && now == InvoiceStatus.CLOSED))
                        .as("invoice %s is %s with %s applied", i.number(), now, onInvoice)
                        .isTrue();
                applied = applied.plus(onInvoice);
            }
            // every payment's applied amount is exactly its allocations; a refused one has none
            List<Object[]> perPayment = jdbc.sql("""
                            select p.id, p.applied_amount, coalesce(sum(a.amount), 0), count(a.id)
                            from payment p left join payment_allocation a on a.payment_id = p.id
                            where p.source_ref like 'concurrency %' and p.id in (:ids)
                            group by p.id, p.applied_amount""")
                    .param(
                            "ids",
                            outcomes.stream()
                                    .map(Outcome::recorded)
                                    .filter(x -> x != null)
                                    .toList())
                    .query((rs, n) -> new Object[] {
                        rs.getObject(1, UUID.class), rs.getBigDecimal(2), rs.getBigDecimal(3), rs.getLong(4)
                    })
                    .list();
            for (Object[] row : perPayment) {
                UUID id = (UUID) row[0];
                assertThat((BigDecimal) row[1])
                        .as("payment %s applied vs allocations", id)
                        .isEqualByComparingTo((BigDecimal) row[2]);
                long allocations = (Long) row[3];
                if (winners.contains(id)) {
                    assertThat(allocations)
                            .as("allocations of winning payment %s", id)
                            .isEqualTo(1);
                    tally.lost += allocations == 0 ? 1 : 0;
                } else {
                    assertThat(allocations)
                            .as("allocations of refused payment %s", id)
                            .isZero();
                }
                tally.duplicates += allocations > 1 ? allocations - 1 : 0;
            }
            assertThat(applied).as("applied total = winners × amount").isEqualTo(times(each, winners.size()));
            // serially 3 of the 4 payments on each invoice fit: at least one winner per invoice
            assertThat(winners).hasSizeGreaterThanOrEqualTo(Math.min(THREADS, invoicesPerRound));
            assertThat(ledger.balance(
                            AccountCode.PURCHASED_RECEIVABLES, client.id().value(), Money.USD))
                    .as("purchased receivables = face total − applied")
                    .isEqualTo(times(face, invoicesPerRound).minus(applied));
        }
        ledgerBalanced();
        tally.print("payments");
        assertThat(tally.lost).isZero();
        assertThat(tally.duplicates).isZero();
    }

    // ---------------------------------------------------------------- 2. approving the same funding

    @Test
    void approvingTheSameFundingRequestAtOnceFundsItOnce() throws Exception {
        Tally single = new Tally();
        Tally fourEyes = new Tally();
        for (int round = 0; round < ROUNDS; round++) {
            Client client = fixtures.activeClient();
            Debtor debtor = fixtures.debtor();
            // one approval suffices
            List<Invoice> small = List.of(
                    fixtures.readyToFund(client, debtor, Money.usd("4000.00")),
                    fixtures.readyToFund(client, debtor, Money.usd("1500.00")));
            FundingRequest r = request(client, small);
            List<Outcome<FundingRequest>> outcomes =
                    race((racer, barrier) -> approveAt(barrier, officer("approver" + racer), r.id()));
            single.count(outcomes, ErrorCode.FUNDING_NOT_OPEN, ErrorCode.CONCURRENT_MODIFICATION);
            assertFundedOnce(single, r, small, outcomes);

            // above the four-eyes amount: one first approval, then everyone (its giver too) at once
            List<Invoice> large = List.of(fixtures.readyToFund(client, debtor, Money.usd("70000.00")));
            FundingRequest big = request(client, large);
            Actor first = officer("first");
            FundingRequest awaiting = TestSupport.as(first, () -> funding.approve(big.id()));
            assertThat(awaiting.status()).isEqualTo(FundingStatus.AWAITING_SECOND_APPROVAL);
            List<Outcome<FundingRequest>> second = race(
                    (racer, barrier) -> approveAt(barrier, racer == 0 ? first : officer("second" + racer), big.id()));
            fourEyes.count(
                    second,
                    ErrorCode.FUNDING_NOT_OPEN,
                    ErrorCode.CONCURRENT_MODIFICATION,
                    ErrorCode.FOUR_EYES_REQUIRED);
            assertThat(second.get(0).won())
                    .as("the first approver never gives the second approval")
                    .isFalse();
            assertFundedOnce(fourEyes, big, large, second);
        }
        ledgerBalanced();
        single.print("funding approvals");
        fourEyes.print("funding second approvals");
        assertThat(single.lost + fourEyes.lost).isZero();
        assertThat(single.duplicates + fourEyes.duplicates).isZero();
    }

    private FundingRequest approveAt(CyclicBarrier barrier, Actor officer, UUID id) throws Exception {
        barrier.await(60, TimeUnit.SECONDS);
        return TestSupport.as(officer, () -> funding.approve(id));
    }

    private void assertFundedOnce(
            Tally tally, FundingRequest r, List<Invoice> bought, List<Outcome<FundingRequest>> outcomes) {
        long funded = outcomes.stream()
                .filter(o -> o.won() && o.value().status() == FundingStatus.FUNDED)
                .count();
        assertThat(funded).as("approvals that funded " + r.reference()).isEqualTo(1);
        long purchases =
                count("select count(*) from journal_entry where reference_id = ? and reason_code = 'PURCHASE'", r.id());
        long payoutRows = count("select count(*) from payout where source_id = ?", r.id());
        long boughtRows = count(
                "select count(*) from funded_invoice where invoice_id in (select invoice_id from funding_line where request_id = ?)",
                r.id());
        tally.duplicates +=
                Math.max(0, purchases - 1) + Math.max(0, payoutRows - 1) + Math.max(0, boughtRows - bought.size());
        tally.lost += (purchases == 0 ? 1 : 0) + (payoutRows == 0 ? 1 : 0) + Math.max(0, bought.size() - boughtRows);
        assertThat(purchases).as("purchase postings of " + r.reference()).isEqualTo(1);
        assertThat(payoutRows).as("payouts of " + r.reference()).isEqualTo(1);
        assertThat(boughtRows).as("bought invoices of " + r.reference()).isEqualTo(bought.size());
        Money face = bought.stream().map(Invoice::faceAmount).reduce(Money.zero(Money.USD), Money::plus);
        assertThat(ledger.balance(
                        AccountCode.PURCHASED_RECEIVABLES, r.clientId().value(), Money.USD))
                .isGreaterThanOrEqualTo(face);
        for (Invoice i : bought) {
            assertThat(TestSupport.as(TestSupport.admin(), () -> invoices.get(i.id()))
                            .status())
                    .isEqualTo(InvoiceStatus.FUNDED);
        }
    }

    // ---------------------------------------------------------------- 3. importing the same bank file

    @Test
    void importingTheSameBankFileAtOnceImportsItOnce() throws Exception {
        Tally tally = new Tally();
        String d = LocalDate.now(clock).format(DateTimeFormatter.ofPattern("yyMMdd"));
        for (int round = 0; round < ROUNDS; round++) {
            String unique = TestSupport.unique("CONC").replaceAll("[^A-Z0-9]", "");
            byte[] file = String.join(
                            "\n",
                            "01,021000021,FACTORLINE," + d + ",0630," + unique.length() + ",,,2/",
                            "02,FACTORLINE,021000021,1," + d + ",2400,USD,2/",
                            "03,000123456789,USD,/",
                            "16,165,12345,0,REF-" + unique + "-1,,UNKNOWN PAYER/",
                            "16,165,2500,0,REF-" + unique + "-2,,UNKNOWN PAYER/",
                            "49,14845,4/",
                            "98,14845,1,6/",
                            "99,14845,1,8/")
                    .concat("\n")
                    .getBytes(StandardCharsets.US_ASCII);
            List<Outcome<org.factorline.receipts.BankFileImport>> outcomes = race((racer, barrier) -> {
                Actor officer = officer("importer" + racer);
                barrier.await(60, TimeUnit.SECONDS);
                return TestSupport.as(officer, () -> imports.importFile("concurrency.bai", file, null));
            });
            tally.count(outcomes, ErrorCode.BANK_FILE_DUPLICATE);
            assertThat(outcomes).filteredOn(Outcome::won).hasSize(1);
            UUID imported = outcomes.stream()
                    .filter(Outcome::won)
                    .findFirst()
                    .orElseThrow()
                    .value()
                    .id();
            long files = count(
                    "select count(*) from bank_file where sha256 = (select sha256 from bank_file where id = ?)",
                    imported);
            long payments = count("select count(*) from payment where bank_reference like ?", "REF-" + unique + "-%");
            long inFile = count("select count(*) from payment where bank_file_id = ?", imported);
            tally.duplicates += Math.max(0, files - 1) + Math.max(0, payments - 2);
            tally.lost += Math.max(0, 2 - inFile);
            assertThat(files).as("bank files with these bytes").isEqualTo(1);
            assertThat(payments).as("payments of the file, counted once").isEqualTo(2);
            assertThat(inFile).isEqualTo(2);
        }
        ledgerBalanced();
        tally.print("bank file imports");
        assertThat(tally.lost).isZero();
        assertThat(tally.duplicates).isZero();
    }

    // ---------------------------------------------------------------- 4. releasing the same payouts

    @Test
    void releasingTheSamePayoutsAtOncePutsEachInOneFileAndSendingAFileTwiceAtOncePostsOnce() throws Exception {
        int perRound = 4;
        Tally releases = new Tally();
        Tally sends = new Tally();
        for (int round = 0; round < ROUNDS; round++) {
            Client client = fixtures.activeClient();
            Debtor debtor = fixtures.debtor();
            List<PayoutId> ids = new ArrayList<>();
            for (int i = 0; i < perRound; i++) {
                FundingRequest r = fund(client, List.of(fixtures.readyToFund(client, debtor, Money.usd("2000.00"))));
                ids.add(new PayoutId(r.payoutId()));
            }
            // half the officers release all of them, the others one or two each
            List<Outcome<PayoutFile>> outcomes = race((racer, barrier) -> {
                Actor officer = officer("releaser" + racer);
                List<PayoutId> mine =
                        racer % 2 == 0 ? ids : List.of(ids.get(racer % perRound), ids.get((racer + 1) % perRound));
                barrier.await(60, TimeUnit.SECONDS);
                return TestSupport.as(officer, () -> payouts.release(PayoutMethod.ACH, mine));
            });
            releases.count(
                    outcomes,
                    ErrorCode.PAYOUT_NOT_PENDING,
                    ErrorCode.PAYOUT_NOTHING_TO_RELEASE,
                    ErrorCode.CONCURRENT_MODIFICATION);
            Set<UUID> madeFiles = outcomes.stream()
                    .filter(Outcome::won)
                    .map(o -> o.value().id().value())
                    .collect(Collectors.toSet());
            Set<UUID> holding = new HashSet<>();
            for (PayoutId id : ids) {
                Payout p = TestSupport.as(TestSupport.admin(), () -> payouts.get(id));
                assertThat(p.status()).as(p.reference()).isEqualTo(PayoutStatus.RELEASED);
                assertThat(p.fileId()).as(p.reference()).isNotNull();
                holding.add(p.fileId().value());
            }
            assertThat(madeFiles)
                    .as("every file holding the payouts was made by a release that won")
                    .containsAll(holding);
            long mismatched = jdbc.sql("""
                            select count(*) from payout_file f
                            where f.id in (:files)
                              and f.entry_count <> (select count(*) from payout p where p.file_id = f.id)""")
                    .param("files", List.copyOf(madeFiles))
                    .query(Long.class)
                    .single();
            long empty = jdbc.sql(
                            "select count(*) from payout_file f where f.id in (:files) and not exists (select 1 from payout p where p.file_id = f.id)")
                    .param("files", List.copyOf(madeFiles))
                    .query(Long.class)
                    .single();
            releases.duplicates += mismatched;
            releases.lost += empty;
            assertThat(mismatched)
                    .as("files whose payouts do not match their count")
                    .isZero();
            assertThat(empty).as("empty files").isZero();

            // everyone marks the same file sent at once: the money leaves the books once
            PayoutFile file = outcomes.stream()
                    .filter(Outcome::won)
                    .findFirst()
                    .orElseThrow()
                    .value();
            List<UUID> inFile = jdbc.sql("select id from payout where file_id = ?")
                    .param(file.id().value())
                    .query(UUID.class)
                    .list();
            long before = jdbc.sql(
                            "select count(*) from journal_entry where reference_type = 'payout' and reference_id in (:ids)")
                    .param("ids", inFile)
                    .query(Long.class)
                    .single();
            List<Outcome<PayoutFile>> sent = race((racer, barrier) -> {
                Actor officer = officer("sender" + racer);
                barrier.await(60, TimeUnit.SECONDS);
                return TestSupport.as(officer, () -> payouts.markSent(file.id()));
            });
            sends.count(sent, ErrorCode.PAYOUT_FILE_ILLEGAL_TRANSITION, ErrorCode.CONCURRENT_MODIFICATION);
            assertThat(sent).filteredOn(Outcome::won).hasSize(1);
            long after = jdbc.sql(
                            "select count(*) from journal_entry where reference_type = 'payout' and reference_id in (:ids)")
                    .param("ids", inFile)
                    .query(Long.class)
                    .single();
            sends.duplicates += Math.max(0, after - before - inFile.size());
            sends.lost += Math.max(0, inFile.size() - (after - before));
            assertThat(after - before).as("postings for the payouts sent").isEqualTo(inFile.size());
        }
        ledgerBalanced();
        releases.print("payout releases");
        sends.print("payout files sent");
        assertThat(releases.lost + sends.lost).isZero();
        assertThat(releases.duplicates + sends.duplicates).isZero();
    }

    // ---------------------------------------------------------------- 5. one idempotency key, many requests

    @Test
    void submittingWithTheSameIdempotencyKeyAtOnceMakesOneInvoice() throws Exception {
        String token = fixtures.token(null, Role.ACCOUNT_MANAGER);
        Tally sameKey = new Tally();
        Tally distinctKeys = new Tally();
        for (int round = 0; round < ROUNDS; round++) {
            Client client = fixtures.activeClient();
            Debtor debtor = fixtures.debtor();
            String number = TestSupport.unique("IDEM");
            String key = UUID.randomUUID().toString();
            String body = invoiceJson(client, debtor, number);
            List<Outcome<MvcResult>> outcomes = race((racer, barrier) -> {
                barrier.await(60, TimeUnit.SECONDS);
                return submit(token, key, body);
            });
            // a request that meets the first still in flight is told 409 idempotency.in_flight
            List<MvcResult> created = new ArrayList<>();
            for (Outcome<MvcResult> o : outcomes) {
                assertThat(o.unexpected()).as("unexpected failure").isNull();
                int status = o.value().getResponse().getStatus();
                String answer = o.value().getResponse().getContentAsString();
                if (status == 201) {
                    created.add(o.value());
                } else {
                    assertThat(status).as(answer).isEqualTo(409);
                    assertThat(answer).contains("idempotency.in_flight");
                    sameKey.codes.merge(ErrorCode.IDEMPOTENCY_IN_FLIGHT.code(), 1L, Long::sum);
                }
            }
            sameKey.winners += created.size();
            sameKey.refused += outcomes.size() - created.size();
            sameKey.attempts += outcomes.size();
            assertThat(created).as("requests answered 201").isNotEmpty();
            Set<String> bodies = new HashSet<>();
            for (MvcResult r : created) {
                bodies.add(r.getResponse().getContentAsString());
            }
            assertThat(bodies).as("every 201 answer is the first one, replayed").hasSize(1);
            long stored = count(
                    "select count(*) from invoice where client_id = ? and invoice_number = ?",
                    client.id().value(),
                    number);
            sameKey.duplicates += Math.max(0, stored - 1);
            sameKey.lost += stored == 0 ? 1 : 0;
            assertThat(stored).as("invoices stored under one key").isEqualTo(1);

            // distinct keys and distinct numbers: one invoice each
            String prefix = TestSupport.unique("IDEMN");
            List<Outcome<MvcResult>> distinct = race((racer, barrier) -> {
                String mine = invoiceJson(client, debtor, prefix + "-" + racer);
                barrier.await(60, TimeUnit.SECONDS);
                return submit(token, UUID.randomUUID().toString(), mine);
            });
            for (Outcome<MvcResult> o : distinct) {
                assertThat(o.unexpected()).as("unexpected failure").isNull();
                assertThat(o.value().getResponse().getStatus())
                        .as(o.value().getResponse().getContentAsString())
                        .isEqualTo(201);
            }
            distinctKeys.attempts += distinct.size();
            distinctKeys.winners += distinct.size();
            long many = count(
                    "select count(*) from invoice where client_id = ? and invoice_number like ?",
                    client.id().value(),
                    prefix + "-%");
            distinctKeys.lost += Math.max(0, THREADS - many);
            distinctKeys.duplicates += Math.max(0, many - THREADS);
            assertThat(many).isEqualTo(THREADS);
        }
        ledgerBalanced();
        sameKey.print("idempotent submissions (one key)");
        distinctKeys.print("idempotent submissions (distinct keys)");
        assertThat(sameKey.lost + distinctKeys.lost).isZero();
        assertThat(sameKey.duplicates + distinctKeys.duplicates).isZero();
    }

    private MvcResult submit(String token, String key, String body) throws Exception {
        return mvc.perform(post("/api/v1/invoices")
                        .header("Authorization", "Bearer " + token)
                        .header("Idempotency-Key", key)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body))
                .andReturn();
    }

    private String invoiceJson(Client c, Debtor d, String number) {
        return """
                {"clientId": "%s", "debtorId": "%s", "number": "%s", "issueDate": "%s",
                 "termsDays": 30, "faceAmount": {"amount": "1234.56", "currency": "USD"}}""".formatted(c.id(), d.id(), number, LocalDate.now(clock).minusDays(2));
    }

    // ---------------------------------------------------------------- 6. payments racing close-out and recourse

    @Test
    void paymentsRacingTheCloseOutOfTheSameInvoicesCloseEachOutOnce() throws Exception {
        Money face = Money.usd("1000.00");
        Money first = Money.usd("400.00");
        Money rest = Money.usd("600.00");
        Tally tally = new Tally();
        for (int round = 0; round < ROUNDS; round++) {
            Client client = fixtures.activeClient();
            Debtor debtor = fixtures.debtor();
            List<Invoice> book =
                    List.of(fixtures.readyToFund(client, debtor, face), fixtures.readyToFund(client, debtor, face));
            fund(client, book);
            for (Invoice i : book) {
                TestSupport.as(
                        officer("part"),
                        () -> receipts.apply(payment(first, "part").id(), i.id(), first));
            }
            // half the racers pay what is left (the payment that collects the invoice closes it out), half accept
            // what is left as a short pay (which closes it out too): one of them per invoice may win
            List<Outcome<Object>> outcomes = race((racer, barrier) -> {
                Actor poster = officer("closer" + racer);
                Invoice target = book.get(racer % book.size());
                if (racer % 4 < 2) {
                    Payment p = payment(rest, "closer" + racer);
                    Recorded.ID.set(p.id());
                    barrier.await(60, TimeUnit.SECONDS);
                    return TestSupport.as(poster, () -> receipts.apply(p.id(), target.id(), rest));
                }
                barrier.await(60, TimeUnit.SECONDS);
                return TestSupport.as(poster, () -> receipts.acceptShortPay(target.id(), "concurrency short pay"));
            });
            tally.count(outcomes, ErrorCode.VALIDATION_FAILED, ErrorCode.CONCURRENT_MODIFICATION);
            for (Invoice i : book) {
                long closeOuts = count("select count(*) from invoice_settlement where invoice_id = ?", i.id().value());
                long postings =
                        count("select count(*) from journal_entry where idempotency_key = ?", "close-out:" + i.id());
                tally.duplicates += Math.max(0, closeOuts - 1) + Math.max(0, postings - 1);
                tally.lost += (closeOuts == 0 ? 1 : 0) + (postings == 0 ? 1 : 0);
                assertThat(closeOuts).as("close-outs of " + i.number()).isEqualTo(1);
                assertThat(postings).as("close-out postings of " + i.number()).isEqualTo(1);
                Money applied = allocated(i);
                Money deducted = Money.of(
                        jdbc.sql("select coalesce(sum(amount), 0) from invoice_deduction where invoice_id = ?")
                                .param(i.id().value())
                                .query(BigDecimal.class)
                                .single(),
                        Money.USD);
                assertThat(applied.plus(deducted))
                        .as("invoice %s: applied %s + short pay %s", i.number(), applied, deducted)
                        .isEqualTo(face);
                // the close-out was figured on what the invoice really took, not on a reading another move changed
                Object[] closed = jdbc.sql("select collected, deductions from invoice_settlement where invoice_id = ?")
                        .param(i.id().value())
                        .query((rs, n) -> new Object[] {rs.getBigDecimal(1), rs.getBigDecimal(2)})
                        .single();
                assertThat((BigDecimal) closed[0]).isEqualByComparingTo(applied.amount());
                assertThat((BigDecimal) closed[1]).isEqualByComparingTo(deducted.amount());
                assertThat(TestSupport.as(TestSupport.admin(), () -> invoices.get(i.id()))
                                .status())
                        .isEqualTo(InvoiceStatus.CLOSED);
            }
            assertThat(outcomes.stream().filter(Outcome::won).count())
                    .as("one winner per invoice")
                    .isEqualTo(book.size());
            assertThat(ledger.balance(
                            AccountCode.PURCHASED_RECEIVABLES, client.id().value(), Money.USD))
                    .as("purchased receivables once every invoice is closed out")
                    .isEqualTo(Money.zero(Money.USD));
        }
        ledgerBalanced();
        tally.print("payments racing close-out");
        assertThat(tally.lost).isZero();
        assertThat(tally.duplicates).isZero();
    }

    @Test
    void paymentsRacingTheRecourseSweepOnTheSameInvoicesAreChargedBackNetOfWhatLandedFirst() throws Exception {
        Money face = Money.usd("1000.00");
        Money each = Money.usd("300.00");
        Tally payments = new Tally();
        Tally sweeps = new Tally();
        for (int round = 0; round < ROUNDS; round++) {
            Client client = fixtures.activeClient();
            Debtor debtor = fixtures.debtor();
            List<Invoice> book =
                    List.of(fixtures.readyToFund(client, debtor, face), fixtures.readyToFund(client, debtor, face));
            fund(client, book);
            // past the 90 days of recourse: the sweep charges back whatever is still open then
            LocalDate asOf = LocalDate.now(clock).plusDays(100);
            List<Outcome<Object>> outcomes = race((racer, barrier) -> {
                Actor officer = officer("recourse" + racer);
                if (racer % 2 == 0) {
                    Payment p = payment(each, "recourse" + racer);
                    Recorded.ID.set(p.id());
                    barrier.await(60, TimeUnit.SECONDS);
                    Invoice target = book.get((racer / 2) % book.size());
                    return TestSupport.as(officer, () -> receipts.apply(p.id(), target.id(), each));
                }
                barrier.await(60, TimeUnit.SECONDS);
                return TestSupport.as(officer, () -> recourse.sweep(asOf));
            });
            List<Outcome<Object>> paid = new ArrayList<>();
            List<Outcome<Object>> swept = new ArrayList<>();
            for (int r = 0; r < outcomes.size(); r++) {
                (r % 2 == 0 ? paid : swept).add(outcomes.get(r));
            }
            // a payment that finds its invoice charged back is refused; a sweep never fails
            payments.count(paid, ErrorCode.VALIDATION_FAILED, ErrorCode.CONCURRENT_MODIFICATION);
            sweeps.count(swept);
            Money appliedTotal = Money.zero(Money.USD);
            for (Invoice i : book) {
                long chargebacks =
                        count("select count(*) from invoice_chargeback where invoice_id = ?", i.id().value());
                long postings =
                        count("select count(*) from journal_entry where idempotency_key = ?", "chargeback:" + i.id());
                payments.duplicates += Math.max(0, chargebacks - 1) + Math.max(0, postings - 1);
                payments.lost += (chargebacks == 0 ? 1 : 0) + (postings == 0 ? 1 : 0);
                assertThat(chargebacks).as("charge-backs of " + i.number()).isEqualTo(1);
                assertThat(postings).as("charge-back postings of " + i.number()).isEqualTo(1);
                assertThat(TestSupport.as(TestSupport.admin(), () -> invoices.get(i.id()))
                                .status())
                        .isEqualTo(InvoiceStatus.CHARGED_BACK);
                appliedTotal = appliedTotal.plus(allocated(i));
            }
            long won = paid.stream().filter(Outcome::won).count();
            assertThat(appliedTotal).as("applied = winning payments × amount").isEqualTo(times(each, (int) won));
            // what each charge-back took out of purchased receivables is what was open on it under the lock:
            // with a stale reading a payment and the charge-back would both take the same money out
            assertThat(ledger.balance(
                            AccountCode.PURCHASED_RECEIVABLES, client.id().value(), Money.USD))
                    .as("purchased receivables once every invoice is charged back")
                    .isEqualTo(Money.zero(Money.USD));
        }
        ledgerBalanced();
        payments.print("payments racing the recourse sweep");
        sweeps.print("recourse sweeps racing payments");
        assertThat(payments.lost).isZero();
        assertThat(payments.duplicates).isZero();
    }

    private Payment payment(Money amount, String who) {
        return TestSupport.as(
                officer(who),
                () -> receipts.record(
                        new IncomingPayment(
                                LocalDate.now(clock), amount, null, null, null, null, null, null, "concurrency " + who),
                        null));
    }

    private Money allocated(Invoice i) {
        return Money.of(
                jdbc.sql("select coalesce(sum(amount), 0) from payment_allocation where invoice_id = ?")
                        .param(i.id().value())
                        .query(BigDecimal.class)
                        .single(),
                Money.USD);
    }

    // ---------------------------------------------------------------- helpers

    /** A funding officer with a user name of their own, so that four-eyes tells people apart. */
    private static Actor officer(String name) {
        return new Actor(null, TestSupport.unique(name), name, null, EnumSet.of(Role.FUNDING_OFFICER));
    }

    private FundingRequest request(Client client, List<Invoice> book) {
        return TestSupport.as(
                officer("requester"),
                () -> funding.request(new NewFundingRequest(
                        client.id().value(),
                        book.stream().map(i -> i.id().value()).toList(),
                        null,
                        PayoutMethod.ACH)));
    }

    private FundingRequest fund(Client client, List<Invoice> book) {
        FundingRequest r = request(client, book);
        FundingRequest funded = TestSupport.as(officer("funder"), () -> funding.approve(r.id()));
        assertThat(funded.status()).isEqualTo(FundingStatus.FUNDED);
        return funded;
    }

    private static Money times(Money m, int n) {
        return Money.of(m.amount().multiply(BigDecimal.valueOf(n)), m.currency());
    }

    private long count(String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(Long.class).single();
    }

    private void ledgerBalanced() {
        var report = invariants.checkAsSystem();
        assertThat(report.holds()).as(report.toString()).isTrue();
    }

    /** What one thread got: a result, the product's refusal code, or something else (which fails the case). */
    record Outcome<T>(T value, ErrorCode code, Throwable unexpected, UUID recorded, String message) {
        boolean won() {
            return value != null;
        }
    }

    interface Work<T> {
        T run(int racer, CyclicBarrier barrier) throws Exception;
    }

    /**
     * Runs the work on {@link #THREADS} threads; each does its own preparation and then waits at the barrier,
     * so that the contended step starts at the same instant everywhere.
     */
    private static <T> List<Outcome<T>> race(Work<T> work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CyclicBarrier barrier = new CyclicBarrier(THREADS);
            List<Future<Outcome<T>>> futures = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                int racer = i;
                futures.add(pool.submit(() -> {
                    Recorded.ID.remove();
                    try {
                        return new Outcome<>(work.run(racer, barrier), null, null, Recorded.ID.get(), null);
                    } catch (FactorlineException e) {
                        return new Outcome<T>(null, e.code(), null, Recorded.ID.get(), e.getMessage());
                    } catch (OptimisticLockingFailureException e) {
                        // what the API answers as 409 resource.concurrent_modification
                        return new Outcome<T>(
                                null, ErrorCode.CONCURRENT_MODIFICATION, null, Recorded.ID.get(), e.getMessage());
                    } catch (Throwable e) {
                        return new Outcome<T>(null, null, e, Recorded.ID.get(), null);
                    }
                }));
            }
            List<Outcome<T>> outcomes = new ArrayList<>();
            for (Future<Outcome<T>> f : futures) {
                outcomes.add(f.get(120, TimeUnit.SECONDS));
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The payment a racer recorded before the barrier, so that a refused racer's payment is checked too. */
    static final class Recorded {
        static final ThreadLocal<UUID> ID = new ThreadLocal<>();
    }

    /** Winners, losers and what went wrong, over all rounds of one case. */
    static final class Tally {
        long attempts;
        long winners;
        long refused;
        long lost;
        long duplicates;
        final Map<String, Long> codes = new java.util.TreeMap<>();
        final Map<String, String> said = new java.util.TreeMap<>();

        <T> void count(List<Outcome<T>> outcomes, ErrorCode... allowed) {
            for (Outcome<T> o : outcomes) {
                attempts++;
                if (o.unexpected() != null) {
                    throw new AssertionError(
                            "a racer failed with something other than a clear refusal", o.unexpected());
                }
                if (o.won()) {
                    winners++;
                } else {
                    refused++;
                    codes.merge(o.code().code(), 1L, Long::sum);
                    said.putIfAbsent(o.code().code(), o.message());
                    assertThat(o.code()).isIn((Object[]) allowed);
                }
            }
        }

        void print(String what) {
            System.out.printf(
                    "CONCURRENCY %s: %d threads × %d rounds, %d attempts, %d won, %d refused %s, %d lost, %d duplicates, ledger balanced%n",
                    what, THREADS, ROUNDS, attempts, winners, refused, codes, lost, duplicates);
            said.forEach((code, message) -> System.out.printf("CONCURRENCY %s: %s says \"%s\"%n", what, code, message));
        }
    }
}
