package org.factorline.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Set;
import javax.sql.DataSource;
import org.factorline.shared.MutableClock;
import org.factorline.support.FactorlineTest;
import org.factorline.support.TestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

/** How an API token is checked: what it reads and writes, and with how many connections. */
@FactorlineTest
class TokenAuthenticationTest {

    @Autowired
    UserAccounts users;

    @Autowired
    TestSupport.Fixtures fixtures;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    MutableClock clock;

    @org.junit.jupiter.api.AfterEach
    void resetClock() {
        // the clock is shared by every test class: left advanced, it moves the facts of the classes after this one
        clock.set(TestSupport.START);
    }

    @Autowired
    PasswordEncoder passwords;

    @Autowired
    AuditLog audit;

    @Autowired
    ObjectProvider<ClientDirectory> clientDirectory;

    /**
     * Outside a transaction a user's roles were read while the user's row was still being mapped, on a
     * second pooled connection: a full pool of callers each holding one connection and waiting for a second
     * stood still until the pool gave up. On a pool of one connection every read must still answer.
     */
    @Test
    void aTokenAndAUserAreReadWithOneConnectionAtATime() {
        var user = fixtures.user(null, Role.ACCOUNT_MANAGER, Role.VERIFIER);
        String token = TestSupport.as(
                TestSupport.admin(),
                () -> users.issueToken(user.id(), "one connection").token());
        HikariConfig config = new HikariConfig();
        config.setDataSource(dataSource);
        config.setMaximumPoolSize(1);
        config.setConnectionTimeout(250);
        try (HikariDataSource one = new HikariDataSource(config)) {
            UserAccounts onOne = new UserAccounts(JdbcClient.create(one), clock, passwords, audit, clientDirectory);

            var signedIn = onOne.authenticateToken(token).orElseThrow();
            assertThat(signedIn.actor().roles()).isEqualTo(Set.of(Role.ACCOUNT_MANAGER, Role.VERIFIER));
            assertThat(onOne.find(user.id()).orElseThrow().roles())
                    .isEqualTo(Set.of(Role.ACCOUNT_MANAGER, Role.VERIFIER));
            assertThat(onOne.findByUsername(user.username()).orElseThrow().roles())
                    .isEqualTo(Set.of(Role.ACCOUNT_MANAGER, Role.VERIFIER));
            assertThat(onOne.loadForSignIn(user.username())
                            .orElseThrow()
                            .actor()
                            .roles())
                    .isEqualTo(Set.of(Role.ACCOUNT_MANAGER, Role.VERIFIER));
        }
    }

    @Test
    void anUnknownTokenATokenOfADisabledUserAndARevokedTokenOpenNothing() {
        var user = fixtures.user(null, Role.VERIFIER);
        String token = TestSupport.as(
                TestSupport.admin(),
                () -> users.issueToken(user.id(), "revoked").token());
        assertThat(users.authenticateToken(token)).isPresent();
        assertThat(users.authenticateToken(token + "0")).isEmpty();
        assertThat(users.authenticateToken("flt_" + "0".repeat(64))).isEmpty();

        jdbc.sql("update app_user set enabled = false where id = ?")
                .param(user.id())
                .update();
        assertThat(users.authenticateToken(token)).isEmpty();
        jdbc.sql("update app_user set enabled = true where id = ?")
                .param(user.id())
                .update();
        assertThat(users.authenticateToken(token)).isPresent();

        jdbc.sql("update api_token set revoked_at = ? where user_id = ?")
                .params(OffsetDateTime.now(clock), user.id())
                .update();
        assertThat(users.authenticateToken(token)).isEmpty();
    }

    /** The pages show a token's last use to the minute; a busy token is stamped at most once a minute. */
    @Test
    void aTokensLastUseIsStampedAtMostOnceAMinute() {
        var user = fixtures.user(null, Role.VERIFIER);
        String token = TestSupport.as(
                TestSupport.admin(), () -> users.issueToken(user.id(), "busy").token());
        assertThat(lastUsed(user.id())).isNull();

        users.authenticateToken(token).orElseThrow();
        OffsetDateTime first = lastUsed(user.id());
        assertThat(first.toInstant()).isEqualTo(clock.instant());

        clock.advance(Duration.ofSeconds(59));
        users.authenticateToken(token).orElseThrow();
        assertThat(lastUsed(user.id()).toInstant()).isEqualTo(first.toInstant());

        clock.advance(Duration.ofSeconds(2));
        users.authenticateToken(token).orElseThrow();
        assertThat(lastUsed(user.id()).toInstant()).isEqualTo(clock.instant());
    }

    private OffsetDateTime lastUsed(java.util.UUID userId) {
        return jdbc.sql("select last_used_at from api_token where user_id = ?")
                .param(userId)
                .query((rs, n) -> rs.getObject(1, OffsetDateTime.class))
                .list()
                .get(0);
    }
}
