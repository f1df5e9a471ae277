package org.factorline.payouts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.factorline.clients.Clients;
import org.factorline.ledger.Ledger;
import org.factorline.shared.MutableClock;
import org.factorline.support.FactorlineTest;
import org.factorline.support.TestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * A plain pg_dump of the test database, as a backup or a copy handed to someone would be, holds no whole
 * bank account number: not in the client's account, the payout's snapshot, the released file's bytes, the
 * audit log or anywhere else.
 */
@FactorlineTest
class PostgresDumpIT {

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
    DataSource dataSource;

    @Test
    void aDumpOfTheDatabaseHoldsNoWholeAccountNumber() throws Exception {
        String number = BankAccountExposureTest.payThroughTheRealPath(
                mvc, fixtures, clients, payouts, ledger, clock, transactions);
        String dump = pgDump();
        assertThat(dump).contains("CREATE TABLE public.payout_file").contains(number.substring(number.length() - 4));
        for (String form : BankAccountExposureTest.forms(number)) {
            assertThat(dump).as("the dump holds the account number as %s", form).doesNotContain(form);
        }
    }

    private String pgDump() throws Exception {
        String url;
        String user;
        try (var c = dataSource.getConnection()) {
            assertThat(c.getMetaData().getDatabaseProductName()).isEqualTo("PostgreSQL");
            url = c.getMetaData().getURL();
            user = c.getMetaData().getUserName();
        }
        // jdbc:postgresql://host:port/database?options
        var m = java.util.regex.Pattern.compile("jdbc:postgresql://([^:/]+)(?::(\\d+))?/([^?]+).*")
                .matcher(url);
        assertThat(m.matches()).as(url).isTrue();
        Path out = Files.createTempFile("factorline-dump", ".sql");
        try {
            ProcessBuilder pb = new ProcessBuilder(
                            pgDumpBinary(),
                            "--host",
                            m.group(1),
                            "--port",
                            m.group(2) == null ? "5432" : m.group(2),
                            "--username",
                            user,
                            "--no-password",
                            "--file",
                            out.toString(),
                            m.group(3))
                    .redirectErrorStream(true);
            String password = System.getenv("DB_PASSWORD");
            if (password != null && !password.isEmpty()) {
                pb.environment().put("PGPASSWORD", password);
            }
            Process p = pb.start();
            String messages = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(messages).isZero();
            return Files.readString(out, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** pg_dump from the PATH's usual place, or the newest PostgreSQL installed under /usr/lib/postgresql. */
    private static String pgDumpBinary() throws java.io.IOException {
        if (Files.isExecutable(Path.of("/usr/bin/pg_dump"))) {
            return "/usr/bin/pg_dump";
        }
        Path versions = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(versions)) {
            try (Stream<Path> s = Files.list(versions)) {
                List<Path> found = s.map(v -> v.resolve("bin/pg_dump"))
                        .filter(Files::isExecutable)
                        .sorted()
                        .toList();
                if (!found.isEmpty()) {
                    return found.get(found.size() - 1).toString();
                }
            }
        }
        return "pg_dump";
    }
}
