package org.factorline.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.Map;
import java.util.stream.Collectors;
import org.factorline.clients.Clients;
import org.factorline.debtors.Debtors;
import org.factorline.identity.UserAccounts;
import org.factorline.support.FactorlineTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The demo book a newcomer sees on the first start: loaded through the real services inside a
 * transaction that is rolled back, so the shared test database stays as it was.
 */
@FactorlineTest
class DemoDataTest {

    @Autowired
    Clients clients;

    @Autowired
    Debtors debtors;

    @Autowired
    UserAccounts users;

    @Autowired
    DemoInvoices invoices;

    @Autowired
    Clock clock;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    org.factorline.ledger.LedgerInvariants invariants;

    @Test
    void aSmallFactorWithSeveralTradesTwoDozenDebtorsAndInvoicesInEveryState() {
        tx.executeWithoutResult(status -> {
            long clientsBefore = count("client");
            long debtorsBefore = count("debtor");
            long invoicesBefore = count("invoice");
            new DemoData(clients, debtors, users, invoices, clock).load();

            assertThat(count("client") - clientsBefore).isEqualTo(DemoData.CLIENTS.size());
            assertThat(DemoData.CLIENTS.stream()
                            .map(DemoData.ClientSeed::industry)
                            .distinct())
                    .hasSizeGreaterThanOrEqualTo(4);
            assertThat(count("debtor") - debtorsBefore).isGreaterThanOrEqualTo(20);
            assertThat(count("invoice") - invoicesBefore).isGreaterThanOrEqualTo(200);
            Map<String, Long> byStatus = jdbc
                    .sql("select i.status from invoice i join client c on c.id = i.client_id where c.legal_name = ?")
                    .param(DemoData.CLIENTS.get(0).legalName())
                    .query(String.class)
                    .list()
                    .stream()
                    .collect(Collectors.groupingBy(s -> s, Collectors.counting()));
            assertThat(byStatus.keySet())
                    .contains("SUBMITTED", "APPROVED", "FUNDED", "PARTIALLY_PAID", "CLOSED")
                    .hasSizeGreaterThanOrEqualTo(6);
            long funded = jdbc.sql("select count(*) from funding_request where status = 'FUNDED'")
                    .query(Long.class)
                    .single();
            assertThat(funded)
                    .as("funding requests funded through the real path")
                    .isGreaterThan(10);
            long files = jdbc.sql("select count(*) from payout_file")
                    .query(Long.class)
                    .single();
            assertThat(files).as("ACH files released and sent").isPositive();
            assertThat(invariants.checkAsSystem().rules())
                    .allSatisfy(r -> assertThat(r.violations()).as(r.name()).isEmpty());
            assertThat(users.findByUsername("admin")).isPresent();
            assertThat(users.findByUsername(DemoUsers.CLIENT.username())).isPresent();
            status.setRollbackOnly();
        });
    }

    private long count(String table) {
        return jdbc.sql("select count(*) from " + table).query(Long.class).single();
    }
}
