package org.factorline.identity.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.factorline.identity.SignedInUser;
import org.factorline.identity.UserAccounts;
import org.factorline.shared.ErrorCode;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/** Authenticates API calls by {@code Authorization: Bearer flt_…}; an unknown token is refused at once. */
class ApiTokenFilter extends OncePerRequestFilter {

    private final UserAccounts accounts;

    ApiTokenFilter(UserAccounts accounts) {
        this.accounts = accounts;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            var user = accounts.authenticateToken(header.substring(7).strip());
            if (user.isEmpty()) {
                SecurityConfiguration.writeProblem(
                        response,
                        ErrorCode.UNAUTHENTICATED,
                        "The API token is unknown or revoked; issue a new one on your profile page",
                        request.getRequestURI());
                return;
            }
            var context = SecurityContextHolder.createEmptyContext();
            context.setAuthentication(new TokenAuthentication(user.get()));
            SecurityContextHolder.setContext(context);
        }
        chain.doFilter(request, response);
    }

    static final class TokenAuthentication extends AbstractAuthenticationToken {
        private static final long serialVersionUID = 1L;
        private final transient SignedInUser user;

        TokenAuthentication(SignedInUser user) {
            super(user.getAuthorities());
            this.user = user;
            setAuthenticated(true);
        }

        @Override
        public Object getCredentials() {
            return "";
        }

        @Override
        public Object getPrincipal() {
            return user;
        }

        @Override
        public String getName() {
            return user.getUsername();
        }
    }
}
