package org.factorline.outreach;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import jakarta.mail.internet.MimeMessage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.factorline.clients.Client;
import org.factorline.debtors.Debtor;
import org.factorline.invoices.Invoices;
import org.factorline.invoices.NewInvoice;
import org.factorline.invoices.ScheduleSource;
import org.factorline.outreach.internal.OutreachProperties;
import org.factorline.outreach.internal.OutreachRepository;
import org.factorline.shared.Money;
import org.factorline.shared.MutableClock;
import org.factorline.shared.UuidV7;
import org.factorline.support.FactorlineTest;
import org.factorline.support.TestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * Delivery over SMTP: what a debtor's mail server receives, retries with growing pauses when the server is
 * down, an address the server refuses, bounces, capture mode, and two senders at once. The database is shared
 * with every other test: outboxes built here only see the messages this class queued.
 */
@FactorlineTest
class OutboxDeliveryTest {

    @Autowired
    TestSupport.Fixtures fixtures;

    @Autowired
    Planner planner;

    @Autowired
    Outbox outbox;

    @Autowired
    OutreachRepository repo;

    @Autowired
    OutreachProperties props;

    @Autowired
    MutableClock clock;

    @Autowired
    GreenMail mail;

    @Autowired
    JavaMailSender greenMailSender;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Invoices invoices;

    @AfterEach
    void resetClock() {
        clock.set(TestSupport.START);
    }

    // ---- what the debtor's server receives ----

    @Test
    void thePlannedWelcomeArrivesWithItsHeadersItsSignedLinkAndTheNoticeAsPdf() throws Exception {
        clock.set(TestSupport.BUSINESS_HOURS); // messages are planned only when they can go
        Client client = fixtures.activeClient();
        Debtor debtor = fixtures.debtor();
        String number = submit(client, debtor);
        String mailbox = debtor.primaryContact().orElseThrow().email();

        assertThat(planner.plan(List.of(debtor.id())).debtorMessages()).isEqualTo(1);
        OutboxMessage queued = only(client, debtor);
        outbox.deliverDue();

        MimeMessage sent = receivedBy(mailbox).get(0);
        assertThat(sent.getHeader("X-Factorline-Message"))
                .containsExactly(queued.id().toString());
        assertThat(sent.getHeader("Auto-Submitted")).containsExactly("auto-generated");
        assertThat(sent.getFrom()[0].toString()).contains(props.fromAddress()).contains(props.factorName());
        assertThat(sent.getReplyTo()[0].toString()).contains(props.factorEmail());
        assertThat(sent.getSubject()).isEqualTo(queued.subject()).contains(client.legalName());
        String body = GreenMailUtil.getBody(sent);
        assertThat(body).contains(number).contains("/d/").contains("/remit-check");
        assertThat(OutreachFlowTest.pdfText(sent))
                .contains("Notice of assignment")
                .contains(client.legalName());
        OutboxMessage after = repo.message(queued.id()).orElseThrow();
        assertThat(after.status()).isEqualTo(OutboxMessage.Status.SENT);
        assertThat(after.attempts()).isEqualTo(1);
    }

    // ---- a server that is down ----

    @Test
    void aStoppedMailServerIsRetriedWithGrowingPausesThenFailedWithATaskToFixTheContact() throws Exception {
        Client client = fixtures.activeClient();
        Debtor debtor = fixtures.debtor();
        UUID id = queue(client, debtor, mailboxFor(debtor));
        Outbox down = scopedOutbox(Set.of(id), sender(closedPort()), props);

        List<Duration> pauses = new ArrayList<>();
        for (int attempt = 1; attempt < props.maxAttempts(); attempt++) {
            Outbox.Delivery d = down.deliverDue();
            assertThat(d).isEqualTo(new Outbox.Delivery(0, 0, 1, 0));
            OutboxMessage m = repo.message(id).orElseThrow();
            assertThat(m.status()).isEqualTo(OutboxMessage.Status.QUEUED);
            assertThat(m.attempts()).isEqualTo(attempt);
            assertThat(m.lastError()).isNotBlank();
            pauses.add(Duration.between(clock.instant(), m.nextAttemptAt()));
            // nothing goes before the pause is over
            assertThat(down.deliverDue()).isEqualTo(new Outbox.Delivery(0, 0, 0, 0));
            clock.set(m.nextAttemptAt());
        }
        Outbox.Delivery last = down.deliverDue();

        assertThat(last.failed()).isEqualTo(1);
        for (int i = 1; i < pauses.size(); i++) {
            assertThat(pauses.get(i)).isEqualTo(pauses.get(i - 1).multipliedBy(2));
        }
        assertThat(pauses.get(0)).isPositive();
        OutboxMessage failed = repo.message(id).orElseThrow();
        assertThat(failed.status()).isEqualTo(OutboxMessage.Status.FAILED);
        assertThat(failed.attempts()).as("every attempt allowed is made").isEqualTo(props.maxAttempts());
        assertFixContactTask(client, debtor, id);
    }

