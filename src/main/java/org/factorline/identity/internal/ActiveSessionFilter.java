package org.factorline.identity.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.factorline.identity.SignedInUser;
import org.factorline.identity.UserAccounts;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Ends the session of a user who was deactivated while signed in: otherwise a bookkeeper switched off by
 * the client's admin would keep their open browser session until it timed out. One indexed read per page.
 */
class ActiveSessionFilter extends OncePerRequestFilter {

    private final UserAccounts accounts;

    ActiveSessionFilter(UserAccounts accounts) {
        this.accounts = accounts;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        var auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null
                && auth.getPrincipal() instanceof SignedInUser user
                && user.actor().userId() != null
                && !accounts.isEnabled(user.actor().userId())) {
            SecurityContextHolder.clearContext();
            var session = request.getSession(false);
            if (session != null) {
                session.invalidate();
            }
        }
        chain.doFilter(request, response);
    }
}
