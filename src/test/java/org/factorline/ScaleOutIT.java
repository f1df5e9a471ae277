package org.factorline;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.kagkarlsson.scheduler.event.AbstractSchedulerListener;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.factorline.clients.Client;
import org.factorline.clients.Clients;
import org.factorline.debtors.Debtor;
import org.factorline.debtors.Debtors;
import org.factorline.funding.Funding;
import org.factorline.funding.FundingRequest;
import org.factorline.funding.NewFundingRequest;
import org.factorline.identity.Actor;
import org.factorline.identity.Role;
import org.factorline.identity.UserAccounts;
import org.factorline.invoices.Invoice;
import org.factorline.invoices.Invoices;
import org.factorline.invoices.NewInvoice;
import org.factorline.invoices.ScheduleSource;
import org.factorline.ledger.InvariantReport;
import org.factorline.ledger.LedgerInvariants;
import org.factorline.outreach.Outbox;
import org.factorline.outreach.Planner;
import org.factorline.pricing.PayoutMethod;
import org.factorline.shared.Jobs;
import org.factorline.shared.Money;
import org.factorline.shared.MutableClock;
import org.factorline.support.TestSupport;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * Two application instances on one PostgreSQL database run the scheduled jobs (outreach planner, outbox
 * sender, recourse sweep) side by side, each polling db-scheduler about every second, while staff press "plan
 * now" on both: every debtor gets its one message once, through one real SMTP server that counts what
 * arrives, and every unpaid invoice past its recourse date is charged back once.
 *
 * <p>The instances share one movable clock: the book is written at night and on a Sunday (nothing may go
 * out then), and the jobs find the work on Monday 10:00 in Chicago.
 */
class ScaleOutIT {

    private static final Logger log = LoggerFactory.getLogger(ScaleOutIT.class);

    static final Instant FUNDED_AT = Instant.parse("2025-11-20T03:00:00Z"); // Wednesday 21:00 in Chicago
    static final Instant SUNDAY = Instant.parse("2026-03-01T16:00:00Z");
    static final Instant MONDAY_10AM = TestSupport.BUSINESS_HOURS; // 2026-03-02T16:00:00Z
    static final int DEBTORS = 20;
    static final int RECOURSE_INVOICES = 5;
    static final Actor OFFICER = new Actor(null, "scale-officer", "Officer", null, EnumSet.of(Role.FUNDING_OFFICER));

    /** Job runs seen on each instance: instance → task names. */
    final Map<String, List<String>> runs = new ConcurrentHashMap<>();

    /** Failed job runs and "plan now" presses. */
    final List<String> failures = new CopyOnWriteArrayList<>();

