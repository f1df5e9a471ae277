package org.factorline.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import jakarta.mail.internet.MimeMessage;
import java.time.LocalDate;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.factorline.clients.Client;
import org.factorline.debtors.Debtor;
import org.factorline.identity.Role;
import org.factorline.invoices.Invoice;
import org.factorline.invoices.Invoices;
import org.factorline.invoices.NewInvoice;
import org.factorline.invoices.ScheduleSource;
import org.factorline.outreach.Outbox;
import org.factorline.outreach.Planner;
import org.factorline.shared.Money;
import org.factorline.shared.MutableClock;
import org.factorline.support.TestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * A debtor's payables clerk opens the link from the welcome e-mail (received over SMTP) on a phone,
 * confirms one invoice and disputes the other; the factor's staff then see both on the invoice and in the
 * contact log.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import(TestSupport.class)
class DebtorLinkBrowserTest {

    @LocalServerPort
    int port;

    @Autowired
    TestSupport.Fixtures fixtures;

    @Autowired
    Invoices invoices;

    @Autowired
    Planner planner;

    @Autowired
    Outbox outbox;

    @Autowired
    GreenMail mail;

    @Autowired
    MutableClock clock;

    WebDriver browser;

    @BeforeEach
    void openBrowser() {
        browser = Browser.start();
    }

    @AfterEach
    void closeBrowser() {
        clock.set(TestSupport.START);
        if (browser != null) {
            browser.quit();
        }
    }

    private void open(String path) {
        browser.get("http://localhost:" + port + path);
    }

    Invoice submit(Client client, Debtor debtor, String number, String amount) {
        return TestSupport.as(
                TestSupport.admin(),
                () -> invoices.submit(
                        new NewInvoice(
                                client.id(),
                                debtor.id(),
                                number,
                                "PO-" + number,
                                LocalDate.now(clock).minusDays(1),
                                30,
                                null,
                                Money.usd(amount)),
                        ScheduleSource.MANUAL));
    }

    @Test
    void theDebtorConfirmsOneInvoiceAndDisputesAnotherFromTheEmailedLink() throws Exception {
        clock.set(TestSupport.BUSINESS_HOURS); // messages are planned only when they can go
        Client client = fixtures.activeClient();
        Debtor debtor = fixtures.debtor(TestSupport.unique("Harbor Foods"));
        Invoice good = submit(client, debtor, TestSupport.unique("H"), "4120.00");
        Invoice wrong = submit(client, debtor, TestSupport.unique("H"), "980.40");
        planner.plan(List.of(debtor.id()));
        outbox.deliverDue();

        String mailbox = debtor.primaryContact().orElseThrow().email();
        MimeMessage email = null;
        for (MimeMessage m : mail.getReceivedMessages()) {
            if (m.getAllRecipients()[0].toString().contains(mailbox)) {
                email = m;
            }
        }
        assertThat(email).as("the welcome e-mail reached the SMTP server").isNotNull();
        Matcher link = Pattern.compile("/d/[A-Za-z0-9_\\-]+\\.[A-Za-z0-9_\\-]+").matcher(GreenMailUtil.getBody(email));
        assertThat(link.find()).isTrue();

        // on a phone
        browser.manage().window().setSize(new Dimension(390, 844));
        open(link.group());
        assertThat(Browser.bodyOnceItShows(browser, good.number()))
                .contains(good.number())
                .contains(wrong.number());
        Browser.screenshot(browser, "debtor-link-phone");

        browser.findElement(By.id("confirm-" + good.number())).click();
        assertThat(Browser.bodyOnceItShows(browser, "Thank you for confirming")).contains("Thank you for confirming");

        browser.findElement(By.cssSelector("#dispute-" + wrong.number() + " summary"))
                .click();
        new Select(browser.findElement(By.id("reason-" + wrong.number()))).selectByValue("WRONG_AMOUNT");
        browser.findElement(By.id("note-" + wrong.number())).sendKeys("We received 7 cases, not 8");
        browser.findElement(By.id("send-dispute-" + wrong.number())).click();
        assertThat(Browser.bodyOnceItShows(browser, "Thank you for telling us")).contains("Thank you for telling us");
        Browser.screenshot(browser, "debtor-link-answered-phone");

        // the factor's staff see both answers
        browser.manage().window().setSize(new Dimension(1366, 900));
        var staff = fixtures.user(null, Role.ACCOUNT_MANAGER);
        open("/login");
        browser.findElement(By.id("username")).sendKeys(staff.username());
        browser.findElement(By.id("password")).sendKeys(TestSupport.PASSWORD);
        browser.findElement(By.id("sign-in")).click();
        Browser.bodyOnceItShows(browser, "Factorline");

        open("/staff/outreach/log?debtor=" + debtor.id().value());
        String log = Browser.bodyOnceItShows(browser, "Disputed invoice");
        assertThat(log)
                .contains("Confirmed invoice " + good.number())
                .contains("Disputed invoice " + wrong.number() + ": Amount or price is wrong")
                .contains("E-mail to " + mailbox);
        Browser.screenshot(browser, "staff-contact-log");

        open("/staff/invoices/" + wrong.id().value());
        assertThat(Browser.bodyOnceItShows(browser, "DISPUTED")).contains("DISPUTED");
        open("/staff/invoices/" + good.id().value());
        assertThat(Browser.bodyOnceItShows(browser, "VERIFIED")).contains("VERIFIED");

        open("/staff/outreach");
        assertThat(Browser.bodyOnceItShows(browser, "Dispute on invoice"))
                .contains("Dispute on invoice " + wrong.number());
        Browser.screenshot(browser, "staff-outreach");
    }
}
