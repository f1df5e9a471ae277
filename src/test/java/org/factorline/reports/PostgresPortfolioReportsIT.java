package org.factorline.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import javax.sql.DataSource;
import org.factorline.ledger.LedgerDayTotals;
import org.factorline.support.FactorlineTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** DSO, dilution, CEI and reserve on a generated book, on PostgreSQL: the same checks as on H2. */
@FactorlineTest
class PostgresPortfolioReportsIT extends PortfolioReportsTest {

    @Autowired
    DataSource dataSource;

    @Autowired
    LedgerDayTotals dayTotals;

    /** The hourly job's call, made as the job makes it (no transaction around it): it once failed on its lock. */
    @Test
    void theDayTotalsJobFillsOnItsOwn() {
        java.time.LocalDate horizon = dayTotals.fill();
        assertThat(horizon).isEqualTo(dayTotals.horizon());
        assertThat(dayTotals.fill()).as("a second fill finds nothing to do").isEqualTo(horizon);
    }

    @BeforeEach
    void onPostgres() throws SQLException {
        try (var c = dataSource.getConnection()) {
            assertThat(c.getMetaData().getDatabaseProductName())
                    .as("*IT tests run against PostgreSQL (set DB_URL)")
                    .isEqualTo("PostgreSQL");
        }
    }
}