    @Test
    void twoInstancesSendEachMessageOnceAndChargeBackEachInvoiceOnce() throws Exception {
        MutableClock clock = new MutableClock(FUNDED_AT);
        GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        ConfigurableApplicationContext a = null;
        ConfigurableApplicationContext b = null;
        List<Thread> staff = new ArrayList<>();
        AtomicBoolean pressing = new AtomicBoolean(true);
        try {
            // polled at different rates, as unsynchronised instances are, so both get to run each job
            a = start("instance-a", "PT1S", clock, smtp);
            b = start("instance-b", "PT0.7S", clock, smtp);
            JdbcClient db = JdbcClient.create(a.getBean(javax.sql.DataSource.class));
            TestSupport.Fixtures fixtures = new TestSupport.Fixtures(
                    a.getBean(Clients.class),
                    a.getBean(Debtors.class),
                    a.getBean(UserAccounts.class),
                    a.getBean(Invoices.class),
                    clock);

            // funded 104 days ago on 90 days' recourse, never paid: due to be charged back
            Client recourseClient = fixtures.activeClient();
            List<Invoice> unpaid = new ArrayList<>();
            for (int i = 0; i < RECOURSE_INVOICES; i++) {
                unpaid.add(fixtures.readyToFund(recourseClient, fixtures.debtor(), Money.usd("8000.00")));
            }
            Funding funding = a.getBean(Funding.class);
            FundingRequest funded = TestSupport.as(
                    OFFICER,
                    () -> funding.approve(funding.request(new NewFundingRequest(
                                    recourseClient.id().value(),
                                    unpaid.stream().map(i -> i.id().value()).toList(),
                                    null,
                                    PayoutMethod.ACH))
                            .id()));
            assertThat(funded.fundingDate()).isEqualTo(LocalDate.of(2025, 11, 20));

            // on Sunday: twenty customers with an invoice each to verify (first invoice: notice and
            // verification request in one e-mail), which may go out only when business hours open
            clock.set(SUNDAY);
            Client client = fixtures.activeClient();
            Invoices invoices = a.getBean(Invoices.class);
            Map<UUID, String> mailboxes = new HashMap<>();
            for (int d = 0; d < DEBTORS; d++) {
                Debtor debtor = fixtures.debtor();
                mailboxes.put(debtor.id().value(), debtor.contacts().get(0).email());
                TestSupport.as(
                        TestSupport.admin(),
                        () -> invoices.submit(
                                new NewInvoice(
                                        client.id(),
                                        debtor.id(),
                                        TestSupport.unique("S"),
                                        null,
                                        LocalDate.now(clock).minusDays(1),
                                        30,
                                        null,
                                        Money.usd("1200.00")),
                                ScheduleSource.MANUAL));
            }
            // nothing to these customers on a Sunday (the database is shared with the other tests: their
            // clients' daily digests may go out meanwhile, once each, as checked below)
            assertThat(recipients(smtp))
                    .as("e-mails to the customers before business hours")
                    .doesNotContainAnyElementsOf(mailboxes.values());

            // Monday 10:00: the jobs find the work; meanwhile staff press "plan now" on both instances
            clock.set(MONDAY_10AM);
            Instant since = Instant.now();
            AtomicInteger pressed = new AtomicInteger();
            for (ConfigurableApplicationContext ctx : List.of(a, b)) {
                Planner planner = ctx.getBean(Planner.class);
                Outbox outbox = ctx.getBean(Outbox.class);
                Thread t = new Thread(
                        () -> {
                            while (pressing.get()) {
                                try {
                                    planner.plan();
                                    outbox.deliverDue();
                                    pressed.incrementAndGet();
                                } catch (RuntimeException e) {
                                    failures.add("plan now on " + ctx.getId() + ": " + e);
                                }
                            }
                        },
                        "plan-now-" + ctx.getId());
                t.setDaemon(true);
                t.start();
                staff.add(t);
            }
            List<UUID> clientIds =
                    List.of(client.id().value(), recourseClient.id().value());
            Duration limit = Duration.ofSeconds(45);
            while (!(done(db, mailboxes.keySet(), unpaid) && bothRan())
                    || Duration.between(since, Instant.now()).compareTo(Duration.ofSeconds(15)) < 0) {
                assertThat(Duration.between(since, Instant.now()))
                        .as("everything sent and charged back in time; runs so far: %s", summary())
                        .isLessThan(limit);
                Thread.sleep(250);
            }
            pressing.set(false);
            for (Thread t : staff) {
                t.join(30_000);
            }
            a.getBean(Jobs.JobScheduler.class).stop();
            b.getBean(Jobs.JobScheduler.class).stop();
            log.info(
                    "Scale-out: {} s, job runs {}, plan-now presses {}, {} e-mails received",
                    Duration.between(since, Instant.now()).toSeconds(),
                    summary(),
                    pressed.get(),
                    smtp.getReceivedMessages().length);

            // both instances ran scheduled jobs, and nothing failed
            assertThat(runs).containsOnlyKeys("instance-a", "instance-b");
            assertThat(runs.get("instance-a")).isNotEmpty();
            assertThat(runs.get("instance-b")).isNotEmpty();
            assertThat(failures).isEmpty();
            assertThat(db.sql("select task_name, last_success, consecutive_failures from scheduled_tasks")
                            .query()
                            .listOfRows())
                    .extracting(r -> r.get("task_name"))
                    .contains("outreach-planner", "outbox-sender", "recourse-sweep");
            assertThat(db.sql("""
                            select count(*) from scheduled_tasks where task_name in
                            ('outreach-planner', 'outbox-sender', 'recourse-sweep')
                            and last_success is not null and consecutive_failures = 0""").query(Long.class).single()).isEqualTo(3L);

            // every outbox row of these clients was sent once: SENT on the first attempt, nothing in between
            List<Map<String, Object>> rows =
                    db.sql("""
                            select id, debtor_id, audience, mailbox, status, attempts from outreach_message
                            where client_id in (:clients)""").param("clients", clientIds).query().listOfRows();
            assertThat(rows).isNotEmpty().allSatisfy(r -> {
                assertThat(r.get("status")).as("status of %s", r).isEqualTo("SENT");
                assertThat(((Number) r.get("attempts")).intValue())
                        .as("attempts of %s", r)
                        .isEqualTo(1);
            });

            // nothing planned twice: one message per recipient, kind and day (debtors and the clients told first)
            assertThat(db.sql("""
                            select audience, client_id, debtor_id, mailbox, kind, sections, local_date, count(*) n
                            from outreach_message where client_id in (:clients)
                            group by audience, client_id, debtor_id, mailbox, kind, sections, local_date
                            having count(*) > 1""").param("clients", clientIds).query().listOfRows())
                    .as("messages planned more than once")
                    .isEmpty();

            // what the SMTP server received: each message once, and nothing the outbox does not know
            Map<String, Long> copies = new HashMap<>();
            Map<String, Long> perRecipient = new HashMap<>();
            for (MimeMessage m : smtp.getReceivedMessages()) {
                copies.merge(m.getHeader("X-Factorline-Message")[0], 1L, Long::sum);
                for (var to : m.getRecipients(Message.RecipientType.TO)) {
                    perRecipient.merge(((InternetAddress) to).getAddress(), 1L, Long::sum);
                }
            }
            assertThat(copies)
                    .as("copies received per outbox message")
                    .allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1L));
            Set<String> sentIds = rows.stream().map(r -> r.get("id").toString()).collect(Collectors.toSet());
            assertThat(copies.keySet()).containsAll(sentIds);

