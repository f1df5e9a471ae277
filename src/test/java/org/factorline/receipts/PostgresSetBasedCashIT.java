package org.factorline.receipts;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import javax.sql.DataSource;
import org.factorline.support.FactorlineTest;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * {@link SetBasedCashApplicationTest} on PostgreSQL, where the set-based path COPYs into the tables and
 * updates the invoices and the purchased book with {@code UPDATE … FROM} a staged table.
 */
@FactorlineTest
class PostgresSetBasedCashIT extends SetBasedCashApplicationTest {

    @Autowired
    DataSource dataSource;

    @BeforeEach
    void onPostgres() throws SQLException {
        try (var c = dataSource.getConnection()) {
            assertThat(c.getMetaData().getDatabaseProductName()).isEqualTo("PostgreSQL");
        }
    }
}
