package org.factorline.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.factorline.shared.MutableClock;
import org.factorline.simulation.BehaviourMix;
import org.factorline.simulation.SimulationFailed;
import org.factorline.simulation.SimulationOptions;
import org.factorline.simulation.SimulationReport;
import org.factorline.simulation.Simulator;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code java -jar factorline.jar simulate --seed N --days D --out DIR [--clients C] [--debtors K]
 * [--invoices-per-day I] [--mix name=weight,...]}: runs the portfolio simulator on a database of its own — a
 * fresh in-memory H2 unless {@code DB_URL} names one (then it must be empty) — with its own movable clock as
 * the application's clock and mail captured, never sent. Writes {@code DIR/report.json} (no wall-clock
 * figures: the same options give the same bytes), {@code DIR/timings.json} and the payout files under
 * {@code DIR/payouts/}. Exit code 0 when every check held, 1 when one failed (the day, what broke and the
 * replay command are printed), 2 for bad arguments.
 */
final class SimulateCommand {

    static final String USAGE = "Usage: java -jar factorline.jar simulate --seed N --days D --out DIR"
            + " [--clients C] [--debtors K] [--invoices-per-day I] [--mix early=10,on-time=30,...]";

    /** The defaults for the book's size: small enough to run in a minute. */
    static final int DEFAULT_CLIENTS = 3;

    static final int DEFAULT_DEBTORS = 15;
    static final int DEFAULT_INVOICES_PER_DAY = 4;

    private SimulateCommand() {}

    /** The parsed command line. */
    record Arguments(SimulationOptions options, Path out) {}

