package org.factorline.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.factorline.shared.Money;
import org.factorline.support.FactorlineTest;
import org.factorline.support.TestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

/** What PostgreSQL itself guarantees about the books, beyond what the application checks. */
@FactorlineTest
class PostgresLedgerIT {

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

    @Autowired
    Clock clock;

    @BeforeEach
    void onPostgres() throws SQLException {
        try (var c = dataSource.getConnection()) {
            assertThat(c.getMetaData().getDatabaseProductName()).isEqualTo("PostgreSQL");
        }
    }

    private NewEntry capital(String key, String amount) {
        return new NewEntry(
                key,
                ReasonCode.CAPITAL_CONTRIBUTED,
                LocalDate.now(clock),
                null,
                null,
                null,
                "capital",
                List.of(
                        JournalLine.debit(AccountCode.CASH, Money.usd(amount)),
                        JournalLine.credit(AccountCode.CAPITAL, Money.usd(amount))));
    }

    @Test
    void postedRowsCannotBeChangedOrDeleted() {
        JournalEntry e = ledger.post(capital(TestSupport.unique("k"), "10.00"));
        assertThatThrownBy(() -> jdbc.sql("update ledger_posting set amount = 11 where entry_id = ?")
                        .param(e.id())
                        .update())
                .isInstanceOf(DataAccessException.class)
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("delete from ledger_posting where entry_id = ?")
                        .param(e.id())
                        .update())
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("update journal_entry set memo = 'x' where id = ?")
                        .param(e.id())
                        .update())
                .hasMessageContaining("append-only");
    }

    @Test
    void theDatabaseRefusesPostingsThatDoNotBalance() {
        JournalEntry e = ledger.post(capital(TestSupport.unique("k"), "10.00"));
        UUID cash = jdbc.sql("select account_id from ledger_posting where entry_id = ? and side = 'D'")
                .param(e.id())
                .query(UUID.class)
                .single();
        assertThatThrownBy(() ->
                        jdbc.sql("""
                                insert into ledger_posting (id, entry_id, line_no, account_id, side, amount, currency)
                                values (?, ?, 9, ?, 'D', 5.00, 'USD')""").params(UUID.randomUUID(), e.id(), cash).update())
                .isInstanceOf(DataAccessException.class)
                .hasMessageContaining("does not balance");
        assertThat(invariants.checkAsSystem().holds()).isTrue();
    }

    @Test
    void racingPostsUnderOneKeyPostOnce() throws Exception {
        String key = TestSupport.unique("race");
        long before =
                jdbc.sql("select count(*) from journal_entry").query(Long.class).single();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<UUID>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return ledger.post(capital(key, "25.00")).id();
                }));
            }
            start.countDown();
            List<UUID> ids = new ArrayList<>();
            for (Future<UUID> f : results) {
                ids.add(f.get(60, TimeUnit.SECONDS));
            }
            assertThat(ids).containsOnly(ids.get(0));
        } finally {
            pool.shutdownNow();
        }
        long after =
                jdbc.sql("select count(*) from journal_entry").query(Long.class).single();
        assertThat(after - before).isEqualTo(1);
        assertThat(invariants.checkAsSystem().holds()).isTrue();
    }
}
