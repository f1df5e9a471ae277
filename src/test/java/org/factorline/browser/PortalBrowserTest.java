package org.factorline.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.factorline.clients.Client;
import org.factorline.debtors.Debtor;
import org.factorline.funding.Funding;
import org.factorline.funding.FundingRequest;
import org.factorline.funding.NewFundingRequest;
import org.factorline.identity.Role;
import org.factorline.invoices.Invoice;
import org.factorline.invoices.Invoices;
import org.factorline.invoices.NewInvoice;
import org.factorline.invoices.ScheduleSource;
import org.factorline.outreach.OutboxMessage;
import org.factorline.outreach.Outreach;
import org.factorline.outreach.Planner;
import org.factorline.pricing.PayoutMethod;
import org.factorline.shared.Money;
import org.factorline.shared.MutableClock;
import org.factorline.support.TestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * The customer confirms an invoice from its e-mailed link; the business owner then signs in to the portal, reads the timeline of a funded invoice with its live fee,
 * reads every contact the factor had with the customer, and switches e-mail off for that customer; the
 * planner then sends that customer no e-mail. Screenshots at desktop and phone width.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import(TestSupport.class)
class PortalBrowserTest {

    @LocalServerPort
    int port;

    @Autowired
    TestSupport.Fixtures fixtures;

    @Autowired
    Invoices invoices;

    @Autowired
    Funding funding;

    @Autowired
    Planner planner;

    @Autowired
    Outreach outreach;

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

    private Invoice submit(Client client, Debtor debtor, String amount) {
        return TestSupport.as(
                TestSupport.admin(),
                () -> invoices.submit(
                        new NewInvoice(
                                client.id(),
                                debtor.id(),
                                TestSupport.unique("W"),
                                null,
                                LocalDate.now(clock).minusDays(1),
                                30,
                                null,
                                Money.usd(amount)),
                        ScheduleSource.MANUAL));
    }

    private List<OutboxMessage> emailsTo(Client client, Debtor debtor) {
        return TestSupport.as(
                        TestSupport.admin(),
                        () -> outreach.messages(client.id().value(), debtor.id().value(), null, null, 50))
                .stream()
                .filter(m -> m.audience() == OutboxMessage.Audience.DEBTOR)
                .toList();
    }

