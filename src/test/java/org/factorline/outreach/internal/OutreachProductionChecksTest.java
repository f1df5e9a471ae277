package org.factorline.outreach.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalTime;
import org.factorline.outreach.ContactSettings;
import org.junit.jupiter.api.Test;

/** Production refuses to start with the demo link secret or the demo remit-to. */
class OutreachProductionChecksTest {

    static OutreachProperties props(String secret, String account) {
        return new OutreachProperties(
                "Acme Capital",
                "+1 555 0100",
                "ar@acme.example",
                "ar@acme.example",
                "AR team",
                new OutreachProperties.RemitTo(
                        "Acme Capital", "PO Box 1, Chicago, IL", "First Bank", "111000025", account),
                secret,
                30,
                LocalTime.of(9, 0),
                LocalTime.of(17, 0),
                6,
                "auto",
                ContactSettings.defaults());
    }

    @Test
    void theDemoRemitToAndTheDemoSecretAreRefused() {
        String secret = "a-real-secret-of-at-least-thirty-two-characters";
        assertThatThrownBy(() ->
                        OutreachConfiguration.productionChecks(props(secret, OutreachConfiguration.DEMO_REMIT_ACCOUNT)))
                .hasMessageContaining("remit-to");
        assertThatThrownBy(() ->
                        OutreachConfiguration.productionChecks(props(OutreachProperties.DEMO_LINK_SECRET, "99887766")))
                .hasMessageContaining("FACTORLINE_LINK_SECRET");
        assertThat(OutreachConfiguration.productionChecks(props(secret, "99887766")))
                .contains("passed");
    }
}
