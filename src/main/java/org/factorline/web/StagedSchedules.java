package org.factorline.web;

import jakarta.servlet.http.HttpSession;
import java.io.Serial;
import java.io.Serializable;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.web.util.WebUtils;

/**
 * Schedule files that were checked and shown to the client, kept in its session until it submits one:
 * what is imported is then byte for byte the file that was previewed (its SHA-256 travels with the submit
 * button and must match). Claiming a file takes it out, so a double click or a second tab imports it once;
 * the reference of the schedule it became is remembered to say so. A few files per session, each bounded.
 */
final class StagedSchedules implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    static final String ATTRIBUTE = StagedSchedules.class.getName();
    /** The largest file the portal checks and keeps; larger schedules go through the API. */
    static final int MAX_BYTES = 5 * 1024 * 1024;
    /** Files kept per session waiting for their submit; the oldest gives way. */
    static final int MAX_STAGED = 3;

    static final int MAX_REMEMBERED = 20;

    record Staged(UUID upload, UUID userId, UUID clientId, String fileName, byte[] content, String sha256, Instant at)
            implements Serializable {}

    enum Outcome {
        CLAIMED,
        ALREADY_IMPORTED,
        CHANGED,
        UNKNOWN
    }

    record Claim(Outcome outcome, Staged staged, String fileName, String scheduleReference) {}

    private final Map<UUID, Staged> waiting = new LinkedHashMap<>();
    private final Map<UUID, String> imported = new LinkedHashMap<>();

    /** The session's files, created on first use; the session's mutex guards that first use. */
    static StagedSchedules of(HttpSession session) {
        synchronized (WebUtils.getSessionMutex(session)) {
            Object found = session.getAttribute(ATTRIBUTE);
            if (found instanceof StagedSchedules s) {
                return s;
            }
            StagedSchedules s = new StagedSchedules();
            session.setAttribute(ATTRIBUTE, s);
            return s;
        }
    }

    synchronized Staged stage(UUID userId, UUID clientId, String fileName, byte[] content, Instant at) {
        while (waiting.size() >= MAX_STAGED) {
            waiting.remove(waiting.keySet().iterator().next());
        }
        Staged s = new Staged(UUID.randomUUID(), userId, clientId, fileName, content.clone(), sha256(content), at);
        waiting.put(s.upload(), s);
        return s;
    }

    /**
     * Takes the file out to import it, if it is this user's and client's and its content is what the
     * preview showed. Only one caller ever gets {@link Outcome#CLAIMED} for a file.
     */
    synchronized Claim claim(UUID upload, String sha256, UUID userId, UUID clientId) {
        if (upload == null) {
            return new Claim(Outcome.UNKNOWN, null, null, null);
        }
        String done = imported.get(upload);
        if (done != null) {
            return new Claim(Outcome.ALREADY_IMPORTED, null, null, done);
        }
        Staged s = waiting.get(upload);
        if (s == null || !s.userId().equals(userId) || !s.clientId().equals(clientId)) {
            return new Claim(Outcome.UNKNOWN, null, null, null);
        }
        if (sha256 == null
                || !MessageDigest.isEqual(
                        s.sha256().getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                        sha256.strip()
                                .toLowerCase(java.util.Locale.ROOT)
                                .getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                || !s.sha256().equals(sha256(s.content()))) {
            return new Claim(Outcome.CHANGED, null, s.fileName(), null);
        }
        waiting.remove(upload);
        imported.put(upload, ""); // being imported: a second click meanwhile is told so, not run again
        return new Claim(Outcome.CLAIMED, s, s.fileName(), null);
    }

    /** A claimed file whose import was refused: nothing was imported, and it must be uploaded again. */
    synchronized void refused(Staged s) {
        imported.remove(s.upload());
    }

    /** Remembers what a claimed file became, so submitting it again says so instead of failing. */
    synchronized void imported(Staged s, String scheduleReference) {
        while (imported.size() >= MAX_REMEMBERED) {
            imported.remove(imported.keySet().iterator().next());
        }
        imported.put(s.upload(), scheduleReference);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
