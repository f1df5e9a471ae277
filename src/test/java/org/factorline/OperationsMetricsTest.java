package org.factorline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
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
import org.factorline.pricing.PayoutMethod;
import org.factorline.receipts.BankFileImports;
import org.factorline.shared.Money;
import org.factorline.shared.MutableClock;
import org.factorline.support.FactorlineTest;
import org.factorline.support.SignedIn;
import org.factorline.support.TestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.test.web.servlet.MockMvc;

/**
 * What operators scrape: every recurring job's runs, duration, last success and items, the cash match rate
 * and the cash waiting for staff, read through {@code /actuator/prometheus} as Prometheus sees them. And who
 * may read it when no scrape token is configured: administrators only.
 */
@FactorlineTest
class OperationsMetricsTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    MutableClock clock;

    @Autowired
    TestSupport.Fixtures fixtures;

    @Autowired
    Funding funding;

    @Autowired
    BankFileImports imports;

    @Autowired
    @Qualifier("outboxSender")
    RecurringTask<Void> outboxSender;

    @Autowired
    org.factorline.outreach.Planner planner;

    @Autowired
    Invoices invoices;

    @Autowired
    Outreach outreach;

    @AfterEach
    void resetClock() {
        clock.set(TestSupport.START);
    }

    String scrape() throws Exception {
        return mvc.perform(get("/actuator/prometheus").with(SignedIn.as(TestSupport.admin())))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
    }

    /** The value of the one sample whose name and labels match. */
    static double value(String metrics, String name, String... labels) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith("#") || !line.startsWith(name + "{") && !line.startsWith(name + " ")) {
                continue;
            }
            boolean all = true;
            for (String label : labels) {
                all &= line.contains(label);
            }
            if (all) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return Double.NaN;
    }

    @Test
    void everyJobIsListedAndARunMovesItsCountersDurationAndLastSuccess() throws Exception {
        String before = scrape();
        for (String job : List.of(
                "outreach-planner", "outbox-sender", "recourse-sweep", "notification-digest", "webhook-sender")) {
            assertThat(before)
                    .as(job)
                    .contains("factorline_job_runs_total{job=\"" + job + "\",outcome=\"success\"}")
                    .contains("factorline_job_runs_total{job=\"" + job + "\",outcome=\"failure\"}")
                    .contains("factorline_job_duration_seconds_count{job=\"" + job + "\"}")
                    .contains("factorline_job_last_success_seconds{job=\"" + job + "\"}")
                    .contains("factorline_job_items_total{job=\"" + job + "\"}");
        }
        double runs = value(before, "factorline_job_runs_total", "job=\"outbox-sender\"", "outcome=\"success\"");
        double timed = value(before, "factorline_job_duration_seconds_count", "job=\"outbox-sender\"");

        clock.set(TestSupport.START.plus(Duration.ofDays(3)));
        outboxSender.executeRecurringly(outboxSender.instance(RecurringTask.INSTANCE), null);

        String after = scrape();
        assertThat(value(after, "factorline_job_runs_total", "job=\"outbox-sender\"", "outcome=\"success\""))
                .isEqualTo(runs + 1);
        assertThat(value(after, "factorline_job_duration_seconds_count", "job=\"outbox-sender\""))
                .isEqualTo(timed + 1);
        assertThat(value(after, "factorline_job_last_success_seconds", "job=\"outbox-sender\""))
                .isEqualTo((double) clock.instant().getEpochSecond());
    }

    /**
     * The message the job sends is planned here: an invoice verified and approved (as {@code readyToFund} makes
     * it) gives the planner nothing to send, and the test used to pass only on messages other tests had left
     * queued.
     */
    @Test
    void aJobThatCountsItsItemsReportsThem() throws Exception {
        clock.set(TestSupport.BUSINESS_HOURS); // messages are planned only when they can go
        Client client = fixtures.activeClient();
        Debtor debtor = fixtures.debtor();
        TestSupport.as(
                TestSupport.admin(),
                () -> invoices.submit(
                        new NewInvoice(
                                client.id(),
                                debtor.id(),
                                TestSupport.unique("MET"),
                                null,
                                LocalDate.now(clock).minusDays(2),
                                30,
                                null,
                                Money.usd("1000.00")),
                        ScheduleSource.MANUAL));
        // the invoice waits for the debtor to confirm it: the planner writes to the debtor
        assertThat(planner.plan(List.of(debtor.id())).debtorMessages()).isEqualTo(1);
        double items = value(scrape(), "factorline_job_items_total", "job=\"outbox-sender\"");
        outboxSender.executeRecurringly(outboxSender.instance(RecurringTask.INSTANCE), null);
        assertThat(TestSupport.as(
                        TestSupport.admin(),
                        () -> outreach.messages(client.id().value(), debtor.id().value(), null, null, 5)))
                .singleElement()
                .satisfies(m -> assertThat(m.status()).isEqualTo(OutboxMessage.Status.SENT));
        // at least the message just planned was sent (others' messages due by now go with it)
        assertThat(value(scrape(), "factorline_job_items_total", "job=\"outbox-sender\""))
                .isGreaterThanOrEqualTo(items + 1);
    }

    @Test
    void aBankFileImportMovesTheMatchRateCountersAndTheCashWaiting() throws Exception {
        clock.set(TestSupport.BUSINESS_HOURS);
        Client client = fixtures.activeClient();
        Debtor debtor = fixtures.debtor();
        Invoice invoice = fixtures.readyToFund(client, debtor, Money.usd("1234.56"));
        TestSupport.as(TestSupport.staff(Role.FUNDING_OFFICER, Role.ADMIN), () -> {
            FundingRequest r = funding.request(new NewFundingRequest(
                    client.id().value(), List.of(invoice.id().value()), null, PayoutMethod.ACH));
            return funding.approve(r.id());
        });
        String before = scrape();
        double auto = value(before, "factorline_cash_lines_total", "outcome=\"auto_applied\"", "source=\"bank_file\"");
        double staff =
                value(before, "factorline_cash_lines_total", "outcome=\"left_for_staff\"", "source=\"bank_file\"");
        double waiting = value(before, "factorline_cash_waiting", "status=\"UNAPPLIED\"");

        String d = LocalDate.now(clock).format(DateTimeFormatter.ofPattern("yyMMdd"));
        String unique = TestSupport.unique("MET").replaceAll("[^A-Z0-9]", "");
        byte[] file = (String.join(
                                "\n",
                                "01,021000021,FACTORLINE," + d + ",0630,1,,,2/",
                                "02,FACTORLINE,021000021,1," + d + ",2400,USD,2/",
                                "03,000123456789,USD,/",
                                "16,165,123456,0,REF-" + unique + "-1," + invoice.number() + ",INV " + invoice.number()
                                        + " " + debtor.name() + "/",
                                "16,165,2500,0,REF-" + unique + "-2,,NOBODY WE KNOW " + unique + "/",
                                "49,125956,4/",
                                "98,125956,1,6/",
                                "99,125956,1,8/")
                        + "\n")
                .getBytes(StandardCharsets.US_ASCII);
        TestSupport.as(TestSupport.admin(), () -> imports.importFile(unique + ".bai", file, null));

        String after = scrape();
        assertThat(value(after, "factorline_cash_lines_total", "outcome=\"auto_applied\"", "source=\"bank_file\""))
                .isEqualTo(auto + 1);
        assertThat(value(after, "factorline_cash_lines_total", "outcome=\"left_for_staff\"", "source=\"bank_file\""))
                .isEqualTo(staff + 1);
        assertThat(value(after, "factorline_cash_waiting", "status=\"UNAPPLIED\""))
                .isEqualTo(waiting + 1);
        // low cardinality: no client, payer or file in any label
        Matcher labels = Pattern.compile("factorline_cash_\\w+\\{([^}]*)}").matcher(after);
        while (labels.find()) {
            assertThat(labels.group(1))
                    .doesNotContain(client.legalName())
                    .doesNotContain(unique)
                    .matches("(outcome|source|status)=.*");
        }
    }

    @Test
    void withoutAScrapeTokenOnlyAnAdministratorReadsTheMetrics() throws Exception {
        mvc.perform(get("/actuator/prometheus")).andExpect(status().isUnauthorized());
        mvc.perform(get("/actuator/prometheus").header("Authorization", "Bearer " + "x".repeat(40)))
                .andExpect(status().isUnauthorized());
        mvc.perform(get("/actuator/prometheus").with(SignedIn.as(TestSupport.staff(Role.ACCOUNT_MANAGER))))
                .andExpect(status().isForbidden());
        mvc.perform(get("/actuator/prometheus").with(SignedIn.as(TestSupport.staff(Role.AUDITOR))))
                .andExpect(status().isForbidden());
        mvc.perform(get("/actuator/prometheus")
                        .header("Authorization", "Bearer " + fixtures.token(null, Role.ACCOUNT_MANAGER)))
                .andExpect(status().isForbidden());
        mvc.perform(get("/actuator/prometheus").header("Authorization", "Bearer " + fixtures.token(null, Role.ADMIN)))
                .andExpect(status().isOk());
        mvc.perform(get("/actuator/metrics").with(SignedIn.as(TestSupport.admin())))
                .andExpect(status().isOk());
        mvc.perform(get("/actuator/health")).andExpect(status().isOk());
    }
}
