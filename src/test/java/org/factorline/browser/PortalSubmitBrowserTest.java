package org.factorline.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import org.factorline.clients.Client;
import org.factorline.debtors.Debtor;
import org.factorline.identity.Role;
import org.factorline.identity.UserAccounts;
import org.factorline.invoices.Invoices;
import org.factorline.invoices.NewInvoice;
import org.factorline.invoices.ScheduleSource;
import org.factorline.shared.Money;
import org.factorline.shared.MutableClock;
import org.factorline.support.TestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * A client's admin signs in to the portal and uploads a schedule with one bad line: the preview names the
 * line, the column and the value, and offers no submit button. The fixed file previews clean, is submitted
 * with one click, and its invoices are in the invoice list. Then the admin issues an API token on the
 * integration page. Screenshots at desktop and phone width.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import(TestSupport.class)
class PortalSubmitBrowserTest {

    @LocalServerPort
    int port;

    @Autowired
    TestSupport.Fixtures fixtures;

    @Autowired
    Invoices invoices;

    @Autowired
    UserAccounts users;

    @Autowired
    MutableClock clock;

    @TempDir
    Path files;

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

    private Path file(String name, String text) throws IOException {
        return Files.writeString(files.resolve(name), text, StandardCharsets.UTF_8);
    }

    private void upload(Path csv) {
        browser.findElement(By.id("csv-file")).sendKeys(csv.toAbsolutePath().toString());
        browser.findElement(By.id("upload-csv")).click();
    }

    @Test
    void aClientChecksASchedulePutsRightTheBadLineAndSubmitsIt() throws IOException {
        Client client = fixtures.activeClient();
        Debtor customer = fixtures.debtor(TestSupport.unique("Harbor Hardware"));
        TestSupport.as(
                TestSupport.admin(),
                () -> invoices.submit(
                        new NewInvoice(
                                client.id(),
                                customer.id(),
                                TestSupport.unique("EARLIER"),
                                null,
                                LocalDate.now(clock).minusDays(5),
                                30,
                                null,
                                Money.usd("500.00")),
                        ScheduleSource.MANUAL));
        var owner = fixtures.user(client.id().value(), Role.CLIENT_ADMIN);
        LocalDate today = LocalDate.now(clock);
        String first = TestSupport.unique("HB");
        String second = TestSupport.unique("HB");
        String third = TestSupport.unique("HB");
        String header = "invoice_number,debtor,po_number,issue_date,terms_days,amount\n";
        String good1 = first + "," + customer.reference() + ",PO-1," + today + ",30,1250.00\n";
        String good3 = third + "," + customer.name() + ",," + today.minusDays(1) + ",45,2300.00\n";
        Path bad = file(
                "march.csv",
                header + good1 + second + "," + customer.reference() + ",PO-2," + today + ",30,12O.00\n" + good3);
        Path fixed = file(
                "march-fixed.csv",
                header + good1 + second + "," + customer.reference() + ",PO-2," + today + ",30,120.00\n" + good3);

        open("/login");
        browser.findElement(By.id("username")).sendKeys(owner.username());
        browser.findElement(By.id("password")).sendKeys(TestSupport.PASSWORD);
        browser.findElement(By.id("sign-in")).click();
        Browser.bodyOnceItShows(browser, "client portal");

        browser.findElement(By.id("nav-submit")).click();
        Browser.bodyOnceItShows(browser, "Submit an invoice");
        browser.findElement(By.id("to-schedule-upload")).click();
        Browser.bodyOnceItShows(browser, "Upload a schedule");
        upload(bad);
        String preview = Browser.bodyOnceItShows(browser, "with problems");
        assertThat(preview)
                .contains("3 invoice lines: 2 ready, 1 with problems (1 problem)")
                .contains("Line 3, amount = “12O.00”: is not an amount such as 1234.56")
                .contains("Nothing was submitted");
        assertThat(browser.findElements(By.id("commit-schedule"))).isEmpty();
        assertThat(browser.findElement(By.id("line-3")).getAttribute("data-outcome"))
                .isEqualTo("problem");
        Browser.bothWidths(browser, "portal-submit-preview");

        upload(fixed);
        String clean = Browser.bodyOnceItShows(browser, "3 ready");
        assertThat(clean).contains("3 invoice lines: 3 ready, 0 with problems").contains("USD 3,670.00");
        var commit = browser.findElement(By.id("commit-schedule"));
        assertThat(commit.getText()).isEqualTo("Submit 3 invoices");
        Browser.bothWidths(browser, "portal-submit-ready");
        commit.click();

        String list = Browser.bodyOnceItShows(browser, "submitted: 3 invoices");
        assertThat(list)
                .contains("Your invoices")
                .contains("submitted: 3 invoices, USD 3,670.00")
                .contains(first)
                .contains(second)
                .contains(third);
        assertThat(browser.getCurrentUrl()).endsWith("/portal/invoices");

        // the integration page: issue a token, see it once, and the examples for this server
        browser.findElement(By.id("nav-integration")).click();
        Browser.bodyOnceItShows(browser, "API tokens");
        browser.findElement(By.id("token-name")).sendKeys("Accounting sync");
        browser.findElement(By.id("issue-token")).click();
        Browser.bodyOnceItShows(browser, "Copy it now");
        String token = browser.findElement(By.id("new-token-value")).getAttribute("value");
        assertThat(token).startsWith("flt_");
        assertThat(users.authenticateToken(token))
                .hasValueSatisfying(u ->
                        assertThat(u.actor().clientId()).isEqualTo(client.id().value()));
        assertThat(browser.findElement(By.id("code-submit-invoice")).getText())
                .contains("http://localhost:" + port + "/api/v1/invoices")
                .contains(customer.id().toString());
        var copy = browser.findElement(By.id("copy-submit-invoice"));
        copy.click();
        new WebDriverWait(browser, Duration.ofSeconds(5))
                .until(d ->
                        !d.findElement(By.id("copy-submit-invoice")).getText().equals("Copy"));
        assertThat(copy.getText()).isIn("Copied", "Select and copy by hand");
        ((JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0)");
        Browser.bothWidths(browser, "portal-integration");
    }
}
