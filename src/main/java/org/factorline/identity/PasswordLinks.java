package org.factorline.identity;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.factorline.shared.ErrorCode;
import org.factorline.shared.FactorlineException;
import org.factorline.shared.UuidV7;
import org.factorline.shared.Validation;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * E-mailed links that let a person set a password: the invitation a new client user receives, and the
 * reset anyone may ask for at the sign-in page. A link carries 256 random bits; only their SHA-256 is
 * stored, with an expiry, and a link works once. Setting a password through any link closes every other
 * open link of that person. Asking for a reset never tells whether the account exists.
 */
@Service
public class PasswordLinks {

    public static final Duration RESET_VALID_FOR = Duration.ofHours(1);
    public static final Duration INVITATION_VALID_FOR = Duration.ofDays(7);
    public static final String PATH = "/account/password?token=";
    private static final int MAX_ACCOUNTS_PER_ADDRESS = 5;
    /** Reset e-mails per account per {@link #RESET_VALID_FOR}: enough for a lost e-mail, too few to flood a mailbox. */
    public static final int MAX_RESETS_PER_HOUR = 3;

    private static final SecureRandom RANDOM = new SecureRandom();

    public enum Purpose {
        INVITE,
        RESET
    }

    /** What an open link is for and whose it is, for the page that asks for the new password. */
    public record OpenLink(Purpose purpose, UUID userId, String username, String displayName, Instant expiresAt) {}

    /** The person whose password was set, and whether signing in still needs their authenticator code. */
    public record PasswordSet(String username, boolean secondFactor) {}

    private final JdbcClient jdbc;
    private final Clock clock;
    private final PasswordEncoder passwords;
    private final AuditLog audit;
    private final AccountMail mail;
    private final UserAccounts users;

