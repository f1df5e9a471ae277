package org.factorline.payouts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import org.factorline.clients.Client;
import org.factorline.identity.Actor;
import org.factorline.identity.Role;
import org.factorline.ledger.Ledger;
import org.factorline.pricing.PayoutMethod;
import org.factorline.shared.FieldProblem;
import org.factorline.shared.MutableClock;
import org.factorline.support.FactorlineTest;
import org.factorline.support.SignedIn;
import org.factorline.support.TestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.transaction.PlatformTransactionManager;

/** The staff pages: release a method's pending payouts, download and mark the file sent, settle and return. */
@FactorlineTest
class PayoutPagesTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    Payouts payouts;

    @Autowired
    Ledger ledger;

    @Autowired
    TestSupport.Fixtures fixtures;

    @Autowired
    MutableClock clock;

    @Autowired
    PlatformTransactionManager transactions;

    Owed owed;

    @BeforeEach
    void setUp() {
        owed = new Owed(transactions, ledger, payouts, clock);
    }

    private String page(String url, Actor actor) throws Exception {
        return mvc.perform(get(url).with(SignedIn.as(actor)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
    }

    @Test
    void aColleagueReleasesTheWireFileFromThePageDownloadsItAndMarksItSent() throws Exception {
        Client client = fixtures.activeClient();
        Actor alice = Owed.officer("alice");
        Actor bob = Owed.officer("bob");
        Payout wire = owed.payout(alice, client, "15000.00", PayoutMethod.WIRE);

        String list = page("/staff/payouts", bob);
        assertThat(list)
                .contains("id=\"pending-wire\"")
                .contains(wire.reference())
                .contains("id=\"release-wire\"")
                .contains("Release wire file")
                .doesNotContain("000123456789");
        assertThat(page("/staff/payouts", alice)).contains(">yours<");

        MvcResult refused = mvc.perform(post("/staff/payouts/release")
                        .with(SignedIn.as(alice))
                        .with(csrf())
                        .param("method", "WIRE"))
                .andExpect(redirectedUrl("/staff/payouts"))
                .andExpect(flash().attributeExists("problems"))
                .andReturn();
        assertThat(refused.getFlashMap().get("problemTitle").toString()).contains(alice.username());
        mvc.perform(post("/staff/payouts/release").with(SignedIn.as(bob)).param("method", "WIRE"))
                .andExpect(status().isForbidden());

        String location = mvc.perform(post("/staff/payouts/release")
                        .with(SignedIn.as(bob))
                        .with(csrf())
                        .param("method", "WIRE"))
                .andExpect(redirectedUrlPattern("/staff/payouts/files/*"))
                .andExpect(flash().attributeExists("flash"))
                .andReturn()
                .getResponse()
                .getRedirectedUrl();
        Payout released = payouts.get(wire.id());
        assertThat(released.status()).isEqualTo(PayoutStatus.RELEASED);
        assertThat(location).endsWith(released.fileId().toString());

        String file = page(location, bob);
        assertThat(file).contains(wire.reference()).contains("id=\"mark-sent\"").contains("id=\"download-file\"");
        assertThat(page(location, TestSupport.staff(Role.AUDITOR)))
                .contains(wire.reference())
                .doesNotContain("id=\"mark-sent\"")
                .doesNotContain("id=\"download-file\"");
        mvc.perform(get(location + "/content").with(SignedIn.as(bob)))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Disposition", org.hamcrest.Matchers.containsString(".csv\"")));
        mvc.perform(get(location + "/content").with(SignedIn.as(TestSupport.staff(Role.AUDITOR))))
                .andExpect(status().isForbidden());

        mvc.perform(post(location + "/sent").with(SignedIn.as(bob)).with(csrf()))
                .andExpect(redirectedUrl(location))
                .andExpect(flash().attributeExists("flash"));
        assertThat(payouts.get(wire.id()).status()).isEqualTo(PayoutStatus.SENT);
        MvcResult twice = mvc.perform(
                        post(location + "/sent").with(SignedIn.as(bob)).with(csrf()))
                .andExpect(redirectedUrl(location))
                .andReturn();
        assertThat(problems(twice))
                .singleElement()
                .satisfies(p -> assertThat(p.message()).contains("cannot go to SENT"));
        assertThat(page(location, bob))
                .contains("id=\"settle-" + wire.reference() + "\"")
                .contains("id=\"return-" + wire.reference() + "\"");

        mvc.perform(post("/staff/payouts/" + wire.id() + "/returned")
                        .with(SignedIn.as(bob))
                        .with(csrf())
                        .param("reason", "R04 invalid account number")
                        .param("file", released.fileId().toString()))
                .andExpect(redirectedUrl(location));
        assertThat(payouts.get(wire.id()).status()).isEqualTo(PayoutStatus.RETURNED);
        assertThat(page("/staff/payouts?status=RETURNED", bob))
                .contains("R04 invalid account number")
                .contains("id=\"reissue-" + wire.reference() + "\"");
        mvc.perform(post("/staff/payouts/" + wire.id() + "/reissue")
                        .with(SignedIn.as(bob))
                        .with(csrf()))
                .andExpect(redirectedUrl("/staff/payouts"))
                .andExpect(flash().attributeExists("flash"));
        mvc.perform(post("/staff/payouts/" + wire.id() + "/settled")
                        .with(SignedIn.as(bob))
                        .with(csrf()))
                .andExpect(redirectedUrl("/staff/payouts"))
                .andExpect(flash().attributeExists("problems"));
    }

    @Test
    void clientUsersDoNotReachTheStaffPages() throws Exception {
        Client client = fixtures.activeClient();
        mvc.perform(get("/staff/payouts")
                        .with(SignedIn.as(TestSupport.clientUser(client.id().value()))))
                .andExpect(status().isForbidden());
        assertThat(page("/staff/payouts", TestSupport.staff(Role.ACCOUNT_MANAGER)))
                .contains("Payouts")
                .doesNotContain("id=\"release-ach\"")
                .doesNotContain("id=\"release-wire\"");
    }

    @SuppressWarnings("unchecked")
    private static List<FieldProblem> problems(MvcResult result) {
        return (List<FieldProblem>) result.getFlashMap().get("problems");
    }
}
