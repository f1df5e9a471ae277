package org.factorline.web;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.factorline.clients.ClientId;
import org.factorline.clients.Clients;
import org.factorline.identity.Actor;
import org.factorline.identity.CurrentActor;
import org.factorline.identity.Invitations;
import org.factorline.identity.PasswordLinks;
import org.factorline.identity.Role;
import org.factorline.identity.UserAccounts;
import org.factorline.shared.FactorlineException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A client's people: the account manager invites them from the client's page; the client's own admin
 * invites colleagues, switches them off and revokes their API tokens from the portal. Who may do what is
 * decided in the identity services; these pages only show the answer.
 */
@Controller
class ClientUserPages {

    private final UserAccounts users;
    private final Invitations invitations;
    private final PasswordLinks links;
    private final Clients clients;

    ClientUserPages(UserAccounts users, Invitations invitations, PasswordLinks links, Clients clients) {
        this.users = users;
        this.invitations = invitations;
        this.links = links;
        this.clients = clients;
    }

    // --- staff, on the client's page

    @PostMapping("/staff/clients/{id}/invitations")
    String staffInvite(
            @PathVariable UUID id,
            @RequestParam(required = false) String displayName,
            @RequestParam(required = false) String email,
            @RequestParam(required = false) Role role,
            RedirectAttributes flash) {
        if (clients.find(new ClientId(id)).isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        invite(id, displayName, email, role, flash);
        return "redirect:/staff/clients/" + id + "#users";
    }

    @PostMapping("/staff/clients/{id}/users/{userId}/{action}")
    String staffChange(
            @PathVariable UUID id, @PathVariable UUID userId, @PathVariable String action, RedirectAttributes flash) {
        change(id, userId, action, flash);
        return "redirect:/staff/clients/" + id + "#users";
    }

    // --- the client's own admin, in the portal

    @GetMapping("/portal/users")
    String portalUsers(Model model) {
        Actor actor = CurrentActor.get();
        actor.requireRole(Role.CLIENT_ADMIN);
        UUID clientId = actor.clientScope().orElseThrow();
        List<UserAccounts.UserView> people = users.usersOfClientVisible(clientId);
        model.addAttribute("client", clients.get(new ClientId(clientId)));
        model.addAttribute("clientUsers", people);
        model.addAttribute(
                "invited",
                links.invitedNotYetJoined(
                        people.stream().map(UserAccounts.UserView::id).toList()));
        Map<UUID, List<UserAccounts.TokenView>> tokens = new java.util.LinkedHashMap<>();
        people.forEach(u -> tokens.put(u.id(), users.tokensOf(u.id())));
        model.addAttribute("tokens", tokens);
        return "portal/users";
    }

    @PostMapping("/portal/users/invitations")
    String portalInvite(
            @RequestParam(required = false) String displayName,
            @RequestParam(required = false) String email,
            RedirectAttributes flash) {
        UUID clientId = CurrentActor.get().clientScope().orElseThrow();
        invite(clientId, displayName, email, Role.CLIENT_USER, flash);
        return "redirect:/portal/users";
    }

    @PostMapping("/portal/users/{userId}/{action}")
    String portalChange(@PathVariable UUID userId, @PathVariable String action, RedirectAttributes flash) {
        change(CurrentActor.get().clientScope().orElseThrow(), userId, action, flash);
        return "redirect:/portal/users";
    }

    @PostMapping("/portal/users/{userId}/tokens/{tokenId}/revoke")
    String portalRevoke(@PathVariable UUID userId, @PathVariable UUID tokenId, RedirectAttributes flash) {
        ofClient(CurrentActor.get().clientScope().orElseThrow(), userId);
        try {
            users.revokeToken(userId, tokenId);
            flash.addFlashAttribute("flash", "The token was revoked; requests that send it are refused from now on.");
        } catch (FactorlineException e) {
            flash.addFlashAttribute("problems", problems(e));
        }
        return "redirect:/portal/users";
    }

    private void invite(UUID clientId, String displayName, String email, Role role, RedirectAttributes flash) {
        try {
            var invited = invitations.invite(new Invitations.Invitation(clientId, email, displayName, role, null));
            flash.addFlashAttribute(
                    "flash",
                    invited.mailSent()
                            ? "Invitation e-mailed to " + invited.user().email() + "."
                            : "User " + invited.user().username()
                                    + " created, but no mail server is configured: the invitation was not sent.");
        } catch (FactorlineException e) {
            flash.addFlashAttribute("problems", problems(e));
        }
    }

    private void change(UUID clientId, UUID userId, String action, RedirectAttributes flash) {
        UserAccounts.UserView user = ofClient(clientId, userId);
        try {
            switch (action) {
                case "deactivate" -> {
                    users.setEnabled(userId, false, null);
                    flash.addFlashAttribute("flash", user.username() + " is deactivated: no sign-in, no API calls.");
                }
                case "reactivate" -> {
                    users.setEnabled(userId, true, null);
                    flash.addFlashAttribute("flash", user.username() + " is active again.");
                }
                case "invite-again" -> {
                    var invited = invitations.resend(userId);
                    flash.addFlashAttribute(
                            "flash",
                            invited.mailSent()
                                    ? "A new invitation went to " + user.email() + "; the old link no longer works."
                                    : "No mail server is configured: the invitation was not sent.");
                }
                default -> throw FactorlineException.notFound("action", action);
            }
        } catch (FactorlineException e) {
            flash.addFlashAttribute("problems", problems(e));
        }
    }

    /** The user, only if it belongs to this client (and the actor may manage it); otherwise "not found". */
    private UserAccounts.UserView ofClient(UUID clientId, UUID userId) {
        try {
            UserAccounts.UserView user = users.requireManageable(userId);
            if (clientId.equals(user.clientId())) {
                return user;
            }
        } catch (FactorlineException e) {
            if (e.code() != org.factorline.shared.ErrorCode.NOT_FOUND) {
                throw e;
            }
        }
        throw new ResponseStatusException(HttpStatus.NOT_FOUND);
    }

    private static List<org.factorline.shared.FieldProblem> problems(FactorlineException e) {
        return e.problems().isEmpty()
                ? List.of(org.factorline.shared.FieldProblem.of("", null, e.getMessage()))
                : e.problems();
    }
}
