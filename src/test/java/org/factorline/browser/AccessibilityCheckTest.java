package org.factorline.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebDriver;

/**
 * The accessibility check every browser test runs on each page it shows is real: on a page with an unlabelled
 * field and an image without a text alternative, axe-core names both rules and the check fails.
 */
class AccessibilityCheckTest {

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

    void show(String html) {
        browser.get("data:text/html;charset=utf-8,"
                + URLEncoder.encode(html, StandardCharsets.UTF_8).replace("+", "%20"));
    }

    @Test
    void anUnlabelledFieldAndAnImageWithoutAltAreFound() {
        show("<!DOCTYPE html><html lang=\"en\"><head><title>Bad</title></head><body><main><h1>Bad page</h1>"
                + "<form><input type=\"text\" name=\"amount\"></form><img src=\"data:image/gif;base64,R0lGODlhAQABAAAAACw=\">"
                + "</main></body></html>");
        assertThat(Browser.accessibilityProblems(browser))
                .anyMatch(p -> p.startsWith("label ("))
                .anyMatch(p -> p.startsWith("image-alt ("));
        assertThatThrownBy(() -> Browser.assertAccessible(browser, "bad page"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("accessibility problem(s) on bad page");
    }

    @Test
    void aPlainLabelledPagePasses() {
        show("<!DOCTYPE html><html lang=\"en\"><head><title>Good</title></head><body><main><h1>Good page</h1>"
                + "<form><label for=\"amount\">Amount</label><input id=\"amount\" type=\"text\" name=\"amount\"></form>"
                + "</main></body></html>");
        assertThat(Browser.accessibilityProblems(browser)).isEmpty();
    }
}
