package org.factorline.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.factorline.clients.Client;
import org.factorline.debtors.Debtor;
import org.factorline.identity.Actor;
import org.factorline.identity.Role;
import org.factorline.invoices.Invoice;
import org.factorline.invoices.Invoices;
import org.factorline.invoices.NewInvoice;
import org.factorline.invoices.ScheduleSource;
import org.factorline.invoices.VerificationStatus;
import org.factorline.outreach.ContactEntry;
import org.factorline.outreach.DebtorLinks;
import org.factorline.outreach.Outbox;
import org.factorline.outreach.OutboxMessage;
import org.factorline.outreach.Outreach;
import org.factorline.outreach.OutreachTask;
import org.factorline.outreach.Planner;
import org.factorline.outreach.RelationshipHealth;
import org.factorline.shared.FactorlineException;
import org.factorline.shared.Money;
import org.factorline.shared.MutableClock;
import org.factorline.support.FactorlineTest;
import org.factorline.support.TestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The verification and contacts reports on a book of our own, worked through the real planner, outbox and
 * debtor links: a client with two customers; the first gets a welcome with the notice and the verification
 * request, confirms one invoice, disputes another (resolved by the account manager three days later) and
 * leaves the third waiting; the second's invoice is verified by phone. Every figure is worked out again here
 * from the same events: the instants we acted at, the outbox and the contact log as outreach shows them.
 */
@FactorlineTest
class VerificationAndContactsReportsTest {

    static final Actor AUDITOR = TestSupport.staff(Role.AUDITOR);
    static final Actor VERIFIER =
            new Actor(null, "reports-vera", "Vera", null, EnumSet.of(Role.VERIFIER, Role.ACCOUNT_MANAGER));

    @Autowired
    TestSupport.Fixtures fixtures;

    @Autowired
    Invoices invoices;

    @Autowired
    Planner planner;

    @Autowired
    Outbox outbox;

    @Autowired
    DebtorLinks links;

    @Autowired
    Outreach outreach;

    @Autowired
    Reports reports;

    @Autowired
    MutableClock clock;

    @AfterEach
    void resetClock() {
        clock.set(TestSupport.START);
    }

    Invoice submit(Client client, Debtor debtor, String amount) {
        return TestSupport.as(
                TestSupport.admin(),
                () -> invoices.submit(
                        new NewInvoice(
                                client.id(),
                                debtor.id(),
                                TestSupport.unique("VR"),
                                null,
                                LocalDate.now(clock).minusDays(2),
                                30,
                                null,
                                Money.usd(amount)),
                        ScheduleSource.MANUAL));
    }

    ReportTable run(String name, Map<String, String> params) {
        return TestSupport.as(AUDITOR, () -> reports.run(name, params));
    }

    static Map<String, Object> rowOf(ReportTable t, Debtor debtor) {
        return t.rows().stream()
                .filter(r -> String.valueOf(r.get("debtor")).endsWith(debtor.name()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + debtor.name() + " in " + t.rows()));
    }

    /** Nearest rank: the smallest value with at least that share of the values at or below it. */
    static Long percentile(List<Long> values, double share) {
        if (values.isEmpty()) {
            return null;
        }
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(Long::compare);
        int rank = (int) Math.ceil(share * sorted.size());
        return sorted.get(Math.max(rank, 1) - 1);
    }

    static long hours(Instant from, Instant to) {
        return Duration.between(from, to).toHours();
    }

    record Book(
            Client client,
            Debtor a,
            Debtor b,
            Invoice a1,
            Invoice a2,
            Invoice a3,
            Invoice b1,
            Instant confirmedA1,
            Instant verifiedB1,
            OutreachTask dispute,
            Instant resolved) {}

