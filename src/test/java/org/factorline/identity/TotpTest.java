package org.factorline.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TotpTest {

    static final byte[] RFC_SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    /** RFC 6238 appendix B, SHA-1 rows (8 digits), and their 6-digit tails. */
    @ParameterizedTest
    @CsvSource({
        "59, 94287082",
        "1111111109, 07081804",
        "1111111111, 14050471",
        "1234567890, 89005924",
        "2000000000, 69279037",
        "20000000000, 65353130"
    })
    void matchesTheRfcTestVectors(long epochSecond, String expected) {
        long step = Totp.step(Instant.ofEpochSecond(epochSecond));
        assertThat(Totp.code(RFC_SECRET, step, 8)).isEqualTo(expected);
        assertThat(Totp.code(RFC_SECRET, step)).isEqualTo(expected.substring(2));
    }

    @ParameterizedTest
    @CsvSource({
        "-30, true", // one step behind is still accepted
        "0, true",
        "29, true",
        "30, true", // one step ahead
        "-31, false",
        "60, false"
    })
    void acceptsOneStepOfDriftEitherWay(long offsetSeconds, boolean accepted) {
        Instant issued = Instant.parse("2026-03-02T14:00:00Z"); // on a step boundary
        String code = Totp.code(RFC_SECRET, Totp.step(issued));
        assertThat(Totp.matchingStep(RFC_SECRET, code, issued.plusSeconds(offsetSeconds))
                        .isPresent())
                .isEqualTo(accepted);
    }

    @ParameterizedTest
    @CsvSource(
            value = {"''", "12345", "1234567", "abcdef", "NULL"},
            nullValues = "NULL")
    void refusesWhatIsNotSixDigits(String code) {
        assertThat(Totp.matchingStep(RFC_SECRET, code, Instant.EPOCH)).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void base32RoundTripsAndTheUriNamesIssuerAndAccount() {
        byte[] secret = Totp.newSecret();
        assertThat(Totp.fromBase32(Totp.base32(secret))).isEqualTo(secret);
        assertThat(Totp.base32("12345678901234567890".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        assertThat(Totp.uri("Factorline", "pat@example.com", RFC_SECRET))
                .isEqualTo("otpauth://totp/Factorline:pat%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
                        + "&issuer=Factorline&algorithm=SHA1&digits=6&period=30");
    }
}
