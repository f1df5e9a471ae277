package org.factorline.identity;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;
import org.factorline.shared.FactorlineException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * An account manager brings a client's people into the portal by e-mail: the invitee gets a link to set
 * their own password, so nobody else ever knows it. A client admin invites colleagues of its own client
 * the same way. The user exists from the invitation on, with a random password no one holds.
 */
@Service
public class Invitations {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** Who to invite; {@code username} defaults to the e-mail address, {@code role} to CLIENT_USER. */
    public record Invitation(UUID clientId, String email, String displayName, Role role, String username) {}

    /** The invited user, and whether the e-mail went out (false only when no mail server is configured). */
    public record Invited(UserAccounts.UserView user, boolean mailSent) {}

    private final UserAccounts users;
    private final PasswordLinks links;
    private final AccountMail mail;
    private final AuditLog audit;

    Invitations(UserAccounts users, PasswordLinks links, AccountMail mail, AuditLog audit) {
        this.users = users;
        this.links = links;
        this.mail = mail;
        this.audit = audit;
    }

    /**
     * Creates the client user and e-mails the invitation in one transaction: if the mail server refuses
     * the message, no user is left behind. The rules of {@link UserAccounts#create} decide who may invite
     * whom (a client admin: plain users of its own client only).
     */
    @Transactional
    public Invited invite(Invitation invitation) {
        if (invitation == null || invitation.clientId() == null) {
            Actor actor = CurrentActor.get();
            if (actor.isClientUser()) { // a client admin only ever invites into its own client
                throw new AccessDeniedException("a client admin invites users of its own client only");
            }
            throw FactorlineException.invalid("clientId", null, "an invitation is for a client's user");
        }
        String email = invitation.email() == null ? null : invitation.email().strip();
        String username = invitation.username() == null || invitation.username().isBlank()
                ? (email == null ? null : email.toLowerCase(java.util.Locale.ROOT))
                : invitation.username().strip();
        Role role = invitation.role() == null ? Role.CLIENT_USER : invitation.role();
        UserAccounts.UserView user = users.create(new UserAccounts.NewUser(
                username,
                invitation.displayName(),
                email,
                null,
                unusablePassword(),
                invitation.clientId(),
                Set.of(role)));
        String token = links.issue(user.id(), PasswordLinks.Purpose.INVITE, PasswordLinks.INVITATION_VALID_FOR);
        audit.record(
                "user.invited",
                "user",
                user.id(),
                user.clientId(),
                "Invitation e-mailed to " + user.username(),
                null,
                null);
        boolean sent = mail.sendNow(user.email(), "You are invited to the Factorline client portal", text(user, token));
        return new Invited(user, sent);
    }

    /** A fresh invitation link for a user who has not joined yet; older links stop working. */
    @Transactional
    public Invited resend(UUID userId) {
        UserAccounts.UserView user = users.requireManageable(userId);
        if (!links.awaitingFirstPassword(userId)) {
            throw FactorlineException.invalid("userId", userId, "has already joined; they can reset their password");
        }
        links.closeOpenLinks(userId);
        String token = links.issue(user.id(), PasswordLinks.Purpose.INVITE, PasswordLinks.INVITATION_VALID_FOR);
        audit.record(
                "user.invited",
                "user",
                user.id(),
                user.clientId(),
                "Invitation sent again to " + user.username(),
                null,
                null);
        boolean sent = mail.sendNow(user.email(), "You are invited to the Factorline client portal", text(user, token));
        return new Invited(user, sent);
    }

    private String text(UserAccounts.UserView u, String token) {
        Actor inviter = CurrentActor.get();
        return "Hello " + u.displayName() + ",\n\n"
                + inviter.displayName() + " invited you to the Factorline client portal, where you see your"
                + " invoices, fundings and your customers' accounts.\n\n"
                + "Your user name: " + u.username() + "\n"
                + "Choose your password here (the link works once, for "
                + PasswordLinks.INVITATION_VALID_FOR.toDays() + " days):\n\n"
                + links.url(token) + "\n";
    }

    private static String unusablePassword() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }
}
