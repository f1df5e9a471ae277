package org.factorline.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.factorline.receipts.BankFileFormat;
import org.factorline.receipts.BankFiles;
import org.factorline.receipts.BankStatement;
import org.factorline.receipts.BankTransaction;
import org.factorline.shared.Money;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The simulated bank writes files the real readers accept, with every credit, amount, reference and
 * remittance intact — seeded, so a failing seed can be replayed.
 */
class SimulatedBankTest {

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 20260302})
    void bai2AndCamt053AreReadBackAsWritten(long seed) {
        Random random = new Random(seed);
        List<SimulatedBank.Credit> credits = new ArrayList<>();
        int n = 1 + random.nextInt(40);
        for (int i = 0; i < n; i++) {
            credits.add(new SimulatedBank.Credit(
                    "Simulated Debtor " + i + " Inc",
                    Money.ofMinor(1 + random.nextInt(5_000_000), Money.USD),
                    String.format("SIM%08d", i + 1),
                    (i % 3 == 0 ? "SHORT PAY DAMAGED GOODS INV " : "INV ") + "C001-" + (1000 + i)));
        }
        LocalDate day = LocalDate.of(2026, 3, 2).plusDays(random.nextInt(300));
        Money total = credits.stream()
                .map(SimulatedBank.Credit::amount)
                .reduce(Money::plus)
                .orElseThrow();

        for (boolean camt : List.of(false, true)) {
            byte[] file = camt ? SimulatedBank.camt053(day, 7, credits) : SimulatedBank.bai2(day, 7, credits);
            BankStatement read = BankFiles.read(file, camt ? "sim.xml" : "sim.bai", null);
            assertThat(read.format()).isEqualTo(camt ? BankFileFormat.CAMT053 : BankFileFormat.BAI2);
            List<BankTransaction> in = read.transactions();
            assertThat(in).as("seed " + seed).hasSize(n);
            assertThat(in.stream()
                            .map(BankTransaction::amount)
                            .reduce(Money::plus)
                            .orElseThrow())
                    .isEqualTo(total);
            for (int i = 0; i < n; i++) {
                assertThat(in.get(i).isCredit()).isTrue();
                assertThat(in.get(i).bankReference()).isEqualTo(credits.get(i).reference());
                assertThat(in.get(i).amount()).isEqualTo(credits.get(i).amount());
            }
            assertThat(file)
                    .as("the same day and credits give the same bytes")
                    .isEqualTo(camt ? SimulatedBank.camt053(day, 7, credits) : SimulatedBank.bai2(day, 7, credits));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 9, 15, 300})
    void everyBehaviourOfTheMixShowsUpWhileThereIsRoom(int debtors) {
        List<Behaviour> assigned = BehaviourMix.standard().assign(debtors, new Random(debtors));
        assertThat(assigned).hasSize(debtors);
        if (debtors >= Behaviour.values().length) {
            assertThat(assigned).contains(Behaviour.values());
        }
        assertThat(BehaviourMix.parse(BehaviourMix.standard().option())).isEqualTo(BehaviourMix.standard());
    }
}
