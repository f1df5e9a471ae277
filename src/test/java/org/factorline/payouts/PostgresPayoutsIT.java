package org.factorline.payouts;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.factorline.clients.Client;
import org.factorline.identity.Actor;
import org.factorline.ledger.Ledger;
import org.factorline.ledger.LedgerInvariants;
import org.factorline.pricing.PayoutMethod;
import org.factorline.shared.ErrorCode;
import org.factorline.shared.FactorlineException;
import org.factorline.shared.MutableClock;
import org.factorline.support.FactorlineTest;
import org.factorline.support.TestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * What only a real PostgreSQL proves: officers releasing the same pending payouts at the same instant
 * end with every payout in exactly one file and no file without payouts, and a file marked sent twice at
 * once takes the money off the books once.
 */
@FactorlineTest
class PostgresPayoutsIT {

    static final int RACERS = 8;
    static final int PAYOUTS = 6;

    @Autowired
    Payouts payouts;

    @Autowired
    Ledger ledger;

    @Autowired
    LedgerInvariants invariants;

    @Autowired
    TestSupport.Fixtures fixtures;

    @Autowired
    MutableClock clock;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    Owed owed;

    @BeforeEach
    void onPostgres() throws SQLException {
        try (var c = dataSource.getConnection()) {
            assertThat(c.getMetaData().getDatabaseProductName())
                    .as("*IT tests run against PostgreSQL (set DB_URL)")
                    .isEqualTo("PostgreSQL");
        }
        owed = new Owed(transactions, ledger, payouts, clock);
    }

    private List<Payout> pending(Actor creator, PayoutMethod method) {
        Client client = fixtures.activeClient();
        List<Payout> made = new ArrayList<>();
        for (int i = 0; i < PAYOUTS; i++) {
            made.add(owed.payout(creator, client, (100 + i) + ".00", method));
        }
        return made;
    }

    @Test
    void racingReleasesPutEveryPayoutInExactlyOneFileAndMakeNoEmptyFile() throws Exception {
        Actor alice = Owed.officer("alice");
        List<Payout> made = pending(alice, PayoutMethod.ACH);
        List<PayoutId> ids = made.stream().map(Payout::id).toList();
        // half the officers name the payouts, half release every pending ACH payout
        List<Outcome> outcomes = race(i -> {
            Actor officer = Owed.officer("racer" + i);
            return TestSupport.as(officer, () -> payouts.release(PayoutMethod.ACH, i % 2 == 0 ? ids : null));
        });

        assertThat(outcomes).filteredOn(Outcome::won).isNotEmpty();
        assertThat(outcomes)
                .filteredOn(o -> !o.won())
                .extracting(Outcome::code)
                .isSubsetOf(
                        ErrorCode.PAYOUT_NOT_PENDING,
                        ErrorCode.PAYOUT_NOTHING_TO_RELEASE,
                        ErrorCode.CONCURRENT_MODIFICATION);
        for (Payout p : made) {
            Payout now = payouts.get(p.id());
            assertThat(now.status()).as(p.reference()).isEqualTo(PayoutStatus.RELEASED);
            assertThat(now.fileId()).as(p.reference()).isNotNull();
        }
        Set<PayoutFileId> released =
                outcomes.stream().filter(Outcome::won).map(o -> o.file().id()).collect(Collectors.toSet());
        Set<PayoutFileId> holding =
                made.stream().map(p -> payouts.get(p.id()).fileId()).collect(Collectors.toSet());
        assertThat(released)
                .as("every file holding the payouts was made by a release that won")
                .containsAll(holding);
        assertThat(jdbc.sql("""
                        select count(*) from payout_file f
                        where f.entry_count <> (select count(*) from payout p where p.file_id = f.id)""").query(Long.class).single())
                .as("files whose payouts do not match their count")
                .isZero();
        assertThat(jdbc.sql(
                                "select count(*) from payout_file f where not exists (select 1 from payout p where p.file_id = f.id)")
                        .query(Long.class)
                        .single())
                .as("empty files")
                .isZero();
        assertThat(invariants.checkAsSystem().holds()).isTrue();
    }

    @Test
    void aFileMarkedSentTwiceAtOnceTakesTheMoneyOffTheBooksOnce() throws Exception {
        Actor alice = Owed.officer("alice");
        List<Payout> made = pending(alice, PayoutMethod.WIRE);
        PayoutFile file = TestSupport.as(
                Owed.officer("bob"),
                () -> payouts.release(
                        PayoutMethod.WIRE, made.stream().map(Payout::id).toList()));

        List<Outcome> outcomes =
                race(i -> TestSupport.as(Owed.officer("sender" + i), () -> payouts.markSent(file.id())));

        assertThat(outcomes).filteredOn(Outcome::won).hasSize(1);
        assertThat(outcomes)
                .filteredOn(o -> !o.won())
                .extracting(Outcome::code)
                .isSubsetOf(ErrorCode.PAYOUT_FILE_ILLEGAL_TRANSITION, ErrorCode.CONCURRENT_MODIFICATION);
        long entries = jdbc.sql(
                        "select count(*) from journal_entry where reference_type = 'payout' and reference_id in (:ids)")
                .param("ids", made.stream().map(p -> p.id().value()).toList())
                .query(Long.class)
                .single();
        assertThat(entries).isEqualTo(PAYOUTS);
        assertThat(invariants.checkAsSystem().holds()).isTrue();
    }

    record Outcome(boolean won, ErrorCode code, PayoutFile file) {}

    interface Work {
        Object run(int racer) throws Exception;
    }

    /** Runs the work on several threads released at the same instant; every thread's outcome is returned. */
    private static List<Outcome> race(Work work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(RACERS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Outcome>> futures = new ArrayList<>();
            for (int i = 0; i < RACERS; i++) {
                int racer = i;
                futures.add(pool.submit((Callable<Outcome>) () -> {
                    start.await();
                    try {
                        Object result = work.run(racer);
                        return new Outcome(true, null, result instanceof PayoutFile f ? f : null);
                    } catch (FactorlineException e) {
                        return new Outcome(false, e.code(), null);
                    } catch (ConcurrencyFailureException e) {
                        return new Outcome(false, ErrorCode.CONCURRENT_MODIFICATION, null);
                    }
                }));
            }
            start.countDown();
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> f : futures) {
                outcomes.add(f.get(60, TimeUnit.SECONDS));
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }
}
