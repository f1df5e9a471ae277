package org.factorline.identity.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The Prometheus server's credential: {@code Authorization: Bearer <FACTORLINE_METRICS_TOKEN>} on the actuator
 * endpoints. It is no user and has one authority, {@link #AUTHORITY}, which only the metrics scrape and health
 * accept. Set only from the environment; without it there is no machine credential at all. The token is
 * compared as SHA-256 digests with {@link MessageDigest#isEqual}, so the time taken tells nothing of how much
 * of it matched, nor of its length.
 *
 * <p>A bearer value that is not the metrics token is passed on untouched (an administrator's API token); the
 * metrics token itself is taken out of the request once it has authenticated, so nothing after this filter
 * mistakes it for an API token.
 */
final class MetricsTokenFilter extends OncePerRequestFilter {

    static final String ROLE = "METRICS_SCRAPER";
    static final String AUTHORITY = "ROLE_" + ROLE;
    static final int MIN_LENGTH = 32;

    private final byte[] expected;

    /** {@code token} blank: no machine credential. Shorter than 32 characters: refused at start-up. */
    MetricsTokenFilter(String token) {
        if (token == null || token.isBlank()) {
            this.expected = null;
        } else if (token.strip().length() < MIN_LENGTH) {
            throw new IllegalStateException("FACTORLINE_METRICS_TOKEN must be at least " + MIN_LENGTH
                    + " characters (e.g. openssl rand -hex 32); it is "
                    + token.strip().length());
        } else {
            this.expected = sha256(token.strip());
        }
    }

    boolean configured() {
        return expected != null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (expected != null && header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            if (MessageDigest.isEqual(expected, sha256(header.substring(7).strip()))) {
                var context = SecurityContextHolder.createEmptyContext();
                context.setAuthentication(new Scraper());
                SecurityContextHolder.setContext(context);
                chain.doFilter(withoutAuthorization(request), response);
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private static HttpServletRequest withoutAuthorization(HttpServletRequest request) {
        return new HttpServletRequestWrapper(request) {
            @Override
            public String getHeader(String name) {
                return "Authorization".equalsIgnoreCase(name) ? null : super.getHeader(name);
            }

            @Override
            public Enumeration<String> getHeaders(String name) {
                return "Authorization".equalsIgnoreCase(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
            }
        };
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The scraper: authenticated, no user, no role but {@link #AUTHORITY}. */
    static final class Scraper extends AbstractAuthenticationToken {
        private static final long serialVersionUID = 1L;

        Scraper() {
            super(List.of(new SimpleGrantedAuthority(AUTHORITY)));
            setAuthenticated(true);
        }

        @Override
        public Object getCredentials() {
            return "";
        }

        @Override
        public Object getPrincipal() {
            return "metrics-scraper";
        }
    }
}