    PasswordLinks(
            JdbcClient jdbc,
            Clock clock,
            PasswordEncoder passwords,
            AuditLog audit,
            AccountMail mail,
            UserAccounts users) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.passwords = passwords;
        this.audit = audit;
        this.mail = mail;
        this.users = users;
    }

    /**
     * Sends a reset link to each enabled account with this user name or e-mail address. The caller shows
     * the same answer whatever happened; an unknown name costs the same work (a token is still made and
     * hashed) and the mail leaves after the response, off the request thread.
     */
    @Transactional
    public void requestReset(String usernameOrEmail) {
        String key = usernameOrEmail == null ? "" : usernameOrEmail.strip();
        List<UserAccounts.UserView> accounts = key.isEmpty() || key.length() > 254
                ? List.of()
                : jdbc.sql("""
                                select id from app_user
                                where enabled = true and (lower(username) = lower(?) or lower(email) = lower(?))
                                order by id
                                limit ?""").params(key, key, MAX_ACCOUNTS_PER_ADDRESS).query(UUID.class).list().stream()
                        .flatMap(id -> users.find(id).stream())
                        .toList();
        if (accounts.isEmpty()) {
            UserAccounts.sha256(newToken()); // the same work as for a known account
            return;
        }
        for (UserAccounts.UserView u : accounts) {
            long recent = jdbc.sql("""
                            select count(*) from account_link
                            where user_id = ? and purpose = 'RESET' and created_at > ?""")
                    .params(u.id(), at(clock.instant().minus(RESET_VALID_FOR)))
                    .query(Long.class)
                    .single();
            if (recent >= MAX_RESETS_PER_HOUR) {
                continue; // the answer stays the same; the mailbox is not flooded
            }
            String token = issue(u.id(), Purpose.RESET, RESET_VALID_FOR);
            CurrentActor.runAs(UserAccounts.toActor(u), () -> {
                audit.record(
                        "user.password_reset_requested",
                        "user",
                        u.id(),
                        u.clientId(),
                        "Password reset link e-mailed to " + u.username(),
                        null,
                        null);
                return null;
            });
            mail.sendAfterCommit(u.email(), "Reset your Factorline password", resetText(u, token));
        }
    }

    /** Makes a link for the user and returns its token; only the token's hash is stored. */
    String issue(UUID userId, Purpose purpose, Duration validFor) {
        String token = newToken();
        jdbc.sql("""
                        insert into account_link (id, user_id, purpose, token_hash, created_at, expires_at)
                        values (?, ?, ?, ?, ?, ?)""")
                .params(
                        UuidV7.next(clock),
                        userId,
                        purpose.name(),
                        UserAccounts.sha256(token),
                        at(clock.instant()),
                        at(clock.instant().plus(validFor)))
                .update();
        return token;
    }

    String url(String token) {
        return mail.link(PATH + token);
    }

    /** The link behind a token if it is known, unused, unexpired and its user enabled. */
    public Optional<OpenLink> open(String token) {
        if (token == null || token.length() < 20 || token.length() > 100) {
            return Optional.empty();
        }
        return jdbc.sql("""
                        select l.purpose, l.user_id, l.expires_at, u.username, u.display_name
                        from account_link l join app_user u on u.id = l.user_id
                        where l.token_hash = ? and l.used_at is null and l.expires_at > ? and u.enabled = true""")
                .params(UserAccounts.sha256(token), at(clock.instant()))
                .query((rs, n) -> new OpenLink(
                        Purpose.valueOf(rs.getString("purpose")),
                        rs.getObject("user_id", UUID.class),
                        rs.getString("username"),
                        rs.getString("display_name"),
                        rs.getObject("expires_at", OffsetDateTime.class).toInstant()))
                .optional();
    }

    /**
     * Sets the password through a link, once: the link and every other open link of the person are used
     * up, and a sign-in lockout is lifted (the person proved they hold the mailbox).
     */
    @Transactional
    public PasswordSet setPassword(String token, String password, String confirmation) {
        OpenLink link = open(token)
                .orElseThrow(() -> new FactorlineException(
                        ErrorCode.ACCOUNT_LINK_INVALID, ErrorCode.ACCOUNT_LINK_INVALID.title()));
        Validation v = new Validation();
        v.require(
                password != null && password.length() >= UserAccounts.MIN_PASSWORD_LENGTH,
                "password",
                null,
                "must be at least " + UserAccounts.MIN_PASSWORD_LENGTH + " characters");
        v.require(password != null && password.length() <= 200, "password", null, "must be at most 200 characters");
        v.require(password != null && password.equals(confirmation), "confirmation", null, "does not match");
        v.throwIfAny();
        int claimed = jdbc.sql("update account_link set used_at = ? where token_hash = ? and used_at is null")
                .params(at(clock.instant()), UserAccounts.sha256(token))
                .update();
        if (claimed != 1) { // a second request with the same link got here first
            throw new FactorlineException(ErrorCode.ACCOUNT_LINK_INVALID, ErrorCode.ACCOUNT_LINK_INVALID.title());
        }
        jdbc.sql("update account_link set used_at = ? where user_id = ? and used_at is null")
                .params(at(clock.instant()), link.userId())
                .update();
        jdbc.sql("update app_user set password_hash = ?, failed_logins = 0, locked_until = null where id = ?")
                .params(passwords.encode(password), link.userId())
                .update();
        UserAccounts.UserView u = users.find(link.userId()).orElseThrow();
        CurrentActor.runAs(UserAccounts.toActor(u), () -> {
            audit.record(
                    link.purpose() == Purpose.INVITE ? "user.invitation_accepted" : "user.password_reset",
                    "user",
                    u.id(),
                    u.clientId(),
                    link.purpose() == Purpose.INVITE
                            ? u.username() + " accepted the invitation and set a password"
                            : u.username() + " set a new password through a reset link",
                    null,
                    null);
            return null;
        });
        return new PasswordSet(u.username(), users.hasSecondFactor(u.id()));
    }

    /** Users of whom an invitation is still open (sent, not yet accepted, not expired). */
    public java.util.Set<UUID> invitedNotYetJoined(List<UUID> userIds) {
        java.util.Set<UUID> out = new java.util.HashSet<>();
        for (UUID id : userIds) {
            boolean open = jdbc.sql("""
                            select count(*) from account_link
                            where user_id = ? and purpose = 'INVITE' and used_at is null and expires_at > ?""")
                            .params(id, at(clock.instant()))
                            .query(Long.class)
                            .single()
                    > 0;
            if (open) {
                out.add(id);
            }
        }
        return out;
    }

    /** Invited, and no link of theirs was ever used: they have not chosen a password yet. */
    boolean awaitingFirstPassword(UUID userId) {
        return jdbc.sql("""
                        select count(*) from account_link where user_id = ? and purpose = 'INVITE'
                        and not exists (select 1 from account_link u where u.user_id = ? and u.used_at is not null)""").params(userId, userId).query(Long.class).single() > 0;
    }

    /** Ends the open links early (they expire now) without counting them as used. */
    void closeOpenLinks(UUID userId) {
        jdbc.sql("update account_link set expires_at = ? where user_id = ? and used_at is null and expires_at > ?")
                .params(at(clock.instant()), userId, at(clock.instant()))
                .update();
    }

    private String resetText(UserAccounts.UserView u, String token) {
        return "Hello " + u.displayName() + ",\n\n"
                + "Someone asked to reset the password of the Factorline account \"" + u.username() + "\".\n"
                + "To choose a new password, open this link within " + RESET_VALID_FOR.toMinutes() + " minutes:\n\n"
                + url(token) + "\n\n"
                + "The link works once. If you did not ask for this, ignore this e-mail: your password stays as it is.\n";
    }

    private static String newToken() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static OffsetDateTime at(Instant i) {
        return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }
}
