package org.factorline.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.factorline.clients.AgreementTerms;
import org.factorline.clients.Client;
import org.factorline.debtors.Debtor;
import org.factorline.funding.Funding;
import org.factorline.funding.FundingRequest;
import org.factorline.funding.NewFundingRequest;
import org.factorline.identity.Actor;
import org.factorline.identity.Role;
import org.factorline.invoices.Invoice;
import org.factorline.invoices.InvoiceStatus;
import org.factorline.invoices.Invoices;
import org.factorline.ledger.LedgerInvariants;
import org.factorline.pricing.PayoutMethod;
import org.factorline.pricing.ReceiptKind;
import org.factorline.receipts.IncomingPayment;
import org.factorline.receipts.Payment;
import org.factorline.receipts.Receipts;
import org.factorline.shared.Money;
import org.factorline.shared.MutableClock;
import org.factorline.shared.Rate;
import org.factorline.support.FactorlineTest;
import org.factorline.support.RolledBackRows;
import org.factorline.support.TestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The set-based recourse sweep writes what charging back each invoice on its own writes: the same book (unpaid,
 * partly paid, paid past the advance and the fee, paid to the client instead, fee beyond the reserve, two
 * recourse periods, paid in full, short paid, not on recourse, already charged back) is swept once along each
 * path — each sweep in a transaction rolled back after its rows (and its audit lines) were read — and every row
 * is compared. And the sweep searches the whole book: a due invoice behind more open invoices than a sweep takes
 * is still found.
 */
@FactorlineTest
class SetBasedRecourseSweepTest {

    static final Actor OFFICER = new Actor(null, "sweep-officer", "Officer", null, EnumSet.of(Role.FUNDING_OFFICER));

    @Autowired
    Recourse recourse;

    @Autowired
    Funding funding;

    @Autowired
    Receipts receipts;

    @Autowired
    Invoices invoices;

    @Autowired
    LedgerInvariants invariants;

    @Autowired
    TestSupport.Fixtures fixtures;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    MutableClock clock;

    @AfterEach
    void backToTheStart() {
        clock.set(TestSupport.START);
    }

    /** Standard terms with this advance rate and recourse period (null: not on recourse), no concentration limit. */
    private AgreementTerms terms(String advance, Integer recourseDays) {
        AgreementTerms t = TestSupport.standardTerms(LocalDate.now(clock).minusDays(30));
        return new AgreementTerms(
                t.effectiveFrom(),
                t.currency(),
                Rate.percent(advance),
                t.fees(),
                t.miscFees(),
                recourseDays != null,
                recourseDays,
                t.facilityLimit(),
                Rate.percent("100"),
                t.verification(),
                t.notification());
    }

    private List<Invoice> funded(Client client, Debtor debtor, String... faces) {
        List<Invoice> book = new ArrayList<>();
        for (String face : faces) {
            book.add(fixtures.readyToFund(client, debtor, Money.usd(face)));
        }
        for (int g = 0; g < book.size(); g += 4) {
            List<Invoice> group = book.subList(g, Math.min(book.size(), g + 4));
            FundingRequest r = TestSupport.as(
                    OFFICER,
                    () -> funding.approve(funding.request(new NewFundingRequest(
                                    client.id().value(),
                                    group.stream().map(i -> i.id().value()).toList(),
                                    null,
                                    PayoutMethod.ACH))
                            .id()));
            assertThat(r.status().name()).isEqualTo("FUNDED");
        }
        return book;
    }

    private void pay(Invoice invoice, String amount) {
        Payment p = TestSupport.as(
                OFFICER,
                () -> receipts.record(
                        new IncomingPayment(
                                LocalDate.now(clock),
                                Money.usd(amount),
                                ReceiptKind.ELECTRONIC,
                                null,
                                null,
                                null,
                                null,
                                "no reference",
                                "sweep-test"),
                        null));
        TestSupport.as(OFFICER, () -> receipts.apply(p.id(), invoice.id(), Money.usd(amount)));
    }

