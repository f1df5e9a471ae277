package org.factorline.outreach;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tokens of signed debtor links: the link's id and its expiry, then an HMAC-SHA256 of both under the
 * factor's link secret. A token whose bytes were changed, whose signature was made with another secret,
 * or whose time has passed opens nothing. What a link may show is stored with its id, never in the token.
 */
public final class LinkTokens {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private final SecretKeySpec key;

    public LinkTokens(String secret) {
        if (secret == null || secret.length() < 16) {
            throw new IllegalArgumentException("the link secret must be at least 16 characters");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    public String sign(UUID id, Instant expires) {
        ByteBuffer b = ByteBuffer.allocate(24);
        b.putLong(id.getMostSignificantBits())
                .putLong(id.getLeastSignificantBits())
                .putLong(expires.getEpochSecond());
        String body = B64.encodeToString(b.array());
        return body + "." + B64.encodeToString(mac(body));
    }

    /** Why a token opens nothing, or the link id it carries. */
    public sealed interface Verdict {}

    public record Valid(UUID id, Instant expires) implements Verdict {}

    public record Invalid(String why) implements Verdict {}

    public Verdict verify(String token, Instant now) {
        if (token == null || token.length() > 100) {
            return new Invalid("not a link token");
        }
        int dot = token.indexOf('.');
        if (dot <= 0) {
            return new Invalid("not a link token");
        }
        String body = token.substring(0, dot);
        String signature = token.substring(dot + 1);
        byte[] given;
        byte[] raw;
        try {
            given = B64D.decode(signature);
            raw = B64D.decode(body);
        } catch (IllegalArgumentException e) {
            return new Invalid("not a link token");
        }
        // The decoder ignores the unused low bits of the signature's last character: only our own spelling of
        // the signature counts, so that no changed character of a token opens the link.
        if (raw.length != 24
                || !signature.equals(B64.encodeToString(given))
                || !MessageDigest.isEqual(given, mac(body))) {
            return new Invalid("the link's signature does not match: it was changed or is not ours");
        }
        ByteBuffer b = ByteBuffer.wrap(raw);
        UUID id = new UUID(b.getLong(), b.getLong());
        Instant expires = Instant.ofEpochSecond(b.getLong());
        if (!now.isBefore(expires)) {
            return new Invalid("the link expired on " + expires);
        }
        return new Valid(id, expires);
    }

    public Optional<UUID> idOf(String token, Instant now) {
        return verify(token, now) instanceof Valid v ? Optional.of(v.id()) : Optional.empty();
    }

    /** A short code printed on a notice so the debtor can check on our site that it is genuine. */
    public String checkCode(String subject) {
        byte[] m = mac("check:" + subject);
        String hex = java.util.HexFormat.of().formatHex(m, 0, 5).toUpperCase(java.util.Locale.ROOT);
        return hex.substring(0, 5) + "-" + hex.substring(5);
    }

    private byte[] mac(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] full = mac.doFinal(body.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[16];
            System.arraycopy(full, 0, out, 0, 16);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
