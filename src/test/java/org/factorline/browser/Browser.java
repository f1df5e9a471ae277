package org.factorline.browser;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by Debian's chromedriver. Browser tests are skipped (not failed)
 * on a machine without them; CI installs both, so there they always run.
 */
final class Browser {

    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private Browser() {}

    static WebDriver start() {
        boolean available = new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute();
        if (System.getenv("CI") != null && !available) {
            throw new IllegalStateException("CI must have " + CHROMIUM + " and " + CHROMEDRIVER + " installed");
        }
        Assumptions.assumeTrue(available, "Chromium and chromedriver are not installed; browser test skipped");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--window-size=1366,900");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().implicitlyWait(Duration.ofSeconds(5));
        driver.manage().window().setSize(new Dimension(1366, 900));
        return driver;
    }

    /**
     * The page's text once it contains {@code expected}, or after ten seconds whatever it shows: a click that
     * submits a form returns before the next page has loaded, and a page replaced while it is read is read again.
     */
    static String bodyOnceItShows(WebDriver driver, String expected) {
        try {
            new WebDriverWait(driver, Duration.ofSeconds(10))
                    .ignoring(StaleElementReferenceException.class)
                    .until(d -> d.findElement(By.tagName("body")).getText().contains(expected));
        } catch (TimeoutException e) {
            // the assertion that follows shows what the page says instead
        }
        return driver.findElement(By.tagName("body")).getText();
    }

    /** Screenshots of the page at desktop (1366 px) and phone (390 px) width, each checked with axe-core. */
    static void bothWidths(WebDriver driver, String name) {
        driver.manage().window().setSize(new Dimension(1366, 900));
        screenshot(driver, name + "-desktop");
        driver.manage().window().setSize(new Dimension(390, 844));
        screenshot(driver, name + "-phone");
        driver.manage().window().setSize(new Dimension(1366, 900));
    }

    /**
     * Saves a screenshot of the page as it is, after checking the page with axe-core (WCAG 2 A and AA rules):
     * every page a browser test shows is also an accessibility test.
     */
    static Path screenshot(WebDriver driver, String name) {
        assertAccessible(driver, name);
        try {
            Files.createDirectories(SCREENSHOTS);
            Path target = SCREENSHOTS.resolve(name + ".png");
            Files.write(target, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            return target;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** axe-core's script in its WebJar, whichever version the build resolved. */
    static final String AXE = "/" + new org.webjars.WebJarVersionLocator().fullPath("axe-core", "axe.min.js");

    private static String axeSource;

    /** Runs axe-core in the page and fails with each violated rule, its impact and the elements concerned. */
    static void assertAccessible(WebDriver driver, String page) {
        List<String> problems = accessibilityProblems(driver);
        if (!problems.isEmpty()) {
            throw new AssertionError("axe-core finds " + problems.size() + " accessibility problem(s) on " + page + " ("
                    + driver.getCurrentUrl() + "):\n  " + String.join("\n  ", problems));
        }
    }

    @SuppressWarnings("unchecked")
    static List<String> accessibilityProblems(WebDriver driver) {
        JavascriptExecutor js = (JavascriptExecutor) driver;
        js.executeScript(axe());
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        Object found = js.executeAsyncScript("""
                var done = arguments[arguments.length - 1];
                axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
                                   resultTypes: ['violations']})
                  .then(function (r) {
                    done(r.violations.map(function (v) {
                      return v.id + ' (' + v.impact + '): ' + v.help + ' at '
                        + v.nodes.slice(0, 5).map(function (n) { return n.target.join(' '); }).join(', ');
                    }));
                  })
                  .catch(function (e) { done(['axe-core could not run: ' + e]); });
                """);
        return (List<String>) found;
    }

    private static synchronized String axe() {
        if (axeSource == null) {
            try (InputStream in = Browser.class.getResourceAsStream(AXE)) {
                if (in == null) {
                    throw new IllegalStateException(AXE + " is not on the test classpath (org.webjars.npm:axe-core)");
                }
                axeSource = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return axeSource;
    }
}