    @Test
    void theSetBasedSweepWritesWhatChargingBackOneByOneWrites() {
        Debtor debtor = fixtures.debtor();
        Client onRecourse = fixtures.activeClient(terms("80", 90));
        Client tight = fixtures.activeClient(terms("95", 90));
        Client sixty = fixtures.activeClient(terms("80", 60));
        Client early = fixtures.activeClient(terms("80", 30));
        Client nonRecourse = fixtures.activeClient(terms("80", null));
        List<Invoice> r = funded(
                onRecourse,
                debtor,
                "10000.00",
                "10000.00",
                "10000.00",
                "10000.00",
                "10000.00",
                "10000.00",
                "7333.33",
                "12500.55");
        List<Invoice> t = funded(tight, debtor, "10000.00", "8000.00", "4321.09");
        List<Invoice> s = funded(sixty, debtor, "10000.00", "6000.00");
        List<Invoice> e = funded(early, debtor, "10000.00");
        List<Invoice> n = funded(nonRecourse, debtor, "10000.00", "5000.00");

        clock.advance(Duration.ofDays(20));
        pay(r.get(1), "4000.00"); // partly paid
        pay(r.get(2), "9500.00"); // paid past the advance and the fee: the rest is the client's
        pay(r.get(3), "10000.00"); // paid in full: closed out, not swept
        pay(r.get(4), "6000.00"); // partly paid, then the rest accepted as a short pay: not swept
        TestSupport.as(OFFICER, () -> receipts.acceptShortPay(r.get(4).id(), "damaged pallets"));
        TestSupport.as(
                OFFICER,
                () -> receipts.recordMisdirected(
                        r.get(5).id(), Money.usd("2500.00"), LocalDate.now(clock), "paid to the client"));
        pay(t.get(1), "1000.00");
        pay(s.get(1), "123.45");
        pay(n.get(1), "1000.00");

        // the early client's invoice is charged back at its own (earlier) recourse date
        LocalDate start = LocalDate.ofInstant(TestSupport.START, ZoneOffset.UTC);
        clock.set(start.plusDays(31).atTime(12, 0).toInstant(ZoneOffset.UTC));
        assertThat(TestSupport.as(OFFICER, () -> recourse.sweep(null)))
                .extracting(Chargeback::invoiceId)
                .contains(e.get(0).id());

        LocalDate asOf = start.plusDays(95);
        clock.set(asOf.atTime(6, 30).toInstant(ZoneOffset.UTC));
        List<UUID> clients = List.of(onRecourse, tight, sixty, early, nonRecourse).stream()
                .map(c -> c.id().value())
                .toList();
        Map<String, List<String>> oneByOne = sweptRolledBack(asOf, Recourse.Path.ONE_BY_ONE, clients);
        Map<String, List<String>> setBased = sweptRolledBack(asOf, Recourse.Path.SET_BASED, clients);

        // charged back: the unpaid, the partly paid, the one paid to the client, the tight ones and the sixty-day ones
        List<String> swept = List.of(
                        r.get(0), r.get(1), r.get(2), r.get(5), r.get(6), r.get(7), t.get(0), t.get(1), t.get(2),
                        s.get(0), s.get(1))
                .stream()
                .map(Invoice::number)
                .sorted()
                .toList();
        assertThat(oneByOne.get("returned").stream().map(x -> x.split("\\|")[0]).sorted())
                .containsExactlyElementsOf(swept);
        assertThat(oneByOne.get("chargebacks")).hasSize(swept.size() + 1); // and the early one from before
        assertThat(oneByOne.get("postings").stream().filter(x -> x.contains("|DUE_TO_CLIENT|")))
                .hasSize(1);
        assertThat(oneByOne.get("audit").stream().filter(x -> x.contains("invoice.charged_back")))
                .hasSize(swept.size());
        assertThat(oneByOne.get("audit").stream().filter(x -> x.contains("CHARGED_BACK")))
                .hasSizeGreaterThanOrEqualTo(swept.size());
        for (String table : oneByOne.keySet()) {
            assertThat(setBased.get(table)).as(table).containsExactlyElementsOf(oneByOne.get(table));
        }
        // the sweep is idempotent: a second one, each path, finds nothing of these clients
        for (Recourse.Path path : Recourse.Path.values()) {
            Map<String, List<String>> twice = sweptTwiceRolledBack(asOf, path, clients);
            assertThat(twice.get("second")).as(path.name()).isEmpty();
        }
    }