    Book book() {
        clock.set(TestSupport.START);
        Client client = fixtures.activeClient();
        Debtor a = fixtures.debtor();
        Debtor b = fixtures.debtor();
        Invoice a1 = submit(client, a, "1200.00");
        Invoice a2 = submit(client, a, "830.50");
        Invoice a3 = submit(client, a, "500.00");
        Invoice b1 = submit(client, b, "2000.00");
        clock.advance(Duration.ofHours(2)); // 10:00 in Chicago
        planner.plan(List.of(a.id(), b.id()));
        outbox.deliverDue();
        OutboxMessage welcome =
                TestSupport.as(AUDITOR, () -> outreach.messages(client.id().value(), a.id().value(), null, null, 50))
                        .stream()
                        .filter(m -> m.audience() == OutboxMessage.Audience.DEBTOR)
                        .findFirst()
                        .orElseThrow();
        Matcher link =
                Pattern.compile("/d/([A-Za-z0-9_\\-]+\\.[A-Za-z0-9_\\-]+)").matcher(welcome.bodyText());
        assertThat(link.find()).isTrue();
        String token = link.group(1);

        // the second debtor's welcome bounces: sent, then bounced
        UUID welcomeB =
                TestSupport.as(AUDITOR, () -> outreach.messages(client.id().value(), b.id().value(), null, null, 50))
                        .stream()
                        .filter(m -> m.audience() == OutboxMessage.Audience.DEBTOR)
                        .findFirst()
                        .orElseThrow()
                        .id();
        outbox.bounced(welcomeB, "550 5.1.1 mailbox unknown");
        clock.advance(Duration.ofHours(5).plusMinutes(20));
        Instant confirmedA1 = clock.instant();
        links.open(token);
        links.confirm(token, List.of(a1.id().value()));
        clock.advance(Duration.ofHours(20));
        links.dispute(token, a2.id().value(), DebtorLinks.DisputeReason.WRONG_AMOUNT, "We ordered 8 pallets, not 9");
        clock.advance(Duration.ofHours(10).plusMinutes(40));
        Instant verifiedB1 = clock.instant();
        TestSupport.as(
                VERIFIER,
                () -> invoices.recordVerification(b1.id(), VerificationStatus.VERIFIED, "Confirmed by phone"));
        clock.advance(Duration.ofDays(3));
        OutreachTask dispute =
                TestSupport.as(VERIFIER, () -> outreach.tasks(client.id().value(), a.id().value(), true, 50)).stream()
                        .filter(t -> t.kind() == OutreachTask.Kind.RESOLVE_DISPUTE)
                        .findFirst()
                        .orElseThrow();
        Instant resolved = clock.instant();
        TestSupport.as(
                VERIFIER,
                () -> outreach.complete(dispute.id(), Outreach.TaskOutcome.DONE, "Credit note for one pallet agreed"));
        return new Book(client, a, b, a1, a2, a3, b1, confirmedA1, verifiedB1, dispute, resolved);
    }

