package org.factorline.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.context.SecurityContextHolder;

class MetricsTokenFilterTest {

    static final String TOKEN = "0123456789abcdef0123456789abcdef";

    @AfterEach
    void clear() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void aShortTokenIsRefusedAtStartAndNoTokenMeansNoMachineCredential() {
        assertThatThrownBy(() -> new MetricsTokenFilter("too-short"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("at least 32 characters");
        assertThat(new MetricsTokenFilter("").configured()).isFalse();
        assertThat(new MetricsTokenFilter(null).configured()).isFalse();
    }

    @Test
    void theRightTokenAuthenticatesAsTheScraperAndIsHiddenFromWhatFollows() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/actuator/prometheus");
        request.addHeader("Authorization", "Bearer " + TOKEN);
        MockFilterChain chain = new MockFilterChain();
        new MetricsTokenFilter(TOKEN).doFilter(request, new MockHttpServletResponse(), chain);
        var auth = SecurityContextHolder.getContext().getAuthentication();
        assertThat(auth).isNotNull();
        assertThat(auth.getAuthorities()).extracting(Object::toString).containsExactly(MetricsTokenFilter.AUTHORITY);
        var passedOn = (jakarta.servlet.http.HttpServletRequest) chain.getRequest();
        assertThat(passedOn.getHeader("Authorization")).isNull();
        assertThat(passedOn.getHeaders("Authorization").hasMoreElements()).isFalse();
    }

    @Test
    void anyOtherBearerIsPassedOnUntouched() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/actuator/prometheus");
        request.addHeader("Authorization", "Bearer flt_someone");
        MockFilterChain chain = new MockFilterChain();
        new MetricsTokenFilter(TOKEN).doFilter(request, new MockHttpServletResponse(), chain);
        assertThat(SecurityContextHolder.getContext().getAuthentication()).isNull();
        assertThat(((jakarta.servlet.http.HttpServletRequest) chain.getRequest()).getHeader("Authorization"))
                .isEqualTo("Bearer flt_someone");
    }
}
