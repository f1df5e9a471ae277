package org.factorline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.authenticated;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.unauthenticated;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.factorline.identity.PasswordLinks;
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
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

/**
 * How a client's people get in and stay safe: invitations by e-mail, password resets that tell nobody
 * whether an account exists, the optional authenticator code, and a client admin who manages its own
 * people only. E-mails are read from the test SMTP server, as they would arrive.
 */
@FactorlineTest
class ClientAccessTest {

    static final Pattern LINK = Pattern.compile("/account/password\\?token=([A-Za-z0-9_\\-]+)");
    static final String NEW_PASSWORD = "a-long-new-password-42";

    @Autowired
    MockMvc mvc;

    @Autowired
    TestSupport.Fixtures fixtures;

    @Autowired
    UserAccounts users;

    @Autowired
    GreenMail mail;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    @AfterEach
    void resetClock() {
        clock.set(TestSupport.START);
    }

    static String mailbox(String name) {
        return TestSupport.unique(name).toLowerCase() + "@client.example";
    }

    /** The newest message to this address, waiting up to five seconds for it (resets leave in the background). */
    Optional<MimeMessage> mailTo(String address, int nth) throws Exception {
        for (int i = 0; i < 50; i++) {
            var found = java.util.Arrays.stream(mail.getReceivedMessages())
                    .filter(m -> {
                        try {
                            return m.getAllRecipients()[0].toString().equals(address);
                        } catch (jakarta.mail.MessagingException e) {
                            return false;
                        }
                    })
                    .toList();
            if (found.size() >= nth) {
                return Optional.of(found.get(nth - 1));
            }
            Thread.sleep(100);
        }
        return Optional.empty();
    }

    static String token(MimeMessage m) {
        Matcher link = LINK.matcher(GreenMailUtil.getBody(m).replace("=\r\n", ""));
        assertThat(link.find()).as("the e-mail carries a password link").isTrue();
        return link.group(1);
    }

    String invite(java.util.UUID clientId, String email) throws Exception {
        var manager = fixtures.user(null, Role.ACCOUNT_MANAGER);
        mvc.perform(post("/staff/clients/" + clientId + "/invitations")
                        .with(SignedIn.as(UserAccounts.toActor(manager)))
                        .with(csrf())
                        .param("displayName", "Pat Bookkeeper")
                        .param("email", email)
                        .param("role", "CLIENT_USER"))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/staff/clients/" + clientId + "#users"));
        return token(mailTo(email, 1).orElseThrow());
    }