    @Test
    void maxAttemptsWasOneAttemptShortBecauseTheClaimAlreadyCountedTheAttempt() throws Exception {
        Client client = fixtures.activeClient();
        Debtor debtor = fixtures.debtor();
        UUID id = queue(client, debtor, mailboxFor(debtor));
        OutreachProperties twoAttempts = with(props, props.mailMode(), 2);
        Outbox down = scopedOutbox(Set.of(id), sender(closedPort()), twoAttempts);

        assertThat(down.deliverDue().retried()).isEqualTo(1);
        clock.set(repo.message(id).orElseThrow().nextAttemptAt());
        assertThat(down.deliverDue().failed()).isEqualTo(1);

        assertThat(repo.message(id).orElseThrow().attempts()).isEqualTo(2);
    }

    // ---- an address the server refuses ----

    @Test
    void anAddressTheServerRefusesFailsAtOnceWithATaskToFixTheContact() throws Exception {
        Client client = fixtures.activeClient();
        Debtor debtor = fixtures.debtor();
        UUID id = queue(client, debtor, mailboxFor(debtor));
        try (RefusingSmtpServer server = new RefusingSmtpServer()) {
            Outbox refusing = scopedOutbox(Set.of(id), sender(server.port()), props);

            assertThat(refusing.deliverDue()).isEqualTo(new Outbox.Delivery(0, 0, 0, 1));
        }

        OutboxMessage failed = repo.message(id).orElseThrow();
        assertThat(failed.status()).isEqualTo(OutboxMessage.Status.FAILED);
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(failed.lastError()).contains("550");
        assertFixContactTask(client, debtor, id);
    }

    @Test
    void aMalformedAddressFailsAtOnceWithoutReachingTheServer() {
        Client client = fixtures.activeClient();
        Debtor debtor = fixtures.debtor();
        UUID id = queue(client, debtor, "not an address@@example.com");
        int before = mail.getReceivedMessages().length;

        Outbox.Delivery d = scopedOutbox(Set.of(id), greenMailSender, props).deliverDue();

        assertThat(d.failed()).isEqualTo(1);
        assertThat(repo.message(id).orElseThrow().status()).isEqualTo(OutboxMessage.Status.FAILED);
        assertThat(mail.getReceivedMessages()).hasSize(before);
        assertFixContactTask(client, debtor, id);
    }

    // ---- bounces ----

    @Test
    void aBounceMarksTheMessageBouncedAndOpensATask() throws Exception {
        Client client = fixtures.activeClient();
        Debtor debtor = fixtures.debtor();
        UUID id = queue(client, debtor, mailboxFor(debtor));
        scopedOutbox(Set.of(id), greenMailSender, props).deliverDue();
        assertThat(repo.message(id).orElseThrow().status()).isEqualTo(OutboxMessage.Status.SENT);

        outbox.bounced(id, "550 5.1.1 mailbox unavailable");

        OutboxMessage bounced = repo.message(id).orElseThrow();
        assertThat(bounced.status()).isEqualTo(OutboxMessage.Status.BOUNCED);
        assertThat(bounced.lastError()).isEqualTo("bounced: 550 5.1.1 mailbox unavailable");
        OutreachTask task = assertFixContactTask(client, debtor, id);
        assertThat(task.detail()).contains("550 5.1.1 mailbox unavailable");
        // a second report of the same bounce opens no second task
        outbox.bounced(id, "550 5.1.1 mailbox unavailable");
        assertThat(repo.tasks(client.id().value(), debtor.id().value(), true, 10))
                .filteredOn(t -> t.kind() == OutreachTask.Kind.FIX_CONTACT)
                .hasSize(1);
    }

    // ---- capture mode ----