    @Test
    void aDueInvoiceBehindMoreOpenInvoicesThanASweepTakesIsStillFound() {
        Debtor debtor = fixtures.debtor();
        LocalDate start = LocalDate.now(clock);
        // the shortest recourse period: due 16 days after tomorrow's purchase
        LocalDate asOf = start.plusDays(1).plusDays(16);
        // a sweep that takes every invoice due then (other tests' and this one's), and no more
        int most = (int) dueAsOf(asOf) + 1;
        // older purchases, open and never due: not on recourse, or on a long recourse period; more than a sweep takes
        Client nonRecourse = fixtures.activeClient(terms("80", null));
        Client longer = fixtures.activeClient(terms("80", 365));
        List<Invoice> older = new ArrayList<>();
        while (older.size() <= most + 4) {
            older.addAll(funded(nonRecourse, debtor, "1000.00", "1000.00", "1000.00", "1000.00"));
            older.addAll(funded(longer, debtor, "1000.00", "1000.00", "1000.00", "1000.00"));
        }
        // a day later, one purchase on a 15-day recourse agreement
        clock.advance(Duration.ofDays(1));
        Client due = fixtures.activeClient(terms("80", 15));
        Invoice candidate = funded(due, debtor, "10000.00").get(0);
        clock.set(asOf.atTime(6, 30).toInstant(ZoneOffset.UTC));
        assertThat(dueAsOf(asOf)).isEqualTo(most);
        long olderOpen =
                jdbc.sql("""
                        select count(*) from funded_invoice f join invoice i on i.id = f.invoice_id
                        where i.status in ('FUNDED', 'PARTIALLY_PAID') and f.funding_date < ?""").param(start.plusDays(1)).query(Long.class).single();
        assertThat(olderOpen).isGreaterThan(most);
        for (Recourse.Path path : Recourse.Path.values()) {
            TransactionTemplate tx = new TransactionTemplate(transactions);
            List<Chargeback> swept = TestSupport.as(
                    OFFICER,
                    () -> tx.execute(status -> {
                        List<Chargeback> out = recourse.sweep(asOf, path, most);
                        status.setRollbackOnly();
                        return out;
                    }));
            assertThat(swept).as(path.name()).hasSizeLessThanOrEqualTo(most);
            assertThat(swept).as(path.name()).extracting(Chargeback::invoiceId).contains(candidate.id());
            assertThat(swept)
                    .as(path.name())
                    .extracting(Chargeback::invoiceId)
                    .doesNotContainAnyElementsOf(older.stream().map(Invoice::id).toList());
        }
        List<Chargeback> swept = TestSupport.as(OFFICER, () -> recourse.sweep(asOf));
        assertThat(swept).extracting(Chargeback::invoiceId).contains(candidate.id());
        assertThat(TestSupport.as(OFFICER, () -> invoices.get(candidate.id())).status())
                .isEqualTo(InvoiceStatus.CHARGED_BACK);
        assertThat(invariants.checkAsSystem().rules())
                .allSatisfy(x -> assertThat(x.violations()).as(x.name()).isEmpty());
    }

    /** Open invoices of recourse agreements, not charged back, whose recourse date is before {@code asOf}. */
    private long dueAsOf(LocalDate asOf) {
        // the recourse date worked out here, not in SQL: the date arithmetic differs between the databases
        return jdbc
                .sql("""
                        select f.funding_date, a.recourse_days from funded_invoice f join invoice i on i.id = f.invoice_id
                        join agreement a on a.id = i.agreement_id
                        where a.recourse = true and a.recourse_days is not null
                          and i.status in ('FUNDED', 'PARTIALLY_PAID') and f.closed_on is null and f.charged_on is null
                          and not exists (select 1 from invoice_chargeback c where c.invoice_id = f.invoice_id)""")
                .query((rs, n) -> rs.getObject("funding_date", LocalDate.class)
                        .plusDays(rs.getInt("recourse_days") - 1L)
                        .isBefore(asOf))
                .list()
                .stream()
                .filter(due -> due)
                .count();
    }

    private Map<String, List<String>> sweptTwiceRolledBack(LocalDate asOf, Recourse.Path path, List<UUID> clients) {
        TransactionTemplate tx = new TransactionTemplate(transactions);
        return TestSupport.as(
                OFFICER,
                () -> tx.execute(status -> {
                    recourse.sweep(asOf, path, Recourse.MAX_PER_SWEEP);
                    List<Chargeback> second = recourse.sweep(asOf, path, Recourse.MAX_PER_SWEEP);
                    status.setRollbackOnly();
                    return Map.of(
                            "second",
                            second.stream()
                                    .filter(c -> clients.contains(c.clientId()))
                                    .map(c -> c.invoiceNumber())
                                    .toList());
                }));
    }

