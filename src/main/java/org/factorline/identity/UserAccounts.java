package org.factorline.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.factorline.shared.CursorPage;
import org.factorline.shared.EmailAddress;
import org.factorline.shared.FactorlineException;
import org.factorline.shared.UuidV7;
import org.factorline.shared.Validation;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Staff and client users, their passwords and their API tokens. An API token is shown once when it is
 * issued; only its SHA-256 is kept, so a database dump does not hand out API access.
 */
@Service
public class UserAccounts {

    public static final int MAX_FAILED_SIGN_INS = 5;
    public static final Duration LOCKOUT = Duration.ofMinutes(15);
    public static final int MIN_PASSWORD_LENGTH = 12;
    /** How far a token's "last used" may lag: the pages show it to the minute. */
    public static final Duration LAST_USED_PRECISION = Duration.ofMinutes(1);

    private static final String TOKEN_PREFIX = "flt_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final Clock clock;
    private final PasswordEncoder passwords;
    private final AuditLog audit;
    private final ObjectProvider<ClientDirectory> clientDirectory;

    public UserAccounts(
            JdbcClient jdbc,
            Clock clock,
            PasswordEncoder passwords,
            AuditLog audit,
            ObjectProvider<ClientDirectory> clientDirectory) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.passwords = passwords;
        this.audit = audit;
        this.clientDirectory = clientDirectory;
    }

    public record NewUser(
            String username,
            String displayName,
            String email,
            String phone,
            String password,
            UUID clientId,
            Set<Role> roles) {}

    public record UserView(
            UUID id,
            String username,
            String displayName,
            String email,
            String phone,
            UUID clientId,
            Set<Role> roles,
            boolean enabled) {}

    public record IssuedToken(UUID id, String name, String token, String prefix) {}

    public record TokenView(
            UUID id, String name, String prefix, Instant createdAt, Instant lastUsedAt, Instant revokedAt) {}

    /**
     * Creates a user. Who may create whom: an admin creates staff users; an admin or an account manager
     * creates client users for any client; a client admin creates plain client users of its own client.
     */
    @Transactional
    public UserView create(NewUser user) {
        requireMayCreate(user);
        Validation v = new Validation();
        v.require(
                user.username() != null && user.username().matches("[A-Za-z0-9._@-]{3,100}"),
                "username",
                user.username(),
                "must be 3 to 100 letters, digits or . _ @ -");
        v.require(
                user.displayName() != null && !user.displayName().isBlank(),
                "displayName",
                user.displayName(),
                "is required");
        v.require(
                user.password() != null && user.password().length() >= MIN_PASSWORD_LENGTH,
                "password",
                null,
                "must be at least " + MIN_PASSWORD_LENGTH + " characters");
        v.require(
                user.roles() != null && !user.roles().isEmpty(),
                "roles",
                user.roles(),
                "at least one role is required");
        if (user.roles() != null && !user.roles().isEmpty()) {
            boolean clientRoles = user.roles().stream().noneMatch(Role::isStaff);
            boolean staffRoles = user.roles().stream().allMatch(Role::isStaff);
            v.require(clientRoles || staffRoles, "roles", user.roles(), "cannot mix staff and client roles");
            v.require(
                    clientRoles == (user.clientId() != null),
                    "clientId",
                    user.clientId(),
                    clientRoles ? "is required for a client user" : "must be empty for a staff user");
        }
        String email = null;
        try {
            email = new EmailAddress(user.email()).value();
        } catch (FactorlineException e) {
            v.add(e.problems().get(0));
        }
        if (user.username() != null && findByUsername(user.username()).isPresent()) {
            v.require(false, "username", user.username(), "is already taken");
        }
        v.require(
                user.displayName() == null || user.displayName().strip().length() <= 200,
                "displayName",
                user.displayName(),
                "must be at most 200 characters");
        v.require(
                user.phone() == null || user.phone().strip().length() <= 40,
                "phone",
                user.phone(),
                "must be at most 40 characters");
        if (user.clientId() != null) {
            ClientDirectory directory = clientDirectory.getIfAvailable();
            v.require(
                    directory == null || directory.exists(user.clientId()),
                    "clientId",
                    user.clientId(),
                    "is not a known client");
        }
        v.throwIfAny();
        UUID id = UuidV7.next(clock);
        jdbc.sql("""
                        insert into app_user (id, username, display_name, email, phone, password_hash, kind, client_id, created_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        id,
                        user.username(),
                        user.displayName().strip(),
                        email,
                        user.phone() == null || user.phone().isBlank()
                                ? null
                                : user.phone().strip(),
                        passwords.encode(user.password()),
                        user.clientId() == null ? "STAFF" : "CLIENT",
                        user.clientId(),
                        now())
                .update();
        for (Role role : user.roles()) {
            jdbc.sql("insert into user_role (user_id, role) values (?, ?)")
                    .params(id, role.name())
                    .update();
        }
        UserView view = find(id).orElseThrow();
        audit.record("user.created", "user", id, user.clientId(), "User " + user.username() + " created", null, view);
        return view;
    }

    private static void requireMayCreate(NewUser user) {
        Actor actor = CurrentActor.get();
        if (user.clientId() == null) {
            actor.requireRole(Role.ADMIN);
            return;
        }
        if (actor.isStaff()) {
            actor.requireRole(Role.ADMIN, Role.ACCOUNT_MANAGER);
            return;
        }
        actor.requireRole(Role.CLIENT_ADMIN);
        actor.requireClient(user.clientId());
        if (user.roles() != null && !Set.of(Role.CLIENT_USER).containsAll(user.roles())) {
            throw new AccessDeniedException("a client admin may create client users (role CLIENT_USER) only");
        }
    }

    /** Every user, newest first, for administrators. */
    public CursorPage<UserView> list(CursorPage.Request page, String search) {
        CurrentActor.get().requireRole(Role.ADMIN);
        String like = search == null || search.isBlank()
                ? null
                : "%" + search.strip().toLowerCase(java.util.Locale.ROOT) + "%";
        List<UserView> rows = jdbc.sql("""
                        select * from app_user
                        where (cast(? as uuid) is null or id < ?)
                          and (cast(? as varchar) is null or lower(username) like ? or lower(display_name) like ?
                               or lower(email) like ?)
                        order by id desc
                        limit ?""")
                .params(page.after(), page.after(), like, like, like, like, page.fetchSize())
                .query((rs, n) -> mapUser(rs))
                .list();
        return CursorPage.of(withRoles(rows), page, UserView::id);
    }

    public Optional<UserView> find(UUID id) {
        return withRoles(jdbc.sql("select * from app_user where id = ?")
                        .param(id)
                        .query((rs, n) -> mapUser(rs))
                        .list())
                .stream()
                .findFirst();
    }

    public Optional<UserView> findByUsername(String username) {
        return withRoles(jdbc.sql("select * from app_user where lower(username) = lower(?)")
                        .param(username)
                        .query((rs, n) -> mapUser(rs))
                        .list())
                .stream()
                .findFirst();
    }

    public List<UserView> staff() {
        return withRoles(jdbc.sql("select * from app_user where kind = 'STAFF' order by display_name")
                .query((rs, n) -> mapUser(rs))
                .list());
    }

    public List<UserView> usersOfClient(UUID clientId) {
        return withRoles(jdbc.sql("select * from app_user where client_id = ? order by display_name")
                .param(clientId)
                .query((rs, n) -> mapUser(rs))
                .list());
    }

    /** Loads a user for sign-in: the password hash, and whether too many failures locked it. */
    public Optional<SignedInUser> loadForSignIn(String username) {
        record Row(UserView user, String passwordHash, boolean locked) {}
        return jdbc
                .sql("select * from app_user where lower(username) = lower(?)")
                .param(username)
                .query((rs, n) -> {
                    OffsetDateTime lockedUntil = rs.getObject("locked_until", OffsetDateTime.class);
                    boolean locked =
                            lockedUntil != null && lockedUntil.toInstant().isAfter(clock.instant());
                    return new Row(mapUser(rs), rs.getString("password_hash"), locked);
                })
                .list()
                .stream()
                .findFirst()
                .map(r -> {
                    UserView u = withRoles(List.of(r.user())).get(0);
                    return new SignedInUser(toActor(u), r.passwordHash(), u.enabled(), r.locked());
                });
    }

    /** Counts a failed sign-in; the fifth in a row locks the account for {@link #LOCKOUT}. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void signInFailed(String username) {
        jdbc.sql("update app_user set failed_logins = failed_logins + 1 where lower(username) = lower(?)")
                .param(username)
                .update();
        int locked = jdbc.sql("""
                        update app_user set locked_until = ?, failed_logins = 0
                        where lower(username) = lower(?) and failed_logins >= ?""")
                .params(
                        OffsetDateTime.ofInstant(clock.instant().plus(LOCKOUT), ZoneOffset.UTC),
                        username,
                        MAX_FAILED_SIGN_INS)
                .update();
        if (locked > 0) {
            findByUsername(username)
                    .ifPresent(u -> audit.record(
                            "user.locked",
                            "user",
                            u.id(),
                            u.clientId(),
                            "Sign-in locked for " + LOCKOUT.toMinutes() + " minutes after " + MAX_FAILED_SIGN_INS
                                    + " failed attempts",
                            null,
                            null));
        }
    }

    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void signInSucceeded(String username) {
        jdbc.sql("update app_user set failed_logins = 0, locked_until = null where lower(username) = lower(?)")
                .param(username)
                .update();
    }

    /**
     * Issues an API token to the user, shown once. Staff issue their own (an administrator anyone's); on a
     * client's side only its admin holds tokens, since a token pushes invoices for the whole client.
     */
    @Transactional
    public IssuedToken issueToken(UUID userId, String name) {
        requireSelfOrAdmin(userId);
        Actor actor = CurrentActor.get();
        if (actor.isClientUser() && !actor.hasAnyRole(Role.CLIENT_ADMIN)) {
            throw new AccessDeniedException("only the client's admin issues API tokens; ask your admin for one");
        }
        if (name == null || name.isBlank() || name.length() > 100) {
            throw FactorlineException.invalid("name", name, "a token needs a name of 1 to 100 characters");
        }
        UserView user = find(userId).orElseThrow(() -> FactorlineException.notFound("user", userId));
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = TOKEN_PREFIX + HexFormat.of().formatHex(secret);
        String prefix = token.substring(0, 12);
        UUID id = UuidV7.next(clock);
        jdbc.sql("""
                        insert into api_token (id, user_id, name, token_hash, token_prefix, created_at)
                        values (?, ?, ?, ?, ?, ?)""")
                .params(id, userId, name.strip(), sha256(token), prefix, now())
                .update();
        audit.record(
                "token.issued",
                "api_token",
                id,
                user.clientId(),
                "API token \"" + name.strip() + "\" issued to " + user.username(),
                null,
                null);
        return new IssuedToken(id, name.strip(), token, prefix);
    }

    @Transactional
    public void revokeToken(UUID userId, UUID tokenId) {
        requireSelfOrTokenManager(userId);
        int n = jdbc.sql("update api_token set revoked_at = ? where id = ? and user_id = ? and revoked_at is null")
                .params(now(), tokenId, userId)
                .update();
        if (n == 0) {
            throw FactorlineException.notFound("API token", tokenId);
        }
        audit.record(
                "token.revoked",
                "api_token",
                tokenId,
                find(userId).map(UserView::clientId).orElse(null),
                "API token revoked",
                null,
                null);
    }

    public List<TokenView> tokensOf(UUID userId) {
        requireSelfOrTokenManager(userId);
        return jdbc.sql("select * from api_token where user_id = ? order by id desc")
                .param(userId)
                .query((rs, n) -> new TokenView(
                        rs.getObject("id", UUID.class),
                        rs.getString("name"),
                        rs.getString("token_prefix"),
                        instant(rs.getObject("created_at", OffsetDateTime.class)),
                        instant(rs.getObject("last_used_at", OffsetDateTime.class)),
                        instant(rs.getObject("revoked_at", OffsetDateTime.class))))
                .list();
    }

    /**
     * The user behind a presented token, if the token is known, not revoked and its user enabled. One query
     * reads the token, its user and the user's roles; the token's last use is stamped when the stamp is
     * older than {@link #LAST_USED_PRECISION}, so a busy token is not written (and its row not locked) on
     * every call.
     */
    public Optional<SignedInUser> authenticateToken(String token) {
        if (token == null || !token.startsWith(TOKEN_PREFIX) || token.length() > 100) {
            return Optional.empty();
        }
        String hash = sha256(token);
        record Row(UserView user, OffsetDateTime lastUsed, String role) {}
        List<Row> rows = jdbc.sql("""
                        select u.*, t.last_used_at as token_last_used_at, r.role as user_role
                        from api_token t
                        join app_user u on u.id = t.user_id
                        left join user_role r on r.user_id = u.id
                        where t.token_hash = ? and t.revoked_at is null""")
                .param(hash)
                .query((rs, n) -> new Row(
                        mapUser(rs),
                        rs.getObject("token_last_used_at", OffsetDateTime.class),
                        rs.getString("user_role")))
                .list();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        OffsetDateTime now = now();
        OffsetDateTime stale = now.minus(LAST_USED_PRECISION);
        OffsetDateTime lastUsed = rows.get(0).lastUsed();
        if (lastUsed == null || lastUsed.isBefore(stale)) {
            jdbc.sql("""
                            update api_token set last_used_at = ?
                            where token_hash = ? and (last_used_at is null or last_used_at < ?)""").params(now, hash, stale).update();
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        rows.stream().map(Row::role).filter(java.util.Objects::nonNull).forEach(r -> roles.add(Role.valueOf(r)));
        UserView u = rows.get(0).user();
        UserView user = new UserView(
                u.id(), u.username(), u.displayName(), u.email(), u.phone(), u.clientId(), roles, u.enabled());
        return Optional.of(user).filter(UserView::enabled).map(v -> new SignedInUser(toActor(v), "", true, false));
    }

    /** A user manages its own tokens; an administrator may manage anyone's (say, to revoke a leaked one). */
    private static void requireSelfOrAdmin(UUID userId) {
        Actor actor = CurrentActor.get();
        boolean self = userId != null && userId.equals(actor.userId());
        if (!self && !(actor.isStaff() && actor.hasAnyRole(Role.ADMIN))) {
            throw new AccessDeniedException("only the user itself or an administrator manages its API tokens");
        }
    }

    /**
     * Besides the user and an administrator, a client admin sees and revokes the tokens of its own
     * client's users (say, when a bookkeeper leaves); another client's user is "not found".
     */
    private void requireSelfOrTokenManager(UUID userId) {
        Actor actor = CurrentActor.get();
        if (actor.isClientUser() && actor.hasAnyRole(Role.CLIENT_ADMIN) && !userId.equals(actor.userId())) {
            requireManageable(userId);
            return;
        }
        requireSelfOrAdmin(userId);
    }

    /**
     * The user, if the actor may manage it (deactivate, re-invite, revoke its tokens): an administrator
     * anyone, an account manager any client user, a client admin the users of its own client. Another
     * client's user is "not found", so a client admin cannot learn that it exists.
     */
    public UserView requireManageable(UUID userId) {
        Actor actor = CurrentActor.get();
        UserView user = find(userId).orElseThrow(() -> FactorlineException.notFound("user", userId));
        if (actor.isClientUser()) {
            if (user.clientId() == null || !actor.canSeeClient(user.clientId())) {
                throw FactorlineException.notFound("user", userId);
            }
            actor.requireRole(Role.CLIENT_ADMIN);
            return user;
        }
        if (user.clientId() == null) {
            actor.requireRole(Role.ADMIN);
        } else {
            actor.requireRole(Role.ADMIN, Role.ACCOUNT_MANAGER);
        }
        return user;
    }

    /**
     * Switches a user off or on again. A deactivated user cannot sign in and its API tokens are refused;
     * nobody switches themselves off (an organisation must not lock out its last admin by a slip).
     */
    @Transactional
    public UserView setEnabled(UUID userId, boolean enabled, String reason) {
        UserView user = requireManageable(userId);
        if (userId.equals(CurrentActor.get().userId())) {
            throw FactorlineException.invalid("userId", userId, "you cannot deactivate or reactivate yourself");
        }
        if (user.enabled() == enabled) {
            return user;
        }
        jdbc.sql("update app_user set enabled = ? where id = ?")
                .params(enabled, userId)
                .update();
        UserView after = find(userId).orElseThrow();
        audit.record(
                enabled ? "user.reactivated" : "user.deactivated",
                "user",
                userId,
                user.clientId(),
                "User " + user.username() + (enabled ? " reactivated" : " deactivated"),
                user,
                after,
                reason == null || reason.isBlank() ? null : reason.strip());
        return after;
    }

    /** A client's users, for its account manager and the staff, and for the client's own admin. */
    public List<UserView> usersOfClientVisible(UUID clientId) {
        Actor actor = CurrentActor.get();
        actor.requireClient(clientId);
        if (actor.isClientUser()) {
            actor.requireRole(Role.CLIENT_ADMIN);
        } else {
            actor.requireStaff();
        }
        return usersOfClient(clientId);
    }

    /** False for a deactivated or unknown user. */
    public boolean isEnabled(UUID userId) {
        return jdbc.sql("select count(*) from app_user where id = ? and enabled = true")
                        .param(userId)
                        .query(Long.class)
                        .single()
                > 0;
    }

    /**
     * Clears a person's second factor when they lost their phone (administrators only); they sign in with
     * the password and may enrol again.
     */
    @Transactional
    public void clearSecondFactor(UUID userId, String reason) {
        CurrentActor.get().requireRole(Role.ADMIN);
        if (reason == null || reason.isBlank()) {
            throw FactorlineException.invalid("reason", reason, "say why (for the audit log)");
        }
        UserView user = find(userId).orElseThrow(() -> FactorlineException.notFound("user", userId));
        jdbc.sql("update app_user set totp_secret = null, totp_pending = null, totp_last_step = null where id = ?")
                .param(userId)
                .update();
        audit.record(
                "user.second_factor_cleared",
                "user",
                userId,
                user.clientId(),
                "Second factor of " + user.username() + " cleared by an administrator",
                null,
                null,
                reason.strip());
    }

    /** Whether the user turned on the authenticator-app second factor. */
    public boolean hasSecondFactor(UUID userId) {
        return jdbc.sql("select count(*) from app_user where id = ? and totp_secret is not null")
                        .param(userId)
                        .query(Long.class)
                        .single()
                > 0;
    }

    public static Actor toActor(UserView u) {
        return new Actor(u.id(), u.username(), u.displayName(), u.clientId(), u.roles());
    }

    /** The user's columns of a row, without roles: {@link #withRoles} adds them. */
    private static UserView mapUser(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new UserView(
                rs.getObject("id", UUID.class),
                rs.getString("username"),
                rs.getString("display_name"),
                rs.getString("email"),
                rs.getString("phone"),
                rs.getObject("client_id", UUID.class),
                EnumSet.noneOf(Role.class),
                rs.getBoolean("enabled"));
    }

    /**
     * The users with their roles, read in one query once the users' rows are read: never while a row is
     * still being mapped, which outside a transaction takes a second pooled connection per caller (a pool
     * full of callers each waiting for its second connection stops until the pool's timeout).
     */
    private List<UserView> withRoles(List<UserView> users) {
        if (users.isEmpty()) {
            return users;
        }
        java.util.Map<UUID, Set<Role>> roles = new java.util.HashMap<>();
        List<UUID> ids = users.stream().map(UserView::id).distinct().toList();
        jdbc.sql("select user_id, role from user_role where user_id in (:ids)")
                .param("ids", ids)
                .query((java.sql.ResultSet rs) -> {
                    roles.computeIfAbsent(rs.getObject("user_id", UUID.class), k -> EnumSet.noneOf(Role.class))
                            .add(Role.valueOf(rs.getString("role")));
                });
        return users.stream()
                .map(u -> new UserView(
                        u.id(),
                        u.username(),
                        u.displayName(),
                        u.email(),
                        u.phone(),
                        u.clientId(),
                        roles.getOrDefault(u.id(), EnumSet.noneOf(Role.class)),
                        u.enabled()))
                .toList();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    static String sha256(String s) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
