package org.factorline.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.factorline.clients.Client;
import org.factorline.debtors.Debtor;
import org.factorline.funding.Funding;
import org.factorline.funding.FundingRequest;
import org.factorline.funding.NewFundingRequest;
import org.factorline.identity.Actor;
import org.factorline.identity.Role;
import org.factorline.invoices.Invoice;
import org.factorline.pricing.PayoutMethod;
import org.factorline.pricing.ReceiptKind;
import org.factorline.receipts.IncomingPayment;
import org.factorline.receipts.Payment;
import org.factorline.receipts.Receipts;
import org.factorline.settlement.Settlement;
import org.factorline.settlement.SettlementRun;
import org.factorline.shared.Money;
import org.factorline.shared.MutableClock;
import org.factorline.support.TestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebDriver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * A business owner signs in, opens Statements, downloads its settlement statement with its own session
 * (a real PDF naming the business) and opens the aging of its open invoices with its bar chart.
 * Screenshots at desktop and phone width.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import(TestSupport.class)
class PortalStatementsBrowserTest {

    static final Actor OFFICER =
            new Actor(null, "portal-stmt-browser-fiona", "Fiona", null, EnumSet.of(Role.FUNDING_OFFICER));

    @LocalServerPort
    int port;

    @Autowired
    TestSupport.Fixtures fixtures;

    @Autowired
    Funding funding;

    @Autowired
    Receipts receipts;

    @Autowired
    Settlement settlement;

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

    private void fund(Client client, List<Invoice> bought) {
        TestSupport.as(OFFICER, () -> {
            FundingRequest r = funding.request(new NewFundingRequest(
                    client.id().value(),
                    bought.stream().map(i -> i.id().value()).toList(),
                    null,
                    PayoutMethod.ACH));
            funding.approve(r.id());
        });
    }

    @Test
    void aClientDownloadsItsStatementAndReadsItsAging() throws Exception {
        Client client = fixtures.activeClient(
                TestSupport.workedExampleTerms(LocalDate.now(clock).minusDays(30)));
        Debtor debtor = fixtures.debtor(TestSupport.unique("Statement Grocers"));
        Invoice collected = fixtures.readyToFund(client, debtor, Money.usd("10000.00"));
        fund(client, List.of(collected));
        TestSupport.as(OFFICER, () -> {
            Payment p = receipts.record(
                    new IncomingPayment(
                            LocalDate.now(clock),
                            Money.usd("10000.00"),
                            ReceiptKind.ELECTRONIC,
                            "Statement Grocers " + TestSupport.unique("P"),
                            null,
                            null,
                            null,
                            null,
                            "test"),
                    null);
            receipts.apply(p.id(), collected.id(), Money.usd("10000.00"));
        });
        SettlementRun run = TestSupport.as(OFFICER, () -> settlement.run(PayoutMethod.ACH));
        Invoice open = fixtures.readyToFund(client, debtor, Money.usd("4200.00"));
        fund(client, List.of(open));

        var owner = fixtures.user(client.id().value(), Role.CLIENT_ADMIN);
        open("/login");
        browser.findElement(By.id("username")).sendKeys(owner.username());
        browser.findElement(By.id("password")).sendKeys(TestSupport.PASSWORD);
        browser.findElement(By.id("sign-in")).click();
        Browser.bodyOnceItShows(browser, "client portal");

        browser.findElement(By.id("nav-statements")).click();
        String statements = Browser.bodyOnceItShows(browser, run.reference());
        assertThat(statements)
                .contains("Settlement statements")
                .contains(run.reference())
                .contains("Account statement");
        Browser.bothWidths(browser, "portal-statements");

        String href = browser.findElement(By.id("statement-" + run.reference()))
                .findElement(By.className("statement-pdf"))
                .getAttribute("href");
        assertThat(href).endsWith("/portal/statements/" + run.id() + ".pdf");
        Cookie session = browser.manage().getCookieNamed("JSESSIONID");
        assertThat(session).isNotNull();
        HttpResponse<byte[]> download = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(href))
                                .header("Cookie", "JSESSIONID=" + session.getValue())
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        byte[] pdf = download.body();
        assertThat(new String(pdf, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        try (var doc = Loader.loadPDF(pdf)) {
            assertThat(new PDFTextStripper().getText(doc))
                    .contains("Settlement statement")
                    .contains(client.legalName())
                    .contains(run.reference());
        }

        browser.findElement(By.id("nav-aging")).click();
        String aging = Browser.bodyOnceItShows(browser, "Aging of your invoices");
        assertThat(aging).contains(debtor.name()).contains("USD 4,200.00");
        assertThat(browser.findElement(By.id("aging-total")).getText())
                .isEqualTo("Total 1 USD 4,200.00 USD 0.00 USD 0.00 USD 0.00 USD 0.00 USD 4,200.00");
        assertThat(browser.findElements(By.cssSelector("#aging-chart svg rect")))
                .hasSize(5);
        Browser.bothWidths(browser, "portal-aging");
    }
}
