package org.factorline.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretBoxTest {

    private final SecretBox box = new SecretBox("a-test-data-key-of-enough-length");

    @ParameterizedTest
    @ValueSource(
            strings = {
                "000123456789",
                "",
                "Überweisung → 12345 ✓",
                "a much longer value, a much longer value, a much longer value, a much longer value"
            })
    void sealThenOpenGivesTheValueBack(String plain) {
        String sealed = box.seal(plain);
        assertThat(sealed).startsWith("v1:");
        if (plain.length() >= 4) {
            assertThat(sealed).doesNotContain(plain);
        }
        assertThat(box.open(sealed)).isEqualTo(plain);
    }

    @Test
    void everySealUsesAFreshNonce() {
        Set<String> sealed = new HashSet<>();
        Set<String> nonces = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            String s = box.seal("000123456789");
            sealed.add(s);
            nonces.add(Arrays.toString(Arrays.copyOf(Base64.getDecoder().decode(s.substring(3)), 12)));
        }
        assertThat(sealed).hasSize(100);
        assertThat(nonces).hasSize(100);
    }

    @Test
    void aTamperedValueIsRefused() {
        String sealed = box.seal("000123456789");
        byte[] raw = Base64.getDecoder().decode(sealed.substring(3));
        for (int position : new int[] {0, 11, 12, raw.length - 1}) {
            byte[] changed = raw.clone();
            changed[position] ^= 0x01;
            String tampered = "v1:" + Base64.getEncoder().encodeToString(changed);
            assertThatThrownBy(() -> box.open(tampered))
                    .as("byte %d flipped", position)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("tampered");
        }
        byte[] truncated = Arrays.copyOf(raw, raw.length - 1);
        assertThatThrownBy(() -> box.open("v1:" + Base64.getEncoder().encodeToString(truncated)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anotherKeyCannotOpenIt() {
        String sealed = box.seal("000123456789");
        assertThatThrownBy(() -> new SecretBox("another-data-key-of-enough-length").open(sealed))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("wrong data key");
        assertThat(new SecretBox("a-test-data-key-of-enough-length").open(sealed))
                .isEqualTo("000123456789");
    }

    @Test
    void refusesAShortKeyAndValuesItDidNotSeal() {
        assertThatThrownBy(() -> new SecretBox("short")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SecretBox(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> box.open("000123456789")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> box.open(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aWholeFileIsSealedMarkedAndOpenedOnlyUntouchedWithTheSameKey() {
        byte[] file = "101 021000021 1234567890260302\n6220210000211234567890123 0000032109\n"
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(SecretBox.isSealed(file)).isFalse();
        byte[] sealed = box.sealBytes(file);
        assertThat(SecretBox.isSealed(sealed)).isTrue();
        assertThat(new String(sealed, java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain("1234567890123");
        assertThat(box.openBytes(sealed)).isEqualTo(file);
        assertThat(box.sealBytes(file)).isNotEqualTo(sealed); // a fresh nonce every time

        byte[] tampered = sealed.clone();
        tampered[tampered.length - 1] ^= 1;
        assertThatThrownBy(() -> box.openBytes(tampered)).hasMessageContaining("tampered");
        assertThatThrownBy(() -> new SecretBox("another-data-key-of-enough-length").openBytes(sealed))
                .hasMessageContaining("wrong data key");
        assertThatThrownBy(() -> box.openBytes(file)).hasMessageContaining("not sealed");
    }
}
