package org.factorline.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.factorline.shared.UuidV7;
import org.factorline.support.FactorlineTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The invariant check finds entries that do not balance, in one currency or in two, entries with one posting
 * and entries with none — written straight into the tables (as a faulty change or a hand edit would), inside a
 * transaction that is rolled back, so the shared test database stays sound. (On PostgreSQL a trigger refuses
 * unbalanced postings, switched off here inside the transaction; the embedded database has no such trigger.)
 */
@FactorlineTest
class LedgerInvariantsCorruptionTest {

    @Autowired
    LedgerInvariants invariants;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    java.time.Clock clock;

    long entry(String memo) {
        UUID id = UuidV7.next(clock);
        long number = 900_000_000L + Math.abs(id.getLeastSignificantBits() % 1_000_000);
        jdbc.sql("""
                        insert into journal_entry (id, entry_number, business_date, posted_at, reason_code,
                            idempotency_key, fingerprint, memo, posted_by)
                        values (?, ?, ?, ?, 'CAPITAL_CONTRIBUTED', ?, ?, ?, 'corruption-test')""")
                .params(
                        id,
                        number,
                        LocalDate.now(clock),
                        java.sql.Timestamp.from(clock.instant()),
                        "corrupt:" + id,
                        "0".repeat(64),
                        memo)
                .update();
        return number;
    }

    void posting(long entryNumber, int line, UUID account, String side, String amount, String currency) {
        UUID entry = jdbc.sql("select id from journal_entry where entry_number = ?")
                .param(entryNumber)
                .query(UUID.class)
                .single();
        jdbc.sql("insert into ledger_posting (id, entry_id, line_no, account_id, side, amount, currency)"
                        + " values (?, ?, ?, ?, ?, ?, ?)")
                .params(UuidV7.next(clock), entry, line, account, side, new BigDecimal(amount), currency)
                .update();
    }

    UUID account(String code, String currency) {
        UUID id = UuidV7.next(clock);
        jdbc.sql(
                        "insert into ledger_account (id, code, client_id, scope_id, currency, created_at) values (?, ?, null, ?, ?, ?)")
                .params(id, code, id, currency, java.sql.Timestamp.from(clock.instant()))
                .update();
        return id;
    }

    boolean postgres() {
        return jdbc.sql("select 1")
                .query((rs, n) -> {
                    try {
                        return rs.getStatement()
                                .getConnection()
                                .getMetaData()
                                .getDatabaseProductName()
                                .equals("PostgreSQL");
                    } catch (java.sql.SQLException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .single();
    }

    @Test
    void unbalancedOneSidedAndEmptyEntriesAreEachReported() {
        TransactionTemplate tx = new TransactionTemplate(transactions);
        tx.executeWithoutResult(status -> {
            status.setRollbackOnly();
            if (postgres()) {
                // PostgreSQL refuses unbalanced postings in a trigger; off for this transaction only (the
                // rollback turns it back on), to see that the check finds what got past it
                jdbc.sql("alter table ledger_posting disable trigger ledger_posting_balanced")
                        .update();
            }
            UUID cashUsd = account("CASH", "USD");
            UUID cashEur = account("CASH", "EUR");
            UUID suspense = account("UNAPPLIED_CASH", "USD");
            long unbalanced = entry("debits 100, credits 90");
            posting(unbalanced, 1, cashUsd, "D", "100.00", "USD");
            posting(unbalanced, 2, suspense, "C", "90.00", "USD");
            long twoCurrencies = entry("100 USD against 100 EUR: the sums agree, each currency does not");
            posting(twoCurrencies, 1, cashUsd, "D", "100.00", "USD");
            posting(twoCurrencies, 2, cashEur, "C", "100.00", "EUR");
            long oneSided = entry("one posting");
            posting(oneSided, 1, cashUsd, "D", "5.00", "USD");
            long empty = entry("no posting at all");

            InvariantReport report = invariants.checkAsSystem();
            List<String> entries = report.rules().stream()
                    .filter(r -> r.name().startsWith("every entry balances"))
                    .findFirst()
                    .orElseThrow()
                    .violations();
            assertThat(entries)
                    .contains(String.format(
                            "JE-%06d does not balance in USD: debits exceed credits by 10.00", unbalanced))
                    .contains(String.format(
                            "JE-%06d does not balance in USD: debits exceed credits by 100.00", twoCurrencies))
                    .contains(String.format(
                            "JE-%06d does not balance in EUR: debits exceed credits by -100.00", twoCurrencies))
                    .contains(String.format("JE-%06d does not balance in USD: debits exceed credits by 5.00", oneSided))
                    .contains(String.format("JE-%06d has 1 posting(s); an entry needs at least two", oneSided))
                    .contains(String.format("JE-%06d has 0 posting(s); an entry needs at least two", empty));
        });
        // rolled back: the ledger is sound again
        assertThat(invariants.checkAsSystem().rules().stream()
                        .filter(r -> r.name().startsWith("every entry balances"))
                        .findFirst()
                        .orElseThrow()
                        .violations())
                .isEmpty();
    }
}
