package org.factorline.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.factorline.identity.Role;
import org.factorline.support.TestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

/**
 * A new member of staff's first hour, in a real browser: sign in, register a client and give it an
 * agreement, add a debtor, submit an invoice, import a schedule with one bad line and read what is
 * wrong, then find the invoice in the list.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import(TestSupport.class)
class StaffJourneyBrowserTest {

    @LocalServerPort
    int port;

    @Autowired
    TestSupport.Fixtures fixtures;

    @Autowired
    JdbcClient jdbc;

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

    private void type(String id, String text) {
        WebElement e = byId(id);
        e.clear();
        e.sendKeys(text);
    }

    private String body() {
        return browser.findElement(By.tagName("body")).getText();
    }

    @Test
    void signInRegisterAClientAndADebtorSubmitAnInvoiceAndImportASchedule() throws Exception {
        var staff = fixtures.user(null, Role.ADMIN);
        String clientName = TestSupport.unique("Prairie Haulers LLC");
        String debtorName = TestSupport.unique("Riverside Grocers Inc");
        String invoiceNumber = TestSupport.unique("INV");

        // Sign in.
        open("/login");
        type("username", staff.username());
        type("password", TestSupport.PASSWORD);
        byId("sign-in").click();
        // the click returns when the form is sent; the redirects after it may still be under way
        try {
            new WebDriverWait(browser, Duration.ofSeconds(10))
                    .until(d -> d.getCurrentUrl().endsWith("/staff"));
        } catch (TimeoutException e) {
            // the assertion that follows shows where the browser is instead
        }
        assertThat(browser.getCurrentUrl()).endsWith("/staff");

        // Register a client, give it an agreement, activate it.
        open("/staff/clients");
        byId("new-client").click();
        type("legalName", clientName);
        type("taxId", TestSupport.uniqueTaxId());
        type("street", "12 Depot Rd");
        type("city", "Amarillo");
        type("region", "TX");
        type("country", "US");
        byId("save-client").click();
        assertThat(Browser.bodyOnceItShows(browser, "registered")).contains("registered");
        String clientUrl = browser.getCurrentUrl();
        byId("new-agreement").click();
        byId("save-agreement").click();
        assertThat(Browser.bodyOnceItShows(browser, "Agreement version 1 added"))
                .contains("Agreement version 1 added");
        browser.findElement(By.cssSelector("#status-details summary")).click();
        new Select(byId("status-select")).selectByValue("ACTIVE");
        type("status-reason", "Onboarding complete");
        byId("change-status").click();
        assertThat(Browser.bodyOnceItShows(browser, "Status changed to ACTIVE")).contains("Status changed to ACTIVE");
        Browser.screenshot(browser, "staff-client");

        // Add a debtor.
        open("/staff/debtors");
        byId("new-debtor").click();
        type("name", debtorName);
        type("street", "400 River St");
        type("city", "Tulsa");
        type("country", "US");
        type("timeZone", "America/Chicago");
        type("creditLimit", "150000.00");
        type("contact0Name", "Accounts Payable");
        type("contact0Email", "ap@riverside.example");
        byId("save-debtor").click();
        assertThat(Browser.bodyOnceItShows(browser, debtorName)).contains(debtorName);

        // Submit one invoice.
        open("/staff/invoices");
        byId("new-invoice").click();
        choose("client-select", clientName);
        choose("debtor-select", debtorName);
        type("number", invoiceNumber);
        type("amount", "10000.00");
        setDate("issueDate", "2026-02-27");
        type("termsDays", "30");
        byId("save-invoice").click();
        assertThat(Browser.bodyOnceItShows(browser, invoiceNumber)).contains(invoiceNumber);

        // Import a schedule with one bad line: nothing is imported and the line, column and value are named.
        Path csv = Files.createTempFile("schedule", ".csv");
        Files.writeString(
                csv, """
                invoice_number,debtor,issue_date,terms_days,amount
                %s-A,%s,2026-02-20,30,1200.00
                %s-B,%s,2026-02-21,30,12OO.00
                %s-C,%s,2026-02-22,30,980.50
                """.formatted(invoiceNumber, debtorName, invoiceNumber, debtorName, invoiceNumber, debtorName));
        open("/staff/schedules");
        byId("import-schedule").click();
        choose("client-select", clientName);
        byId("csv-file").sendKeys(csv.toAbsolutePath().toString());
        byId("upload-csv").click();
        String refused = Browser.bodyOnceItShows(browser, "Line 3");
        assertThat(refused)
                .contains("Line 3")
                .contains("amount")
                .contains("12OO.00")
                .containsIgnoringCase("nothing was imported");
        Browser.screenshot(browser, "staff-import-refused");
        long imported = jdbc.sql("select count(*) from invoice where invoice_number like ?")
                .param(invoiceNumber + "-%")
                .query(Long.class)
                .single();
        assertThat(imported).isZero();

        // The invoice is listed.
        open("/staff/invoices");
        assertThat(byId("invoice-table").getText()).contains(invoiceNumber).contains(clientName);
        Browser.screenshot(browser, "staff-invoices");
        assertThat(clientUrl).contains("/staff/clients/");
    }

    /** Picks the option that names this client or debtor (options read "C-000123 Name"). */
    private void choose(String selectId, String name) {
        WebElement option = new Select(byId(selectId))
                .getOptions().stream()
                        .filter(o -> o.getText().endsWith(name))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError("no option for " + name + " in #" + selectId));
        option.click();
    }

    /** Date inputs take keys in the browser's locale order; setting the value directly is locale-proof. */
    private void setDate(String id, String isoDate) {
        ((org.openqa.selenium.JavascriptExecutor) browser)
                .executeScript("arguments[0].value = arguments[1]", byId(id), isoDate);
    }
}
