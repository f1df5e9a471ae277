package org.factorline.payouts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.factorline.clients.Client;
import org.factorline.clients.Clients;
import org.factorline.identity.Actor;
import org.factorline.identity.Role;
import org.factorline.ledger.Ledger;
import org.factorline.pricing.PayoutMethod;
import org.factorline.shared.MutableClock;
import org.factorline.support.FactorlineTest;
import org.factorline.support.TestSupport;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * A client's whole bank account number goes where money must go, the bank file, and nowhere else: not into
 * the log, and not into the database in a form a dump or a backup would show (there it is sealed). The
 * number is set, paid to and released through the real API and services, then looked for everywhere.
 */
@FactorlineTest
class BankAccountExposureTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestSupport.Fixtures fixtures;

    @Autowired
    Clients clients;

    @Autowired
    Payouts payouts;

    @Autowired
    Ledger ledger;

    @Autowired
    MutableClock clock;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    /** A number no other test uses: twelve digits, starting 7. */
    static String uniqueAccountNumber() {
        return "7" + String.format("%011d", ThreadLocalRandom.current().nextLong(100_000_000_000L));
    }

    /** The ways a number can sit in a dump: as text, and as the hex of its bytes (binary columns). */
    static List<String> forms(String number) {
        String hex = HexFormat.of().formatHex(number.getBytes(StandardCharsets.US_ASCII));
        return List.of(number, hex, hex.toUpperCase());
    }

    String payThroughTheRealPath() throws Exception {
        return payThroughTheRealPath(mvc, fixtures, clients, payouts, ledger, clock, transactions);
    }

    /** Pays a fresh client with a fresh account number through the API and the services; returns the number. */
    static String payThroughTheRealPath(
            MockMvc mvc,
            TestSupport.Fixtures fixtures,
            Clients clients,
            Payouts payouts,
            Ledger ledger,
            java.time.Clock clock,
            PlatformTransactionManager transactions)
            throws Exception {
        Client client = fixtures.activeClient();
        String number = uniqueAccountNumber();
        mvc.perform(put("/api/v1/clients/" + client.id() + "/payout-account")
                        .header("Authorization", "Bearer " + fixtures.token(null, Role.ACCOUNT_MANAGER))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"accountName": "Operating", "routingNumber": "021000021", "accountNumber": "%s", "version": %d}
                                """.formatted(number, client.version())))
                .andExpect(status().isOk());
        // a refused change that carries the number (too long) must not log it either
        mvc.perform(put("/api/v1/clients/" + client.id() + "/payout-account")
                        .header("Authorization", "Bearer " + fixtures.token(null, Role.ACCOUNT_MANAGER))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"accountName": "Operating", "routingNumber": "021000021", "accountNumber": "%s", "version": 0}
                                """.formatted(number + "123456")))
                .andExpect(status().is4xxClientError());

        Owed owed = new Owed(transactions, ledger, payouts, clock);
        Actor alice = Owed.officer("alice");
        Actor bob = Owed.officer("bob");
        Payout payout = owed.payout(alice, clients.get(client.id()), "321.09", PayoutMethod.ACH);
        PayoutFile file = TestSupport.as(bob, () -> payouts.release(PayoutMethod.ACH, List.of(payout.id())));

        // the file is the one place the whole number belongs: the bank needs it
        String content = new String(TestSupport.as(bob, () -> payouts.content(file.id())), StandardCharsets.US_ASCII);
        assertThat(content).contains(number);
        String downloaded = mvc.perform(get("/api/v1/payouts/files/" + file.id() + "/content")
                        .header("Authorization", "Bearer " + fixtures.token(null, Role.FUNDING_OFFICER)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.US_ASCII);
        assertThat(downloaded).contains(number);
        return number;
    }

    @Test
    void theWholeAccountNumberNeverReachesTheLog() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        root.addAppender(captured);
        String number;
        try {
            LoggerFactory.getLogger(Payouts.class).warn("log capture check {}", "canary-5c1e");
            number = payThroughTheRealPath();
        } finally {
            root.detachAppender(captured);
        }
        List<String> lines =
                captured.list.stream().map(BankAccountExposureTest::everything).toList();
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("canary-5c1e"));
        for (String line : lines) {
            assertThat(line).doesNotContain(number);
        }
    }

    @Test
    void theWholeAccountNumberIsNotInADumpOfTheDatabase() throws Exception {
        String number = payThroughTheRealPath();
        String dump = dump();
        // the dump holds this client's masked account, so it is a dump of the right database
        assertThat(dump).contains(number.substring(number.length() - 4));
        for (String form : forms(number)) {
            assertThat(dump).as("the dump holds the account number as %s", form).doesNotContain(form);
        }
    }

    /** H2's own dump: every table as SQL, binary columns as hex. PostgreSQL's pg_dump is in PostgresDumpIT. */
    private String dump() throws SQLException {
        try (var c = dataSource.getConnection()) {
            org.junit.jupiter.api.Assumptions.assumeTrue(
                    c.getMetaData().getDatabaseProductName().equals("H2"), "pg_dump is checked in PostgresDumpIT");
        }
        return String.join("\n", jdbc.sql("script").query(String.class).list());
    }

    private static String everything(ILoggingEvent e) {
        StringBuilder s = new StringBuilder(e.getFormattedMessage()).append(' ').append(e.getMDCPropertyMap());
        IThrowableProxy t = e.getThrowableProxy();
        if (t != null) {
            s.append(' ').append(ThrowableProxyUtil.asString(t));
        }
        return s.toString();
    }
}
