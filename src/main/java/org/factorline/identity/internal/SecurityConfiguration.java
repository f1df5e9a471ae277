package org.factorline.identity.internal;

import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.factorline.identity.Role;
import org.factorline.identity.SecondFactor;
import org.factorline.identity.SignedInUser;
import org.factorline.identity.UserAccounts;
import org.factorline.shared.ErrorCode;
import org.factorline.shared.ProblemDetailsAdvice;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.context.DelegatingSecurityContextRepository;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * Three doors. The actuator (health, metrics) takes a session, an administrator's API token or the
 * Prometheus scrape token. The REST API under {@code /api/**} takes hashed API tokens only (no cookies, so no CSRF),
 * answers refusals as problem details, and lets the read-only auditor read but never write. The web
 * pages take a form sign-in with a session, CSRF tokens on every form and strict security headers.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class SecurityConfiguration {

    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; font-src 'self' data:; object-src 'none'; base-uri 'self'; "
            + "form-action 'self'; frame-ancestors 'none'";

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /**
     * No Micrometer observation around each security filter, sign-in and authorization decision. Every
     * request is still timed once, by status and route ({@code http.server.requests}); the per-filter
     * observations added a dozen timers to every API call for figures nobody reads, and cost about a tenth of
     * the CPU of an invoice submission.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    UserDetailsService userDetailsService(UserAccounts accounts) {
        return username ->
                accounts.loadForSignIn(username).orElseThrow(() -> new UsernameNotFoundException("unknown user"));
    }

    /**
     * The actuator: health for anyone; the Prometheus scrape for an administrator (session or API token) or
     * the machine credential {@code FACTORLINE_METRICS_TOKEN}, which opens nothing else; the other actuator
     * endpoints for administrators only.
     */
    @Bean
    @ConditionalOnWebApplication // the jar's commands run without a web server: nothing to guard
    @Order(0)
    SecurityFilterChain actuator(
            HttpSecurity http,
            UserAccounts accounts,
            @org.springframework.beans.factory.annotation.Value("${FACTORLINE_METRICS_TOKEN:}") String metricsToken)
            throws Exception {
        http.securityMatcher("/actuator/**")
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.NEVER))
                .addFilterBefore(new MetricsTokenFilter(metricsToken), UsernamePasswordAuthenticationFilter.class)
                .addFilterAfter(new ApiTokenFilter(accounts), MetricsTokenFilter.class)
                .addFilterBefore(new ActiveSessionFilter(accounts), AuthorizationFilter.class)
                .authorizeHttpRequests(a -> a.requestMatchers("/actuator/health", "/actuator/health/**")
                        .permitAll()
                        .requestMatchers("/actuator/prometheus")
                        .hasAnyRole(Role.ADMIN.name(), MetricsTokenFilter.ROLE)
                        .anyRequest()
                        .hasRole(Role.ADMIN.name()))
                .exceptionHandling(e -> e.authenticationEntryPoint((req, res, ex) -> writeProblem(
                                res,
                                ErrorCode.UNAUTHENTICATED,
                                "Sign in as an administrator, or send 'Authorization: Bearer' with the metrics token"
                                        + " or an administrator's API token",
                                req.getRequestURI()))
                        .accessDeniedHandler((req, res, ex) -> writeProblem(
                                res, ErrorCode.FORBIDDEN, "Your role does not allow this", req.getRequestURI())))
                .headers(h ->
                        h.contentSecurityPolicy(c -> c.policyDirectives("default-src 'none'; frame-ancestors 'none'")));
        return http.build();
    }

    @Bean
    @ConditionalOnWebApplication // the jar's commands run without a web server: nothing to guard
    @Order(1)
    SecurityFilterChain api(HttpSecurity http, UserAccounts accounts) throws Exception {
        String[] writers = java.util.Arrays.stream(Role.values())
                .filter(r -> r != Role.AUDITOR)
                .map(Role::name)
                .toArray(String[]::new);
        http.securityMatcher("/api/**")
                .csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new ApiTokenFilter(accounts), UsernamePasswordAuthenticationFilter.class)
                .authorizeHttpRequests(a -> a.requestMatchers(HttpMethod.GET, "/api/**")
                        .authenticated()
                        .anyRequest()
                        .hasAnyRole(writers))
                .exceptionHandling(e -> e.authenticationEntryPoint((req, res, ex) -> writeProblem(
                                res,
                                ErrorCode.UNAUTHENTICATED,
                                "Send an API token as 'Authorization: Bearer flt_…'; the one sent was missing, unknown or revoked",
                                req.getRequestURI()))
                        .accessDeniedHandler((req, res, ex) -> writeProblem(
                                res, ErrorCode.FORBIDDEN, "Your role does not allow this", req.getRequestURI())))
                .headers(h ->
                        h.contentSecurityPolicy(c -> c.policyDirectives("default-src 'none'; frame-ancestors 'none'")));
        return http.build();
    }

    @Bean
    @ConditionalOnWebApplication // the jar's commands run without a web server: nothing to guard
    @Order(2)
    SecurityFilterChain web(HttpSecurity http, UserAccounts accounts, java.time.Clock clock) throws Exception {
        http.authorizeHttpRequests(a -> a.requestMatchers(
                                "/login",
                                "/login/forgot",
                                "/login/code",
                                "/account/password",
                                "/d/**",
                                "/remit-check",
                                "/webjars/**",
                                "/css/**",
                                "/js/**",
                                "/img/**",
                                "/favicon.ico",
                                "/error",
                                "/v3/api-docs/**",
                                "/swagger-ui/**",
                                "/swagger-ui.html")
                        .permitAll()
                        .requestMatchers("/portal/**")
                        .hasRole("CLIENT")
                        .requestMatchers("/staff/profile", "/staff/profile/**")
                        .authenticated()
                        .requestMatchers("/staff/**")
                        .hasRole("STAFF")
                        .anyRequest()
                        .authenticated())
                .addFilterBefore(new ActiveSessionFilter(accounts), AuthorizationFilter.class)
                .formLogin(f -> f.loginPage("/login")
                        .successHandler(secondFactorGate(accounts, clock))
                        .permitAll())
                .logout(l -> l.logoutUrl("/logout").logoutSuccessUrl("/login?signedOut"))
                .sessionManagement(s -> s.sessionFixation(f -> f.changeSessionId()))
                .headers(h -> h.contentSecurityPolicy(c -> c.policyDirectives(CSP))
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN))
                        .frameOptions(f -> f.deny()));
        return http.build();
    }

    /**
     * After a right password: a person with an authenticator app is not signed in yet. The session keeps
     * only who is waiting for the code, and the sign-in finishes on the code page.
     */
    static AuthenticationSuccessHandler secondFactorGate(UserAccounts accounts, java.time.Clock clock) {
        var done = new SimpleUrlAuthenticationSuccessHandler("/");
        done.setAlwaysUseDefaultTargetUrl(true);
        var contexts = new DelegatingSecurityContextRepository(
                new RequestAttributeSecurityContextRepository(), new HttpSessionSecurityContextRepository());
        return (request, response, authentication) -> {
            if (authentication.getPrincipal() instanceof SignedInUser user
                    && user.actor().userId() != null
                    && accounts.hasSecondFactor(user.actor().userId())) {
                SecurityContext empty = SecurityContextHolder.createEmptyContext();
                SecurityContextHolder.setContext(empty);
                contexts.saveContext(empty, request, response);
                request.getSession()
                        .setAttribute(
                                SecondFactor.PENDING_SIGN_IN,
                                new SecondFactor.PendingSignIn(
                                        user.actor().userId(), user.getUsername(), clock.instant()));
                response.sendRedirect(request.getContextPath() + "/login/code");
                return;
            }
            done.onAuthenticationSuccess(request, response, authentication);
        };
    }

    static void writeProblem(HttpServletResponse res, ErrorCode code, String detail, String path)
            throws java.io.IOException {
        ProblemDetailsAdvice.write(res, ProblemDetailsAdvice.problem(code, detail, List.of(), path));
    }

    /** Counts failed sign-ins (and locks after too many); a success clears the count. */
    @Bean
    SignInAttempts signInAttempts(UserAccounts accounts) {
        return new SignInAttempts(accounts);
    }

    static class SignInAttempts {
        private final UserAccounts accounts;

        SignInAttempts(UserAccounts accounts) {
            this.accounts = accounts;
        }

        @EventListener
        void failed(AuthenticationFailureBadCredentialsEvent event) {
            accounts.signInFailed(event.getAuthentication().getName());
        }

        /**
         * A right password clears the failure count, unless a code is still due: then only the right code
         * clears it, so guessing codes meets the same lockout as guessing passwords.
         */
        @EventListener
        void succeeded(AuthenticationSuccessEvent event) {
            boolean codeDue = event.getAuthentication().getPrincipal() instanceof SignedInUser user
                    && user.actor().userId() != null
                    && accounts.hasSecondFactor(user.actor().userId());
            if (!(event.getAuthentication() instanceof ApiTokenFilter.TokenAuthentication) && !codeDue) {
                accounts.signInSucceeded(event.getAuthentication().getName());
            }
        }
    }
}
