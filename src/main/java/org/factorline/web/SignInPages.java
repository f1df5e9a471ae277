package org.factorline.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.time.Clock;
import java.util.Optional;
import org.factorline.identity.PasswordLinks;
import org.factorline.identity.SecondFactor;
import org.factorline.identity.SignedInUser;
import org.factorline.identity.UserAccounts;
import org.factorline.shared.FactorlineException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.DelegatingSecurityContextRepository;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The ways into an account besides the password form: asking for a reset link, choosing a password
 * through an invitation or reset link, and the authenticator code a second-factor user gives after the
 * password. The reset answer is the same whether or not the account exists.
 */
@Controller
class SignInPages {

    private final PasswordLinks links;
    private final SecondFactor secondFactor;
    private final UserAccounts users;
    private final Clock clock;
    private final SecurityContextRepository contexts = new DelegatingSecurityContextRepository(
            new RequestAttributeSecurityContextRepository(), new HttpSessionSecurityContextRepository());

    SignInPages(PasswordLinks links, SecondFactor secondFactor, UserAccounts users, Clock clock) {
        this.links = links;
        this.secondFactor = secondFactor;
        this.users = users;
        this.clock = clock;
    }

    @GetMapping("/login/forgot")
    String forgot() {
        return "account/forgot";
    }

    @PostMapping("/login/forgot")
    String requestReset(@RequestParam(required = false) String account, Model model) {
        links.requestReset(account);
        model.addAttribute("requested", true);
        return "account/forgot";
    }

    @GetMapping("/account/password")
    String choosePassword(@RequestParam(required = false) String token, Model model) {
        model.addAttribute("token", token);
        model.addAttribute("link", links.open(token).orElse(null));
        return "account/password";
    }

    @PostMapping("/account/password")
    String setPassword(
            @RequestParam(required = false) String token,
            @RequestParam(required = false) String password,
            @RequestParam(required = false) String confirmation,
            Model model,
            HttpServletRequest request,
            HttpServletResponse response) {
        Optional<PasswordLinks.OpenLink> link = links.open(token);
        try {
            PasswordLinks.PasswordSet set = links.setPassword(token, password, confirmation);
            if (set.secondFactor()) {
                return "redirect:/login?passwordSet";
            }
            Optional<SignedInUser> user = users.loadForSignIn(set.username());
            if (user.isEmpty() || !user.get().isEnabled()) {
                return "redirect:/login?passwordSet";
            }
            signIn(user.get(), request, response);
            return "redirect:/";
        } catch (FactorlineException e) {
            PageSupport.showProblems(model, e);
            model.addAttribute("token", token);
            model.addAttribute("link", link.flatMap(l -> links.open(token)).orElse(null));
            return "account/password";
        }
    }

    @GetMapping("/login/code")
    String code(HttpSession session) {
        return pending(session).isPresent() ? "account/code" : "redirect:/login";
    }

    @PostMapping("/login/code")
    String checkCode(
            @RequestParam(required = false) String code,
            HttpSession session,
            Model model,
            HttpServletRequest request,
            HttpServletResponse response) {
        Optional<SecondFactor.PendingSignIn> waiting = pending(session);
        if (waiting.isEmpty()) {
            return "redirect:/login";
        }
        String username = waiting.get().username();
        Optional<SignedInUser> user = users.loadForSignIn(username);
        if (user.isEmpty() || !user.get().isEnabled() || !user.get().isAccountNonLocked()) {
            session.removeAttribute(SecondFactor.PENDING_SIGN_IN);
            return "redirect:/login?error";
        }
        if (!secondFactor.verify(waiting.get().userId(), code)) {
            users.signInFailed(username);
            if (users.loadForSignIn(username).map(u -> !u.isAccountNonLocked()).orElse(true)) {
                session.removeAttribute(SecondFactor.PENDING_SIGN_IN);
                return "redirect:/login?error";
            }
            model.addAttribute("wrongCode", true);
            return "account/code";
        }
        users.signInSucceeded(username);
        session.removeAttribute(SecondFactor.PENDING_SIGN_IN);
        signIn(user.get(), request, response);
        return "redirect:/";
    }

    private Optional<SecondFactor.PendingSignIn> pending(HttpSession session) {
        if (!(session.getAttribute(SecondFactor.PENDING_SIGN_IN) instanceof SecondFactor.PendingSignIn p)) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(p.since().plus(SecondFactor.PENDING_FOR))) {
            session.removeAttribute(SecondFactor.PENDING_SIGN_IN);
            return Optional.empty();
        }
        return Optional.of(p);
    }

    /** Signs the person in on a fresh session id, as the form sign-in does. */
    private void signIn(SignedInUser user, HttpServletRequest request, HttpServletResponse response) {
        request.getSession(true);
        request.changeSessionId();
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(new UsernamePasswordAuthenticationToken(user, null, user.getAuthorities()));
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
    }
}
