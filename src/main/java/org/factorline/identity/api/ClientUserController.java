package org.factorline.identity.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.factorline.identity.Invitations;
import org.factorline.identity.UserAccounts;
import org.factorline.shared.FactorlineException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** A client's people through the API: invitations, deactivation and their API tokens. */
@RestController
@Tag(name = "Client users", description = "Invite a client's people, switch them off, revoke their API tokens")
class ClientUserController {

    private final UserAccounts users;
    private final Invitations invitations;

    ClientUserController(UserAccounts users, Invitations invitations) {
        this.users = users;
        this.invitations = invitations;
    }

    record InvitationResponse(UserAccounts.UserView user, boolean mailSent) {}

    /** Why, for the audit log. */
    record Reason(String reason) {}

    @PostMapping("/api/v1/invitations")
    @Operation(
            summary = "Invite a client user by e-mail: administrators and account managers for any client, a"
                    + " client admin CLIENT_USERs of its own client. The e-mail carries a single-use link, valid 7"
                    + " days, to choose a password. username defaults to the e-mail address.")
    ResponseEntity<InvitationResponse> invite(@RequestBody Invitations.Invitation invitation) {
        if (invitation == null) {
            throw FactorlineException.invalid("body", null, "is required");
        }
        var invited = invitations.invite(invitation);
        return ResponseEntity.created(
                        URI.create("/api/v1/users/" + invited.user().id()))
                .body(new InvitationResponse(invited.user(), invited.mailSent()));
    }

    @GetMapping("/api/v1/clients/{clientId}/users")
    @Operation(summary = "A client's users: for staff, and for the client's own CLIENT_ADMIN")
    List<UserAccounts.UserView> usersOfClient(@PathVariable UUID clientId) {
        return users.usersOfClientVisible(clientId);
    }

    @PostMapping("/api/v1/users/{id}/deactivate")
    @Operation(summary = "Deactivate a user: sign-in and its API tokens are refused from now on")
    UserAccounts.UserView deactivate(@PathVariable UUID id, @RequestBody(required = false) Reason body) {
        return users.setEnabled(id, false, body == null ? null : body.reason());
    }

    @PostMapping("/api/v1/users/{id}/reactivate")
    @Operation(summary = "Reactivate a deactivated user")
    UserAccounts.UserView reactivate(@PathVariable UUID id) {
        return users.setEnabled(id, true, null);
    }

    @PostMapping("/api/v1/users/{id}/invitation")
    @Operation(summary = "Send a new invitation to a user who has not joined yet; earlier links stop working")
    InvitationResponse inviteAgain(@PathVariable UUID id) {
        var invited = invitations.resend(id);
        return new InvitationResponse(invited.user(), invited.mailSent());
    }

    @PostMapping("/api/v1/users/{id}/second-factor/clearance")
    @Operation(summary = "Clear a user's authenticator-app second factor, say after a lost phone (ADMIN)")
    ResponseEntity<Void> clearSecondFactor(@PathVariable UUID id, @RequestBody(required = false) Reason body) {
        users.clearSecondFactor(id, body == null ? null : body.reason());
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/v1/users/{id}/tokens")
    @Operation(summary = "A user's API tokens (prefix only): the user, an administrator, or its client's admin")
    List<UserAccounts.TokenView> tokens(@PathVariable UUID id) {
        return users.tokensOf(id);
    }

    @DeleteMapping("/api/v1/users/{id}/tokens/{tokenId}")
    @Operation(summary = "Revoke a user's API token: the user, an administrator, or its client's admin")
    ResponseEntity<Void> revoke(@PathVariable UUID id, @PathVariable UUID tokenId) {
        users.revokeToken(id, tokenId);
        return ResponseEntity.noContent().build();
    }
}
