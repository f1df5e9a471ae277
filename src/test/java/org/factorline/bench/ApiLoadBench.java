package org.factorline.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The REST API under load from a real HTTP load tool: {@code wrk} (Debian package) posts new invoices to the
 * packaged application, each request with its own {@code Idempotency-Key} and invoice number, at a few
 * connection counts. The baseline is what PostgreSQL itself does with the same number of connections when
 * each invoice row is its own transaction (plain JDBC, no HTTP, no checks). Targets: at least 1,000
 * submissions a second with a 99th percentile of at most 50 ms.
 */
final class ApiLoadBench {

    /** What one wrk run reported. */
    record WrkResult(
            int connections,
            long requests,
            double seconds,
            long non2xx,
            long socketErrors,
            double p50Ms,
            double p90Ms,
            double p99Ms,
            double maxMs,
            String cpu) {

        double perSecond() {
            return requests / seconds;
        }
    }

    private final JdbcClient jdbc;
    private final DataSource dataSource;
    private final boolean small;

    ApiLoadBench(JdbcClient jdbc, DataSource dataSource, boolean small) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.small = small;
    }

    static boolean wrkInstalled() {
        return Files.isExecutable(Path.of("/usr/bin/wrk"));
    }

    /**
     * Starts the application on this database (jobs and demo data off), submits invoices through wrk, and
     * checks that every 2xx answer left exactly one invoice and nothing else did.
     */
    void measure(
            Results results,
            String url,
            UUID clientId,
            UUID agreementId,
            UUID debtorId,
            String token,
            LocalDate issueDate)
            throws Exception {
        if (!wrkInstalled()) {
            results.other.add("API load: `wrk` is not installed (`apt-get install wrk`); not measured");
            return;
        }
        Path script = Files.createTempFile("factorline-submit", ".lua");
        try (InputStream in = ApiLoadBench.class.getResourceAsStream("/bench/submit.lua")) {
            Files.write(script, in.readAllBytes());
        }
        Path dir = Files.createTempDirectory("factorline-api");
        int seconds = Integer.getInteger("bench.api.seconds", small ? 5 : 30);
        int warm = Integer.getInteger("bench.api.warm", small ? 3 : 60);
        List<Integer> levels = small ? List.of(8) : List.of(8, 16, 32);
        String run = "W" + Long.toString(System.currentTimeMillis(), 36).toUpperCase(Locale.ROOT);
        List<WrkResult> measured = new ArrayList<>();
        try (StartupProbe.Running app = StartupProbe.start(
                Map.of(
                        "DB_URL",
                        url,
                        "DB_USER",
                        System.getenv().getOrDefault("DB_USER", "postgres"),
                        "DB_PASSWORD",
                        System.getenv().getOrDefault("DB_PASSWORD", "")),
                dir,
                List.of("--factorline.demo-data=false", "--factorline.jobs.enabled=false"))) {
            app.awaitHealthy("API load");
            // warm-up: the JIT compiles the request path before anything is measured; on two cores it is still
            // compiling after a minute of load (about 1 ms of compiler time per request at 15 s), so the full run
            // warms for 60 s and measures the steady state; the small run's 3 s measures an unwarmed JVM
            long pid = app.process().pid();
            String database = url.substring(url.lastIndexOf('/') + 1).split("\\?")[0];
            wrk(pid, database, app.port(), script, 8, warm, token, clientId, debtorId, issueDate, run + "WARM");
            for (int c : levels) {
                measured.add(wrk(
                        pid,
                        database,
                        app.port(),
                        script,
                        c,
                        seconds,
                        token,
                        clientId,
                        debtorId,
                        issueDate,
                        run + "C" + c));
            }
        }
        // every answered submission is exactly one invoice
        for (WrkResult r : measured) {
            String prefix = run + "C" + r.connections() + "-";
            long stored = jdbc.sql("select count(*) from invoice where client_id = :c and invoice_number like :p")
                    .param("c", clientId)
                    .param("p", prefix + "%")
                    .query(Long.class)
                    .single();
            long answered = r.requests() - r.non2xx() - r.socketErrors();
            // wrk stops counting at the end of its time with up to one request per connection still in flight,
            // which the application may still have taken
            if (stored < answered || stored > r.requests() + r.connections()) {
                throw new IllegalStateException(String.format(
                        Locale.ROOT,
                        "API load at %d connections: %d answered 2xx but %d invoices stored",
                        r.connections(),
                        answered,
                        stored));
            }
            long duplicates = jdbc.sql("""
                            select count(*) from (select invoice_number from invoice
                            where client_id = :c and invoice_number like :p group by invoice_number having count(*) > 1) d""")
                    .param("c", clientId)
                    .param("p", prefix + "%")
                    .query(Long.class)
                    .single();
            if (duplicates != 0) {
                throw new IllegalStateException("API load: " + duplicates + " invoice numbers stored twice");
            }
        }
        for (WrkResult r : measured) {
            Timing raw = rawInserts(r.connections(), small ? 3 : 10, clientId, agreementId, debtorId, issueDate);
            // both as the time one thousand submissions take at that concurrency
            Timing product = new Timing(List.of(1000 * 1000.0 / r.perSecond()));
            boolean met = r.perSecond() >= 1000 && r.p99Ms() <= 50 && r.non2xx() == 0 && r.socketErrors() == 0;
            results.add(new Results.Row(
                    "API `POST /api/v1/invoices`, " + r.connections() + " connections",
                    String.format(
                            Locale.ROOT,
                            "ms per 1,000 submissions; wrk %d s: %,.0f/s, p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.0f ms, %d non-2xx; %s",
                            seconds,
                            r.perSecond(),
                            r.p50Ms(),
                            r.p90Ms(),
                            r.p99Ms(),
                            r.maxMs(),
                            r.non2xx() + r.socketErrors(),
                            r.cpu()),
                    product,
                    raw,
                    "≥ 1,000/s, p99 ≤ 50 ms",
                    met));
        }
        results.other.add("API load: the baseline is one plain JDBC insert of an invoice row per transaction, with as"
                + " many connections as wrk has, for " + (small ? 3 : 10) + " s; every answered submission was"
                + " checked to be exactly one stored invoice");
        Files.deleteIfExists(script);
    }

    WrkResult wrk(
            long appPid,
            String database,
            int port,
            Path script,
            int connections,
            int seconds,
            String token,
            UUID clientId,
            UUID debtorId,
            LocalDate issueDate,
            String run)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(
                        "wrk",
                        "-t2",
                        "-c" + connections,
                        "-d" + seconds + "s",
                        "--timeout",
                        "10s",
                        "-s",
                        script.toString(),
                        "http://127.0.0.1:" + port)
                .redirectErrorStream(true);
        pb.environment().put("FL_TOKEN", token);
        pb.environment().put("FL_CLIENT", clientId.toString());
        pb.environment().put("FL_DEBTOR", debtorId.toString());
        pb.environment().put("FL_ISSUE", issueDate.toString());
        pb.environment().put("FL_RUN", run);
        CpuTicks before = CpuTicks.available() ? CpuTicks.read(appPid, database) : null;
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = p.waitFor();
        CpuTicks after = before == null ? null : CpuTicks.read(appPid, database);
        if (exit != 0) {
            throw new IllegalStateException("wrk failed:\n" + out);
        }
        Matcher m = Pattern.compile(
                        "FL_RESULT requests=(\\d+) duration_us=(\\d+) non2xx=(\\d+) connect=(\\d+) read=(\\d+) write=(\\d+) timeout=(\\d+) p50_us=(\\d+) p90_us=(\\d+) p99_us=(\\d+) max_us=(\\d+)")
                .matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("wrk printed no result:\n" + out);
        }
        long socket = Long.parseLong(m.group(4))
                + Long.parseLong(m.group(5))
                + Long.parseLong(m.group(6))
                + Long.parseLong(m.group(7));
        return new WrkResult(
                connections,
                Long.parseLong(m.group(1)),
                Long.parseLong(m.group(2)) / 1e6,
                Long.parseLong(m.group(3)),
                socket,
                Long.parseLong(m.group(8)) / 1000.0,
                Long.parseLong(m.group(9)) / 1000.0,
                Long.parseLong(m.group(10)) / 1000.0,
                Long.parseLong(m.group(11)) / 1000.0,
                before == null
                        ? "CPU per submission not measured (no /proc)"
                        : CpuTicks.perRequest(before, after, Long.parseLong(m.group(1))));
    }

    /**
     * The baseline: this many connections each inserting one invoice row per transaction for a while; the result
     * is the time a thousand such transactions take. The rows are removed afterwards.
     */
    Timing rawInserts(int connections, int seconds, UUID clientId, UUID agreementId, UUID debtorId, LocalDate issue)
            throws Exception {
        String prefix = "RAW" + Long.toString(System.nanoTime(), 36).toUpperCase(Locale.ROOT) + "-";
        long until = System.nanoTime() + seconds * 1_000_000_000L;
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        List<Future<Long>> done = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int k = 0; k < connections; k++) {
            int thread = k;
            done.add(pool.submit(() -> {
                long n = 0;
                try (Connection c = dataSource.getConnection();
                        PreparedStatement ps = c.prepareStatement("""
                                insert into invoice (id, client_id, debtor_id, agreement_id, invoice_number, number_key,
                                    issue_date, terms_days, due_date, face_amount, currency, status,
                                    verification_status, flagged, created_at, updated_at, version)
                                values (?, ?, ?, ?, ?, ?, ?, 30, ?, 1234.56, 'USD', 'SUBMITTED', 'NOT_REQUIRED',
                                    false, ?, ?, 0)""")) {
                    c.setAutoCommit(true);
                    while (System.nanoTime() < until) {
                        String number = prefix + thread + "-" + n;
                        Timestamp now = new Timestamp(System.currentTimeMillis());
                        ps.setObject(1, UUID.randomUUID());
                        ps.setObject(2, clientId);
                        ps.setObject(3, debtorId);
                        ps.setObject(4, agreementId);
                        ps.setString(5, number);
                        ps.setString(6, number);
                        ps.setObject(7, issue);
                        ps.setObject(8, issue.plusDays(30));
                        ps.setTimestamp(9, now);
                        ps.setTimestamp(10, now);
                        ps.executeUpdate();
                        n++;
                    }
                }
                return n;
            }));
        }
        long rows = 0;
        for (Future<Long> f : done) {
            rows += f.get();
        }
        double took = (System.nanoTime() - t0) / 1e9;
        pool.shutdown();
        jdbc.sql("delete from invoice where client_id = :c and invoice_number like :p")
                .param("c", clientId)
                .param("p", prefix + "%")
                .update();
        return new Timing(Collections.singletonList(1000 * 1000.0 / (rows / took)));
    }
}
