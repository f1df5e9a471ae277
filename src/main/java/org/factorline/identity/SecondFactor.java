package org.factorline.identity;

import java.time.Clock;
import java.util.OptionalLong;
import java.util.UUID;
import org.factorline.shared.ErrorCode;
import org.factorline.shared.FactorlineException;
import org.factorline.shared.SecretBox;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The optional second factor: a code from an authenticator app (TOTP) asked for after the password. A
 * person enrols on their own profile page and proves the app works with one code before it counts. The
 * shared secret is stored with the data key at rest; each accepted code's time step is remembered, so a
 * code seen over someone's shoulder cannot be used again.
 */
@Service
public class SecondFactor {

    /** The session attribute that carries a sign-in waiting for its code (the user name). */
    public static final String PENDING_SIGN_IN = "factorline.pendingSecondFactor";

    public static final String ISSUER = "Factorline";

    /** How long a sign-in may wait for its code after the password was accepted. */
    public static final java.time.Duration PENDING_FOR = java.time.Duration.ofMinutes(5);

    /** A sign-in whose password was right and whose code is still due; kept in the session only. */
    public record PendingSignIn(UUID userId, String username, java.time.Instant since)
            implements java.io.Serializable {}

    /** What the profile page shows while enrolling: the secret to type in, or the URI to scan. */
    public record Enrolment(String secretBase32, String uri) {}

    private final JdbcClient jdbc;
    private final Clock clock;
    private final SecretBox secrets;
    private final AuditLog audit;
    private final UserAccounts users;

    SecondFactor(JdbcClient jdbc, Clock clock, SecretBox secrets, AuditLog audit, UserAccounts users) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.secrets = secrets;
        this.audit = audit;
        this.users = users;
    }

    /** Starts (or restarts) enrolment with a new secret; it counts only once confirmed with a code. */
    @Transactional
    public Enrolment start(UUID userId) {
        UserAccounts.UserView user = self(userId);
        byte[] secret = Totp.newSecret();
        jdbc.sql("update app_user set totp_pending = ? where id = ?")
                .params(secrets.seal(Totp.base32(secret)), userId)
                .update();
        return new Enrolment(Totp.base32(secret), Totp.uri(ISSUER, user.username(), secret));
    }

    /** The enrolment in progress, to show it again after a wrong code. */
    public java.util.Optional<Enrolment> pending(UUID userId) {
        UserAccounts.UserView user = self(userId);
        return jdbc.sql("select totp_pending from app_user where id = ? and totp_pending is not null")
                .param(userId)
                .query(String.class)
                .optional()
                .map(stored -> {
                    byte[] secret = Totp.fromBase32(secrets.open(stored));
                    return new Enrolment(Totp.base32(secret), Totp.uri(ISSUER, user.username(), secret));
                });
    }

    /** Turns the second factor on when the code matches the secret being enrolled. */
    @Transactional
    public void confirm(UUID userId, String code) {
        UserAccounts.UserView user = self(userId);
        String stored = jdbc.sql("select totp_pending from app_user where id = ? and totp_pending is not null")
                .param(userId)
                .query(String.class)
                .optional()
                .orElseThrow(() -> FactorlineException.invalid("code", null, "start the set-up first"));
        OptionalLong step = Totp.matchingStep(Totp.fromBase32(secrets.open(stored)), code, clock.instant());
        if (step.isEmpty()) {
            throw wrongCode();
        }
        jdbc.sql("update app_user set totp_secret = totp_pending, totp_pending = null, totp_last_step = ? where id = ?")
                .params(step.getAsLong(), userId)
                .update();
        audit.record(
                "user.second_factor_on",
                "user",
                userId,
                user.clientId(),
                user.username() + " turned on the authenticator-app second factor",
                null,
                null);
    }

    /** Turns it off; the person proves it is them with a current code. */
    @Transactional
    public void turnOff(UUID userId, String code) {
        UserAccounts.UserView user = self(userId);
        if (!verify(userId, code)) {
            throw wrongCode();
        }
        jdbc.sql("update app_user set totp_secret = null, totp_pending = null, totp_last_step = null where id = ?")
                .param(userId)
                .update();
        audit.record(
                "user.second_factor_off",
                "user",
                userId,
                user.clientId(),
                user.username() + " turned off the authenticator-app second factor",
                null,
                null);
    }

    /**
     * Checks a sign-in code: it must match a step within the drift window that is later than the last
     * accepted one. The step is claimed with a conditional update, so two requests cannot both use it.
     */
    @Transactional
    public boolean verify(UUID userId, String code) {
        String stored = jdbc.sql("select totp_secret from app_user where id = ? and totp_secret is not null")
                .param(userId)
                .query(String.class)
                .optional()
                .orElse(null);
        if (stored == null) {
            return false;
        }
        OptionalLong step = Totp.matchingStep(Totp.fromBase32(secrets.open(stored)), code, clock.instant());
        if (step.isEmpty()) {
            return false;
        }
        return jdbc.sql("""
                                update app_user set totp_last_step = ?
                                where id = ? and (totp_last_step is null or totp_last_step < ?)""").params(step.getAsLong(), userId, step.getAsLong()).update() == 1;
    }

    public boolean enrolled(UUID userId) {
        return users.hasSecondFactor(userId);
    }

    private UserAccounts.UserView self(UUID userId) {
        if (userId == null || !userId.equals(CurrentActor.get().userId())) {
            throw new AccessDeniedException("only the person themselves sets up their second factor");
        }
        return users.find(userId).orElseThrow(() -> FactorlineException.notFound("user", userId));
    }

    private static FactorlineException wrongCode() {
        return new FactorlineException(
                ErrorCode.SECOND_FACTOR_INVALID,
                ErrorCode.SECOND_FACTOR_INVALID.title(),
                java.util.List.of(org.factorline.shared.FieldProblem.of(
                        "code",
                        null,
                        "does not match the authenticator app; check the phone's clock and try the current code")));
    }
}
