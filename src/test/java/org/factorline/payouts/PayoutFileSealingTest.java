package org.factorline.payouts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.factorline.clients.Client;
import org.factorline.identity.Actor;
import org.factorline.identity.AuditLog;
import org.factorline.ledger.Ledger;
import org.factorline.pricing.PayoutMethod;
import org.factorline.shared.MutableClock;
import org.factorline.shared.SecretBox;
import org.factorline.support.FactorlineTest;
import org.factorline.support.TestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Payout files released before files were sealed hold every whole account number in clear; the operator's
 * {@code seal-payout-files} seals them in place. Here such a file is made as it was then (its clear bytes put
 * back in the row), the tool is run, and the file is sealed, served as before, audited, and left alone by a
 * second run.
 */
@FactorlineTest
class PayoutFileSealingTest {

    /** The account number every test client's payout account has. */
    static final String ACCOUNT = "000123456789";

    @Autowired
    Payouts payouts;

    @Autowired
    PayoutFileSealing sealing;

    @Autowired
    Ledger ledger;

    @Autowired
    AuditLog audit;

    @Autowired
    TestSupport.Fixtures fixtures;

    @Autowired
    MutableClock clock;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    JdbcClient jdbc;

    byte[] stored(PayoutFile file) {
        return jdbc.sql("select content from payout_file where id = ?")
                .param(file.id().value())
                .query((rs, n) -> rs.getBytes(1))
                .single();
    }

    PayoutFile released(Owed owed, Actor creator, Actor releaser) {
        Client client = fixtures.activeClient();
        Payout p = owed.payout(creator, client, "1234.00", PayoutMethod.ACH);
        return TestSupport.as(releaser, () -> payouts.release(PayoutMethod.ACH, List.of(p.id())));
    }

    @Test
    void aFileReleasedInClearIsSealedInPlaceStillServedAuditedAndASecondRunChangesNothing() throws Exception {
        Owed owed = new Owed(transactions, ledger, payouts, clock);
        Actor alice = Owed.officer("alice");
        Actor bob = Owed.officer("bob");
        PayoutFile old = released(owed, alice, bob);
        PayoutFile recent = released(owed, alice, bob);
        byte[] clear = TestSupport.as(bob, () -> payouts.content(old.id()));
        // as files were stored before sealing: the whole file in clear
        jdbc.sql("update payout_file set content = ? where id = ?")
                .params(clear, old.id().value())
                .update();
        assertThat(new String(stored(old), StandardCharsets.US_ASCII)).contains(ACCOUNT);
        byte[] recentBefore = stored(recent);
        assertThat(SecretBox.isSealed(recentBefore)).isTrue();

        PayoutFileSealing.Result first = sealing.sealAllAsSystem();

        byte[] sealed = stored(old);
        assertThat(SecretBox.isSealed(sealed)).as("the old file is sealed").isTrue();
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain(ACCOUNT);
        assertThat(HexFormat.of().formatHex(sealed))
                .doesNotContain(HexFormat.of().formatHex(ACCOUNT.getBytes(StandardCharsets.US_ASCII)));
        assertThat(TestSupport.as(bob, () -> payouts.content(old.id())))
                .as("served byte for byte as before")
                .isEqualTo(clear);
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(clear)))
                .isEqualTo(old.sha256());
        assertThat(stored(recent))
                .as("a file sealed at release is left as it is")
                .isEqualTo(recentBefore);
        assertThat(first.sealed()).isGreaterThanOrEqualTo(1);
        assertThat(first.files()).isEqualTo(first.sealed() + first.alreadySealed());
        assertThat(audit.forEntity("payout_file", old.id().value()))
                .extracting(AuditLog.Entry::action)
                .containsOnlyOnce("payout_file.sealed");
        assertThat(audit.forEntity("payout_file", recent.id().value()))
                .extracting(AuditLog.Entry::action)
                .doesNotContain("payout_file.sealed");

        PayoutFileSealing.Result second = sealing.sealAllAsSystem();

        // sealing again would draw a new nonce: the same bytes show it was not touched
        assertThat(stored(old)).as("a second run changes nothing").isEqualTo(sealed);
        assertThat(stored(recent)).isEqualTo(recentBefore);
        assertThat(second.sealed())
                .as("nothing left in clear after the first run")
                .isZero();
        assertThat(audit.forEntity("payout_file", old.id().value()))
                .extracting(AuditLog.Entry::action)
                .containsOnlyOnce("payout_file.sealed");
        assertThat(TestSupport.as(bob, () -> payouts.content(old.id()))).isEqualTo(clear);
    }
}
