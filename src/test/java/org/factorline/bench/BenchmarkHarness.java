package org.factorline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.factorline.clients.Client;
import org.factorline.identity.Actor;
import org.factorline.identity.Role;
import org.factorline.ledger.AccountCode;
import org.factorline.ledger.Ledger;
import org.factorline.ledger.LedgerInvariants;
import org.factorline.reports.ReportInfo;
import org.factorline.reports.ReportTable;
import org.factorline.reports.Reports;
import org.factorline.shared.MutableClock;
import org.factorline.support.TestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

/**
 * The benchmark harness: generates a book on PostgreSQL, runs the product's paths and a raw-SQL baseline doing
 * the same work side by side, in the same run, and writes the figures with their ratios into
 * {@code docs/BENCHMARKS.md}. Never part of the normal test run: it runs only in the {@code bench} profile,
 *
 * <pre>
 * createdb -h 127.0.0.1 -U postgres factorline_bench
 * ./mvnw -Pbench -DskipTests package
 * DB_URL=jdbc:postgresql://127.0.0.1:5432/factorline_bench DB_USER=postgres ./mvnw -Pbench surefire:test
 * </pre>
 *
 * Settings (system properties): {@code bench.invoices} (1,000,000), {@code bench.seed} (1), {@code bench.days}
 * (180), {@code bench.clients} (50), {@code bench.debtors} (2,000), {@code bench.runs} (5); {@code bench.small}
 * runs 20,000 invoices and writes {@code target/benchmarks.md} instead of the docs (the CI run). A book of the
 * same size and seed already in the database is reused. {@code bench.only} (for example {@code reports,ledger})
 * runs only those sections (reports, dashboard, ledger, startup, api) and, like the small mode, writes {@code target/benchmarks.md}.
 * {@code bench.api.warm} and {@code bench.api.seconds} set the API section's warm-up and measured seconds per
 * level (60 and 30; 3 and 5 in the small mode).
 */
@SpringBootTest
@org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc
@ActiveProfiles("test")
@Import(TestSupport.class)
class BenchmarkHarness {

    static final Actor AUDITOR = TestSupport.staff(Role.AUDITOR);