    /** Sweeps along one path, reads what it wrote for these clients (audit lines too), and rolls it all back. */
    private Map<String, List<String>> sweptRolledBack(LocalDate asOf, Recourse.Path path, List<UUID> clients) {
        TransactionTemplate tx = new TransactionTemplate(transactions);
        return TestSupport.as(
                OFFICER,
                () -> tx.execute(status -> {
                    long entriesBefore = jdbc.sql("select coalesce(max(entry_number), 0) from journal_entry")
                            .query(Long.class)
                            .single();
                    List<Chargeback> returned = recourse.sweep(asOf, path, Recourse.MAX_PER_SWEEP);
                    // the audit lines are written just before commit (appended to the chain, or staged for it when
                    // few): write them now, to read them (from either table) before rolling back
                    RolledBackRows.writeAuditLinesBeforeRollback();
                    assertThat(invariants.checkAsSystem().rules())
                            .allSatisfy(x -> assertThat(x.violations())
                                    .as(path + " " + x.name())
                                    .isEmpty());
                    Map<String, List<String>> rows = new LinkedHashMap<>();
                    rows.put(
                            "returned",
                            returned.stream()
                                    .filter(c -> clients.contains(c.clientId()))
                                    .map(c -> String.join(
                                            "|",
                                            c.invoiceNumber(),
                                            c.recourseDate().toString(),
                                            c.chargedOn().toString(),
                                            c.advanceUnrecovered().toString(),
                                            c.fee().toString(),
                                            c.amount().toString()))
                                    .toList());
                    rows.put(
                            "entries",
                            RolledBackRows.strings(jdbc.sql("""
                            select j.idempotency_key, j.reason_code, j.business_date, j.reference_type,
                                   j.reference_id, j.client_id, j.memo, j.fingerprint, j.posted_by, j.posted_at,
                                   j.reverses_entry_id
                            from journal_entry j where j.entry_number > :n and j.client_id in (:clients)
                            order by j.entry_number""")
                                    .param("n", entriesBefore)
                                    .param("clients", clients)
                                    .query()
                                    .listOfRows()));
                    rows.put(
                            "postings",
                            RolledBackRows.strings(jdbc.sql("""
                            select j.idempotency_key, l.line_no, a.code, a.client_id, l.side, l.amount, l.currency
                            from journal_entry j join ledger_posting l on l.entry_id = j.id
                            join ledger_account a on a.id = l.account_id
                            where j.entry_number > :n and j.client_id in (:clients)
                            order by j.entry_number, l.line_no""")
                                    .param("n", entriesBefore)
                                    .param("clients", clients)
                                    .query()
                                    .listOfRows()));
                    rows.put(
                            "chargebacks",
                            RolledBackRows.strings(jdbc.sql("""
                            select i.invoice_number, c.client_id, c.recourse_date, c.charged_on,
                                   c.advance_unrecovered, c.fee, c.amount, c.currency, j.idempotency_key,
                                   c.created_by, c.created_at
                            from invoice_chargeback c join invoice i on i.id = c.invoice_id
                            join journal_entry j on j.id = c.journal_entry_id
                            where c.client_id in (:clients) order by i.invoice_number""")
                                    .param("clients", clients)
                                    .query()
                                    .listOfRows()));
                    rows.put(
                            "statuses",
                            RolledBackRows.strings(jdbc.sql("""
                            select invoice_number, status, version, updated_at from invoice
                            where client_id in (:clients) order by invoice_number""")
                                    .param("clients", clients)
                                    .query()
                                    .listOfRows()));
                    rows.put(
                            "history",
                            RolledBackRows.strings(jdbc.sql("""
                            select i.invoice_number, h.from_status, h.to_status, h.occurred_at, h.actor, h.reason
                            from invoice_status_change h join invoice i on i.id = h.invoice_id
                            where i.client_id in (:clients)
                            order by i.invoice_number, h.occurred_at, h.from_status, h.to_status""")
                                    .param("clients", clients)
                                    .query()
                                    .listOfRows()));
                    rows.put(
                            "purchased book",
                            RolledBackRows.strings(jdbc.sql("""
                            select i.invoice_number, f.reduced_amount, f.closed_on, f.charged_on
                            from funded_invoice f join invoice i on i.id = f.invoice_id
                            where f.client_id in (:clients) order by i.invoice_number""")
                                    .param("clients", clients)
                                    .query()
                                    .listOfRows()));
                    rows.put(
                            "audit",
                            RolledBackRows.strings(jdbc.sql("""
                            select a.action, a.entity_type, i.invoice_number, a.client_id, a.actor, a.occurred_at,
                                   a.summary, a.before_json, a.after_json, a.reason
                            from """ + RolledBackRows.AUDIT_LINES + """
                             a join invoice i on i.id = a.entity_id
                            where a.client_id in (:clients) and a.occurred_at >= :at
                            order by i.invoice_number, a.action, a.summary""")
                                    .param("clients", clients)
                                    .param("at", java.time.OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
                                    .query()
                                    .listOfRows()));
                    status.setRollbackOnly();
                    return rows;
                }));
    }
}
