package org.factorline.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.factorline.clients.Client;
import org.factorline.identity.Role;
import org.factorline.support.TestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * The account manager invites the client's bookkeeper from the client's page; the bookkeeper opens the
 * link from the e-mail (received over SMTP) on a phone, chooses a password and lands in the portal.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import(TestSupport.class)
class InvitationBrowserTest {

    @LocalServerPort
    int port;

    @Autowired
    TestSupport.Fixtures fixtures;

    @Autowired
    GreenMail mail;

    WebDriver browser;

    @BeforeEach
    void openBrowser() {
        browser = Browser.start();
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    private void open(String path) {
        browser.get("http://localhost:" + port + path);
    }

    @Test
    void anInvitedBookkeeperSetsAPasswordFromTheEmailAndLandsInThePortal() throws Exception {
        Client client = fixtures.activeClient();
        var manager = fixtures.user(null, Role.ACCOUNT_MANAGER);
        String email = TestSupport.unique("bookkeeper").toLowerCase() + "@client.example";

        open("/login");
        browser.findElement(By.id("username")).sendKeys(manager.username());
        browser.findElement(By.id("password")).sendKeys(TestSupport.PASSWORD);
        browser.findElement(By.id("sign-in")).click();
        Browser.bodyOnceItShows(browser, "Factorline");
        open("/staff/clients/" + client.id().value());
        browser.findElement(By.id("invite-name")).sendKeys("Pat Bookkeeper");
        browser.findElement(By.id("invite-email")).sendKeys(email);
        browser.findElement(By.id("invite")).click();
        assertThat(Browser.bodyOnceItShows(browser, "Invitation e-mailed")).contains("Invitation e-mailed to " + email);
        assertThat(browser.findElement(By.id("user-" + email)).getText()).contains("invited, not joined yet");
        Browser.screenshot(browser, "staff-client-invite");
        browser.manage().deleteAllCookies();

        MimeMessage invitation = null;
        for (MimeMessage m : mail.getReceivedMessages()) {
            if (m.getAllRecipients()[0].toString().equals(email)) {
                invitation = m;
            }
        }
        assertThat(invitation).as("the invitation reached the SMTP server").isNotNull();
        assertThat(invitation.getSubject()).contains("invited");
        Matcher link = Pattern.compile("/account/password\\?token=[A-Za-z0-9_\\-]+")
                .matcher(GreenMailUtil.getBody(invitation).replace("=\r\n", ""));
        assertThat(link.find()).isTrue();

        browser.manage().window().setSize(new Dimension(390, 844));
        open(link.group());
        assertThat(Browser.bodyOnceItShows(browser, "Welcome"))
                .contains("Welcome, Pat Bookkeeper")
                .contains(email);
        Browser.screenshot(browser, "invitation-choose-password-phone");
        browser.findElement(By.id("password")).sendKeys("harbor-lights-and-ledgers");
        browser.findElement(By.id("confirmation")).sendKeys("harbor-lights-and-ledgers");
        browser.findElement(By.id("set-password")).click();

        new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(d -> d.getCurrentUrl().endsWith("/portal"));
        assertThat(browser.getCurrentUrl()).endsWith("/portal");
        assertThat(Browser.bodyOnceItShows(browser, client.displayName())).contains(client.displayName());
        Browser.screenshot(browser, "portal-after-invitation-phone");

        // the link was for one use only
        browser.manage().deleteAllCookies();
        open(link.group());
        assertThat(Browser.bodyOnceItShows(browser, "does not work")).contains("This link does not work");
    }
}
