package org.factorline.receipts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
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
        MatchingBenchmark.Runs runs = MatchingBenchmark.run(seed, OPEN_INVOICES, PAYMENTS);
        MatchingBenchmark.Figures f = runs.today();
        System.out.print(MatchingBenchmark.report(f, runs.keyedUncut()));
        List<String> wrong = f.results().stream()
                .filter(r -> r.outcome() != MatchingBenchmark.Outcome.REVIEW
                        && (r.outcome() == MatchingBenchmark.Outcome.AUTO_WRONG
                                || !r.payment().kind().placeable))
                .map(MatchingBenchmarkTest::describe)
                .toList();
        wrong.forEach(System.out::print);
        assertThat(wrong)
                .as("payments applied automatically to a wrong invoice or for a wrong amount")
                .isEmpty();
        assertThat(f.autoWrong()).isZero();
        assertThat(f.unplaceableLeft()).isEqualTo(f.unplaceable());
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
