package org.factorline.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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
import org.openqa.selenium.WebDriver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every page of the client portal, as its owner sees it: signed in through the sign-in page, each page is
 * opened, checked with axe-core and saved as a screenshot at desktop (1366 px) and phone (390 px) width. The
 * pages are read from the application's mappings, so a new portal page fails this test until it is toured.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import(TestSupport.class)
class PortalTourBrowserTest {

    /** Downloads, not pages: their own tests read what they hold. */
    static final Set<String> DOWNLOADS = Set.of(".csv", ".pdf");

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

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

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

    /** The portal's pages: GET mappings under /portal that answer with a page, not a download. */
    Set<String> portalPages() {
        Set<String> pages = new TreeSet<>();
        mappings.getHandlerMethods().keySet().forEach(info -> {
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            if (!methods.isEmpty() && !methods.contains(RequestMethod.GET)) {
                return;
            }
            info.getPatternValues().stream()
                    .filter(p -> p.equals("/portal") || p.startsWith("/portal/"))
                    .filter(p -> DOWNLOADS.stream().noneMatch(p::endsWith))
                    .forEach(pages::add);
        });
        return pages;
    }

    private Invoice submit(Client client, Debtor debtor, String amount) {
        return TestSupport.as(
                TestSupport.admin(),
                () -> invoices.submit(
                        new NewInvoice(
                                client.id(),
                                debtor.id(),
                                TestSupport.unique("T"),
                                null,
                                LocalDate.now(clock).minusDays(1),
                                30,
                                null,
                                Money.usd(amount)),
                        ScheduleSource.MANUAL));
    }

    @Test
    void everyPortalPageIsAccessibleAtDesktopAndPhoneWidth() {
        Client client = fixtures.activeClient();
        Debtor debtor = fixtures.debtor(TestSupport.unique("Harbor Foods"));
        Invoice bought = fixtures.readyToFund(client, debtor, Money.usd("12500.00"));
        TestSupport.as(TestSupport.staff(Role.FUNDING_OFFICER), () -> {
            FundingRequest r = funding.request(new NewFundingRequest(
                    client.id().value(), List.of(bought.id().value()), null, PayoutMethod.ACH));
            funding.approve(r.id());
        });
        submit(client, debtor, "3150.00");
        clock.set(TestSupport.BUSINESS_HOURS);
        planner.plan(List.of(debtor.id()));
        OutboxMessage message = TestSupport.as(
                        TestSupport.admin(),
                        () -> outreach.messages(client.id().value(), debtor.id().value(), null, null, 10))
                .get(0);

        Map<String, String> tour = new LinkedHashMap<>();
        tour.put("/portal", "portal-home");
        tour.put("/portal/invoices", "portal-invoices");
        tour.put("/portal/invoices/{id}", "portal-invoice");
        tour.put("/portal/invoices/new", "portal-submit-invoice");
        tour.put("/portal/schedules/upload", "portal-upload-schedule");
        tour.put("/portal/customers", "portal-customers");
        tour.put("/portal/customers/{debtorId}", "portal-customer");
        tour.put("/portal/messages/{id}", "portal-message");
        tour.put("/portal/users", "portal-users");
        tour.put("/portal/integration", "portal-integration");
        tour.put("/portal/statements", "portal-statements");
        tour.put("/portal/notifications", "portal-notifications");
        tour.put("/portal/aging", "portal-aging");
        tour.put("/portal/recourse/{id}/payment", "portal-recourse-payment");
        assertThat(tour.keySet())
                .as("every portal page is toured (add a new page to the tour)")
                .containsExactlyInAnyOrderElementsOf(portalPages());

        var owner = fixtures.user(client.id().value(), Role.CLIENT_ADMIN);
        open("/login");
        browser.findElement(By.id("username")).sendKeys(owner.username());
        browser.findElement(By.id("password")).sendKeys(TestSupport.PASSWORD);
        browser.findElement(By.id("sign-in")).click();
        Browser.bodyOnceItShows(browser, "client portal");

        for (var stop : tour.entrySet()) {
            String path = stop.getKey()
                    .replace("/invoices/{id}", "/invoices/" + bought.id())
                    .replace("/recourse/{id}", "/recourse/" + bought.id())
                    .replace("{debtorId}", debtor.id().toString())
                    .replace("/messages/{id}", "/messages/" + message.id());
            browser.manage().window().setSize(new Dimension(1366, 900));
            open(path);
            String body = Browser.bodyOnceItShows(browser, client.displayName());
            assertThat(body).as(path).doesNotContain("Whitelabel").doesNotContain("Something went wrong");
            assertThat(browser.getTitle()).as("the title of " + path).isNotBlank();
            Browser.screenshot(browser, stop.getValue() + "-desktop");
            browser.manage().window().setSize(new Dimension(390, 844));
            Browser.screenshot(browser, stop.getValue() + "-phone");
        }
    }
}
