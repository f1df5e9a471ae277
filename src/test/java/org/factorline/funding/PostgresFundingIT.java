package org.factorline.funding;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.factorline.clients.Client;
import org.factorline.identity.Actor;
import org.factorline.identity.Role;
import org.factorline.invoices.Invoice;
import org.factorline.ledger.AccountCode;
import org.factorline.ledger.Ledger;
import org.factorline.ledger.LedgerInvariants;
import org.factorline.pricing.PayoutMethod;
import org.factorline.shared.Money;
import org.factorline.support.FactorlineTest;
import org.factorline.support.TestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Two (or eight) officers pressing "approve" on one funding request at the same moment fund it once. */
@FactorlineTest
class PostgresFundingIT {

    @Autowired
    Funding funding;

    @Autowired
    Ledger ledger;

    @Autowired
    LedgerInvariants invariants;

    @Autowired
    TestSupport.Fixtures fixtures;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @BeforeEach
    void onPostgres() throws SQLException {
        try (var c = dataSource.getConnection()) {
            assertThat(c.getMetaData().getDatabaseProductName()).isEqualTo("PostgreSQL");
        }
    }

    @Test
    void concurrentApprovalsOfOneRequestFundItOnce() throws Exception {
        Client client = fixtures.activeClient();
        Invoice invoice = fixtures.readyToFund(client, fixtures.debtor(), Money.usd("4000.00"));
        FundingRequest r = TestSupport.as(
                FundingTest.FIONA,
                () -> funding.request(new NewFundingRequest(
                        client.id().value(), List.of(invoice.id().value()), null, PayoutMethod.ACH)));

        int racers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        List<Future<String>> outcomes = new ArrayList<>();
        try {
            CountDownLatch start = new CountDownLatch(1);
            for (int i = 0; i < racers; i++) {
                Actor officer = new Actor(
                        null, "racer-" + i + "-" + UUID.randomUUID(), "Racer", null, EnumSet.of(Role.FUNDING_OFFICER));
                outcomes.add(pool.submit(() -> {
                    start.await();
                    try {
                        return TestSupport.as(officer, () -> funding.approve(r.id()))
                                .status()
                                .name();
                    } catch (RuntimeException e) {
                        return e.getClass().getSimpleName();
                    }
                }));
            }
            start.countDown();
            List<String> results = new ArrayList<>();
            for (Future<String> f : outcomes) {
                results.add(f.get(60, TimeUnit.SECONDS));
            }
            assertThat(results).filteredOn("FUNDED"::equals).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(ledger.balance(AccountCode.PURCHASED_RECEIVABLES, client.id().value(), Money.USD))
                .isEqualTo(Money.usd("4000.00"));
        long payouts = jdbc.sql("select count(*) from payout where source_id = ?")
                .param(r.id())
                .query(Long.class)
                .single();
        assertThat(payouts).isEqualTo(1);
        long entries = jdbc.sql(
                        "select count(*) from journal_entry where reference_id = ? and reason_code = 'PURCHASE'")
                .param(r.id())
                .query(Long.class)
                .single();
        assertThat(entries).isEqualTo(1);
        assertThat(invariants.checkAsSystem().holds()).isTrue();
    }
}