    @Test
    void anInvitedClientUserChoosesAPasswordOnceAndIsSignedIn() throws Exception {
        var client = fixtures.activeClient();
        String email = mailbox("pat");
        String token = invite(client.id().value(), email);
        var invited = users.findByUsername(email).orElseThrow();
        assertThat(invited.roles()).containsExactly(Role.CLIENT_USER);
        assertThat(invited.clientId()).isEqualTo(client.id().value());
        assertThat(jdbc.sql("select count(*) from account_link where token_hash = ?")
                        .param(token)
                        .query(Long.class)
                        .single())
                .as("the token itself is never stored")
                .isZero();

        var admin = SignedIn.as(TestSupport.admin());
        Html staffPage =
                Html.of(mvc.perform(get("/staff/clients/" + client.id().value()).with(admin))
                        .andExpect(status().isOk())
                        .andReturn()
                        .getResponse()
                        .getContentAsString());
        assertThat(staffPage.text("user-" + email)).contains("invited, not joined yet");

        Html form = Html.of(mvc.perform(get("/account/password").param("token", token))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString());
        assertThat(form.text("welcome")).contains("Pat Bookkeeper");
        assertThat(form.text("link-username")).isEqualTo(email);
        assertThat(form.unlabelledControls()).isEmpty();

        mvc.perform(post("/account/password")
                        .param("token", token)
                        .param("password", NEW_PASSWORD)
                        .param("confirmation", NEW_PASSWORD))
                .andExpect(status().isForbidden()); // no CSRF token
        mvc.perform(post("/account/password")
                        .with(csrf())
                        .param("token", token)
                        .param("password", "too-short")
                        .param("confirmation", "too-short"))
                .andExpect(status().isOk())
                .andExpect(unauthenticated());
        mvc.perform(post("/account/password")
                        .with(csrf())
                        .param("token", token)
                        .param("password", NEW_PASSWORD)
                        .param("confirmation", NEW_PASSWORD))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/"))
                .andExpect(authenticated().withUsername(email));

        // once only
        Html again = Html.of(mvc.perform(get("/account/password").param("token", token))
                .andReturn()
                .getResponse()
                .getContentAsString());
        assertThat(again.hasId("link-invalid")).isTrue();
        mvc.perform(post("/account/password")
                        .with(csrf())
                        .param("token", token)
                        .param("password", "another-password-123")
                        .param("confirmation", "another-password-123"))
                .andExpect(unauthenticated());
        mvc.perform(formLogin().user(email).password(NEW_PASSWORD)).andExpect(authenticated());
        assertThat(jdbc.sql(
                                "select count(*) from audit_event where entity_id = ? and action = 'user.invitation_accepted'")
                        .param(invited.id())
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void aResetLinkWorksOnceClosesTheOtherLinksAndIsAudited() throws Exception {
        String email = mailbox("reset");
        var user = createUser(email);
        mvc.perform(post("/login/forgot").param("account", email)).andExpect(status().isForbidden());
        requestReset(email);
        requestReset(user.username());
        String first = token(mailTo(email, 1).orElseThrow());
        String second = token(mailTo(email, 2).orElseThrow());
        assertThat(first).isNotEqualTo(second);

        mvc.perform(post("/account/password")
                        .with(csrf())
                        .param("token", second)
                        .param("password", NEW_PASSWORD)
                        .param("confirmation", NEW_PASSWORD))
                .andExpect(redirectedUrl("/"))
                .andExpect(authenticated().withUsername(user.username()));
        mvc.perform(formLogin().user(user.username()).password(TestSupport.PASSWORD))
                .andExpect(unauthenticated());
        mvc.perform(formLogin().user(user.username()).password(NEW_PASSWORD)).andExpect(authenticated());

        for (String used : new String[] {first, second}) {
            mvc.perform(post("/account/password")
                            .with(csrf())
                            .param("token", used)
                            .param("password", "someone-elses-password")
                            .param("confirmation", "someone-elses-password"))
                    .andExpect(status().isOk())
                    .andExpect(unauthenticated());
        }
        assertThat(jdbc.sql("select action from audit_event where entity_id = ? order by id")
                        .param(user.id())
                        .query(String.class)
                        .list())
                .contains("user.password_reset_requested", "user.password_reset");
    }

    @Test
    void aResetLinkExpiresAfterAnHourAndATamperedOneOpensNothing() throws Exception {
        String email = mailbox("expire");
        var user = createUser(email);
        requestReset(email);
        String token = token(mailTo(email, 1).orElseThrow());

        char last = token.charAt(token.length() - 1);
        String tampered = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
        assertThat(Html.of(mvc.perform(get("/account/password").param("token", tampered))
                                .andReturn()
                                .getResponse()
                                .getContentAsString())
                        .hasId("link-invalid"))
                .isTrue();

        clock.advance(PasswordLinks.RESET_VALID_FOR.plusSeconds(1));
        mvc.perform(post("/account/password")
                        .with(csrf())
                        .param("token", token)
                        .param("password", NEW_PASSWORD)
                        .param("confirmation", NEW_PASSWORD))
                .andExpect(status().isOk())
                .andExpect(unauthenticated());
        clock.set(TestSupport.START);
        mvc.perform(formLogin().user(user.username()).password(TestSupport.PASSWORD))
                .andExpect(authenticated());
    }

    @Test
    void resetRequestsCannotFloodAMailbox() throws Exception {
        String email = mailbox("flood");
        var user = createUser(email);
        String first = requestReset(email);
        for (int i = 1; i < PasswordLinks.MAX_RESETS_PER_HOUR + 2; i++) {
            assertThat(requestReset(email)).isEqualTo(first);
        }
        String count = "select count(*) from account_link where user_id = ? and purpose = 'RESET'";
        assertThat(jdbc.sql(count).param(user.id()).query(Long.class).single())
                .isEqualTo(PasswordLinks.MAX_RESETS_PER_HOUR);
        clock.advance(PasswordLinks.RESET_VALID_FOR.plusSeconds(1));
        requestReset(email);
        assertThat(jdbc.sql(count).param(user.id()).query(Long.class).single())
                .isEqualTo(PasswordLinks.MAX_RESETS_PER_HOUR + 1);
    }

    @Test
    void askingForAResetNeverTellsWhetherTheAccountExists() throws Exception {
        String email = mailbox("known");
        createUser(email);
        String known = requestReset(email);
        String unknown = requestReset(mailbox("nobody"));
        assertThat(unknown).isEqualTo(known);
        assertThat(Html.of(known).text("reset-requested")).contains("If an account has this user name");
        assertThat(mailTo(email, 1)).isPresent();
    }

    @Test
    void aSecondFactorIsAskedAfterThePasswordAndACodeWorksOnce() throws Exception {
        var user = fixtures.user(null, Role.UNDERWRITER);
        var me = SignedIn.as(UserAccounts.toActor(user));
        Html started = Html.of(
                mvc.perform(post("/staff/profile/second-factor").with(me).with(csrf()))
                        .andExpect(status().isOk())
                        .andReturn()
                        .getResponse()
                        .getContentAsString());
        String secret = started.value("totp-secret");
        assertThat(started.text("otpauth-uri"))
                .startsWith("otpauth://totp/Factorline:" + user.username())
                .contains("secret=" + secret);
        assertThat(started.unlabelledControls()).isEmpty();
        byte[] key = Totp.fromBase32(secret);

        mvc.perform(post("/staff/profile/second-factor/confirm")
                        .with(me)
                        .with(csrf())
                        .param("code", wrong(key)))
                .andExpect(status().isOk());
        assertThat(users.hasSecondFactor(user.id())).isFalse();
        mvc.perform(post("/staff/profile/second-factor/confirm")
                        .with(me)
                        .with(csrf())
                        .param("code", Totp.code(key, Totp.step(clock.instant()))))
                .andExpect(redirectedUrl("/staff/profile"));
        assertThat(users.hasSecondFactor(user.id())).isTrue();
        assertThat(jdbc.sql("select totp_secret from app_user where id = ?")
                        .param(user.id())
                        .query(String.class)
                        .single())
                .startsWith("v1:")
                .doesNotContain(secret);

        clock.advance(Duration.ofSeconds(Totp.STEP_SECONDS)); // the enrolment code's step is used up
        MockHttpSession session = passwordStep(user.username());
        mvc.perform(get("/staff").session(session)).andExpect(status().is3xxRedirection());
        mvc.perform(post("/login/code").session(session).param("code", "000000"))
                .andExpect(status().isForbidden()); // no CSRF token
        mvc.perform(post("/login/code").session(session).with(csrf()).param("code", wrong(key)))
                .andExpect(status().isOk())
                .andExpect(unauthenticated());
        String code = Totp.code(key, Totp.step(clock.instant()));
        mvc.perform(post("/login/code").session(session).with(csrf()).param("code", code))
                .andExpect(redirectedUrl("/"))
                .andExpect(authenticated().withUsername(user.username()));
        mvc.perform(get("/staff").session(session)).andExpect(status().isOk());

        // the same code again, thirty seconds later but within the drift window: refused
        clock.advance(Duration.ofSeconds(Totp.STEP_SECONDS));
        MockHttpSession replay = passwordStep(user.username());
        mvc.perform(post("/login/code").session(replay).with(csrf()).param("code", code))
                .andExpect(unauthenticated());
    }

    @Test
    void aResetDoesNotSkipTheSecondFactor() throws Exception {
        String email = mailbox("totp-reset");
        var user = createUser(email);
        enrol(user);
        requestReset(email);
        String token = token(mailTo(email, 1).orElseThrow());
        mvc.perform(post("/account/password")
                        .with(csrf())
                        .param("token", token)
                        .param("password", NEW_PASSWORD)
                        .param("confirmation", NEW_PASSWORD))
                .andExpect(redirectedUrl("/login?passwordSet"))
                .andExpect(unauthenticated());
        clock.advance(Duration.ofSeconds(Totp.STEP_SECONDS));
        mvc.perform(formLogin().user(user.username()).password(NEW_PASSWORD))
                .andExpect(redirectedUrl("/login/code"))
                .andExpect(unauthenticated());
    }

    @Test
    void onlyAdminsAndAccountManagersInviteFromTheClientPage() throws Exception {
        var client = fixtures.activeClient();
        mvc.perform(post("/staff/clients/" + client.id().value() + "/invitations")
                        .with(SignedIn.as(TestSupport.staff(Role.VERIFIER)))
                        .with(csrf())
                        .param("displayName", "Nope")
                        .param("email", mailbox("nope")))
                .andExpect(status().isForbidden());
        mvc.perform(post("/staff/clients/" + java.util.UUID.randomUUID() + "/invitations")
                        .with(SignedIn.as(TestSupport.admin()))
                        .with(csrf())
                        .param("displayName", "Nope")
                        .param("email", mailbox("nope")))
                .andExpect(status().isNotFound());
    }

    @Test
    void aDeactivatedUsersOpenSessionEndsAtTheNextPage() throws Exception {
        var client = fixtures.activeClient();
        var bookkeeper = fixtures.user(client.id().value(), Role.CLIENT_USER);
        MockHttpSession session = (MockHttpSession)
                mvc.perform(formLogin().user(bookkeeper.username()).password(TestSupport.PASSWORD))
                        .andExpect(authenticated())
                        .andReturn()
                        .getRequest()
                        .getSession();
        mvc.perform(get("/portal").session(session)).andExpect(status().isOk());
        String manager = fixtures.token(null, Role.ACCOUNT_MANAGER);
        mvc.perform(post("/api/v1/users/" + bookkeeper.id() + "/deactivate")
                        .header("Authorization", "Bearer " + manager)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"reason\": \"left the company\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.enabled").value(false));
        mvc.perform(get("/portal").session(session))
                .andExpect(status().is3xxRedirection())
                .andExpect(unauthenticated());
    }

    @Test
    void anAdministratorClearsTheSecondFactorOfSomeoneWhoLostTheirPhone() throws Exception {
        var user = fixtures.user(null, Role.FUNDING_OFFICER);
        enrol(user);
        String admin = fixtures.token(null, Role.ADMIN);
        String path = "/api/v1/users/" + user.id() + "/second-factor/clearance";
        mvc.perform(post(path)
                        .header("Authorization", "Bearer " + fixtures.token(null, Role.ACCOUNT_MANAGER))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"reason\": \"lost phone\"}"))
                .andExpect(status().isForbidden());
        mvc.perform(post(path)
                        .header("Authorization", "Bearer " + admin)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"reason\": \"lost phone, identity checked by call-back\"}"))
                .andExpect(status().isNoContent());
        assertThat(users.hasSecondFactor(user.id())).isFalse();
        mvc.perform(formLogin().user(user.username()).password(TestSupport.PASSWORD))
                .andExpect(authenticated());
    }

    @Test
    void wrongCodesMeetTheSameLockoutAsWrongPasswords() throws Exception {
        var user = fixtures.user(null, Role.VERIFIER);
        byte[] key = enrol(user);
        clock.advance(Duration.ofSeconds(Totp.STEP_SECONDS));
        MockHttpSession session = passwordStep(user.username());
        for (int i = 0; i < UserAccounts.MAX_FAILED_SIGN_INS - 1; i++) {
            mvc.perform(post("/login/code").session(session).with(csrf()).param("code", wrong(key)))
                    .andExpect(status().isOk());
        }
        // a right password in between does not wipe the count of wrong codes
        session = passwordStep(user.username());
        mvc.perform(post("/login/code").session(session).with(csrf()).param("code", wrong(key)))
                .andExpect(redirectedUrl("/login?error"));
        mvc.perform(formLogin().user(user.username()).password(TestSupport.PASSWORD))
                .andExpect(unauthenticated());
        clock.advance(UserAccounts.LOCKOUT.plusSeconds(1));
        session = passwordStep(user.username());
        mvc.perform(post("/login/code")
                        .session(session)
                        .with(csrf())
                        .param("code", Totp.code(key, Totp.step(clock.instant()))))
                .andExpect(authenticated());
    }

    @Test
    void aClientAdminManagesItsOwnPeopleOnly() throws Exception {
        var mine = fixtures.activeClient();
        var other = fixtures.activeClient();
        var clientAdmin = fixtures.user(mine.id().value(), Role.CLIENT_ADMIN);
        String token = fixtures.tokenFor(clientAdmin);
        var stranger = fixtures.user(other.id().value(), Role.CLIENT_USER);

        // not into another client, not as a client admin, never staff
        apiInvite(token, other.id().value(), mailbox("x"), "CLIENT_USER").andExpect(status().isNotFound());
        apiInvite(token, mine.id().value(), mailbox("x"), "CLIENT_ADMIN").andExpect(status().isForbidden());
        mvc.perform(post("/api/v1/users")
                        .header("Authorization", "Bearer " + token)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"username\":\"" + TestSupport.unique("staffer")
                                + "\",\"displayName\":\"S\",\"email\":\"s@x.example\","
                                + "\"password\":\"long-enough-password\",\"roles\":[\"ADMIN\"]}"))
                .andExpect(status().isForbidden());
        mvc.perform(post("/api/v1/users/" + stranger.id() + "/deactivate").header("Authorization", "Bearer " + token))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/users/" + stranger.id() + "/tokens").header("Authorization", "Bearer " + token))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/clients/" + other.id().value() + "/users").header("Authorization", "Bearer " + token))
                .andExpect(status().isNotFound());

        // its own people: invite, list, revoke a token, deactivate
        String email = mailbox("colleague");
        apiInvite(token, mine.id().value(), email, null)
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.user.roles[0]").value("CLIENT_USER"))
                .andExpect(jsonPath("$.mailSent").value(true));
        assertThat(mailTo(email, 1)).isPresent();
        var colleague = fixtures.user(mine.id().value(), Role.CLIENT_USER);
        var colleagueToken = TestSupport.as(TestSupport.admin(), () -> users.issueToken(colleague.id(), "sync"));
        mvc.perform(get("/api/v1/clients/" + mine.id().value() + "/users").header("Authorization", "Bearer " + token))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[?(@.username == '" + email + "')]").exists());
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete(
                                "/api/v1/users/" + colleague.id() + "/tokens/" + colleagueToken.id())
                        .header("Authorization", "Bearer " + token))
                .andExpect(status().isNoContent());
        mvc.perform(get("/api/v1/me").header("Authorization", "Bearer " + colleagueToken.token()))
                .andExpect(status().isUnauthorized());

        var page = SignedIn.as(UserAccounts.toActor(clientAdmin));
        Html people = Html.of(mvc.perform(get("/portal/users").with(page))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString());
        assertThat(people.text("client-users")).contains(email, colleague.username());
        assertThat(people.source()).doesNotContain(stranger.username());
        assertThat(people.unlabelledControls()).isEmpty();
        mvc.perform(post("/portal/users/" + stranger.id() + "/deactivate")
                        .with(page)
                        .with(csrf()))
                .andExpect(status().isNotFound());
        mvc.perform(post("/portal/users/" + colleague.id() + "/deactivate").with(page))
                .andExpect(status().isForbidden());
        mvc.perform(post("/portal/users/" + colleague.id() + "/deactivate")
                        .with(page)
                        .with(csrf()))
                .andExpect(redirectedUrl("/portal/users"));
        assertThat(users.find(colleague.id()).orElseThrow().enabled()).isFalse();
        mvc.perform(formLogin().user(colleague.username()).password(TestSupport.PASSWORD))
                .andExpect(unauthenticated());
        mvc.perform(post("/portal/users/invitations")
                        .with(page)
                        .with(csrf())
                        .param("displayName", "Sam")
                        .param("email", mailbox("sam")))
                .andExpect(redirectedUrl("/portal/users"));

        // a plain client user manages nobody
        var plain = SignedIn.as(UserAccounts.toActor(fixtures.user(mine.id().value(), Role.CLIENT_USER)));
        mvc.perform(get("/portal/users").with(plain)).andExpect(status().isForbidden());
    }

    private org.springframework.test.web.servlet.ResultActions apiInvite(
            String token, java.util.UUID clientId, String email, String role) throws Exception {
        return mvc.perform(post("/api/v1/invitations")
                .header("Authorization", "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"clientId\":\"" + clientId + "\",\"email\":\"" + email + "\",\"displayName\":\"Colleague\""
                        + (role == null ? "" : ",\"role\":\"" + role + "\"") + "}"));
    }

    private UserAccounts.UserView createUser(String email) {
        return TestSupport.as(
                TestSupport.admin(),
                () -> users.create(new UserAccounts.NewUser(
                        TestSupport.unique("user"),
                        "Reset Person",
                        email,
                        null,
                        TestSupport.PASSWORD,
                        null,
                        java.util.Set.of(Role.VERIFIER))));
    }

    private String requestReset(String account) throws Exception {
        return mvc.perform(post("/login/forgot").with(csrf()).param("account", account))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
    }

    /** Password accepted, code still due: not signed in, sent to the code page. */
    private MockHttpSession passwordStep(String username) throws Exception {
        var result = mvc.perform(formLogin().user(username).password(TestSupport.PASSWORD))
                .andExpect(redirectedUrl("/login/code"))
                .andExpect(unauthenticated())
                .andReturn();
        return (MockHttpSession) result.getRequest().getSession();
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

    /** A code that matches no step in the window. */
    private String wrong(byte[] key) {
        long now = Totp.step(clock.instant());
        for (int n = 0; ; n++) {
            String candidate = String.format("%06d", n);
            if (Totp.matchingStep(key, candidate, clock.instant()).isEmpty()
                    && !candidate.equals(Totp.code(key, now))) {
                return candidate;
            }
        }
    }
}