            // every customer to verify: one outbox row, one e-mail received, one e-mail line in its contact log
            for (var debtor : mailboxes.entrySet()) {
                assertThat(rows.stream().filter(r -> debtor.getKey().equals(r.get("debtor_id"))))
                        .as("messages to %s", debtor.getValue())
                        .hasSize(1);
                assertThat(perRecipient.get(debtor.getValue()))
                        .as("e-mails received by %s", debtor.getValue())
                        .isEqualTo(1L);
                assertThat(db.sql("select count(*) from contact_log where debtor_id = ? and channel = 'EMAIL'")
                                .param(debtor.getKey())
                                .query(Long.class)
                                .single())
                        .as("e-mail lines in the contact log of %s", debtor.getValue())
                        .isEqualTo(1L);
            }
            assertThat(db.sql("""
                            select count(*) from (select message_id from contact_log
                            where client_id in (:clients) and channel = 'EMAIL'
                            group by message_id having count(*) > 1) twice""").param("clients", clientIds).query(Long.class).single())
                    .as("messages with more than one e-mail line")
                    .isZero();

            // each unpaid invoice charged back once: one chargeback, one journal entry
            for (Invoice invoice : unpaid) {
                UUID id = invoice.id().value();
                assertThat(db.sql("select status from invoice where id = ?")
                                .param(id)
                                .query(String.class)
                                .single())
                        .isEqualTo("CHARGED_BACK");
                assertThat(db.sql("select count(*) from invoice_chargeback where invoice_id = ?")
                                .param(id)
                                .query(Long.class)
                                .single())
                        .isEqualTo(1L);
                assertThat(db.sql(
                                        "select count(*) from journal_entry where reference_id = ? and reason_code = 'CHARGEBACK'")
                                .param(id)
                                .query(Long.class)
                                .single())
                        .isEqualTo(1L);
            }
            InvariantReport books = a.getBean(LedgerInvariants.class).checkAsSystem();
            assertThat(books.holds()).as("ledger invariants: %s", books.rules()).isTrue();
        } finally {
            pressing.set(false);
            for (Thread t : staff) {
                t.join(30_000);
            }
            if (b != null) {
                b.close();
            }
            if (a != null) {
                a.close();
            }
            smtp.stop();
        }
    }

    private boolean done(JdbcClient db, Set<UUID> debtors, List<Invoice> unpaid) {
        long sent = db.sql("select count(*) from outreach_message where debtor_id in (:d) and status = 'SENT'")
                .param("d", debtors)
                .query(Long.class)
                .single();
        long charged = db.sql("select count(*) from invoice_chargeback where invoice_id in (:i)")
                .param("i", unpaid.stream().map(i -> i.id().value()).toList())
                .query(Long.class)
                .single();
        return sent >= debtors.size() && charged == unpaid.size();
    }

    private boolean bothRan() {
        return runs.getOrDefault("instance-a", List.of()).size() > 0
                && runs.getOrDefault("instance-b", List.of()).size() > 0;
    }

    private Map<String, Map<String, Long>> summary() {
        Map<String, Map<String, Long>> s = new java.util.TreeMap<>();
        runs.forEach((instance, tasks) -> s.put(
                instance,
                tasks.stream().collect(Collectors.groupingBy(t -> t, java.util.TreeMap::new, Collectors.counting()))));
        return s;
    }

    /** One application instance: its own context and pools, the shared database, clock and mail server. */
    private static List<String> recipients(GreenMail smtp) throws jakarta.mail.MessagingException {
        List<String> to = new ArrayList<>();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            for (var address : m.getRecipients(Message.RecipientType.TO)) {
                to.add(((InternetAddress) address).getAddress());
            }
        }
        return to;
    }

    private ConfigurableApplicationContext start(String name, String polling, MutableClock clock, GreenMail smtp) {
        JavaMailSenderImpl mail = new JavaMailSenderImpl();
        mail.setHost("127.0.0.1");
        mail.setPort(smtp.getSmtp().getPort());
        AbstractSchedulerListener listener = new AbstractSchedulerListener() {
            @Override
            public void onExecutionComplete(ExecutionComplete done) {
                runs.computeIfAbsent(name, n -> new CopyOnWriteArrayList<>())
                        .add(done.getExecution().getTaskName());
                if (done.getResult() != ExecutionComplete.Result.OK) {
                    failures.add(name + " " + done.getExecution().getTaskName() + ": "
                            + done.getCause().map(Throwable::toString).orElse("?"));
                }
            }
        };
        return new SpringApplicationBuilder(FactorlineApplication.class)
                .profiles("test")
                .initializers(ctx -> {
                    ctx.getBeanFactory().registerSingleton("scaleOutClock", clock);
                    ctx.getBeanFactory().registerSingleton("scaleOutMail", mail);
                    ctx.getBeanFactory().registerSingleton("scaleOutJobRuns", listener);
                })
                .run(
                        "--spring.application.name=" + name,
                        "--server.port=0",
                        "--spring.jmx.enabled=false",
                        "--spring.datasource.hikari.maximum-pool-size=6",
                        "--factorline.jobs.enabled=true",
                        "--factorline.jobs.polling-interval=" + polling,
                        "--factorline.jobs.scheduler-name=" + name,
                        "--factorline.outreach.planner-cron=*/3 * * * * *",
                        "--factorline.outreach.sender-every=PT1S",
                        "--factorline.recourse.cron=*/3 * * * * *",
                        "--factorline.outreach.mail-mode=smtp");
    }
}