    @Test
    void captureModeSendsNothingAndKeepsTheMessage() throws Exception {
        Client client = fixtures.activeClient();
        Debtor debtor = fixtures.debtor();
        String mailbox = mailboxFor(debtor);
        UUID id = queue(client, debtor, mailbox);
        Outbox capturing = scopedOutbox(Set.of(id), greenMailSender, with(props, "capture", props.maxAttempts()));

        assertThat(capturing.sends()).isFalse();
        assertThat(capturing.deliverDue()).isEqualTo(new Outbox.Delivery(0, 1, 0, 0));

        OutboxMessage captured = repo.message(id).orElseThrow();
        assertThat(captured.status()).isEqualTo(OutboxMessage.Status.CAPTURED);
        assertThat(captured.sentAt()).isEqualTo(clock.instant());
        assertThat(receivedBy(mailbox)).isEmpty();
        assertThat(capturing.deliverDue()).isEqualTo(new Outbox.Delivery(0, 0, 0, 0));
    }

    // ---- two senders at once ----

    @Test
    void twoSendersAtOnceSendEachMessageOnce() throws Exception {
        Client client = fixtures.activeClient();
        Debtor debtor = fixtures.debtor();
        String mailbox = mailboxFor(debtor);
        // queued an hour ago (say the sender was down), so each is long due when it is claimed
        clock.advance(Duration.ofHours(-1));
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            ids.add(queue(client, debtor, mailbox));
        }
        clock.set(TestSupport.START);

        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Outbox.Delivery>> runs = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                runs.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return outbox.deliverDue();
                }));
            }
            for (Future<Outbox.Delivery> run : runs) {
                run.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        Map<String, Integer> copies = new ConcurrentHashMap<>();
        for (MimeMessage m : receivedBy(mailbox)) {
            copies.merge(m.getHeader("X-Factorline-Message")[0], 1, Integer::sum);
        }
        assertThat(copies).hasSize(ids.size());
        assertThat(copies.values()).containsOnly(1);
        for (UUID id : ids) {
            OutboxMessage m = repo.message(id).orElseThrow();
            assertThat(m.status()).as("message %s", id).isEqualTo(OutboxMessage.Status.SENT);
            assertThat(m.attempts()).isEqualTo(1);
        }
        assertThat(repo.tasks(client.id().value(), debtor.id().value(), true, 10))
                .as("no message was taken for stuck while it was being sent")
                .isEmpty();
    }

    @Test
    void aSenderStartingWhileAnotherIsMidBatchDidNotTakeItsLongDueMessagesForStuck() throws Exception {
        Client client = fixtures.activeClient();
        Debtor debtor = fixtures.debtor();
        String mailbox = mailboxFor(debtor);
        // due for an hour: the stuck check looked at the due time, not the time a sender took the message
        clock.advance(Duration.ofHours(-1));
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ids.add(queue(client, debtor, mailbox));
        }
        clock.set(TestSupport.START);

        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Outbox.Delivery> first = pool.submit(outbox::deliverDue);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (ids.stream()
                    .map(id -> repo.message(id).orElseThrow().status())
                    .noneMatch(st -> st == OutboxMessage.Status.SENT)) {
                assertThat(System.nanoTime()).as("the first sender started").isLessThan(deadline);
                Thread.sleep(5);
            }
            outbox.deliverDue(); // the second sender starts while the first is mid-batch
            first.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }

        assertThat(ids)
                .extracting(id -> repo.message(id).orElseThrow().status())
                .containsOnly(OutboxMessage.Status.SENT);
        assertThat(receivedBy(mailbox)).hasSize(ids.size());
        assertThat(repo.tasks(client.id().value(), debtor.id().value(), true, 10))
                .isEmpty();
    }

    // ---- helpers ----

    String submit(Client client, Debtor debtor) {
        return TestSupport.as(
                        TestSupport.admin(),
                        () -> invoices.submit(
                                new NewInvoice(
                                        client.id(),
                                        debtor.id(),
                                        TestSupport.unique("INV"),
                                        "PO-1",
                                        LocalDate.now(clock).minusDays(2),
                                        30,
                                        null,
                                        Money.usd("500.00")),
                                ScheduleSource.MANUAL))
                .number();
    }

    OutboxMessage only(Client client, Debtor debtor) {
        List<OutboxMessage> ms = repo.messages(client.id().value(), debtor.id().value(), null, null, 10);
        assertThat(ms).hasSize(1);
        return ms.get(0);
    }

    static String mailboxFor(Debtor debtor) {
        return debtor.primaryContact().orElseThrow().email();
    }

    UUID queue(Client client, Debtor debtor, String mailbox) {
        UUID id = UuidV7.next(clock);
        Instant now = clock.instant();
        repo.insertMessage(
                new OutreachRepository.NewMessage(
                        id,
                        OutboxMessage.Audience.DEBTOR,
                        client.id().value(),
                        debtor.id().value(),
                        mailbox,
                        "AP Team",
                        Intent.STATUS_CHECK,
                        "STATUS_CHECK",
                        client.legalName() + ": upcoming invoice due dates",
                        "<p>Could you let us know if payment is already scheduled?</p>",
                        "Could you let us know if payment is already scheduled?",
                        null,
                        null,
                        null,
                        LocalDate.now(clock),
                        now,
                        now),
                Map.of());
        return id;
    }

    OutreachTask assertFixContactTask(Client client, Debtor debtor, UUID messageId) {
        String mailbox = repo.message(messageId).orElseThrow().mailbox();
        List<OutreachTask> tasks = repo.tasks(client.id().value(), debtor.id().value(), true, 10);
        assertThat(tasks).hasSize(1);
        OutreachTask task = tasks.get(0);
        assertThat(task.kind()).isEqualTo(OutreachTask.Kind.FIX_CONTACT);
        assertThat(task.title()).isEqualTo("Message to " + mailbox + " not delivered");
        assertThat(task.role()).isEqualTo("ACCOUNT_MANAGER");
        assertThat(repo.contactLog(client.id().value(), debtor.id().value(), null, null, null, 10))
                .extracting(ContactEntry::summary)
                .contains("Task opened: " + task.title());
        return task;
    }

    /** An outbox on the shared tables that only delivers the messages this test queued. */
    Outbox scopedOutbox(Set<UUID> mine, JavaMailSender sender, OutreachProperties properties) {
        OutreachRepository scoped = new OutreachRepository(jdbc) {
            @Override
            public List<UUID> due(Instant now, int limit) {
                return super.due(now, Integer.MAX_VALUE).stream()
                        .filter(mine::contains)
                        .limit(limit)
                        .toList();
            }

            @Override
            public List<UUID> stuckSending(Instant before) {
                return super.stuckSending(before).stream()
                        .filter(mine::contains)
                        .toList();
            }
        };
        return new Outbox(scoped, provider(sender), properties, (Clock) clock);
    }

    static ObjectProvider<JavaMailSender> provider(JavaMailSender sender) {
        return new StaticListableBeanFactory(Map.of("mailSender", sender)).getBeanProvider(JavaMailSender.class);
    }

    static JavaMailSender sender(int port) {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost("127.0.0.1");
        sender.setPort(port);
        Properties p = new Properties();
        p.put("mail.smtp.connectiontimeout", "2000");
        p.put("mail.smtp.timeout", "2000");
        sender.setJavaMailProperties(p);
        return sender;
    }

    /** A port nothing listens on: a mail server that is down. */
    static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static OutreachProperties with(OutreachProperties p, String mailMode, int maxAttempts) {
        return new OutreachProperties(
                p.factorName(),
                p.factorPhone(),
                p.factorEmail(),
                p.fromAddress(),
                p.signature(),
                p.remitTo(),
                p.linkSecret(),
                p.linkDays(),
                p.businessStart(),
                p.businessEnd(),
                maxAttempts,
                mailMode,
                p.defaults());
    }

    List<MimeMessage> receivedBy(String mailbox) throws Exception {
        List<MimeMessage> out = new ArrayList<>();
        for (MimeMessage m : mail.getReceivedMessages()) {
            if (m.getAllRecipients()[0].toString().toLowerCase(Locale.ROOT).contains(mailbox)) {
                out.add(m);
            }
        }
        return out;
    }

    /** A mail server that answers every recipient with 550, as one does for a mailbox that does not exist. */
    static final class RefusingSmtpServer implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0);
        private final Thread thread = new Thread(this::serve, "refusing-smtp");

        RefusingSmtpServer() throws IOException {
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        private void serve() {
            while (!socket.isClosed()) {
                try (Socket c = socket.accept();
                        BufferedReader in = new BufferedReader(
                                new InputStreamReader(c.getInputStream(), StandardCharsets.US_ASCII));
                        OutputStream out = c.getOutputStream()) {
                    reply(out, "220 refusing.example ESMTP");
                    for (String line; (line = in.readLine()) != null; ) {
                        String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase(Locale.ROOT) : line;
                        if (verb.equals("RCPT")) {
                            reply(out, "550 5.1.1 Recipient address rejected: no such mailbox");
                        } else if (verb.equals("QUIT")) {
                            reply(out, "221 bye");
                            break;
                        } else {
                            reply(out, "250 OK");
                        }
                    }
                } catch (IOException closed) {
                    // the test is over, or the client hung up
                }
            }
        }

        private static void reply(OutputStream out, String line) throws IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
