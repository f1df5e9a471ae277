package org.factorline.crash;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.factorline.FactorlineApplication;
import org.factorline.clients.AgreementTerms;
import org.factorline.clients.Client;
import org.factorline.clients.Clients;
import org.factorline.clients.VerificationPolicy;
import org.factorline.debtors.Debtor;
import org.factorline.debtors.Debtors;
import org.factorline.identity.AuditChain;
import org.factorline.identity.Role;
import org.factorline.identity.UserAccounts;
import org.factorline.invoices.Invoices;
import org.factorline.ledger.InvariantReport;
import org.factorline.ledger.LedgerInvariants;
import org.factorline.outreach.Outbox;
import org.factorline.pricing.ReceiptKind;
import org.factorline.receipts.IncomingPayment;
import org.factorline.receipts.Payment;
import org.factorline.receipts.Receipts;
import org.factorline.shared.Money;
import org.factorline.support.TestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Crash consistency: runs the packaged application as a process of its own on PostgreSQL, with an SMTP
 * server this driver controls, and kills it with SIGKILL ({@link Process#destroyForcibly()}, which is
 * {@code kill -9} on Linux) in the middle of five operations: outbox delivery, a CSV schedule import, a
 * bank-file import, a settlement run and the release of a payout file. After each kill it checks what the
 * database holds before anyone touches it (the operation is whole or absent), restarts the application,
 * runs the same operation again and checks that nothing happened twice: no partial import, no payment twice
 * for one bank line, no client settled twice, no payout in two files, no message sent twice; the ledger
 * invariants hold and the audit chain is intact after every restart.
 *
 * <p>Where a kill lands: the driver first runs each operation once without a crash and measures how long
 * its writing transaction lasts (from the moment PostgreSQL shows the application's connection holding a
 * transaction id, i.e. after its first write, to the answer). The bank-file import and the settlement run
 * are killed when a chosen share of their rows has been written, read from the sequences that number
 * payments and payouts (a sequence is not rolled back, so it shows uncommitted work); the CSV import and the
 * payout release, which draw no number per row, when their writing transaction has been open for a share of
 * the calibrated time; outbox delivery, which commits message by message, when the SMTP server has received
 * a chosen number of the batch. Each landing is recorded with what had been written so far and the report
 * goes to {@code target/crash/report.md}.
 *
 * <p>Data is prepared through the product's services, in a second application context of this driver on
 * the same database (no web server, no jobs); the crashed operations themselves go through the HTTP API of
 * the process that is killed. Run by {@code .ci/crash}; not part of the normal test run.
 *
 * <p>Settings (system properties): {@code crash.points} (crash points per operation, default 1),
 * {@code crash.csvLines} (10000), {@code crash.bankPayments} (2000), {@code crash.clients} (clients per
 * settlement run and payouts per file, 250), {@code crash.seed}, {@code crash.jar} (the packaged jar; the newest
 * {@code target/factorline-*.jar} otherwise). The database is {@code DB_URL}, {@code DB_USER},
 * {@code DB_PASSWORD}, as for the application.
 */
class CrashConsistency {

    static final int POINTS = Integer.getInteger("crash.points", 1);
    static final int CSV_LINES = Integer.getInteger("crash.csvLines", 10_000);
    static final int BANK_PAYMENTS = Integer.getInteger("crash.bankPayments", 2_000);
    static final int CLIENTS = Integer.getInteger("crash.clients", 250);
    static final int MESSAGES = 100; // one batch of the outbox sender
    static final long SEED = Long.getLong("crash.seed", 20261207L);
    static final Path OUT = Path.of("target", "crash");

    final Random random = new Random(SEED);
    final List<String> violations = new ArrayList<>();
    final List<Landing> landings = new ArrayList<>();
    final List<String> calibrations = new ArrayList<>();
    final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    GreenMail smtp;
    ConfigurableApplicationContext services;
    JdbcClient db;
    App app;
    String adminToken;
    String officerToken;
    int restarts;

    /** Where one kill landed, what the database held after it, and what the rerun did. */
    record Landing(
            String operation,
            int point,
            String trigger,
            String progressAtKill,
            boolean answeredBeforeKill,
            String afterKill,
            String rerun,
            int violations) {}

    @Test
    void killedInTheMiddleOfEachOperationTheRestartedApplicationDoesNothingTwice() throws Exception {
        if (System.getenv("DB_URL") == null || !System.getenv("DB_URL").startsWith("jdbc:postgresql:")) {
            throw new IllegalStateException("set DB_URL (and DB_USER, DB_PASSWORD) to an empty PostgreSQL database");
        }
        Files.createDirectories(OUT);
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        long started = System.nanoTime();
        try {
            services = new SpringApplicationBuilder(FactorlineApplication.class)
                    .profiles("test")
                    .run(
                            "--spring.application.name=crash-driver",
                            "--server.port=0",
                            "--spring.jmx.enabled=false",
                            "--spring.datasource.hikari.maximum-pool-size=4",
                            "--factorline.jobs.enabled=false",
                            "--factorline.demo-data=false",
                            "--logging.level.org.factorline=WARN");
            db = JdbcClient.create(services.getBean(javax.sql.DataSource.class));
            TestSupport.Fixtures fixtures = new TestSupport.Fixtures(
                    services.getBean(Clients.class),
                    services.getBean(Debtors.class),
                    services.getBean(UserAccounts.class),
                    services.getBean(Invoices.class),
                    Clock.systemUTC());
            adminToken = fixtures.token(null, Role.ADMIN);
            officerToken = fixtures.token(null, Role.FUNDING_OFFICER);
            app = new App(jar(), smtp.getSmtp().getPort());
            app.start();

            outboxDelivery(fixtures);
            Client csvClient = fixtures.activeClient(quietTerms());
            Debtor debtorA = fixtures.debtor();
            Debtor debtorB = fixtures.debtor();
            csvImport(csvClient, debtorA, debtorB);
            bankFileImport();
            List<List<Client>> groups = new ArrayList<>();
            for (int g = 0; g <= POINTS; g++) {
                List<Client> group = new ArrayList<>();
                for (int i = 0; i < CLIENTS; i++) {
                    group.add(fixtures.activeClient(quietTerms()));
                }
                groups.add(group);
            }
            List<List<UUID>> payoutGroups = settlementRuns(groups);
            payoutFiles(payoutGroups);
        } finally {
            if (app != null) {
                app.stop();
            }
            if (services != null) {
                services.close();
            }
            smtp.stop();
        }
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        String report = report(seconds);
        Files.writeString(OUT.resolve("report.md"), report);
        System.out.println(report);
        assertThat(violations).as("crash consistency violations").isEmpty();
    }

    // --- the five operations ---

    /** The outbox sends a batch of messages; killed when the SMTP server has received some of them. */
    void outboxDelivery(TestSupport.Fixtures fixtures) throws Exception {
        Client client = fixtures.activeClient(quietTerms());
        Outbox outbox = services.getBean(Outbox.class);
        int stuckReceived = 0;
        int stuckNotReceived = 0;
        for (int p = 1; p <= POINTS; p++) {
            List<UUID> ids = new ArrayList<>();
            for (int i = 0; i < MESSAGES; i++) {
                ids.add(outbox.queueForClient(new Outbox.ClientMail(
                        client.id().value(),
                        "crash-" + p + "-" + i + "@example.com",
                        "Crash " + p + "/" + i,
                        "crash",
                        "Crash point " + p + ", message " + i,
                        "<p>Message " + i + "</p>",
                        "Message " + i)));
            }
            int before = smtp.getReceivedMessages().length;
            int killAt = 1 + (int) ((MESSAGES - 30) * fraction(p));
            // odd points: a message the SMTP server has accepted whose SENT has not committed yet (the
            // window of the promise); even points: a message claimed and not yet accepted
            boolean window = p % 2 == 1;
            String trigger = "the SMTP server had received " + killAt + "+ of " + MESSAGES + " messages and "
                    + (window ? "had accepted one whose SENT was not committed" : "one was claimed, not yet accepted");
            CompletableFuture<HttpResponse<String>> call = postJson("/api/v1/outreach/plan", adminToken, "{}");
            boolean answered = killWhen(call, () -> {
                int got = smtp.getReceivedMessages().length - before;
                if (got < killAt) {
                    return false;
                }
                if (got >= killAt + 20) {
                    return true; // the moment did not come; kill anyway
                }
                Map<String, Long> now = statuses(ids);
                long sent = now.getOrDefault("SENT", 0L);
                return window ? got > sent : now.getOrDefault("SENDING", 0L) == 1 && got == sent;
            });
            Map<String, Long> status = statuses(ids);
            String progress = smtp.getReceivedMessages().length - before + " received; in the database " + status;
            long sending = status.getOrDefault("SENDING", 0L);
            int v = 0;
            if (sending > 1) {
                v += violation("outbox point " + p + ": " + sending + " messages SENDING after one kill (at most one"
                        + " is in the sender's hands)");
            }
            app.start();
            String rerun = "";
            for (int round = 0; round < 5 && statuses(ids).getOrDefault("QUEUED", 0L) > 0; round++) {
                rerun = status(join(postJson("/api/v1/outreach/plan", adminToken, "{}")));
            }
            Map<String, Integer> received = receivedById();
            Map<String, Long> after = statuses(ids);
            List<UUID> stuck = new ArrayList<>();
            for (UUID id : ids) {
                int n = received.getOrDefault(id.toString(), 0);
                String s = db.sql("select status from outreach_message where id = ?")
                        .param(id)
                        .query(String.class)
                        .single();
                if (n > 1) {
                    v += violation("outbox point " + p + ": message " + id + " arrived " + n + " times");
                }
                if ("SENT".equals(s) && n != 1) {
                    v += violation("outbox point " + p + ": message " + id + " is SENT but arrived " + n + " times");
                }
                if ("QUEUED".equals(s)) {
                    v += violation("outbox point " + p + ": message " + id + " still QUEUED after the rerun");
                }
                if ("SENDING".equals(s)) {
                    stuck.add(id);
                    if (n == 1) {
                        stuckReceived++;
                    } else {
                        stuckNotReceived++;
                    }
                }
            }
            // fifteen minutes later (moved back in the database rather than waited for) the sender gives up
            // on the message it was handing over when it died: FAILED with a task to check, never sent again
            for (UUID id : stuck) {
                db.sql("update outreach_message set next_attempt_at = next_attempt_at - interval '16 minutes'"
                                + " where id = ?")
                        .param(id)
                        .update();
            }
            if (!stuck.isEmpty()) {
                join(postJson("/api/v1/outreach/plan", adminToken, "{}"));
            }
            Map<String, Integer> later = receivedById();
            for (UUID id : stuck) {
                String s = db.sql("select status || ':' || coalesce(last_error, '') from outreach_message where id = ?")
                        .param(id)
                        .query(String.class)
                        .single();
                if (!s.startsWith("FAILED:delivery outcome unknown")) {
                    v += violation("outbox point " + p + ": the message stuck in SENDING became " + s);
                }
                if (!later.getOrDefault(id.toString(), 0).equals(received.getOrDefault(id.toString(), 0))) {
                    v += violation("outbox point " + p + ": the message stuck in SENDING was sent again");
                }
            }
            v += checkInvariants("outbox point " + p);
            landings.add(new Landing(
                    "outbox delivery",
                    p,
                    trigger,
                    progress,
                    answered,
                    "SENDING " + sending + " (in the sender's hands"
                            + (stuck.isEmpty()
                                    ? ")"
                                    : "; had reached the SMTP server: "
                                            + (received.getOrDefault(
                                                                    stuck.get(0).toString(), 0)
                                                            == 1
                                                    ? "yes)"
                                                    : "no)")),
                    rerun + ", then " + after + "; the SENDING one 15 min later "
                            + (stuck.isEmpty() ? "(none)" : "FAILED with a task, not sent again"),
                    v));
        }
        calibrations.add("outbox delivery: stuck messages that had reached the SMTP server " + stuckReceived
                + ", that had not " + stuckNotReceived);
    }

    /** A CSV schedule of {@link #CSV_LINES} lines: all or nothing. */
    void csvImport(Client client, Debtor a, Debtor b) throws Exception {
        String path = "/api/v1/schedules/import?clientId=" + client.id().value();
        byte[] calibration = csv("CAL", a, b);
        long writing = calibrate("CSV import", () -> multipart(path, adminToken, "calibration.csv", calibration));
        for (int p = 1; p <= POINTS; p++) {
            String prefix = "CR" + p;
            byte[] file = csv(prefix, a, b);
            String name = "crash-" + p + ".csv";
            double f = fraction(p);
            long killAfter = (long) (writing * f);
            CompletableFuture<HttpResponse<String>> call = multipart(path, adminToken, name, file);
            boolean answered = killWhen(call, writingFor(killAfter));
            String progress = "writing transaction open " + lastWritingMs + " ms (" + pct(f) + " of " + writing
                    + " ms); schedule references drawn " + sequence("schedule_reference_seq");
            long count = invoices(client, prefix);
            int v = 0;
            if (count != 0 && count != CSV_LINES) {
                v += violation("CSV point " + p + ": " + count + " of " + CSV_LINES + " invoices after the kill");
            }
            String afterKill = count == 0 ? "absent (0 invoices, 0 schedules)" : "whole (" + count + " invoices)";
            app.start();
            String rerun = status(join(multipart(path, adminToken, name, file)));
            long whole = invoices(client, prefix);
            long distinct = db.sql("select count(distinct invoice_number) from invoice where client_id = ?"
                            + " and invoice_number like ?")
                    .params(client.id().value(), prefix + "-%")
                    .query(Long.class)
                    .single();
            long schedules = db.sql("select count(*) from schedule where client_id = ? and file_name = ?")
                    .params(client.id().value(), name)
                    .query(Long.class)
                    .single();
            if (whole != CSV_LINES || distinct != CSV_LINES || schedules != 1) {
                v += violation("CSV point " + p + ": after the rerun " + whole + " invoices (" + distinct
                        + " numbers) in " + schedules + " schedules; expected " + CSV_LINES + " in 1");
            }
            v += checkInvariants("CSV point " + p);
            landings.add(new Landing(
                    "CSV schedule import",
                    p,
                    "after " + killAfter + " ms of writing",
                    progress,
                    answered,
                    afterKill,
                    rerun + "; " + whole + " invoices in " + schedules + " schedule",
                    v));
        }
    }

    /** A BAI2 file of {@link #BANK_PAYMENTS} credits: the file and its payments whole or absent, each once. */
    void bankFileImport() throws Exception {
        byte[] calibration = bai2("CAL");
        long writing = calibrate(
                "bank-file import", () -> multipart("/api/v1/receipts/files", adminToken, "cal.bai", calibration));
        for (int p = 1; p <= POINTS; p++) {
            String prefix = "CRASH" + p;
            byte[] file = bai2(prefix);
            String sha = sha256(file);
            long paymentsBefore = sequence("payment_reference_seq");
            long entriesBefore = sequence("journal_entry_number_seq");
            long killAt = Math.max(1, (long) (BANK_PAYMENTS * progressFraction(p)));
            CompletableFuture<HttpResponse<String>> call =
                    multipart("/api/v1/receipts/files", adminToken, "crash-" + p + ".bai", file);
            boolean answered = killWhen(call, writtenAtLeast("payment_reference_seq", paymentsBefore + killAt));
            String progress = (sequence("payment_reference_seq") - paymentsBefore) + " of " + BANK_PAYMENTS
                    + " payments and " + (sequence("journal_entry_number_seq") - entriesBefore)
                    + " journal entries written, uncommitted; writing transaction open " + lastWritingMs + " ms (of "
                    + writing + " ms without a crash)";
            long files = bankFiles(sha);
            long payments = payments(prefix);
            int v = 0;
            if (!(files == 0 && payments == 0) && !(files == 1 && payments == BANK_PAYMENTS)) {
                v += violation("bank file point " + p + ": " + files + " files and " + payments + " payments after"
                        + " the kill");
            }
            String afterKill = files == 0 ? "absent (no file, 0 payments)" : "whole (" + payments + " payments)";
            app.start();
            String rerun = status(join(multipart("/api/v1/receipts/files", adminToken, "crash-" + p + ".bai", file)));
            String again = status(join(multipart("/api/v1/receipts/files", adminToken, "crash-" + p + ".bai", file)));
            files = bankFiles(sha);
            payments = payments(prefix);
            long twice = db.sql("select count(*) from (select bank_reference from payment where bank_reference like ?"
                            + " group by bank_reference having count(*) > 1) d")
                    .param(prefix + "-%")
                    .query(Long.class)
                    .single();
            long receiptsTwice = db.sql("select count(*) from (select p.id from payment p join journal_entry e"
                            + " on e.reference_id = p.id and e.reason_code = 'UNAPPLIED_CASH'"
                            + " where p.bank_reference like ? group by p.id having count(*) <> 1) d")
                    .param(prefix + "-%")
                    .query(Long.class)
                    .single();
            if (files != 1 || payments != BANK_PAYMENTS || twice != 0 || receiptsTwice != 0) {
                v += violation("bank file point " + p + ": after the rerun " + files + " files, " + payments
                        + " payments, " + twice + " bank lines with two payments, " + receiptsTwice
                        + " payments without exactly one receipt entry");
            }
            if (!again.startsWith("409")) {
                v += violation("bank file point " + p + ": a third import of the same file answered " + again);
            }
            v += checkInvariants("bank file point " + p);
            landings.add(new Landing(
                    "bank-file import",
                    p,
                    "when " + killAt + " payments were written",
                    progress,
                    answered,
                    afterKill,
                    rerun + "; " + payments + " payments, each bank line once; the same file again " + again,
                    v));
        }
    }

    /**
     * Settlement runs over {@link #CLIENTS} clients, each owed money collected for it: every client paid
     * once. Group 0 calibrates; group p is crash point p. Returns each group's payouts.
     */
    List<List<UUID>> settlementRuns(List<List<Client>> groups) throws Exception {
        List<List<UUID>> payoutGroups = new ArrayList<>();
        owe(groups.get(0));
        long writing = calibrate("settlement run", () -> postJson("/api/v1/settlements/runs", adminToken, "{}"));
        payoutGroups.add(payoutsOf(groups.get(0)));
        for (int p = 1; p <= POINTS; p++) {
            List<Client> group = groups.get(p);
            owe(group);
            long entriesBefore = sequence("journal_entry_number_seq");
            long payoutsBefore = sequence("payout_reference_seq");
            long killAt = Math.max(1, (long) (CLIENTS * progressFraction(p)));
            CompletableFuture<HttpResponse<String>> call = postJson("/api/v1/settlements/runs", adminToken, "{}");
            boolean answered = killWhen(call, writtenAtLeast("payout_reference_seq", payoutsBefore + killAt));
            String progress = (sequence("journal_entry_number_seq") - entriesBefore) + " entries and "
                    + (sequence("payout_reference_seq") - payoutsBefore) + " of " + CLIENTS
                    + " payouts written, uncommitted; writing transaction open " + lastWritingMs + " ms (of "
                    + writing + " ms without a crash)";
            long lines = settlementLines(group);
            long payouts = payoutsOf(group).size();
            int v = 0;
            if (!(lines == 0 && payouts == 0) && !(lines == CLIENTS && payouts == CLIENTS)) {
                v += violation("settlement point " + p + ": " + lines + " lines and " + payouts + " payouts of "
                        + CLIENTS + " clients after the kill");
            }
            String afterKill = lines == 0 ? "absent (no run, 0 payouts)" : "whole (" + lines + " lines)";
            app.start();
            String rerun = status(join(postJson("/api/v1/settlements/runs", adminToken, "{}")));
            String again = status(join(postJson("/api/v1/settlements/runs", adminToken, "{}")));
            long paidTwice = db.sql("select count(*) from (select client_id from settlement_line where client_id in"
                            + " (:ids) group by client_id having count(*) > 1) d")
                    .param("ids", ids(group))
                    .query(Long.class)
                    .single();
            lines = settlementLines(group);
            List<UUID> made = payoutsOf(group);
            if (lines != CLIENTS || made.size() != CLIENTS || paidTwice != 0) {
                v += violation("settlement point " + p + ": after the rerun " + lines + " lines, " + made.size()
                        + " payouts for " + CLIENTS + " clients; clients settled twice: " + paidTwice);
            }
            if (!again.startsWith("400")) {
                v += violation(
                        "settlement point " + p + ": a further run answered " + again + " (nothing was left to pay)");
            }
            v += checkInvariants("settlement point " + p);
            payoutGroups.add(made);
            landings.add(new Landing(
                    "settlement run",
                    p,
                    "when " + killAt + " payouts were written",
                    progress,
                    answered,
                    afterKill,
                    rerun + "; " + lines + " lines, " + made.size() + " payouts; a further run " + again,
                    v));
        }
        return payoutGroups;
    }

    /** Release of a payout file naming {@link #CLIENTS} payouts: every payout in exactly one file. */
    void payoutFiles(List<List<UUID>> groups) throws Exception {
        long writing =
                calibrate("payout file", () -> postJson("/api/v1/payouts/files", officerToken, release(groups.get(0))));
        for (int p = 1; p <= POINTS; p++) {
            List<UUID> payouts = groups.get(p);
            double f = fraction(p);
            long killAfter = (long) (writing * f);
            long filesBefore = sequence("payout_file_reference_seq");
            CompletableFuture<HttpResponse<String>> call =
                    postJson("/api/v1/payouts/files", officerToken, release(payouts));
            boolean answered = killWhen(call, writingFor(killAfter));
            String progress = "writing transaction open " + lastWritingMs + " ms (" + pct(f) + " of " + writing
                    + " ms); file references drawn " + (sequence("payout_file_reference_seq") - filesBefore);
            List<Object[]> files = filesOf(payouts);
            int v = 0;
            long inFiles = files.stream().mapToLong(r -> (Long) r[1]).sum();
            if (!(files.isEmpty()) && !(files.size() == 1 && inFiles == payouts.size())) {
                v += violation("payout point " + p + ": after the kill " + inFiles + " of " + payouts.size()
                        + " payouts in " + files.size() + " files");
            }
            String afterKill = files.isEmpty() ? "absent (no file, payouts PENDING)" : "whole (one file)";
            app.start();
            String rerun = status(join(postJson("/api/v1/payouts/files", officerToken, release(payouts))));
            String again = status(join(postJson("/api/v1/payouts/files", officerToken, release(payouts))));
            files = filesOf(payouts);
            inFiles = files.stream().mapToLong(r -> (Long) r[1]).sum();
            long badFiles = db.sql("select count(*) from payout_file f where entry_count <>"
                            + " (select count(*) from payout p where p.file_id = f.id)")
                    .query(Long.class)
                    .single();
            long pending = db.sql("select count(*) from payout where status <> 'RELEASED' and id in (:ids)")
                    .param("ids", payouts)
                    .query(Long.class)
                    .single();
            if (files.size() != 1 || inFiles != payouts.size() || badFiles != 0 || pending != 0) {
                v += violation("payout point " + p + ": after the rerun " + inFiles + " of " + payouts.size()
                        + " payouts in " + files.size() + " files; files whose entry count differs from their"
                        + " payouts: " + badFiles + "; not released: " + pending);
            }
            if (!again.startsWith("409")) {
                v += violation("payout point " + p + ": releasing the same payouts again answered " + again);
            }
            v += checkInvariants("payout point " + p);
            landings.add(new Landing(
                    "payout file release",
                    p,
                    "after " + killAfter + " ms of writing",
                    progress,
                    answered,
                    afterKill,
                    rerun + "; every payout in exactly one file; releasing them again " + again,
                    v));
        }
    }

    // --- killing ---

    volatile long lastWritingMs;

    /** Waits for the condition (or the answer), then kills the application with SIGKILL; true if it answered. */
    boolean killWhen(CompletableFuture<HttpResponse<String>> call, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (!call.isDone() && System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                break;
            }
            Thread.sleep(2);
        }
        boolean answered = call.isDone() && !call.isCompletedExceptionally();
        app.kill();
        return answered;
    }

    /**
     * True once the sequence that numbers the operation's rows has reached the target: rows written in the
     * open transaction (a sequence is not rolled back, so it shows uncommitted work).
     */
    BooleanSupplier writtenAtLeast(String sequence, long target) {
        return () -> {
            long age = writingAge();
            if (age >= 0) {
                lastWritingMs = age;
            }
            return sequence(sequence) >= target;
        };
    }

    /** True once a transaction of the application that has written something has been open this long. */
    BooleanSupplier writingFor(long ms) {
        return () -> {
            long age = writingAge();
            if (age >= 0) {
                lastWritingMs = age;
            }
            return age >= ms;
        };
    }

    /** How long the oldest transaction holding a transaction id (one that wrote) has been open; -1 if none. */
    long writingAge() {
        return db.sql("""
                        select coalesce(max((extract(epoch from clock_timestamp() - xact_start) * 1000)::bigint), -1)
                        from pg_stat_activity
                        where datname = current_database() and backend_type = 'client backend' and backend_xid is not null
                          and pid <> pg_backend_pid()
                        """).query(Long.class).single();
    }

    /** Runs the operation once without a crash; how long its writing transaction lasted, in ms. */
    long calibrate(String what, Supplier<CompletableFuture<HttpResponse<String>>> operation) throws Exception {
        long sent = System.nanoTime();
        CompletableFuture<HttpResponse<String>> call = operation.get();
        long firstWrite = -1;
        while (!call.isDone()) {
            if (firstWrite < 0 && writingAge() >= 0) {
                firstWrite = System.nanoTime();
            }
            Thread.sleep(2);
        }
        long done = System.nanoTime();
        HttpResponse<String> r = call.get();
        if (r.statusCode() >= 300) {
            throw new IllegalStateException(what + " without a crash answered " + status(r));
        }
        long writing =
                Duration.ofNanos(done - (firstWrite < 0 ? sent : firstWrite)).toMillis();
        calibrations.add(
                what + " without a crash: " + Duration.ofNanos(done - sent).toMillis() + " ms, of which " + writing
                        + " ms in its writing transaction");
        checkInvariants(what + " (calibration)");
        return Math.max(writing, 1);
    }

    /** Spreads the crash points over 5–95 % of the rows an operation writes, like {@link #fraction}. */
    double progressFraction(int point) {
        double step = 0.9 / (POINTS + 1);
        double f = 0.05 + point * step + (random.nextDouble() - 0.5) * step * 2 / 3;
        return Math.min(0.95, Math.max(0.02, f));
    }

    /**
     * Spreads the crash points over 10–70 % of the calibrated transaction (a warm rerun is faster than the
     * calibration, so later points could miss it): evenly, each moved at random by up to a third of a step.
     */
    double fraction(int point) {
        double step = 0.6 / (POINTS + 1);
        double f = 0.1 + point * step + (random.nextDouble() - 0.5) * step * 2 / 3;
        return Math.min(0.9, Math.max(0.05, f));
    }

    // --- checks ---

    int violation(String what) {
        violations.add(what);
        System.out.println("CRASH VIOLATION " + what);
        return 1;
    }

    /** The ledger invariants hold and the audit chain is intact. */
    int checkInvariants(String where) {
        int v = 0;
        InvariantReport report = services.getBean(LedgerInvariants.class).checkAsSystem();
        if (!report.holds()) {
            v += violation(
                    where + ": " + report.violationCount() + " ledger invariant violation(s): " + report.rules());
        }
        AuditChain.Verification audit = services.getBean(AuditChain.class).verifyAsSystem();
        if (!audit.intact()) {
            v += violation(where + ": the audit chain is broken at " + audit.broken());
        }
        return v;
    }

    Map<String, Long> statuses(List<UUID> ids) {
        Map<String, Long> out = new java.util.TreeMap<>();
        db.sql("select status, count(*) from outreach_message where id in (:ids) group by status")
                .param("ids", ids)
                .query((rs, n) -> out.put(rs.getString(1), rs.getLong(2)))
                .list();
        return out;
    }

    /** How many times each outbox message arrived at the SMTP server, by its X-Factorline-Message header. */
    Map<String, Integer> receivedById() throws Exception {
        Thread.sleep(200); // the last message of a batch may still be on its way
        Map<String, Integer> out = new java.util.HashMap<>();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            String[] h = m.getHeader("X-Factorline-Message");
            if (h != null) {
                out.merge(h[0], 1, Integer::sum);
            }
        }
        return out;
    }

    long invoices(Client client, String prefix) {
        return db.sql("select count(*) from invoice where client_id = ? and invoice_number like ?")
                .params(client.id().value(), prefix + "-%")
                .query(Long.class)
                .single();
    }

    long bankFiles(String sha) {
        return db.sql("select count(*) from bank_file where sha256 = ?")
                .param(sha)
                .query(Long.class)
                .single();
    }

    long payments(String prefix) {
        return db.sql("select count(*) from payment where bank_reference like ?")
                .param(prefix + "-%")
                .query(Long.class)
                .single();
    }

    long settlementLines(List<Client> group) {
        return db.sql("select count(*) from settlement_line where client_id in (:ids)")
                .param("ids", ids(group))
                .query(Long.class)
                .single();
    }

    List<UUID> payoutsOf(List<Client> group) {
        return db.sql("select id from payout where source_type = 'settlement' and client_id in (:ids) order by id")
                .param("ids", ids(group))
                .query(UUID.class)
                .list();
    }

    /** The files holding any of these payouts, each with how many of them it holds. */
    List<Object[]> filesOf(List<UUID> payouts) {
        return db.sql("select file_id, count(*) from payout where file_id is not null and id in (:ids) group by"
                        + " file_id")
                .param("ids", payouts)
                .query((rs, n) -> new Object[] {rs.getObject(1), rs.getLong(2)})
                .list();
    }

    long sequence(String name) {
        return db.sql("select last_value from " + name).query(Long.class).single();
    }

    static List<UUID> ids(List<Client> group) {
        return group.stream().map(c -> c.id().value()).toList();
    }

    // --- data ---

    /** Standard terms without verification or notice, so the planner has nothing to say about these invoices. */
    static AgreementTerms quietTerms() {
        AgreementTerms t =
                TestSupport.standardTerms(LocalDate.now(Clock.systemUTC()).minusDays(30));
        return new AgreementTerms(
                t.effectiveFrom(),
                t.currency(),
                t.advanceRate(),
                t.fees(),
                t.miscFees(),
                t.recourse(),
                t.recourseDays(),
                t.facilityLimit(),
                t.concentrationLimit(),
                new VerificationPolicy(VerificationPolicy.Kind.NONE, null, null),
                false);
    }

    byte[] csv(String prefix, Debtor a, Debtor b) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        StringBuilder s = new StringBuilder("invoice_number,debtor,po_number,issue_date,terms_days,amount\n");
        for (int i = 1; i <= CSV_LINES; i++) {
            s.append(prefix)
                    .append('-')
                    .append(i)
                    .append(',')
                    .append(i % 3 == 0 ? b.reference() : a.reference())
                    .append(",PO-")
                    .append(i % 977)
                    .append(',')
                    .append(today.minusDays(1 + i % 20))
                    .append(',')
                    .append(15 + i % 46)
                    .append(',')
                    .append(100 + i % 5000)
                    .append('.')
                    .append(String.format("%02d", i % 100))
                    .append('\n');
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A BAI2 file: one account, {@link #BANK_PAYMENTS} lockbox credits with their own bank references. */
    byte[] bai2(String prefix) {
        String date = LocalDate.now(ZoneOffset.UTC)
                .minusDays(1)
                .format(java.time.format.DateTimeFormatter.ofPattern("yyMMdd"));
        List<String> account = new ArrayList<>();
        account.add("03,000123456789,USD,/");
        long total = 0;
        for (int i = 1; i <= BANK_PAYMENTS; i++) {
            long cents = 10_000 + random.nextInt(900_000);
            total += cents;
            account.add("16,115," + cents + ",0," + prefix + "-" + i + "," + (7000 + i) + ",PAYER " + (i % 97)
                    + " INV CR1-" + i + "/");
        }
        account.add("49," + total + "," + (account.size() + 1) + "/");
        List<String> lines = new ArrayList<>();
        lines.add("01,021000021,FACTORLINE," + date + ",0630," + Math.floorMod(prefix.hashCode(), 1000) + ",,,2/");
        lines.add("02,FACTORLINE,021000021,1," + date + ",2400,USD,2/");
        lines.addAll(account);
        lines.add("98," + total + ",1," + (account.size() + 2) + "/");
        lines.add("99," + total + ",1," + (account.size() + 4) + "/");
        return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Each client of the group is owed money collected for it: a payment received and passed on to it. */
    void owe(List<Client> group) {
        Receipts receipts = services.getBean(Receipts.class);
        TestSupport.as(TestSupport.admin(), () -> {
            for (Client c : group) {
                Payment p = receipts.record(
                        new IncomingPayment(
                                LocalDate.now(ZoneOffset.UTC).minusDays(1),
                                Money.usd((100 + random.nextInt(5000)) + ".00"),
                                ReceiptKind.ELECTRONIC,
                                "Unknown payer",
                                null,
                                null,
                                null,
                                "for " + c.reference(),
                                null),
                        null);
                receipts.forwardToClient(p.id(), c.id(), null, "paid to us for the client's own invoice");
            }
        });
    }

    static String release(List<UUID> payouts) {
        return "{\"method\":\"ACH\",\"payoutIds\":["
                + String.join(",", payouts.stream().map(id -> "\"" + id + "\"").toList()) + "]}";
    }

    // --- HTTP ---

    CompletableFuture<HttpResponse<String>> postJson(String path, String token, String json) {
        return http.sendAsync(
                HttpRequest.newBuilder(app.uri(path))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .timeout(Duration.ofMinutes(5))
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    CompletableFuture<HttpResponse<String>> multipart(String path, String token, String fileName, byte[] content) {
        String boundary = "crash" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                        + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        return http.sendAsync(
                HttpRequest.newBuilder(app.uri(path))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .timeout(Duration.ofMinutes(5))
                        .POST(HttpRequest.BodyPublishers.ofByteArrays(List.of(head, content, tail)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> join(CompletableFuture<HttpResponse<String>> call) throws Exception {
        return call.get(5, TimeUnit.MINUTES);
    }

    static String status(HttpResponse<String> r) {
        String body = r.body() == null ? "" : r.body();
        java.util.regex.Matcher code = java.util.regex.Pattern.compile("\"code\"\\s*:\\s*\"([a-z_.]+)\"")
                .matcher(body);
        return r.statusCode() + (r.statusCode() >= 400 && code.find() ? " " + code.group(1) : "");
    }

    static String sha256(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }

    static String pct(double f) {
        return Math.round(f * 100) + " %";
    }

    static Path jar() throws IOException {
        String named = System.getProperty("crash.jar");
        if (named != null && !named.isBlank()) {
            return Path.of(named).toAbsolutePath();
        }
        try (var files = Files.list(Path.of("target"))) {
            return files.filter(f -> {
                        String n = f.getFileName().toString();
                        return n.startsWith("factorline-")
                                && n.endsWith(".jar")
                                && !n.contains("-plain")
                                && !n.contains("-sources");
                    })
                    .max((x, y) ->
                            Long.compare(x.toFile().lastModified(), y.toFile().lastModified()))
                    .orElseThrow(() -> new IllegalStateException(
                            "no target/factorline-*.jar: build it first (./mvnw package -DskipTests)"))
                    .toAbsolutePath();
        }
    }

    // --- the application process ---

    /** The packaged application, started as it is deployed, and killed with SIGKILL. */
    final class App {
        final Path jar;
        final int smtpPort;
        final int port;
        Process process;

        App(Path jar, int smtpPort) throws IOException {
            this.jar = jar;
            this.smtpPort = smtpPort;
            try (ServerSocket s = new ServerSocket(0)) {
                this.port = s.getLocalPort();
            }
        }

        URI uri(String path) {
            return URI.create("http://127.0.0.1:" + port + path);
        }

        void start() throws Exception {
            restarts++;
            String java =
                    Path.of(System.getProperty("java.home"), "bin", "java").toString();
            File log = OUT.resolve("app-" + restarts + ".log").toFile();
            ProcessBuilder pb = new ProcessBuilder(
                            java,
                            "-Xmx768m",
                            "-jar",
                            jar.toString(),
                            "--server.port=" + port,
                            "--factorline.jobs.enabled=false",
                            "--factorline.demo-data=false",
                            "--spring.mail.host=127.0.0.1",
                            "--spring.mail.port=" + smtpPort,
                            "--factorline.outreach.mail-mode=smtp")
                    .redirectErrorStream(true)
                    .redirectOutput(log);
            for (String k : List.of("DB_URL", "DB_USER", "DB_PASSWORD")) {
                String v = System.getenv(k);
                if (v != null) {
                    pb.environment().put(k, v);
                }
            }
            process = pb.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
            while (System.nanoTime() < deadline && process.isAlive()) {
                try {
                    HttpResponse<String> r = http.send(
                            HttpRequest.newBuilder(uri("/actuator/health"))
                                    .timeout(Duration.ofSeconds(2))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200 && r.body().contains("UP")) {
                        return;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                Thread.sleep(100);
            }
            throw new IllegalStateException("the application did not answer UP within 180 s; see " + log);
        }

        /** SIGKILL: no shutdown hook, no transaction finished, no connection closed politely. */
        void kill() throws Exception {
            process.destroyForcibly();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the application survived SIGKILL");
            }
            // PostgreSQL ends the killed connections' transactions when it sees the sockets close
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (writingAge() >= 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }

        void stop() throws Exception {
            if (process != null && process.isAlive()) {
                process.destroy();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        }
    }

    // --- report ---

    String report(long seconds) {
        StringBuilder s = new StringBuilder();
        s.append("# Crash consistency\n\n");
        s.append(String.format(
                "Seed %d, %d crash point(s) per operation, %d kills with SIGKILL, %d starts of the application,"
                        + " %d s in all.%n%n",
                SEED, POINTS, landings.size(), restarts, seconds));
        s.append(String.format(
                "Sizes: CSV schedule %,d lines; bank file %,d credits; settlement run %,d clients; payout file %,d"
                        + " payouts; outbox batch %d messages.%n%n",
                CSV_LINES, BANK_PAYMENTS, CLIENTS, CLIENTS, MESSAGES));
        for (String c : calibrations) {
            s.append("- ").append(c).append('\n');
        }
        s.append("\n| Operation | Point | Killed | What was written at the kill | Answered first | After the kill |"
                + " Rerun | Violations |\n|---|---|---|---|---|---|---|---|\n");
        for (Landing l : landings) {
            s.append(String.format(
                    "| %s | %d | %s | %s | %s | %s | %s | %d |%n",
                    l.operation(),
                    l.point(),
                    l.trigger(),
                    l.progressAtKill(),
                    l.answeredBeforeKill() ? "yes" : "no",
                    l.afterKill(),
                    l.rerun(),
                    l.violations()));
        }
        long inside = landings.stream().filter(l -> !l.answeredBeforeKill()).count();
        s.append(String.format(
                "%n%d crash points, %d landed inside the operation (killed before it answered), %d violation(s).%n",
                landings.size(), inside, violations.size()));
        violations.forEach(v -> s.append("- ").append(v).append('\n'));
        return s.toString();
    }
}
