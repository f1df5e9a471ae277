package org.factorline.outreach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A debtor link opens only when its token is exactly the one we signed, under our secret, before it expires. */
class LinkTokensTest {

    static final String SECRET = "a-test-secret-of-some-length";
    static final Instant NOW = Instant.parse("2026-03-02T14:00:00Z");
    static final UUID ID = UUID.fromString("0190f2a4-7c1e-7d3a-9b2e-5f6a7b8c9d0e");
    static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ ";

    final LinkTokens tokens = new LinkTokens(SECRET);

    @Test
    void aSignedTokenOpensItsLinkUntilItExpires() {
        Instant expires = NOW.plus(Duration.ofDays(30));
        String token = tokens.sign(ID, expires);

        assertThat(tokens.verify(token, NOW)).isEqualTo(new LinkTokens.Valid(ID, expires));
        assertThat(tokens.idOf(token, expires.minusSeconds(1))).contains(ID);
        assertThat(token).matches("[A-Za-z0-9_\\-]+\\.[A-Za-z0-9_\\-]+");
    }

    @Test
    void everySingleCharacterChangeOfATokenIsRefused() {
        String token = tokens.sign(ID, NOW.plus(Duration.ofDays(30)));
        int tried = 0;
        for (int i = 0; i < token.length(); i++) {
            for (char c : ALPHABET.toCharArray()) {
                if (c == token.charAt(i)) {
                    continue;
                }
                String changed = token.substring(0, i) + c + token.substring(i + 1);
                assertThat(tokens.verify(changed, NOW))
                        .as("position %d changed to '%s': %s", i, c, changed)
                        .isInstanceOf(LinkTokens.Invalid.class);
                tried++;
            }
        }
        assertThat(tried).isGreaterThan(token.length() * 60);
    }

    @Test
    void aSignatureThatOnlyDiffersInItsUnusedTrailingBitsIsRefused() {
        // 16 signature bytes take 22 base64 characters, the last of which carries 4 unused bits: a decoder
        // ignores them, so without a check several spellings of one signature would all be accepted.
        String token = tokens.sign(ID, NOW.plus(Duration.ofDays(30)));
        char last = token.charAt(token.length() - 1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int value = alphabet.indexOf(last);
        char sibling = alphabet.charAt(value ^ 1);
        String changed = token.substring(0, token.length() - 1) + sibling;

        assertThat(tokens.verify(changed, NOW)).isInstanceOf(LinkTokens.Invalid.class);
    }

    @Test
    void aTokenSignedWithAnotherSecretIsRefused() {
        String theirs = new LinkTokens("another-secret-entirely").sign(ID, NOW.plus(Duration.ofDays(30)));

        assertThat(tokens.verify(theirs, NOW))
                .isInstanceOfSatisfying(
                        LinkTokens.Invalid.class, i -> assertThat(i.why()).contains("signature"));
    }

    @Test
    void aTokenIsRefusedAtTheExactInstantItExpires() {
        Instant expires = NOW.plus(Duration.ofDays(1));
        String token = tokens.sign(ID, expires);

        assertThat(tokens.verify(token, expires.minusSeconds(1))).isInstanceOf(LinkTokens.Valid.class);
        assertThat(tokens.verify(token, expires))
                .isInstanceOfSatisfying(
                        LinkTokens.Invalid.class, i -> assertThat(i.why()).contains("expired"));
        assertThat(tokens.verify(token, expires.plusSeconds(1))).isInstanceOf(LinkTokens.Invalid.class);
        assertThat(tokens.idOf(token, expires)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                ".",
                "nodot",
                ".abc",
                "abc.",
                "abc.def",
                "!!!!.????",
                "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA",
                "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA.AAAA",
                "AAAA=.BBBB==",
                "ÄÖÜ.ßß",
                "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.\u0000\u0001"
            })
    void garbageIsRefusedWithoutAnException(String garbage) {
        assertThat(tokens.verify(garbage, NOW)).isInstanceOf(LinkTokens.Invalid.class);
        assertThat(tokens.idOf(garbage, NOW)).isEmpty();
    }

    @Test
    void nullAndVeryLongInputAreRefusedWithoutAnException() {
        String token = tokens.sign(ID, NOW.plus(Duration.ofDays(30)));

        assertThat(tokens.verify(null, NOW)).isInstanceOf(LinkTokens.Invalid.class);
        assertThat(tokens.verify(token + "A".repeat(100_000), NOW)).isInstanceOf(LinkTokens.Invalid.class);
        assertThat(tokens.verify("A".repeat(1_000_000) + "." + "B".repeat(1_000_000), NOW))
                .isInstanceOf(LinkTokens.Invalid.class);
    }

    @Test
    void aShortSecretIsRefused() {
        assertThatThrownBy(() -> new LinkTokens("short")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LinkTokens(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theCheckCodeIsStableAndDiffersBySubjectAndSecret() {
        String code = tokens.checkCode("client|debtor|remit");

        assertThat(code).matches("[0-9A-F]{5}-[0-9A-F]{5}");
        assertThat(new LinkTokens(SECRET).checkCode("client|debtor|remit")).isEqualTo(code);
        assertThat(tokens.checkCode("client|debtor|remit2")).isNotEqualTo(code);
        assertThat(tokens.checkCode("client|other|remit")).isNotEqualTo(code);
        assertThat(new LinkTokens("another-secret-entirely").checkCode("client|debtor|remit"))
                .isNotEqualTo(code);
    }
}
