package org.factorline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.factorline.identity.AuditChain;
import org.factorline.ledger.InvariantReport;
import org.factorline.ledger.LedgerInvariants;
import org.factorline.support.FactorlineTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** {@code java -jar factorline.jar check-ledger}: what it prints and the exit code an operator scripts on. */
@FactorlineTest
class CommandLineTest {

    @Autowired
    LedgerInvariants invariants;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    @Test
    void checkLedgerPrintsEveryRuleAndExitsZeroWhenTheyHold() {
        int exit = CommandLine.checkLedger(invariants, out);
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .contains("ok     every entry balances and has at least two postings")
                .contains("ok     the trial balance is zero in every currency")
                .contains("All invariants hold.");
        assertThat(exit).isZero();
    }

    @Test
    void aBrokenRuleIsPrintedWithWhatBreaksItAndExitsOne() {
        InvariantReport broken = new InvariantReport(
                Instant.parse("2026-03-02T14:00:00Z"),
                2,
                3,
                List.of(
                        new InvariantReport.Rule("the trial balance is zero in every currency", List.of()),
                        new InvariantReport.Rule(
                                "every entry balances and has at least two postings",
                                List.of("JE-000002 has 1 posting(s); an entry needs at least two"))));
        int exit = CommandLine.print(broken, out);
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .contains("BROKEN every entry balances")
                .contains("JE-000002 has 1 posting(s)")
                .contains("1 violation(s).");
        assertThat(exit).isEqualTo(1);
    }

    @Test
    void onlyKnownCommandsLeaveTheServerPath() {
        assertThat(CommandLine.isCommand(new String[] {"check-ledger"})).isTrue();
        assertThat(CommandLine.isCommand(new String[] {"help"})).isTrue();
        assertThat(CommandLine.isCommand(new String[] {"--server.port=9000"})).isFalse();
        assertThat(CommandLine.isCommand(new String[] {})).isFalse();
    }

    @Autowired
    org.factorline.payouts.PayoutFileSealing sealing;

    @Test
    void sealPayoutFilesSaysWhatItFoundAndIsACommand() {
        int exit = CommandLine.sealPayoutFiles(sealing, out);
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .containsPattern("Payout files: \\d+ in all, \\d+ sealed now, \\d+ sealed already\\.");
        assertThat(exit).isZero();
        assertThat(CommandLine.isCommand(new String[] {"seal-payout-files"})).isTrue();
    }

    @Autowired
    AuditChain chain;

    @Test
    void verifyAuditPrintsTheHeadAndExitsZeroWhenTheChainIsIntact() {
        int exit = CommandLine.print(chain.verifyAsSystem(), out);
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .contains("Audit chain check at")
                .containsPattern("Intact. Head: position \\d+, hash [0-9a-f]{64}");
        assertThat(exit).isZero();
        assertThat(CommandLine.isCommand(new String[] {"verify-audit"})).isTrue();
    }

    @Test
    void aBrokenChainPrintsTheFirstBrokenLineAndExitsOne() {
        UUID line = UUID.randomUUID();
        AuditChain.Verification broken = new AuditChain.Verification(
                Instant.parse("2026-03-02T14:00:00Z"),
                6,
                0,
                9,
                "ab",
                new AuditChain.Break(7, line, "its fields no longer match its hash"),
                0);
        int exit = CommandLine.print(broken, out);
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .contains("BROKEN at position 7 (audit line " + line + "): its fields no longer match its hash");
        assertThat(exit).isEqualTo(1);
    }
}
