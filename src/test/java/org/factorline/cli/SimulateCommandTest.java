package org.factorline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.factorline.FactorlineApplication;
import org.factorline.simulation.PlantedBugs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar factorline.jar simulate}: a small book for 20 days on a fresh in-memory H2 keeps every
 * promise, writes real NACHA files and the same report.json byte for byte for the same seed; a planted bug
 * in the contact policy stops the run with the seed to replay it.
 */
class SimulateCommandTest {

    static final List<String> SMALL =
            List.of("--seed", "42", "--days", "20", "--clients", "3", "--debtors", "15", "--invoices-per-day", "4");

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    int simulate(Path dir, Class<?>... extra) {
        String[] args = Stream.concat(SMALL.stream(), Stream.of("--out", dir.toString()))
                .toArray(String[]::new);
        return SimulateCommand.run(FactorlineApplication.class, args, Map.of(), out, extra);
    }

    @Test
    void aSmallBookKeepsEveryPromiseAndTheSameSeedGivesTheSameReport(@TempDir Path dir) throws Exception {
        int first = simulate(dir.resolve("a"));
        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertThat(first).as(printed).isZero();
        int second = simulate(dir.resolve("b"));
        assertThat(second).as(bytes.toString(StandardCharsets.UTF_8)).isZero();

        byte[] a = Files.readAllBytes(dir.resolve("a/report.json"));
        byte[] b = Files.readAllBytes(dir.resolve("b/report.json"));
        String report = new String(a, StandardCharsets.UTF_8);
        System.out.println(report);
        assertThat(b)
                .as("the same seed and options give the same report, byte for byte")
                .isEqualTo(a);
        assertThat(report)
                .contains("\"days\": 20,")
                .contains("\"invariant_violations\": 0,")
                .contains("\"contact_policy_violations\": 0,")
                .contains("\"other_violations\": 0,")
                .doesNotContain("_ms\"");
        for (String key : List.of(
                "invoices",
                "funded_total",
                "collected_total",
                "fees_total",
                "rebates_total",
                "chargebacks_total",
                "debtor_contacts",
                "max_contacts_per_mailbox_per_week")) {
            assertThat(report).contains("\"" + key + "\": ");
        }
        assertThat(Files.readString(dir.resolve("a/timings.json"))).contains("\"ms_per_day\"");
        // the same figures as a page with charts, also the same bytes for the same seed
        byte[] pageA = Files.readAllBytes(dir.resolve("a/report.html"));
        assertThat(Files.readAllBytes(dir.resolve("b/report.html"))).isEqualTo(pageA);
        String page = new String(pageA, StandardCharsets.UTF_8);
        assertThat(page)
                .startsWith("<!DOCTYPE html>")
                .contains("no violations")
                .contains("<svg role=\"img\"")
                .contains("advanced to clients")
                .contains("most to one mailbox in 7 days")
                .doesNotContain("<script");
        assertThat(page.split("<polyline", -1)).hasSize(8); // 3 + 2 + 2 lines
        String debtorContacts = report.replaceAll("(?s).*\"debtor_contacts\": (\\d+),.*", "$1");
        assertThat(page).contains("<td>debtor_contacts</td><td class=\"n\">" + debtorContacts + "</td>");
        // the payouts as real NACHA files: 94-character records, a file header first
        try (Stream<Path> files = Files.list(dir.resolve("a/payouts"))) {
            List<Path> ach = files.toList();
            assertThat(ach).isNotEmpty();
            String nacha = Files.readString(ach.get(0), StandardCharsets.US_ASCII);
            assertThat(nacha).startsWith("101");
            assertThat(nacha.lines()).allMatch(line -> line.length() == 94);
        }
    }

    @Test
    void aPlantedBugInTheContactPolicyStopsTheRunWithTheSeedToReplay(@TempDir Path dir) {
        int exit = simulate(dir, PlantedBugs.MailboxCapCountedPerClient.class);
        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(printed).isEqualTo(1);
        assertThat(printed)
                .contains("Simulation failed on day")
                .contains("mailbox ap")
                .contains("Replay: java -jar factorline.jar simulate --seed 42 --days 20 --clients 3 --debtors 15"
                        + " --invoices-per-day 4 --out DIR");
    }

    /**
     * A long run on demand, not in the normal suite: {@code -Dsimulation.long=true}, sized by
     * {@code -Dsimulation.seed/days/clients/debtors/invoices-per-day} (default: the reference book,
     * 120 days, 20 clients, 300 debtors). Writes to {@code target/simulation}.
     */
    @Test
    @EnabledIfSystemProperty(named = "simulation.long", matches = "true")
    void aLongRunOnDemand() throws java.io.IOException {
        Path dir = Path.of("target/simulation");
        if (Files.isDirectory(dir)) {
            try (Stream<Path> old = Files.walk(dir)) {
                old.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
        String[] args = {
            "--seed", System.getProperty("simulation.seed", "1"),
            "--days", System.getProperty("simulation.days", "120"),
            "--clients", System.getProperty("simulation.clients", "20"),
            "--debtors", System.getProperty("simulation.debtors", "300"),
            "--invoices-per-day", System.getProperty("simulation.invoices-per-day", "40"),
            "--out", dir.toString()
        };
        PrintStream console = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true);
        int exit = SimulateCommand.run(FactorlineApplication.class, args, System.getenv(), console);
        assertThat(exit).isZero();
    }

    /**
     * A database named by {@code DB_URL} must be empty: the simulation writes clients, debtors, invoices,
     * payouts and mail of its own, and a run against a database with a book in it (a production one, say)
     * is refused before it writes anything.
     */
    @Test
    void aDatabaseThatAlreadyHoldsABookIsRefused(@TempDir Path dir) throws Exception {
        Map<String, String> env = Map.of(
                "DB_URL",
                "jdbc:h2:mem:simulate-named-" + java.util.UUID.randomUUID()
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
                "DB_USER",
                "sa",
                "DB_PASSWORD",
                "");
        List<String> oneDay =
                List.of("--seed", "7", "--days", "1", "--clients", "1", "--debtors", "2", "--invoices-per-day", "1");
        String[] first = Stream.concat(
                        oneDay.stream(), Stream.of("--out", dir.resolve("a").toString()))
                .toArray(String[]::new);
        assertThat(SimulateCommand.run(FactorlineApplication.class, first, env, out))
                .as(bytes.toString(StandardCharsets.UTF_8))
                .isZero();
        bytes.reset();

        String[] again = Stream.concat(
                        oneDay.stream(), Stream.of("--out", dir.resolve("b").toString()))
                .toArray(String[]::new);
        assertThat(SimulateCommand.run(FactorlineApplication.class, again, env, out))
                .isEqualTo(2);
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .contains("already holds 1 client, 2 debtors")
                .contains("needs an empty database");
        assertThat(dir.resolve("b").resolve("report.json")).doesNotExist();
    }

    @Test
    void badArgumentsExitTwoWithTheUsage(@TempDir Path dir) {
        int exit = SimulateCommand.run(
                FactorlineApplication.class, new String[] {"--seed", "1", "--out", dir.toString()}, Map.of(), out);
        assertThat(exit).isEqualTo(2);
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .contains("--days is required")
                .contains("Usage:");
    }

    @Test
    void anOutputDirectoryWithAnEarlierRunsPayoutFilesIsRefused(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("payouts"));
        Files.writeString(dir.resolve("payouts/P-OLD.ach"), "101");
        assertThat(simulate(dir)).isEqualTo(2);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("use a new --out directory");
    }
}
