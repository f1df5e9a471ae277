package org.factorline.receipts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The matching engine on a labelled, noisy book (see docs/BENCHMARKS.md): no payment may be applied to
 * a wrong invoice or for a wrong amount. The figures are printed with the seed; rerun one with
 * {@code ./mvnw test -Dtest=MatchingBenchmarkTest -Dfactorline.seed=N}.
 */
class MatchingBenchmarkTest {

    static final long PUBLISHED_SEED = 20260114L;
    static final int OPEN_INVOICES = 3000;
    static final int PAYMENTS = 2000;

    @Test
    void noPaymentIsAppliedAutomaticallyToAWrongInvoiceOrForAWrongAmount() {
        long seed = Long.getLong("factorline.seed", PUBLISHED_SEED);
        MatchingBenchmark.Figures f = MatchingBenchmark.run(seed, OPEN_INVOICES, PAYMENTS);
        System.out.print(MatchingBenchmark.report(f));
        List<String> wrong = f.results().stream()
                .filter(r -> r.outcome() != MatchingBenchmark.Outcome.REVIEW
                        && (r.outcome() == MatchingBenchmark.Outcome.AUTO_WRONG
                                || !r.payment().kind().placeable))
                .map(MatchingBenchmarkTest::describe)
                .toList();
        wrong.forEach(System.out::print);
        // -Dfactorline.show=TEXT prints the placeable payments left for review whose reason contains TEXT
        String show = System.getProperty("factorline.show");
        if (Boolean.getBoolean("factorline.doubts")) {
            java.util.Map<String, Integer> doubts = new java.util.TreeMap<>();
            f.results().stream()
                    .filter(r -> r.outcome() == MatchingBenchmark.Outcome.REVIEW
                            && r.payment().kind().placeable)
                    .forEach(r -> {
                        String why = r.proposals().isEmpty()
                                ? "none"
                                : r.proposals().get(0).reason();
                        String last = why.substring(why.lastIndexOf(';') + 1).replaceAll("[0-9A-Z/-]{3,}", "N");
                        doubts.merge(r.payment().kind() + " | " + (r.truthCut() ? "CUT " : "") + last, 1, Integer::sum);
                    });
            doubts.forEach((k, v) -> System.out.printf("%5d %s%n", v, k));
        }
        if (show != null) {
            f.results().stream()
                    .filter(r -> r.outcome() == MatchingBenchmark.Outcome.REVIEW
                            && r.payment().kind().placeable
                            && MatchingBenchmark.reviewReason(r).contains(show))
                    .limit(40)
                    .map(MatchingBenchmarkTest::describe)
                    .forEach(System.out::print);
        }
        assertThat(wrong)
                .as("payments applied automatically to a wrong invoice or for a wrong amount")
                .isEmpty();
        assertThat(f.autoWrong()).isZero();
        assertThat(f.unplaceableLeft()).isEqualTo(f.unplaceable());
    }

    /**
     * The same over many seeds, when asked for: {@code -Dfactorline.seeds=1-20}. Prints each seed's figures
     * and the mean and lowest automatic rate; fails on any wrong automatic application in any of them.
     */
    @Test
    void noPaymentIsAppliedWronglyOverManySeeds() {
        String range = System.getProperty("factorline.seeds");
        Assumptions.assumeTrue(range != null, "run with -Dfactorline.seeds=FIRST-LAST");
        String[] ends = range.split("-");
        long first = Long.parseLong(ends[0].strip());
        long last = ends.length > 1 ? Long.parseLong(ends[1].strip()) : first;
        double sum = 0;
        double min = 100;
        int wrong = 0;
        int payments = 0;
        List<String> described = new java.util.ArrayList<>();
        for (long seed = first; seed <= last; seed++) {
            MatchingBenchmark.Figures f = MatchingBenchmark.run(seed, OPEN_INVOICES, PAYMENTS);
            System.out.printf(
                    "  seed %d: auto %.1f%%, wrong %d, review %d, payer recognised %.1f%%%n",
                    seed,
                    f.autoRate(),
                    f.autoWrong(),
                    f.review(),
                    MatchingBenchmark.Figures.share(f.payerRecognised(), f.payments()));
            sum += f.autoRate();
            min = Math.min(min, f.autoRate());
            wrong += f.autoWrong();
            payments += f.payments();
            f.results().stream()
                    .filter(r -> r.outcome() == MatchingBenchmark.Outcome.AUTO_WRONG
                            || (r.outcome() != MatchingBenchmark.Outcome.REVIEW
                                    && !r.payment().kind().placeable))
                    .forEach(r -> described.add("seed " + f.seed() + describe(r)));
        }
        long seeds = last - first + 1;
        System.out.printf(
                "MatchingBenchmark seeds %d-%d (%d payments): auto mean %.1f%%, lowest %.1f%%; wrong %d%n",
                first, last, payments, sum / seeds, min, wrong);
        described.forEach(System.out::print);
        assertThat(described).as("payments applied wrongly over the seeds").isEmpty();
    }

    static String describe(MatchingBenchmark.Result r) {
        var p = r.payment();
        StringBuilder b = new StringBuilder();
        b.append(String.format(
                "  #%d %s %s %s payer=%s ref=%s text=%s%n",
                p.n(),
                p.kind(),
                p.channel(),
                MatchingBenchmarkPayments.dollars(p.cents()),
                p.payerName(),
                p.customerReference(),
                p.remittance() == null ? null : p.remittance().replace('\n', '|')));
        b.append("     truth ")
                .append(p.truth())
                .append(" forms ")
                .append(p.forms())
                .append('\n');
        for (Matcher.Proposal x : r.proposals()) {
            b.append(String.format(
                    "     -> %s %s %s %s%n", x.candidate().number(), x.amount(), x.confidence(), x.reason()));
        }
        return b.toString();
    }
}
