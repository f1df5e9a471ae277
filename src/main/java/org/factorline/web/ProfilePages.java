package org.factorline.web;

import java.util.List;
import java.util.UUID;
import org.factorline.identity.Actor;
import org.factorline.identity.CurrentActor;
import org.factorline.identity.Role;
import org.factorline.identity.SecondFactor;
import org.factorline.identity.UserAccounts;
import org.factorline.shared.FactorlineException;
import org.factorline.shared.FieldProblem;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The signed-in person's own page, for staff and client users alike: who they are, and their API tokens.
 * A new token is shown once, right after it is issued; only a hash of it is kept.
 */
@Controller
@RequestMapping("/staff/profile")
class ProfilePages {

    private final UserAccounts users;
    private final SecondFactor secondFactor;

    ProfilePages(UserAccounts users, SecondFactor secondFactor) {
        this.users = users;
        this.secondFactor = secondFactor;
    }

    @GetMapping
    String show(Model model) {
        UUID id = userId();
        model.addAttribute("secondFactorOn", secondFactor.enrolled(id));
        Actor actor = CurrentActor.get();
        model.addAttribute("actor", actor);
        model.addAttribute("user", users.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND)));
        model.addAttribute("tokens", users.tokensOf(id));
        // on a client's side only its admin holds API tokens (see the portal's Integration page)
        model.addAttribute("canIssueTokens", actor.isStaff() || actor.hasAnyRole(Role.CLIENT_ADMIN));
        return "staff/profile";
    }

    @PostMapping("/tokens")
    String issue(@RequestParam(required = false) String name, RedirectAttributes flash) {
        try {
            UserAccounts.IssuedToken token = users.issueToken(userId(), name);
            flash.addFlashAttribute("issuedToken", token);
        } catch (FactorlineException e) {
            flash.addFlashAttribute(
                    "problems",
                    e.problems().isEmpty() ? List.of(FieldProblem.of("name", name, e.getMessage())) : e.problems());
        } catch (org.springframework.security.access.AccessDeniedException e) {
            flash.addFlashAttribute("problems", List.of(FieldProblem.of("name", name, e.getMessage())));
        }
        return "redirect:/staff/profile";
    }

    @PostMapping("/tokens/{id}/revoke")
    String revoke(@PathVariable UUID id, RedirectAttributes flash) {
        try {
            users.revokeToken(userId(), id);
            flash.addFlashAttribute("flash", "The token was revoked; requests that send it are refused from now on.");
        } catch (FactorlineException e) {
            flash.addFlashAttribute("problems", List.of(FieldProblem.of("token", id, e.getMessage())));
        }
        return "redirect:/staff/profile";
    }

    /** Starts setting up the authenticator app: the page shows the secret and the otpauth:// URI once. */
    @PostMapping("/second-factor")
    String startSecondFactor(Model model) {
        model.addAttribute("enrolment", secondFactor.start(userId()));
        return show(model);
    }

    @PostMapping("/second-factor/confirm")
    String confirmSecondFactor(@RequestParam(required = false) String code, Model model, RedirectAttributes flash) {
        try {
            secondFactor.confirm(userId(), code);
            flash.addFlashAttribute(
                    "flash", "The second factor is on: from now on, sign-in asks for a code from your app.");
            return "redirect:/staff/profile";
        } catch (FactorlineException e) {
            PageSupport.showProblems(model, e);
            secondFactor.pending(userId()).ifPresent(en -> model.addAttribute("enrolment", en));
            return show(model);
        }
    }

    @PostMapping("/second-factor/off")
    String turnOffSecondFactor(@RequestParam(required = false) String code, Model model, RedirectAttributes flash) {
        try {
            secondFactor.turnOff(userId(), code);
            flash.addFlashAttribute("flash", "The second factor is off: sign-in asks for your password only.");
            return "redirect:/staff/profile";
        } catch (FactorlineException e) {
            PageSupport.showProblems(model, e);
            return show(model);
        }
    }

    private static UUID userId() {
        UUID id = CurrentActor.get().userId();
        if (id == null) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        return id;
    }
}
