package org.factorline.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.factorline.demo.DemoUsers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * The staff dashboard over the demo book, as a newcomer sees it on the first start (its own in-memory
 * database, loaded by the demo loader on the system clock): sign in, read the figures and queues, follow a
 * queue to where its work is done, and open the aging and concentration reports. The screenshots are the
 * README's.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.url=jdbc:h2:mem:factorline-dashboard-demo;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                    + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
            "spring.datasource.username=sa",
            "spring.datasource.password=",
            "factorline.demo-data=true"
        })
@ActiveProfiles("test")
class StaffDashboardBrowserTest {

    @LocalServerPort
    int port;

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

    private WebElement byId(String id) {
        return browser.findElement(By.id(id));
    }

    @Test
    void staffReadTheDashboardFollowAQueueAndOpenTheReports() {
        open("/login");
        byId("username").sendKeys(DemoUsers.STAFF.get(0).username());
        byId("password").sendKeys(DemoUsers.PASSWORD);
        byId("sign-in").click();
        try {
            new WebDriverWait(browser, Duration.ofSeconds(10))
                    .until(d -> d.getCurrentUrl().endsWith("/staff"));
        } catch (TimeoutException e) {
            // the assertion that follows shows where the browser is instead
        }
        assertThat(browser.getCurrentUrl()).endsWith("/staff");

        String page = Browser.bodyOnceItShows(browser, "Today's queues");
        assertThat(page).contains("Today's queues", "Key figures");
        // the key figures come after the page, group by group
        page = Browser.bodyOnceItShows(browser, "Open purchased book");
        assertThat(page).contains("Funds employed", "Open purchased book");
        Browser.bodyOnceItShows(browser, "Disputed invoices");
        // the demo book has bought invoices and invoices waiting for approval
        assertThat(byId("fig-funds-employed").getText()).startsWith("USD ").isNotEqualTo("USD 0.00");
        assertThat(byId("fig-open-book").getText()).startsWith("USD ").isNotEqualTo("USD 0.00");
        assertThat(browser.findElements(By.cssSelector("#figures svg.spark polyline")))
                .isNotEmpty();
        String waiting = byId("q-approve").getText();
        assertThat(waiting).matches("[1-9][0-9]*\\+?");
        Browser.bothWidths(browser, "staff-dashboard");
        // on a phone the page does not scroll sideways
        browser.manage().window().setSize(new Dimension(390, 844));
        Object widths = ((org.openqa.selenium.JavascriptExecutor) browser)
                .executeScript("return [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        assertThat(((java.util.List<?>) widths).get(0)).isEqualTo(((java.util.List<?>) widths).get(1));
        // the whole page at desktop width, for the README
        browser.manage().window().setSize(new Dimension(1366, 1900));
        Browser.screenshot(browser, "staff-dashboard");
        browser.manage().window().setSize(new Dimension(1366, 900));

        // the queue is a link reached from the keyboard: focus it and press Enter
        WebElement queue = byId("q-approve-link");
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("arguments[0].focus()", queue);
        assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("q-approve-link");
        browser.switchTo().activeElement().sendKeys(Keys.ENTER);
        try {
            new WebDriverWait(browser, Duration.ofSeconds(10))
                    .until(d -> d.getCurrentUrl().contains("/staff/invoices"));
        } catch (TimeoutException e) {
            // the assertion that follows shows where the browser is instead
        }
        assertThat(browser.getCurrentUrl()).endsWith("/staff/invoices?status=SUBMITTED");
        assertThat(Browser.bodyOnceItShows(browser, "SUBMITTED")).contains("SUBMITTED");

        open("/staff/reports/aging");
        assertThat(Browser.bodyOnceItShows(browser, "Aging as of")).contains("Aging as of");
        Browser.screenshot(browser, "staff-report-aging");

        open("/staff/reports/concentration");
        assertThat(Browser.bodyOnceItShows(browser, "Concentration")).contains("Concentration");
        Browser.screenshot(browser, "staff-report-concentration");
    }
}
