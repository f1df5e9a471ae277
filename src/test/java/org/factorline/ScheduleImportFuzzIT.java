package org.factorline;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import javax.sql.DataSource;
import org.factorline.support.FactorlineTest;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The schedule fuzzer on PostgreSQL: a preview reads the file line by line (the batch checks), the import
 * takes it through {@code COPY} and the staged checks, and the two must agree on every input.
 */
@FactorlineTest
class ScheduleImportFuzzIT extends ScheduleImportFuzzTest {

    @Autowired
    DataSource dataSource;

    @BeforeEach
    void onPostgres() throws SQLException {
        try (var c = dataSource.getConnection()) {
            assertThat(c.getMetaData().getDatabaseProductName())
                    .as("*IT tests run against PostgreSQL (set DB_URL)")
                    .isEqualTo("PostgreSQL");
        }
    }
}
