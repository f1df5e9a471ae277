package org.factorline.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.function.BiFunction;
import org.factorline.identity.AuditChain;
import org.factorline.ledger.InvariantReport;
import org.factorline.ledger.LedgerInvariants;
import org.factorline.payouts.PayoutFileSealing;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Runs one command against the configured database without starting the web server, prints what it
 * found to standard output and returns the process exit code. The output of a command is what the
 * operator asked for, so it goes to standard output rather than to the log.
 */
public final class CommandLine {

    /** The commands, by name: each gets the application context and its arguments, and returns the exit code. */
    private static final Map<String, BiFunction<ConfigurableApplicationContext, String[], Integer>> COMMANDS = Map.of(
            "check-ledger", (ctx, args) -> checkLedger(ctx.getBean(LedgerInvariants.class), out()),
            "verify-audit", (ctx, args) -> print(ctx.getBean(AuditChain.class).verifyAsSystem(), out()),
            "seal-payout-files", (ctx, args) -> sealPayoutFiles(ctx.getBean(PayoutFileSealing.class), out()));

    /** The simulator builds its own application, on its own database and clock (see {@link SimulateCommand}). */
    static final String SIMULATE = "simulate";

    private CommandLine() {}

    public static boolean isCommand(String[] args) {
        return args.length > 0 && (COMMANDS.containsKey(args[0]) || SIMULATE.equals(args[0]) || "help".equals(args[0]));
    }

    /** Runs the command named by the first argument; the rest go to the command and to Spring. */
    public static int run(Class<?> application, String[] args) {
        if ("help".equals(args[0])) {
            out().println("Usage: java -jar factorline.jar [COMMAND]\n"
                    + "  (no command)   run the server\n"
                    + "  check-ledger   run the ledger invariant check; exit 1 if any rule is broken\n"
                    + "  verify-audit   walk the audit log's hash chain; exit 1 and print the first broken line\n"
                    + "  seal-payout-files\n"
                    + "                 seal in place the payout files released before files were sealed;\n"
                    + "                 a file already sealed is left as it is, so it is safe to run again\n"
                    + "  simulate       run the portfolio simulator (simulate --seed N --days D --out DIR);\n"
                    + "                 exit 1 if a check fails. See docs/SIMULATION.md\n"
                    + "The database comes from DB_URL, DB_USER and DB_PASSWORD, as for the server.");
            return 0;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        if (SIMULATE.equals(args[0])) {
            return SimulateCommand.run(application, rest, System.getenv(), out());
        }
        try (ConfigurableApplicationContext ctx = new SpringApplicationBuilder(application)
                .web(WebApplicationType.NONE)
                .properties("spring.main.banner-mode=off")
                // an argument, which outranks application.yml: a command never loads the demo book
                .run(withArgument(rest, "--factorline.demo-data=false"))) {
            return COMMANDS.get(args[0]).apply(ctx, rest);
        }
    }

    private static String[] withArgument(String[] args, String argument) {
        String[] all = Arrays.copyOf(args, args.length + 1);
        all[args.length] = argument;
        return all;
    }

    static int checkLedger(LedgerInvariants invariants, PrintStream out) {
        return print(invariants.checkAsSystem(), out);
    }

    /** Seals the payout files still in clear and says how many it found and sealed; 0 unless it failed. */
    static int sealPayoutFiles(PayoutFileSealing sealing, PrintStream out) {
        PayoutFileSealing.Result r = sealing.sealAllAsSystem();
        out.printf(
                "Payout files: %d in all, %d sealed now, %d sealed already.%n",
                r.files(), r.sealed(), r.alreadySealed());
        out.flush();
        return 0;
    }

    /** Prints every rule and what breaks it; 0 when all hold, 1 otherwise. */
    static int print(InvariantReport report, PrintStream out) {
        out.printf(
                "Ledger invariant check at %s: %d entries, %d postings%n",
                report.checkedAt(), report.entries(), report.postings());
        for (InvariantReport.Rule rule : report.rules()) {
            out.printf("  %-6s %s%n", rule.holds() ? "ok" : "BROKEN", rule.name());
            rule.violations().forEach(v -> out.printf("           %s%n", v));
        }
        out.println(report.holds() ? "All invariants hold." : report.violationCount() + " violation(s).");
        out.flush();
        return report.holds() ? 0 : 1;
    }

    /** Prints what the walk over the audit chain found; 0 when the chain is intact, 1 with the first break. */
    static int print(AuditChain.Verification v, PrintStream out) {
        out.printf(
                "Audit chain check at %s: %d chained lines, %d written before the chain began%n",
                v.checkedAt(), v.chainedRows(), v.unchainedRows());
        if (v.intact()) {
            out.printf("Intact. Head: position %d, hash %s%n", v.headPosition(), v.headHash());
        } else {
            AuditChain.Break b = v.broken();
            out.printf(
                    "BROKEN at position %d%s: %s%n",
                    b.position(), b.id() == null ? "" : " (audit line " + b.id() + ")", b.problem());
        }
        out.flush();
        return v.intact() ? 0 : 1;
    }

    private static PrintStream out() {
        return new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    }
}
