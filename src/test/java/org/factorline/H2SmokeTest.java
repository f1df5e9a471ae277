package org.factorline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.sql.SQLException;
import javax.sql.DataSource;
import org.factorline.support.FactorlineTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The smoke suite: the application starts, its schema is migrated and the sign-in page answers. It runs
 * in every build (on PostgreSQL when DB_URL is set) and once more on the embedded H2 database in CI.
 */
@FactorlineTest
class H2SmokeTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Test
    void runsOnTheDatabaseItWasGiven() throws SQLException {
        String product;
        try (var connection = dataSource.getConnection()) {
            product = connection.getMetaData().getDatabaseProductName();
        }
        String url = System.getenv("DB_URL");
        if (url == null || url.isBlank()) {
            assertThat(product).isEqualTo("H2");
        } else if (url.startsWith("jdbc:postgresql:")) {
            assertThat(product).isEqualTo("PostgreSQL");
        }
    }

    @Test
    void flywayMigratedTheSchema() {
        long applied = jdbc.sql("select count(*) from flyway_schema_history where success = true")
                .query(Long.class)
                .single();
        long failed = jdbc.sql("select count(*) from flyway_schema_history where success = false")
                .query(Long.class)
                .single();
        assertThat(applied).isPositive();
        assertThat(failed).isZero();
        long users = jdbc.sql("select count(*) from app_user").query(Long.class).single();
        assertThat(users).isNotNegative();
    }

    @Test
    void theSignInPageAnswers() throws Exception {
        mvc.perform(get("/login")).andExpect(status().isOk());
    }
}