    static Arguments parse(String[] args) {
        Map<String, String> given = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value, found \"" + a + "\"");
            }
            given.put(a.substring(2), args[++i]);
        }
        for (String required : List.of("seed", "days", "out")) {
            if (!given.containsKey(required)) {
                throw new IllegalArgumentException("--" + required + " is required");
            }
        }
        SimulationOptions options = new SimulationOptions(
                Long.parseLong(given.remove("seed")),
                Integer.parseInt(given.remove("days")),
                intOr(given.remove("clients"), DEFAULT_CLIENTS),
                intOr(given.remove("debtors"), DEFAULT_DEBTORS),
                intOr(given.remove("invoices-per-day"), DEFAULT_INVOICES_PER_DAY),
                given.containsKey("mix") ? BehaviourMix.parse(given.remove("mix")) : BehaviourMix.standard());
        Path out = Path.of(given.remove("out"));
        if (!given.isEmpty()) {
            throw new IllegalArgumentException("unknown option(s): --" + String.join(", --", given.keySet()));
        }
        return new Arguments(options, out);
    }

    private static int intOr(String value, int fallback) {
        return value == null ? fallback : Integer.parseInt(value);
    }

    /**
     * Runs the command. {@code env} is the process environment (for {@code DB_URL}); {@code extraSources} are
     * added to the application — tests use them to plant a fault.
     */
    static int run(
            Class<?> application, String[] args, Map<String, String> env, PrintStream out, Class<?>... extraSources) {
        Arguments parsed;
        try {
            parsed = parse(args);
        } catch (IllegalArgumentException e) {
            out.println("simulate: " + e.getMessage());
            out.println(USAGE);
            return 2;
        }
        SimulationOptions options = parsed.options();
        if (hasFiles(parsed.out().resolve("payouts"))) {
            // payout files of an earlier run would mix with this one's
            out.println(
                    "simulate: " + parsed.out() + " holds an earlier run's payout files; use a new --out directory");
            return 2;
        }
        MutableClock clock = new MutableClock(Instant.parse("2026-03-02T13:00:00Z"));
        // as arguments, which outrank application.yml (default properties do not): no demo book, no
        // scheduled jobs (the simulator runs them on its clock), and mail captured whatever is configured
        List<String> springArgs = new ArrayList<>(List.of(
                "--factorline.demo-data=false",
                "--factorline.jobs.enabled=false",
                "--factorline.outreach.mail-mode=capture",
                "--logging.level.org.factorline=WARN"));
        String database = env.get("DB_URL");
        if (database == null || database.isBlank()) {
            // a database of this run's own: never the demo database under ./data
            springArgs.add("--spring.datasource.url=jdbc:h2:mem:simulation-" + UUID.randomUUID()
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
            springArgs.add("--spring.datasource.username=sa");
            springArgs.add("--spring.datasource.password=");
        } else {
            // the database named, as the environment given names it
            springArgs.add("--spring.datasource.url=" + database);
            if (env.get("DB_USER") != null) {
                springArgs.add("--spring.datasource.username=" + env.get("DB_USER"));
            }
            if (env.get("DB_PASSWORD") != null) {
                springArgs.add("--spring.datasource.password=" + env.get("DB_PASSWORD"));
            }
        }
        List<Object> sources = new ArrayList<>(List.of(application));
        sources.addAll(List.of(extraSources));
        long started = System.nanoTime();
        List<Long> dayNanos = new ArrayList<>();
        try (ConfigurableApplicationContext ctx = new SpringApplicationBuilder(sources.toArray(Class<?>[]::new))
                .web(WebApplicationType.NONE)
                .properties("spring.main.banner-mode=off", "logging.level.root=WARN")
                .initializers(c -> c.getBeanFactory().registerSingleton("simulationClock", clock))
                .run(springArgs.toArray(String[]::new))) {
            long startup = System.nanoTime() - started;
            String held = heldAlready(ctx.getBean(org.springframework.jdbc.core.simple.JdbcClient.class));
            if (held != null) {
                // the simulation writes a book of its own, with clients, payouts and mail: never into real data
                out.println("simulate: the database at DB_URL (" + database + ") already holds " + held
                        + "; the simulation writes a book of its own and needs an empty database: create one for it");
                return 2;
            }
            Simulator simulator = ctx.getBean(Simulator.class);
            out.printf(
                    "Simulating %d days, seed %d: %d clients, %d debtors, %d invoices a day%n",
                    options.days(), options.seed(), options.clients(), options.debtors(), options.invoicesPerDay());
            SimulationReport report;
            int exit = 0;
            try {
                report = simulator.run(options, parsed.out(), (day, date, nanos) -> {
                    dayNanos.add(nanos);
                    if ((day + 1) % 30 == 0) {
                        out.printf("  day %d (%s) done%n", day + 1, date);
                    }
                });
            } catch (SimulationFailed failed) {
                report = failed.report();
                out.println(failed.getMessage());
                if (failed.getCause() != null) {
                    failed.getCause().printStackTrace(out);
                }
                exit = 1;
            }
            write(parsed.out().resolve("report.json"), report.json());
            write(parsed.out().resolve("report.html"), report.html());
            write(parsed.out().resolve("timings.json"), timings(startup, dayNanos));
            out.printf(
                    "%s: %s invoices, %s funded, %s debtor contacts, %s invariant and %s contact-policy violations;"
                            + " report in %s%n",
                    exit == 0 ? "Done" : "Stopped",
                    report.get("invoices"),
                    report.get("funded_total"),
                    report.get("debtor_contacts"),
                    report.get("invariant_violations"),
                    report.get("contact_policy_violations"),
                    parsed.out().resolve("report.json"));
            out.flush();
            return exit;
        }
    }

    /** What business data the database holds (clients, debtors, invoices), or null when it holds none. */
    static String heldAlready(org.springframework.jdbc.core.simple.JdbcClient jdbc) {
        long[] rows = {
            jdbc.sql("select count(*) from client").query(Long.class).single(),
            jdbc.sql("select count(*) from debtor").query(Long.class).single(),
            jdbc.sql("select count(*) from invoice").query(Long.class).single()
        };
        String[] what = {"client", "debtor", "invoice"};
        List<String> held = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] > 0) {
                held.add(rows[i] + " " + what[i] + (rows[i] == 1 ? "" : "s"));
            }
        }
        return held.isEmpty() ? null : String.join(", ", held);
    }

    /** Wall-clock figures, kept apart from the report so that the report stays reproducible. */
    static String timings(long startupNanos, List<Long> dayNanos) {
        long total = dayNanos.stream().mapToLong(Long::longValue).sum();
        long max = dayNanos.stream().mapToLong(Long::longValue).max().orElse(0);
        return "{\n"
                + "  \"measured_on\": \"" + LocalDate.now(java.time.Clock.systemUTC()) + "\",\n"
                + "  \"startup_ms\": " + startupNanos / 1_000_000 + ",\n"
                + "  \"days\": " + dayNanos.size() + ",\n"
                + "  \"simulation_ms\": " + total / 1_000_000 + ",\n"
                + "  \"ms_per_day\": " + (dayNanos.isEmpty() ? 0 : total / dayNanos.size() / 1_000_000) + ",\n"
                + "  \"slowest_day_ms\": " + max / 1_000_000 + "\n"
                + "}\n";
    }

    private static boolean hasFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (var files = Files.list(dir)) {
            return files.findAny().isPresent();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent() == null ? Path.of(".") : file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
