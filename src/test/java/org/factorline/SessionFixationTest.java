package org.factorline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.authenticated;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.unauthenticated;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import org.factorline.identity.Role;
import org.factorline.identity.Totp;
import org.factorline.identity.UserAccounts;
import org.factorline.shared.MutableClock;
import org.factorline.support.FactorlineTest;
import org.factorline.support.Html;
import org.factorline.support.SignedIn;
import org.factorline.support.TestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * Session fixation: whoever planted a session id before sign-in (a link, a shared computer) must not find
 * it signed in afterwards. The id a browser held before signing in is never the id of the signed-in session.
 */
@FactorlineTest
class SessionFixationTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestSupport.Fixtures fixtures;

    @Autowired
    MutableClock clock;

    @AfterEach
    void resetClock() {
        clock.set(TestSupport.START);
    }

    @Test
    void theSessionIdChangesAtFormSignIn() throws Exception {
        UserAccounts.UserView user = fixtures.user(null, Role.UNDERWRITER);
        MockHttpSession session = new MockHttpSession();
        mvc.perform(get("/login").session(session)).andExpect(status().isOk());
        String planted = session.getId();

        mvc.perform(signIn(session, user.username())).andExpect(authenticated().withUsername(user.username()));

        assertThat(session.getId()).isNotEqualTo(planted);
        mvc.perform(get("/staff").session(session)).andExpect(status().isOk());
    }

    @Test
    void theSessionIdChangesAgainWhenTheSecondFactorFinishesTheSignIn() throws Exception {
        UserAccounts.UserView user = fixtures.user(null, Role.UNDERWRITER);
        byte[] key = enrol(user);
        clock.advance(Duration.ofSeconds(Totp.STEP_SECONDS)); // the enrolment code's step is used up

        MockHttpSession session = new MockHttpSession();
        mvc.perform(get("/login").session(session)).andExpect(status().isOk());
        String planted = session.getId();
        mvc.perform(signIn(session, user.username()))
                .andExpect(redirectedUrl("/login/code"))
                .andExpect(unauthenticated());
        String waitingForCode = session.getId();
        assertThat(waitingForCode).isNotEqualTo(planted);

        mvc.perform(post("/login/code")
                        .session(session)
                        .with(csrf())
                        .param("code", Totp.code(key, Totp.step(clock.instant()))))
                .andExpect(redirectedUrl("/"))
                .andExpect(authenticated().withUsername(user.username()));
        assertThat(session.getId()).isNotEqualTo(waitingForCode).isNotEqualTo(planted);
    }

    /**
     * The sign-in form's POST as a browser sends it: with the cookie of the session it already has, which
     * the servlet container reports as a valid requested session id (MockMvc does not by itself).
     */
    private static MockHttpServletRequestBuilder signIn(MockHttpSession session, String username) {
        return post("/login")
                .session(session)
                .with(request -> {
                    request.setRequestedSessionId(session.getId());
                    request.setRequestedSessionIdValid(true);
                    return request;
                })
                .with(csrf())
                .param("username", username)
                .param("password", TestSupport.PASSWORD);
    }

    private byte[] enrol(UserAccounts.UserView user) throws Exception {
        var me = SignedIn.as(UserAccounts.toActor(user));
        String secret = Html.of(mvc.perform(
                                post("/staff/profile/second-factor").with(me).with(csrf()))
                        .andReturn()
                        .getResponse()
                        .getContentAsString())
                .value("totp-secret");
        byte[] key = Totp.fromBase32(secret);
        mvc.perform(post("/staff/profile/second-factor/confirm")
                        .with(me)
                        .with(csrf())
                        .param("code", Totp.code(key, Totp.step(clock.instant()))))
                .andExpect(redirectedUrl("/staff/profile"));
        return key;
    }
}
