package org.factorline.simulation;

import java.util.ArrayList;
import java.util.List;

/**
 * What to simulate: the seed every random choice comes from, how many days, and the size and
 * behaviour of the book. Two runs with the same options make the same book and the same report.
 *
 * @param invoicesPerDay invoices the clients submit together on each business day
 */
public record SimulationOptions(long seed, int days, int clients, int debtors, int invoicesPerDay, BehaviourMix mix) {

    /** Bounds that keep a mistyped option from running for a week. */
    public static final int MAX_DAYS = 3_650;

    public static final int MAX_CLIENTS = 1_000;
    public static final int MAX_DEBTORS = 50_000;
    public static final int MAX_INVOICES_PER_DAY = 5_000;

    public SimulationOptions {
        require(days >= 1 && days <= MAX_DAYS, "--days", days, "1 to " + MAX_DAYS);
        require(clients >= 1 && clients <= MAX_CLIENTS, "--clients", clients, "1 to " + MAX_CLIENTS);
        require(debtors >= 1 && debtors <= MAX_DEBTORS, "--debtors", debtors, "1 to " + MAX_DEBTORS);
        require(
                invoicesPerDay >= 0 && invoicesPerDay <= MAX_INVOICES_PER_DAY,
                "--invoices-per-day",
                invoicesPerDay,
                "0 to " + MAX_INVOICES_PER_DAY);
        if (mix == null) {
            mix = BehaviourMix.standard();
        }
    }

    private static void require(boolean ok, String option, int value, String range) {
        if (!ok) {
            throw new IllegalArgumentException(option + " is " + value + "; it must be " + range);
        }
    }

    /** The arguments that run this simulation again, for the replay command. */
    public List<String> arguments() {
        List<String> a = new ArrayList<>(List.of(
                "--seed", Long.toString(seed),
                "--days", Integer.toString(days),
                "--clients", Integer.toString(clients),
                "--debtors", Integer.toString(debtors),
                "--invoices-per-day", Integer.toString(invoicesPerDay)));
        if (!mix.equals(BehaviourMix.standard())) {
            a.add("--mix");
            a.add(mix.option());
        }
        return a;
    }

    /** The command that replays this run exactly. */
    public String replayCommand() {
        return "java -jar factorline.jar simulate " + String.join(" ", arguments()) + " --out DIR";
    }
}
