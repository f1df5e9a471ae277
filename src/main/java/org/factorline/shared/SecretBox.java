package org.factorline.shared;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts sensitive values (bank account numbers) before they are stored: AES-256-GCM with a random
 * nonce, the key derived from the configured data key. Stored form: "v1:" + base64(nonce | ciphertext);
 * for whole files (a payout file holds every account number it pays), the bytes {@link #SEALED_BYTES}
 * followed by nonce | ciphertext.
 */
public final class SecretBox {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** Marks sealed bytes: a NUL first, which no bank file (NACHA or CSV text) ever starts with. */
    private static final byte[] SEALED_BYTES = {0, 'F', 'L', 'B', '1'};

    private final SecretKeySpec key;

    public SecretBox(String dataKey) {
        if (dataKey == null || dataKey.length() < 16) {
            throw new IllegalArgumentException("the data key must be at least 16 characters");
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(dataKey.getBytes(StandardCharsets.UTF_8));
            this.key = new SecretKeySpec(digest, "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public String seal(String plain) {
        try {
            byte[] nonce = new byte[12];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[nonce.length + sealed.length];
            System.arraycopy(nonce, 0, out, 0, nonce.length);
            System.arraycopy(sealed, 0, out, nonce.length, sealed.length);
            return "v1:" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    public String open(String stored) {
        if (stored == null || !stored.startsWith("v1:")) {
            throw new IllegalArgumentException("not a sealed value");
        }
        try {
            byte[] in = Base64.getDecoder().decode(stored.substring(3));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, in, 0, 12));
            return new String(cipher.doFinal(in, 12, in.length - 12), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("decryption failed: wrong data key or tampered value", e);
        }
    }

    /** Seals a whole file: {@link #SEALED_BYTES}, then a random nonce and the AES-GCM ciphertext. */
    public byte[] sealBytes(byte[] plain) {
        try {
            byte[] nonce = new byte[12];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            byte[] sealed = cipher.doFinal(plain);
            byte[] out = new byte[SEALED_BYTES.length + nonce.length + sealed.length];
            System.arraycopy(SEALED_BYTES, 0, out, 0, SEALED_BYTES.length);
            System.arraycopy(nonce, 0, out, SEALED_BYTES.length, nonce.length);
            System.arraycopy(sealed, 0, out, SEALED_BYTES.length + nonce.length, sealed.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    public static boolean isSealed(byte[] stored) {
        return stored != null
                && stored.length > SEALED_BYTES.length
                && Arrays.equals(stored, 0, SEALED_BYTES.length, SEALED_BYTES, 0, SEALED_BYTES.length);
    }

    public byte[] openBytes(byte[] stored) {
        if (!isSealed(stored)) {
            throw new IllegalArgumentException("not sealed bytes");
        }
        try {
            int at = SEALED_BYTES.length;
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, stored, at, 12));
            return cipher.doFinal(stored, at + 12, stored.length - at - 12);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("decryption failed: wrong data key or tampered value", e);
        }
    }
}