    final boolean small = Boolean.getBoolean("bench.small");
    final int invoices = Integer.getInteger("bench.invoices", small ? 20_000 : 1_000_000);
    final long seed = Long.getLong("bench.seed", 1L);
    final int days = Integer.getInteger("bench.days", 180);
    final int clientCount = Integer.getInteger("bench.clients", small ? 5 : 50);
    final int debtorCount = Integer.getInteger("bench.debtors", small ? 50 : 2_000);
    final int runs = Integer.getInteger("bench.runs", small ? 2 : 5);
    final LocalDate first = LocalDate.of(2025, 6, 2);
    /**
     * {@code bench.only}: a comma list of sections to run (reports, dashboard, ledger, startup, api, import, cash,
     * accrual, sweep); all when unset.
     */
    final java.util.Set<String> only = java.util.Arrays.stream(
                    System.getProperty("bench.only", "").split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .collect(java.util.stream.Collectors.toSet());

    boolean runs(String section) {
        return only.isEmpty() || only.contains(section);
    }

    @Autowired
    DataSource dataSource;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TestSupport.Fixtures fixtures;

    @Autowired
    MutableClock clock;

    @Autowired
    Reports reports;

    @Autowired
    Ledger ledger;

    @Autowired
    LedgerInvariants invariants;

    @Autowired
    org.factorline.ledger.LedgerDayTotals dayTotals;

    @Autowired
    org.springframework.test.web.servlet.MockMvc mvc;

    @Autowired
    org.factorline.web.DashboardReadAhead readAhead;

    @Autowired
    org.factorline.invoices.ScheduleImport scheduleImport;

    @Autowired
    org.factorline.receipts.BankFileImports imports;

    @Autowired
    org.springframework.transaction.PlatformTransactionManager transactions;

    @Autowired
    org.factorline.funding.FeeAccrual accrual;

    @Autowired
    org.factorline.settlement.Recourse recourse;

    @Test
    void run() throws Exception {
        String url;
        try (var c = dataSource.getConnection()) {
            url = c.getMetaData().getURL();
            assertThat(c.getMetaData().getDatabaseProductName())
                    .as("the harness measures PostgreSQL; set DB_URL")
                    .isEqualTo("PostgreSQL");
        }
        LocalDate end = first.plusDays(days);
        clock.set(end.atTime(16, 0).toInstant(ZoneOffset.UTC));
        Results results = new Results();
        results.context.add("Run " + java.time.LocalDate.now(java.time.Clock.systemUTC()) + " on "
                + Runtime.getRuntime().availableProcessors() + " cores, "
                + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB max heap, Java "
                + System.getProperty("java.version") + ", "
                + jdbc.sql("select version()").query(String.class).single().replaceAll(" on .*", "")
                + " (database " + url.replaceAll(".*/", "") + ")");
        results.context.add(String.format(
                Locale.ROOT,
                "Book: %,d invoices bought over %d days from %s (seed %d), %d clients, %,d debtors; reports asked as of %s",
                invoices,
                days,
                first,
                seed,
                clientCount,
                debtorCount,
                end));

        BookGenerator generator = new BookGenerator(jdbc);
        if (!generator.present(invoices, seed)) {
            generator.otherBook(invoices, seed).ifPresent(other -> {
                throw new IllegalStateException("The database already holds a bench book of " + other
                        + "; a book of " + String.format(Locale.ROOT, "%,d", invoices) + " invoices, seed " + seed
                        + " needs a database of its own (dropdb and createdb it, or point DB_URL at another)");
            });
            long t = System.nanoTime();
            List<UUID> clients = new ArrayList<>();
            List<UUID> agreements = new ArrayList<>();
            List<UUID> debtors = new ArrayList<>();
            for (int k = 0; k < clientCount; k++) {
                Client c = fixtures.activeClient(TestSupport.standardTerms(first.minusDays(30)));
                clients.add(c.id().value());
                agreements.add(jdbc.sql("select id from agreement where client_id = :c order by version desc")
                        .param("c", c.id().value())
                        .query(UUID.class)
                        .list()
                        .get(0));
            }
            for (int k = 0; k < debtorCount; k++) {
                debtors.add(fixtures.debtor().id().value());
            }
            generator.generate(invoices, seed, first, days, clients, agreements, debtors);
            double generated = (System.nanoTime() - t) / 1e9;
            // the new book written out now, not by the checkpoints the measured sections would otherwise meet
            // (the API section once ran into one taking 269 s, at twice the database's CPU per submission)
            t = System.nanoTime();
            String flushed;
            try {
                jdbc.sql("checkpoint").update();
                flushed = String.format(
                        Locale.ROOT, "written out by a checkpoint in %.0f s", (System.nanoTime() - t) / 1e9);
            } catch (org.springframework.dao.DataAccessException e) {
                flushed = "not checkpointed (the role may not: "
                        + e.getMostSpecificCause().getMessage() + ")";
            }
            results.context.add(String.format(
                    Locale.ROOT,
                    "Book generated in %.0f s (set-based SQL; not a measured path), %s",
                    generated,
                    flushed));
        } else {
            results.context.add("Book reused from an earlier run of the same size and seed");
        }
        results.context.add(String.format(
                Locale.ROOT,
                "Rows: %,d invoices, %,d payments, %,d journal entries, %,d postings",
                count("invoice"),
                count("payment"),
                count("journal_entry"),
                count("ledger_posting")));

        // the ledger's day totals as the product keeps them: its hourly job fills the closed days (up to five days
        // before today); on a book written straight into the tables that is the whole book the first time
        if (runs("reports") || runs("dashboard")) {
            long t = System.nanoTime();
            LocalDate horizon = dayTotals.fill();
            results.context.add(String.format(
                    Locale.ROOT,
                    "Ledger day totals filled through %s by the product's job (LedgerDayTotals.fill) in %.1f s"
                            + " (%,d account-days; nothing to do when already filled); reports read them up to"
                            + " there and the postings after",
                    horizon,
                    (System.nanoTime() - t) / 1e9,
                    count("ledger_day_total")));
        }
        if (runs("reports")) {
            measureReports(results, end);
        }
        if (runs("dashboard")) {
            measureDashboard(results);
        }
        if (runs("ledger")) {
            measureLedgerCheck(results);
        }
        if (runs("accrual") || runs("sweep")) {
            JobsBench jobs = new JobsBench(jdbc, transactions, runs);
            if (runs("accrual")) {
                jobs.accrual(results, accrual, end);
            }
            if (runs("sweep")) {
                // the day the first day's purchases still open pass their 90-day recourse date
                try {
                    jobs.sweep(results, recourse, first.plusDays(90));
                } catch (org.springframework.dao.DataAccessException e) {
                    // a generated book whose ledger accounts are not where the product looks for them cannot
                    // take the product's postings; say so rather than lose the rest of the run
                    results.other.add(
                            "Recourse sweep: not measured, the product's postings were refused on this" + " book: "
                                    + e.getMostSpecificCause()
                                            .getMessage()
                                            .lines()
                                            .findFirst()
                                            .orElse(""));
                }
            }
        }
        if (runs("startup")) {
            measureStartup(results, url);
        }
        if (runs("api")) {
            measureApi(results, url);
        }
        if (runs("import")) {
            new ImportBench(jdbc, dataSource, fixtures, scheduleImport, clock, small).measure(results);
        }
        if (runs("cash")) {
            new CashApplicationBench(jdbc, fixtures, imports, transactions, small).measure(results, end);
        }

        results.other.add(String.format(
                Locale.ROOT,
                "Heap of the harness's JVM after the run: %d MB used",
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024 * 1024)));
        String command = small
                ? "DB_URL=jdbc:postgresql://127.0.0.1:5432/<db> DB_USER=postgres ./mvnw -Pbench test -Dbench.small=true"
                : "./mvnw -Pbench -DskipTests package && DB_URL=jdbc:postgresql://127.0.0.1:5432/factorline_bench"
                        + " DB_USER=postgres ./mvnw -Pbench surefire:test";
        results.context.add("Rerun: `" + command + "`");
        // a small or partial run never overwrites the docs' figures
        boolean partial = small || !only.isEmpty();
        Path out = partial ? Path.of("target", "benchmarks.md") : Path.of("docs", "BENCHMARKS.md");
        if (partial) {
            java.nio.file.Files.createDirectories(out.getParent());
            java.nio.file.Files.deleteIfExists(out);
        }
        results.writeInto(out);
        System.out.println(results.markdown());
    }

