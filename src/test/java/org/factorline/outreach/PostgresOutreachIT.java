package org.factorline.outreach;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.factorline.clients.Client;
import org.factorline.debtors.Debtor;
import org.factorline.invoices.Invoices;
import org.factorline.invoices.NewInvoice;
import org.factorline.invoices.ScheduleSource;
import org.factorline.shared.Money;
import org.factorline.shared.MutableClock;
import org.factorline.support.FactorlineTest;
import org.factorline.support.TestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * On PostgreSQL: planner runs at the same moment (two instances, or "plan now" during the hourly run) plan
 * each message once, and senders at the same moment send each message once.
 */
@FactorlineTest
class PostgresOutreachIT {

    @Autowired
    TestSupport.Fixtures fixtures;

    @Autowired
    Invoices invoices;

    @Autowired
    Planner planner;

    @Autowired
    Outbox outbox;

    @Autowired
    Outreach outreach;

    @Autowired
    MutableClock clock;

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @AfterEach
    void resetClock() {
        clock.set(TestSupport.START);
    }

    @Test
    void racingPlannersPlanEachMessageOnceAndRacingSendersSendItOnce() throws Exception {
        clock.set(TestSupport.BUSINESS_HOURS);
        List<Debtor> debtors = new ArrayList<>();
        Client client = fixtures.activeClient();
        for (int d = 0; d < 6; d++) {
            Debtor debtor = fixtures.debtor();
            debtors.add(debtor);
            TestSupport.as(
                    TestSupport.admin(),
                    () -> invoices.submit(
                            new NewInvoice(
                                    client.id(),
                                    debtor.id(),
                                    TestSupport.unique("C"),
                                    null,
                                    LocalDate.now(clock).minusDays(1),
                                    30,
                                    null,
                                    Money.usd("300.00")),
                            ScheduleSource.MANUAL));
        }
        var scope = debtors.stream().map(Debtor::id).toList();
        int racers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Planner.Result>> runs = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                runs.add(pool.submit(() -> {
                    start.await();
                    return planner.plan(scope);
                }));
            }
            start.countDown();
            int planned = 0;
            for (var f : runs) {
                planned += f.get().debtorMessages();
            }
            assertThat(planned).isEqualTo(6);
            for (Debtor debtor : debtors) {
                assertThat(TestSupport.as(
                                TestSupport.admin(),
                                () -> outreach.messages(
                                        client.id().value(), debtor.id().value(), null, null, 10)))
                        .hasSize(1);
            }

            CountDownLatch go = new CountDownLatch(1);
            List<Future<Outbox.Delivery>> sends = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                sends.add(pool.submit(() -> {
                    go.await();
                    return outbox.deliverDue();
                }));
            }
            go.countDown();
            for (var f : sends) {
                f.get();
            }
            for (Debtor debtor : debtors) {
                var sent = TestSupport.as(
                        TestSupport.admin(),
                        () -> outreach.messages(client.id().value(), debtor.id().value(), null, null, 10));
                assertThat(sent).singleElement().satisfies(m -> {
                    assertThat(m.status()).isEqualTo(OutboxMessage.Status.SENT);
                    assertThat(m.attempts()).isEqualTo(1);
                });
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theDatabaseRefusesToRewriteTheContactLogOrThePlannersDecisions() {
        clock.set(TestSupport.BUSINESS_HOURS);
        Client client = fixtures.activeClient();
        Debtor debtor = fixtures.debtor();
        TestSupport.as(
                TestSupport.admin(),
                () -> invoices.submit(
                        new NewInvoice(
                                client.id(),
                                debtor.id(),
                                TestSupport.unique("L"),
                                null,
                                LocalDate.now(clock).minusDays(1),
                                30,
                                null,
                                Money.usd("300.00")),
                        ScheduleSource.MANUAL));
        planner.plan(List.of(debtor.id()));
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> jdbc.sql("update contact_log set summary = 'rewritten' where debtor_id = ?")
                                .param(debtor.id().value())
                                .update())
                .hasMessageContaining("append-only");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> jdbc.sql("delete from contact_log where debtor_id = ?")
                        .param(debtor.id().value())
                        .update())
                .hasMessageContaining("append-only");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> jdbc.sql("delete from contact_decision where debtor_id = ?")
                                .param(debtor.id().value())
                                .update())
                .hasMessageContaining("append-only");
    }
}
