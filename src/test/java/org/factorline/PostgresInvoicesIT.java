package org.factorline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.factorline.clients.Client;
import org.factorline.debtors.Debtor;
import org.factorline.invoices.Invoice;
import org.factorline.invoices.InvoiceStatus;
import org.factorline.invoices.Invoices;
import org.factorline.invoices.NewInvoice;
import org.factorline.invoices.ScheduleSource;
import org.factorline.shared.ErrorCode;
import org.factorline.shared.FactorlineException;
import org.factorline.shared.Money;
import org.factorline.support.FactorlineTest;
import org.factorline.support.TestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What only a real PostgreSQL proves: the database itself refuses to rewrite history, and racing
 * requests on one invoice end with exactly one winner and a clear refusal for the others.
 */
@FactorlineTest
class PostgresInvoicesIT {

    static final int RACERS = 8;

    @Autowired
    TestSupport.Fixtures fixtures;

    @Autowired
    Invoices invoices;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    Clock clock;

    @BeforeEach
    void onPostgres() throws SQLException {
        try (var c = dataSource.getConnection()) {
            assertThat(c.getMetaData().getDatabaseProductName())
                    .as("*IT tests run against PostgreSQL (set DB_URL)")
                    .isEqualTo("PostgreSQL");
        }
    }

    private Invoice submit(Client client, Debtor debtor, String number) {
        return TestSupport.as(
                TestSupport.admin(),
                () -> invoices.submit(
                        new NewInvoice(
                                client.id(),
                                debtor.id(),
                                number,
                                null,
                                LocalDate.now(clock).minusDays(3),
                                30,
                                null,
                                Money.usd("2500.00")),
                        ScheduleSource.MANUAL));
    }

    @Test
    void theDatabaseRefusesToRewriteTheAuditLogOrAnInvoiceTimeline() {
        Invoice invoice = submit(fixtures.activeClient(), fixtures.debtor(), "PG-AUDIT-1");
        TestSupport.as(TestSupport.admin(), () -> invoices.transition(invoice.id(), InvoiceStatus.APPROVED, null));

        assertThatThrownBy(() -> jdbc.sql("update audit_event set summary = 'rewritten' where entity_id = ?")
                        .param(invoice.id().value())
                        .update())
                .isInstanceOf(DataAccessException.class)
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("delete from audit_event where entity_id = ?")
                        .param(invoice.id().value())
                        .update())
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("update invoice_status_change set reason = 'x' where invoice_id = ?")
                        .param(invoice.id().value())
                        .update())
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("delete from invoice_status_change where invoice_id = ?")
                        .param(invoice.id().value())
                        .update())
                .hasMessageContaining("append-only");
    }

    @Test
    void racingApprovalsOfOneInvoiceHaveExactlyOneWinner() throws Exception {
        Invoice invoice = submit(fixtures.activeClient(), fixtures.debtor(), "PG-RACE-1");
        List<Outcome> outcomes = race(() -> TestSupport.as(
                TestSupport.admin(), () -> invoices.transition(invoice.id(), InvoiceStatus.APPROVED, null)));

        assertThat(outcomes).filteredOn(Outcome::won).hasSize(1);
        assertThat(outcomes)
                .filteredOn(o -> !o.won())
                .allSatisfy(o -> assertThat(o.code())
                        .isIn(ErrorCode.CONCURRENT_MODIFICATION, ErrorCode.INVOICE_ILLEGAL_TRANSITION));
        long changes = jdbc.sql("select count(*) from invoice_status_change where invoice_id = ? and to_status = ?")
                .param(invoice.id().value())
                .param("APPROVED")
                .query(Long.class)
                .single();
        assertThat(changes).isEqualTo(1);
    }

    @Test
    void racingSubmissionsOfOneInvoiceNumberStoreItOnce() throws Exception {
        Client client = fixtures.activeClient();
        Debtor debtor = fixtures.debtor();
        List<Outcome> outcomes = race(() -> submit(client, debtor, "PG-DUP-1"));

        assertThat(outcomes).filteredOn(Outcome::won).hasSize(1);
        assertThat(outcomes)
                .filteredOn(o -> !o.won())
                .extracting(Outcome::code)
                .containsOnly(ErrorCode.INVOICE_DUPLICATE_NUMBER);
        long stored = jdbc.sql("select count(*) from invoice where client_id = ? and invoice_number = ?")
                .param(client.id().value())
                .param("PG-DUP-1")
                .query(Long.class)
                .single();
        assertThat(stored).isEqualTo(1);
    }

    record Outcome(boolean won, ErrorCode code) {}

    /** Runs the work on several threads released at the same instant; every thread's outcome is returned. */
    private static List<Outcome> race(Callable<?> work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(RACERS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Outcome>> futures = new ArrayList<>();
            for (int i = 0; i < RACERS; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    try {
                        work.call();
                        return new Outcome(true, null);
                    } catch (FactorlineException e) {
                        return new Outcome(false, e.code());
                    } catch (org.springframework.dao.OptimisticLockingFailureException e) {
                        // what the API answers as 409 resource.concurrent_modification
                        return new Outcome(false, ErrorCode.CONCURRENT_MODIFICATION);
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