    /**
     * Every report in the catalogue with its defaults (as of the end of the book), against the raw aging
     * query the baseline names: the open invoices' face by due-date bucket, one group-by over the
     * invoice table. Target: each under one second.
     */
    void measureReports(Results results, LocalDate end) {
        Timing raw = Timing.of(
                1,
                runs,
                () -> jdbc.sql("""
                        select case when due_date >= :d0 then 0 when due_date >= :d30 then 1
                                    when due_date >= :d60 then 2 when due_date >= :d90 then 3 else 4 end as bucket,
                               count(*), sum(face_amount)
                        from invoice where status in ('FUNDED', 'PARTIALLY_PAID') group by 1""")
                        .param("d0", end)
                        .param("d30", end.minusDays(30))
                        .param("d60", end.minusDays(60))
                        .param("d90", end.minusDays(90))
                        .query()
                        .listOfRows());
        List<ReportInfo> catalogue = TestSupport.as(AUDITOR, reports::catalogue);
        for (ReportInfo info : catalogue) {
            Map<String, String> params = Map.of();
            Timing t = Timing.of(1, runs, () -> TestSupport.as(AUDITOR, () -> reports.run(info.name(), params)));
            boolean met = t.median() < 1000;
            results.add(
                    new Results.Row("Report `" + info.name() + "`", "page table, defaults", t, raw, "< 1,000 ms", met));
        }
        for (int back : List.of(30, 90)) {
            for (String name : List.of("aging", "concentration", "funds-employed")) {
                Map<String, String> params = Map.of("asOf", end.minusDays(back).toString());
                Timing t = Timing.of(1, runs, () -> TestSupport.as(AUDITOR, () -> reports.run(name, params)));
                results.add(new Results.Row(
                        "Report `" + name + "` as of " + back + " days earlier",
                        "page table",
                        t,
                        raw,
                        "< 1,000 ms",
                        t.median() < 1000));
            }
        }
        // written as the download writes it, to its last byte (counted, not kept)
        long[] bytes = {0};
        Timing csv = Timing.of(
                1,
                runs,
                () -> TestSupport.as(AUDITOR, () -> {
                    java.io.Writer counting = new java.io.Writer() {
                        long n;

                        @Override
                        public void write(char[] buf, int off, int len) {
                            n += len;
                        }

                        @Override
                        public void flush() {}

                        @Override
                        public void close() {
                            bytes[0] = n;
                        }
                    };
                    reports.writeCsv("journal", Map.of(), counting);
                    try {
                        counting.close();
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    return null;
                }));
        results.add(new Results.Row(
                "Report `journal` as CSV",
                "the month's postings, streamed to the last character",
                csv,
                raw,
                "< 1,000 ms",
                csv.median() < 1000));
        results.other.add("Journal CSV of the month: " + bytes[0] + " characters");

        // the generated book is self-consistent: the aging's open total is the ledger's purchased receivables
        ReportTable aging = TestSupport.as(AUDITOR, () -> reports.run("aging", Map.of()));
        Object open = aging.totals().get("open_balance");
        BigDecimal ledgerTotal = ledger
                .balancesByClient(AccountCode.PURCHASED_RECEIVABLES, java.util.Currency.getInstance("USD"))
                .values()
                .stream()
                .map(m -> m.amount())
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        results.other.add("Aging open total " + open + "; ledger purchased receivables " + ledgerTotal
                + " (the whole database, test fixtures included)");
    }

    /**
     * The staff dashboard: the page (today's queues; its key figures load after it) and each group of key figures
     * the page then loads. The book's group reads today's figures (two report runs) and seven earlier weekly
     * points, kept for a quarter of an hour and read ahead of visits in the background (with the jobs on), so
     * only a first visit with nothing read ahead reads them: measured once, then the read-ahead, then visits.
     */
    void measureDashboard(Results results) {
        Actor staff = TestSupport.staff(Role.ACCOUNT_MANAGER);
        java.util.function.Function<String, Runnable> get = path -> () -> {
            try {
                mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get(path)
                                .with(org.factorline.support.SignedIn.as(staff)))
                        .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.status()
                                .isOk());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        Timing first = Timing.of(0, 1, get.apply("/staff/figures/book"));
        results.add(new Results.Row(
                "Staff dashboard figures `book`, first visit with nothing read ahead",
                "fragment, 8 weekly points read (the jobs off, or before the first read-ahead after start-up)",
                first,
                null,
                "—",
                null));
        Timing ahead = Timing.of(0, 1, readAhead::readAhead);
        results.add(new Results.Row(
                "Staff dashboard read-ahead",
                "in the background, once at start-up then every 10 minutes: every kept figure read again, and"
                        + " every group's figures the first time",
                ahead,
                null,
                "—",
                null));
        Timing page = Timing.of(1, runs, get.apply("/staff"));
        results.add(new Results.Row(
                "Staff dashboard `/staff`",
                "whole page with its queues (figures load after it)",
                page,
                null,
                "< 1,000 ms",
                page.median() < 1000));
        for (String group : List.of("book", "fees", "dso", "disputes")) {
            Timing t = Timing.of(1, runs, get.apply("/staff/figures/" + group));
            results.add(new Results.Row(
                    "Staff dashboard figures `" + group + "`" + (group.equals("book") ? ", visits" : ""),
                    "fragment loaded after the page"
                            + (group.equals("book") ? ", earlier points read ahead (today's read)" : ""),
                    t,
                    null,
                    "< 1,000 ms",
                    t.median() < 1000));
        }
    }

    /** The ledger invariant check against the two raw queries at its core: the trial balance and unbalanced entries. */
    void measureLedgerCheck(Results results) {
        Timing raw = Timing.of(1, runs, () -> {
            jdbc.sql("""
                            select currency, sum(case when side = 'D' then amount else -amount end)
                            from ledger_posting group by currency""").query().listOfRows();
            jdbc.sql("""
                            select entry_id from ledger_posting group by entry_id
                            having sum(case when side = 'D' then amount else -amount end) <> 0 or count(*) < 2
                            limit 50""").query().listOfRows();
        });
        Timing product = Timing.of(1, runs, () -> invariants.checkAsSystem());
        results.add(new Results.Row(
                "Ledger invariant check",
                "all rules and sub-ledgers",
                product,
                raw,
                "≤ 2× raw",
                product.median() <= 2 * raw.median()));
    }

    /**
     * Start-up and idle heap of the application in a process of its own: on its embedded default (a new H2
     * file database, demo data loaded, mail captured), as the README runs it, and on this PostgreSQL book with
     * the scheduled jobs off (so they do not change the book the other measures reuse); each as {@code java
     * -jar} and through the distribution the build makes (its start script, with the class-data-sharing
     * archive the build's training run made). The small mode takes the first start on H2 both ways.
     */
    void measureStartup(Results results, String url) throws Exception {
        Path dir = java.nio.file.Files.createTempDirectory("factorline-startup");
        StartupProbe.Launch plain = StartupProbe.Launch.plain();
        StartupProbe.Launch dist = StartupProbe.Launch.distribution();
        StartupProbe.Reading h2 = StartupProbe.run("H2", plain, Map.of(), dir.resolve("h2"), List.of());
        addStartup(results, "embedded H2, first start: migrations and demo data", h2);
        if (dist == null) {
            results.other.add("Start-up with class data sharing: not measured, "
                    + StartupProbe.Launch.distributionMissing()
                    + " (run `./mvnw -Pbench -DskipTests package` first)");
        } else {
            StartupProbe.Reading cdsH2 = StartupProbe.run("H2, CDS", dist, Map.of(), dir.resolve("cds-h2"), List.of());
            addStartup(results, "embedded H2, first start, class data sharing", cdsH2);
        }
        if (small) {
            return; // the CI run checks the probe and the distribution work; the full run takes the other readings
        }
        StartupProbe.Reading again = StartupProbe.run("H2 again", plain, Map.of(), dir.resolve("h2"), List.of());
        addStartup(results, "embedded H2, restart", again);
        Map<String, String> pgEnv = Map.of(
                "DB_URL",
                url,
                "DB_USER",
                System.getenv().getOrDefault("DB_USER", "postgres"),
                "DB_PASSWORD",
                System.getenv().getOrDefault("DB_PASSWORD", ""));
        List<String> pgArgs = List.of("--factorline.demo-data=false", "--factorline.jobs.enabled=false");
        StartupProbe.Reading pg = StartupProbe.run("PostgreSQL", plain, pgEnv, dir.resolve("pg"), pgArgs);
        addStartup(results, "PostgreSQL, this book, jobs off", pg);
        if (dist == null) {
            return;
        }
        StartupProbe.Reading cdsH2Again =
                StartupProbe.run("H2 again, CDS", dist, Map.of(), dir.resolve("cds-h2"), List.of());
        addStartup(results, "embedded H2, restart, class data sharing", cdsH2Again);
        StartupProbe.Reading cdsPg = StartupProbe.run("PostgreSQL, CDS", dist, pgEnv, dir.resolve("cds-pg"), pgArgs);
        addStartup(results, "PostgreSQL, this book, jobs off, class data sharing", cdsPg);
    }

    /** The REST API under a real load tool ({@code wrk}), against the application in a process of its own. */
    void measureApi(Results results, String url) throws Exception {
        Client client = fixtures.activeClient(TestSupport.standardTerms(first.minusDays(30)));
        UUID agreement = jdbc.sql("select id from agreement where client_id = :c order by version desc")
                .param("c", client.id().value())
                .query(UUID.class)
                .list()
                .get(0);
        UUID debtor = fixtures.debtor().id().value();
        String token = fixtures.token(null, Role.ACCOUNT_MANAGER);
        new ApiLoadBench(jdbc, dataSource, small)
                .measure(
                        results,
                        url,
                        client.id().value(),
                        agreement,
                        debtor,
                        token,
                        LocalDate.now(java.time.Clock.systemUTC()).minusDays(2));
    }

    void addStartup(Results results, String on, StartupProbe.Reading r) {
        Timing start = new Timing(List.of(r.healthSeconds() * 1000));
        results.add(new Results.Row(
                "Start-up to health UP (" + on + ")",
                "Spring's own figure " + r.startSeconds() + " s; " + r.how(),
                start,
                null,
                "≤ 10,000 ms",
                r.healthSeconds() <= 10));
        Timing heap = new Timing(List.of((double) r.idleHeapMb()));
        results.add(new Results.Row(
                "Idle heap after a full GC (" + on + ")",
                "MB (not ms), jcmd GC.heap_info, 10 s after start",
                heap,
                null,
                "≤ 256 MB",
                r.idleHeapMb() >= 0 && r.idleHeapMb() <= 256));
    }

    long count(String table) {
        return jdbc.sql("select count(*) from " + table).query(Long.class).single();
    }
}