    @Test
    void aClientReadsAnInvoiceTimelineAndACustomersContactsAndClosesEmailForThatCustomer() {
        Client client = fixtures.activeClient();
        Debtor debtor = fixtures.debtor(TestSupport.unique("Prairie Grocers"));
        Invoice bought = fixtures.readyToFund(client, debtor, Money.usd("10000.00"));
        TestSupport.as(TestSupport.staff(Role.FUNDING_OFFICER), () -> {
            FundingRequest r = funding.request(new NewFundingRequest(
                    client.id().value(), List.of(bought.id().value()), null, PayoutMethod.ACH));
            funding.approve(r.id());
        });
        TestSupport.as(
                TestSupport.staff(Role.VERIFIER),
                () -> outreach.logCall(
                        client.id().value(),
                        debtor.id(),
                        bought.id().value(),
                        "Spoke to Dana in payables: " + bought.number() + " is in Friday's payment run",
                        "Friendly call; Dana asked for copies of future invoices by e-mail"));
        Invoice confirmed = submit(client, debtor, "1150.00");
        Invoice pending = submit(client, debtor, "2400.00");
        clock.set(TestSupport.BUSINESS_HOURS);
        planner.plan(List.of(debtor.id()));
        List<OutboxMessage> sent = emailsTo(client, debtor);
        int emailsBefore = sent.size();
        assertThat(emailsBefore).as("the confirmation request went out").isPositive();

        // three hours later the customer confirms one invoice from the link in the e-mail, on a phone
        clock.set(TestSupport.BUSINESS_HOURS.plus(Duration.ofHours(3)));
        Matcher link = Pattern.compile("/d/[A-Za-z0-9_\\-]+\\.[A-Za-z0-9_\\-]+")
                .matcher(sent.get(0).bodyText());
        assertThat(link.find()).isTrue();
        browser.manage().window().setSize(new Dimension(390, 844));
        open(link.group());
        Browser.bodyOnceItShows(browser, confirmed.number());
        browser.findElement(By.id("confirm-" + confirmed.number())).click();
        assertThat(Browser.bodyOnceItShows(browser, "Thank you for confirming")).contains("Thank you for confirming");
        browser.manage().window().setSize(new Dimension(1366, 900));

        var owner = fixtures.user(client.id().value(), Role.CLIENT_ADMIN);
        open("/login");
        browser.findElement(By.id("username")).sendKeys(owner.username());
        browser.findElement(By.id("password")).sendKeys(TestSupport.PASSWORD);
        browser.findElement(By.id("sign-in")).click();
        Browser.bodyOnceItShows(browser, "client portal");

        browser.findElement(By.id("nav-invoices")).click();
        assertThat(Browser.bodyOnceItShows(browser, bought.number()))
                .contains(bought.number())
                .contains(pending.number());
        browser.findElement(By.linkText(bought.number())).click();
        String timeline = Browser.bodyOnceItShows(browser, "Timeline");
        assertThat(timeline)
                .contains("Funded: the advance went out")
                .contains("Spoke to Dana in payables")
                .contains("Fee to date");
        assertThat(browser.findElement(By.id("fee-to-date")).getText()).contains("USD 250.00");
        Browser.bothWidths(browser, "portal-invoice");

        browser.findElement(By.id("nav-customers")).click();
        Browser.bodyOnceItShows(browser, debtor.name());
        Browser.bothWidths(browser, "portal-customers");
        browser.findElement(By.linkText(debtor.name())).click();
        String contacts = Browser.bodyOnceItShows(browser, "Every contact with this customer");
        assertThat(contacts)
                .contains("E-mail to " + debtor.primaryContact().orElseThrow().email())
                .contains("Spoke to Dana in payables")
                .contains("Confirmed invoice " + confirmed.number())
                .contains("One reminder if the confirmation asked for on 2026-03-02 is still unanswered");
        assertThat(browser.findElement(By.id("health")).getText())
                .contains("3 hours (median, from the e-mail to the answer)");
        browser.findElement(By.cssSelector("#contact-timeline li[data-channel=EMAIL] details summary"))
                .click();
        assertThat(browser.findElement(By.cssSelector("#contact-timeline li[data-channel=EMAIL] details pre"))
                        .getText())
                .contains(pending.number());
        Browser.bothWidths(browser, "portal-customer");

        WebElement email = browser.findElement(By.id("emailAllowed"));
        assertThat(email.isSelected()).isTrue();
        email.click();
        browser.findElement(By.id("note")).sendKeys("Call Dana instead, please");
        browser.findElement(By.id("save-rule")).click();
        assertThat(Browser.bodyOnceItShows(browser, "Saved.")).contains("Contact rule changed: no e-mail");
        assertThat(browser.findElement(By.id("emailAllowed")).isSelected()).isFalse();
        assertThat(browser.findElement(By.id("expected")).getText())
                .contains("by a phone call, as you asked for no e-mail");
        browser.manage().window().setSize(new Dimension(390, 844));
        ((JavascriptExecutor) browser).executeScript("document.getElementById('rule').scrollIntoView()");
        Browser.screenshot(browser, "portal-rule-saved-phone");
        browser.manage().window().setSize(new Dimension(1366, 900));
        Browser.screenshot(browser, "portal-rule-saved-desktop");

        // a new invoice the next business day: the planner now sends this customer no e-mail
        submit(client, debtor, "990.00");
        clock.set(TestSupport.BUSINESS_HOURS.plus(Duration.ofDays(1)));
        planner.plan(List.of(debtor.id()));
        assertThat(emailsTo(client, debtor)).hasSize(emailsBefore);
    }
}
