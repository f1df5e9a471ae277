package org.factorline.receipts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.factorline.identity.Actor;
import org.factorline.identity.Role;
import org.factorline.ledger.LedgerInvariants;
import org.factorline.support.FactorlineTest;
import org.factorline.support.TestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The same bank file imported by several people at the same moment is applied once. */
@FactorlineTest
class PostgresReceiptsIT {

    @Autowired
    BankFileImports imports;

    @Autowired
    LedgerInvariants invariants;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    Clock clock;

    @BeforeEach
    void onPostgres() throws SQLException {
        try (var c = dataSource.getConnection()) {
            assertThat(c.getMetaData().getDatabaseProductName()).isEqualTo("PostgreSQL");
        }
    }

    @Test
    void racingImportsOfOneFileApplyItOnce() throws Exception {
        String d = LocalDate.now(clock).format(java.time.format.DateTimeFormatter.ofPattern("yyMMdd"));
        String unique = TestSupport.unique("RACE").replaceAll("[^A-Z0-9]", "");
        byte[] file = String.join(
                        "\n",
                        "01,021000021,FACTORLINE," + d + ",0630," + unique.length() + ",,,2/",
                        "02,FACTORLINE,021000021,1," + d + ",2400,USD,2/",
                        "03,000123456789,USD,/",
                        "16,165,12345,0,REF-" + unique + ",,UNKNOWN PAYER/",
                        "49,12345,3/",
                        "98,12345,1,5/",
                        "99,12345,1,7/")
                .concat("\n")
                .getBytes(StandardCharsets.US_ASCII);
        long before = jdbc.sql("select count(*) from payment").query(Long.class).single();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<String>> outcomes = new ArrayList<>();
        try {
            CountDownLatch start = new CountDownLatch(1);
            for (int i = 0; i < 6; i++) {
                Actor officer = new Actor(null, "importer-" + i, "Importer", null, EnumSet.of(Role.FUNDING_OFFICER));
                outcomes.add(pool.submit(() -> {
                    start.await();
                    try {
                        return TestSupport.as(officer, () -> imports.importFile("race.bai", file, null))
                                .reference();
                    } catch (org.factorline.shared.FactorlineException e) {
                        return e.code().code();
                    }
                }));
            }
            start.countDown();
            List<String> results = new ArrayList<>();
            for (Future<String> f : outcomes) {
                results.add(f.get(60, TimeUnit.SECONDS));
            }
            assertThat(results).filteredOn(r -> r.startsWith("B-")).hasSize(1);
            assertThat(results).filteredOn(r -> !r.startsWith("B-")).containsOnly("bank_file.duplicate");
        } finally {
            pool.shutdownNow();
        }
        long after = jdbc.sql("select count(*) from payment").query(Long.class).single();
        assertThat(after - before).isEqualTo(1);
        assertThat(invariants.checkAsSystem().holds()).isTrue();
    }
}
