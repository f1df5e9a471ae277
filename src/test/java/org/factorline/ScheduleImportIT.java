package org.factorline;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import javax.sql.DataSource;
import org.factorline.invoices.internal.ScheduleStaging;
import org.factorline.support.FactorlineTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every case of {@link ScheduleImportTest} again on PostgreSQL, where the import streams the file with
 * {@code COPY} into a staging table and checks it there: the same refusals, line by line, and the same
 * invoices as the batch path takes on H2.
 */
@FactorlineTest
class ScheduleImportIT extends ScheduleImportTest {

    @Autowired
    DataSource dataSource;

    @Autowired
    ScheduleStaging staging;

    @BeforeEach
    void onPostgres() throws SQLException {
        try (var c = dataSource.getConnection()) {
            assertThat(c.getMetaData().getDatabaseProductName())
                    .as("*IT tests run against PostgreSQL (set DB_URL)")
                    .isEqualTo("PostgreSQL");
        }
    }

    @Test
    void theImportTakesTheCopyPath() {
        assertThat(staging.available()).isTrue();
    }
}