    @Test
    void verificationAndContactFiguresAreTheEventsCountedAgain() {
        Book k = book();
        LocalDate from = LocalDate.ofInstant(TestSupport.START, java.time.ZoneOffset.UTC);
        LocalDate to = LocalDate.now(clock);
        Map<String, String> params = Map.of(
                "from",
                from.toString(),
                "to",
                to.toString(),
                "clientId",
                k.client().id().toString(),
                "groupBy",
                "PAIR");

        // ---- verification ----
        ReportTable v = run("verification", params);
        assertThat(v.rows()).hasSize(2);
        // by default one row per client: the whole book stays a short page
        assertThat(run(
                                "verification",
                                Map.of(
                                        "from",
                                        from.toString(),
                                        "to",
                                        to.toString(),
                                        "clientId",
                                        k.client().id().toString()))
                        .rows())
                .hasSize(1);
        Instant asked = TestSupport.as(
                        AUDITOR,
                        () -> outreach.messages(
                                k.client().id().value(), k.a().id().value(), null, null, 50))
                .stream()
                .filter(m -> m.audience() == OutboxMessage.Audience.DEBTOR
                        && (',' + m.sections() + ',').contains(",VERIFICATION,"))
                .map(OutboxMessage::createdAt)
                .min(Instant::compareTo)
                .orElseThrow();
        Instant askedB = TestSupport.as(
                        AUDITOR,
                        () -> outreach.messages(
                                k.client().id().value(), k.b().id().value(), null, null, 50))
                .stream()
                .filter(m -> m.audience() == OutboxMessage.Audience.DEBTOR
                        && (',' + m.sections() + ',').contains(",VERIFICATION,"))
                .map(OutboxMessage::createdAt)
                .min(Instant::compareTo)
                .orElseThrow();
        long a1Hours = hours(k.a1().createdAt(), k.confirmedA1());
        long b1Hours = hours(k.b1().createdAt(), k.verifiedB1());
        Map<String, Object> a = rowOf(v, k.a());
        assertThat(a.get("submitted")).isEqualTo(3L);
        assertThat(a.get("face")).isEqualTo(Money.usd("2530.50"));
        assertThat(a.get("required")).isEqualTo(3L);
        assertThat(a.get("verified")).isEqualTo(1L);
        assertThat(a.get("median_hours_submission")).isEqualTo(a1Hours).isEqualTo(7L);
        assertThat(a.get("p90_hours_submission")).isEqualTo(a1Hours);
        assertThat(a.get("median_hours_request")).isEqualTo(hours(asked, k.confirmedA1()));
        assertThat(a.get("waiting")).isEqualTo(1L);
        assertThat(a.get("disputed")).isEqualTo(1L);
        assertThat(a.get("disputed_pct")).isEqualTo(new BigDecimal("33.33"));
        assertThat(a.get("disputed_face")).isEqualTo(Money.usd("830.50"));
        assertThat(a.get("disputed_face_pct"))
                .isEqualTo(new BigDecimal("830.50")
                        .multiply(BigDecimal.valueOf(100))
                        .divide(new BigDecimal("2530.50"), 2, RoundingMode.HALF_UP));
        assertThat(a.get("resolved")).isEqualTo(1L);
        assertThat(a.get("median_days_to_resolve"))
                .isEqualTo(
                        Duration.between(k.dispute().openedAt(), k.resolved()).toDays())
                .isEqualTo(3L);
        Map<String, Object> b = rowOf(v, k.b());
        assertThat(b.get("submitted")).isEqualTo(1L);
        assertThat(b.get("verified")).isEqualTo(1L);
        assertThat(b.get("median_hours_submission")).isEqualTo(b1Hours);
        assertThat(b.get("median_hours_request")).isEqualTo(hours(askedB, k.verifiedB1()));
        assertThat(b.get("disputed")).isEqualTo(0L);
        assertThat(b.get("median_days_to_resolve")).isNull();
        // totals are worked out over all the invoices, not added up from the rows
        assertThat(v.totals().get("submitted")).isEqualTo(4L);
        assertThat(v.totals().get("asked")).isEqualTo((Long) a.get("asked") + (Long) b.get("asked"));
        assertThat(v.totals().get("median_hours_submission")).isEqualTo(percentile(List.of(a1Hours, b1Hours), 0.5));
        assertThat(v.totals().get("p90_hours_submission")).isEqualTo(percentile(List.of(a1Hours, b1Hours), 0.9));
        assertThat(v.totals().get("p90_hours_submission")).isEqualTo(b1Hours);
        // by debtor: one row per debtor with the same figures; a period before the submissions is empty
        ReportTable byDebtor = run(
                "verification",
                Map.of(
                        "from",
                        from.toString(),
                        "to",
                        to.toString(),
                        "debtorId",
                        k.a().id().toString(),
                        "groupBy",
                        "debtor"));
        assertThat(byDebtor.rows()).hasSize(1);
        assertThat(byDebtor.rows().get(0).get("submitted")).isEqualTo(3L);
        assertThat(byDebtor.columns().get(0).key()).isEqualTo("debtor");
        assertThat(run(
                                "verification",
                                Map.of(
                                        "from", from.minusDays(9).toString(),
                                        "to", from.minusDays(1).toString(),
                                        "clientId", k.client().id().toString()))
                        .rows())
                .isEmpty();

        // ---- contacts ----
        ReportTable c = run("contacts", params);
        Instant start = from.atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
        Instant end = to.plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
        for (Debtor d : List.of(k.a(), k.b())) {
            Map<String, Object> row = rowOf(c, d);
            List<OutboxMessage> messages = TestSupport.as(
                            AUDITOR, () -> outreach.messages(k.client().id().value(), d.id().value(), null, null, 200))
                    .stream()
                    .filter(m -> m.audience() == OutboxMessage.Audience.DEBTOR
                            && m.status() != OutboxMessage.Status.CANCELLED
                            && !m.localDate().isBefore(from)
                            && !m.localDate().isAfter(to))
                    .toList();
            assertThat(messages).isNotEmpty();
            assertThat(row.get("messages")).as(d.name()).isEqualTo((long) messages.size());
            assertThat(row.get("i_notice"))
                    .isEqualTo(messages.stream()
                            .filter(m -> (',' + m.sections() + ',').contains(",NOTICE,"))
                            .count());
            assertThat(row.get("i_verification"))
                    .isEqualTo(messages.stream()
                            .filter(m -> (',' + m.sections() + ',').contains(",VERIFICATION,"))
                            .count())
                    .isEqualTo(1L);
            assertThat(row.get("sent")).isEqualTo((long) messages.size());
            assertThat(row.get("bounced"))
                    .isEqualTo(messages.stream()
                            .filter(m -> m.status() == OutboxMessage.Status.BOUNCED)
                            .count())
                    .isEqualTo(d.equals(k.b()) ? 1L : 0L);
            // one mailbox per debtor, messages from this client only: the busiest 7 days are all of them here
            assertThat(row.get("busiest_week")).isEqualTo((long) messages.size());
            assertThat(row.get("over_cap")).isEqualTo("");

            List<ContactEntry> log = TestSupport.as(
                            AUDITOR,
                            () -> outreach.contactLog(k.client().id().value(), d.id().value(), null, null, null, 200))
                    .stream()
                    .filter(e -> !e.at().isBefore(start) && e.at().isBefore(end))
                    .toList();
            Map<ContactEntry.Channel, Long> byChannel = new HashMap<>();
            log.forEach(e -> byChannel.merge(e.channel(), 1L, Long::sum));
            for (ContactEntry.Channel ch : ContactEntry.Channel.values()) {
                assertThat(row.get("c_" + ch.name().toLowerCase()))
                        .as(d.name() + " " + ch)
                        .isEqualTo(byChannel.getOrDefault(ch, 0L));
            }
            long disputed = d.equals(k.a()) ? 1 : 0;
            RelationshipHealth health = RelationshipHealth.of(log, (int) disputed, List.of(), to);
            assertThat(row.get("replies")).as(d.name()).isEqualTo((long) health.responses());
            assertThat(row.get("median_reply_hours")).isEqualTo(health.medianResponseHours());
            assertThat(row.get("disputed")).isEqualTo(disputed);
        }
        // the first debtor answered the welcome (a confirmation 5 hours after it); the second never used its link
        assertThat(rowOf(c, k.a()).get("replies")).isEqualTo(1L);
        assertThat(rowOf(c, k.a()).get("median_reply_hours")).isEqualTo(hours(asked, k.confirmedA1()));
        assertThat(rowOf(c, k.b()).get("replies")).isEqualTo(0L);
        assertThat(c.totals().get("messages"))
                .isEqualTo((Long) rowOf(c, k.a()).get("messages")
                        + (Long) rowOf(c, k.b()).get("messages"));
        assertThat(c.chart().bars()).hasSize(2);

        // per client: one row, the pairs' counts added up
        ReportTable perClient = run(
                "contacts",
                Map.of(
                        "from",
                        from.toString(),
                        "to",
                        to.toString(),
                        "clientId",
                        k.client().id().toString(),
                        "groupBy",
                        "CLIENT"));
        assertThat(perClient.rows()).hasSize(1);
        assertThat(perClient.rows().get(0).get("c_email")).isEqualTo(c.totals().get("c_email"));

        // CSV and PDF carry the same tables
        String csv = TestSupport.as(AUDITOR, () -> reports.csv("verification", params));
        assertThat(csv).startsWith("client,debtor,submitted,face,required,").contains("TOTAL,,4,4530.50,4,");
        String contactsCsv = TestSupport.as(AUDITOR, () -> reports.csv("contacts", params));
        assertThat(contactsCsv).startsWith("client,debtor,messages,i_release,i_notice,");
        for (String name : List.of("verification", "contacts")) {
            byte[] pdf = TestSupport.as(AUDITOR, () -> reports.pdf(name, params));
            assertThat(new String(pdf, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        }
    }

    @Test
    void badParametersAreRefusedNamingTheField() {
        Map<String, String> cases = Map.of(
                "from", "2026-02-30",
                "groupBy", "BANANA",
                "clientId", "not-an-id",
                "debtorId", "42",
                "currency", "DOLLARS");
        for (String report : List.of("verification", "contacts")) {
            cases.forEach((field, value) -> {
                if (report.equals("contacts") && field.equals("currency")) {
                    return; // contacts are counts: no currency
                }
                assertThatThrownBy(() -> run(report, Map.of(field, value)))
                        .as(report + " " + field)
                        .isInstanceOfSatisfying(
                                FactorlineException.class,
                                e -> assertThat(e.problems())
                                        .extracting(p -> p.field())
                                        .containsExactly(field));
            });
            assertThatThrownBy(() -> run(report, Map.of("groupBy", "total")))
                    .isInstanceOfSatisfying(
                            FactorlineException.class,
                            e -> assertThat(e.problems())
                                    .extracting(p -> p.field())
                                    .containsExactly("groupBy"));
        }
    }
}
