package org.factorline.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.factorline.support.FactorlineTest;
import org.factorline.support.TestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The audit chain on PostgreSQL, with many appenders at once and the append-only triggers in place. */
@FactorlineTest
class PostgresAuditIT {

    static final int THREADS = 8;
    static final int LINES_PER_THREAD = 50;

    @Autowired
    AuditLog audit;

    @Autowired
    AuditChain chain;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    PlatformTransactionManager transactions;

    @BeforeEach
    void onPostgres() throws SQLException {
        try (var c = dataSource.getConnection()) {
            assertThat(c.getMetaData().getDatabaseProductName()).isEqualTo("PostgreSQL");
        }
    }

    @Test
    void eightThreadsAppendingAtOnceKeepOneUnbrokenChain() throws Exception {
        UUID entity = UUID.randomUUID();
        long headBefore = chain.verifyAsSystem().headPosition();
        TransactionTemplate tx = new TransactionTemplate(transactions);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    start.await();
                    TestSupport.as(TestSupport.admin(), () -> {
                        int written = 0;
                        while (written < LINES_PER_THREAD) {
                            // one to three lines per transaction, alternating with lines written alone
                            int inThisTransaction = Math.min(1 + (written % 3), LINES_PER_THREAD - written);
                            int from = written;
                            if (thread % 2 == 0 && inThisTransaction == 1) {
                                audit.record("test.race", "chain_race", entity, null, thread + "/" + from, null, null);
                            } else {
                                tx.executeWithoutResult(s -> {
                                    for (int i = 0; i < inThisTransaction; i++) {
                                        audit.record(
                                                "test.race",
                                                "chain_race",
                                                entity,
                                                null,
                                                thread + "/" + (from + i),
                                                null,
                                                null);
                                    }
                                });
                            }
                            written += inThisTransaction;
                        }
                    });
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        AuditChain.Verification v = chain.verifyAsSystem();
        assertThat(v.intact()).as("%s", v.broken()).isTrue();
        assertThat(v.headPosition()).isGreaterThanOrEqualTo(headBefore + THREADS * LINES_PER_THREAD);
        List<Long> positions = jdbc.sql("select chain_seq from audit_event where entity_id = ? order by chain_seq")
                .param(entity)
                .query(Long.class)
                .list();
        assertThat(positions).hasSize(THREADS * LINES_PER_THREAD).doesNotHaveDuplicates();
        assertThat(jdbc.sql("select count(distinct summary) from audit_event where entity_id = ?")
                        .param(entity)
                        .query(Long.class)
                        .single())
                .isEqualTo(THREADS * LINES_PER_THREAD);
        // no two lines claim the same predecessor: the chain never forked
        assertThat(jdbc.sql("select count(*) from (select prev_hash from audit_event where chain_seq is not null"
                                + " group by prev_hash having count(*) > 1) forks")
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void theDatabaseRefusesToRewriteAChainedLineOrItsHash() {
        UUID entity = UUID.randomUUID();
        TestSupport.as(
                TestSupport.admin(),
                () -> audit.record("test.sealed", "chain_test", entity, null, "sealed", null, null));
        assertThatThrownBy(() -> jdbc.sql("update audit_event set row_hash = 'x' where entity_id = ?")
                        .param(entity)
                        .update())
                .isInstanceOf(DataAccessException.class)
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("update audit_event set summary = 'rewritten' where entity_id = ?")
                        .param(entity)
                        .update())
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("delete from audit_event where entity_id = ?")
                        .param(entity)
                        .update())
                .hasMessageContaining("append-only");
        assertThat(chain.verifyAsSystem().intact()).isTrue();
    }
}
