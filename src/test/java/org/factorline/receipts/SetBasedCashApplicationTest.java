package org.factorline.receipts;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.LocalDate;
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
import org.factorline.ledger.LedgerInvariants;
import org.factorline.pricing.PayoutMethod;
import org.factorline.pricing.ReceiptKind;
import org.factorline.shared.Money;
import org.factorline.shared.Rate;
import org.factorline.support.FactorlineTest;
import org.factorline.support.RolledBackRows;
import org.factorline.support.TestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The set-based cash application gives the outcomes of applying a file line by line: the same generated bank
 * file (exact pays, part payments and the rest later in the file, overpayments, unexplained part payments,
 * numbers without the debtor, two invoices in one line, misread numbers, unknown references, invoices paid
 * earlier in the file and before it) is imported once through each path, on the same book — each import in a
 * transaction rolled back after its rows were read — and every row that matters is compared. The close-outs
 * are compared down to their journal entries, postings, status changes and audit lines: rebates on the main
 * client's invoices, what the client owes where the fee exceeds the reserve (a second client advanced 98%),
 * and an invoice found closed out already, which both paths leave as it is.
 */
@FactorlineTest
class SetBasedCashApplicationTest {

    static final Actor OFFICER = new Actor(null, "cash-officer", "Officer", null, EnumSet.of(Role.FUNDING_OFFICER));

    @Autowired
    BankFileImports imports;

    @Autowired
    Receipts receipts;

    @Autowired
    org.factorline.receipts.internal.ReceiptRepository rows;

    @Autowired
    BulkCashApplication bulk;

    @Autowired
    org.factorline.identity.AuditLog audit;

    @Autowired
    Funding funding;

    @Autowired
    LedgerInvariants invariants;

    @Autowired
    TestSupport.Fixtures fixtures;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    Clock clock;

    @Test
    void aGeneratedFileGivesTheSameRowsThroughEitherPath() {
        Client client = fixtures.activeClient();
        List<Debtor> debtors = new ArrayList<>();
        for (int d = 0; d < 6; d++) {
            debtors.add(fixtures.debtor(TestSupport.unique("Harbor Foods " + (char) ('A' + d))));
        }
        List<Invoice> book = new ArrayList<>();
        java.util.Random random = new java.util.Random(7);
        for (int k = 0; k < 120; k++) {
            String face = BigDecimal.valueOf(1_000 + random.nextInt(200_000) / 100.0)
                    .setScale(2, RoundingMode.HALF_UP)
                    .toPlainString();
            book.add(fixtures.readyToFund(client, debtors.get(k % debtors.size()), Money.usd(face)));
        }
        // in requests small enough for one approval, each spread over every debtor (concentration)
        for (int g = 0; g < book.size(); g += 12) {
            List<Invoice> group = book.subList(g, g + 12);
            FundingRequest funded = TestSupport.as(OFFICER, () -> {
                FundingRequest r = funding.request(new NewFundingRequest(
                        client.id().value(),
                        group.stream().map(i -> i.id().value()).toList(),
                        null,
                        PayoutMethod.ACH));
                return funding.approve(r.id());
            });
            assertThat(funded.status().name()).isEqualTo("FUNDED");
        }
        // a client advanced 98%: the first tier's 2.5% fee exceeds its 2% reserve, and the client owes the rest
        AgreementTerms standard = TestSupport.standardTerms(LocalDate.now(clock).minusDays(30));
        Client tight = fixtures.activeClient(new AgreementTerms(
                standard.effectiveFrom(),
                standard.currency(),
                Rate.percent("98"),
                standard.fees(),
                standard.miscFees(),
                standard.recourse(),
                standard.recourseDays(),
                standard.facilityLimit(),
                standard.concentrationLimit(),
                standard.verification(),
                standard.notification()));
        List<Invoice> owing = new ArrayList<>();
        for (int d = 0; d < debtors.size(); d++) {
            owing.add(fixtures.readyToFund(tight, debtors.get(d), Money.usd(String.valueOf(2_000 + 10 * d) + ".00")));
        }
        FundingRequest tightFunded = TestSupport.as(
                OFFICER,
                () -> funding.approve(funding.request(new NewFundingRequest(
                                tight.id().value(),
                                owing.stream().map(i -> i.id().value()).toList(),
                                null,
                                PayoutMethod.ACH))
                        .id()));
        assertThat(tightFunded.status().name()).isEqualTo("FUNDED");
        // a few invoices paid before the file arrives
        for (int k = 0; k < 3; k++) {
            Invoice i = book.get(k * 8);
            TestSupport.as(
                    OFFICER,
                    () -> receipts.record(
                            new IncomingPayment(
                                    LocalDate.now(clock),
                                    i.faceAmount(),
                                    ReceiptKind.ELECTRONIC,
                                    null,
                                    null,
                                    null,
                                    null,
                                    name(debtors, i) + " INV " + i.number(),
                                    "before"),
                            null));
        }

        Bai2Writer file = new Bai2Writer(TestSupport.unique("F").replaceAll("[^A-Za-z0-9]", ""), LocalDate.now(clock));
        int line = 0;
        List<String> later = new ArrayList<>();
        for (int k = 0; k < book.size(); k++) {
            Invoice i = book.get(k);
            String who = name(debtors, i);
            BigDecimal face = i.faceAmount().amount();
            String ref = "L" + (line++);
            switch (k % 8) {
                case 0 -> file.credit(false, face, ref, "", who + " INV " + i.number());
                case 1 -> {
                    BigDecimal half = face.divide(BigDecimal.valueOf(2), 2, RoundingMode.DOWN);
                    file.credit(true, half, ref, "", who + " " + i.number() + " PARTIAL PMT");
                    later.add(who + " INV " + i.number() + "|"
                            + face.subtract(half).toPlainString());
                }
                case 2 ->
                    file.credit(
                            false,
                            face.multiply(new BigDecimal("1.03")).setScale(2, RoundingMode.HALF_UP),
                            ref,
                            "",
                            who + " INV " + i.number());
                case 3 -> file.credit(false, face.subtract(new BigDecimal("10.00")), ref, "", who + " " + i.number());
                case 4 -> file.credit(false, face, ref, i.number(), "PAYMENT");
                case 5 -> {
                    Invoice next = book.get(k + 1);
                    file.credit(
                            false,
                            face.add(next.faceAmount().amount()),
                            ref,
                            "",
                            who + " INV " + i.number() + " INV " + next.number());
                }
                case 6 -> {
                    // paid together with the one before; and an unknown reference
                    file.credit(false, new BigDecimal("123.45"), ref, "", "UNKNOWN REF ZX-" + k + "9911");
                }
                default ->
                    file.credit(false, face, ref, "", who + " INV " + i.number().replace('0', 'O'));
            }
        }
        for (String rest : later) {
            String[] parts = rest.split("\\|");
            file.credit(false, new BigDecimal(parts[1]), "L" + (line++), "", parts[0]);
        }
        for (Invoice i : owing) {
            file.credit(false, i.faceAmount().amount(), "L" + (line++), "", name(debtors, i) + " INV " + i.number());
        }
        // paid earlier in this file, and paid before it
        for (int k = 0; k < 24; k += 8) {
            Invoice i = book.get(k);
            file.credit(false, i.faceAmount().amount(), "L" + (line++), "", name(debtors, i) + " INV " + i.number());
        }
        byte[] content = file.bytes();

        // paid in full by the file, but found closed out already: neither path closes it out again
        Invoice closedAlready = book.get(24);
        List<UUID> clients = List.of(client.id().value(), tight.id().value());
        Map<String, List<String>> lineByLine =
                importRolledBack(content, BankFileImports.Path.LINE_BY_LINE, clients, closedAlready);
        Map<String, List<String>> setBased =
                importRolledBack(content, BankFileImports.Path.SET_BASED, clients, closedAlready);
        // a large file goes a part at a time; each part reads what the parts before it wrote (an invoice paid
        // earlier in the file, partly paid then paid in a later part), and the outcome is the same
        Map<String, List<String>> inParts = importRolledBack(
                content,
                BankFileImports.Path.SET_BASED,
                clients,
                closedAlready,
                new BankFileImports(rows, receipts, bulk, audit, invariants, clock, 1000, 7));

        assertThat(lineByLine.get("payments")).hasSize(line);
        assertThat(lineByLine.get("allocations")).hasSizeGreaterThan(40);
        assertThat(lineByLine.get("suggestions")).isNotEmpty();
        assertThat(lineByLine.get("close-outs")).hasSizeGreaterThan(20);
        assertThat(lineByLine.get("close-out entries").stream()
                        .filter(s ->
                                s.contains("|CLIENT_RECEIVABLE|" + tight.id().value() + "|D|")))
                .hasSize(owing.size());
        assertThat(lineByLine.get("close-out entries").stream()
                        .filter(s ->
                                s.contains("|REBATES_PAYABLE|" + client.id().value() + "|C|")))
                .hasSizeGreaterThan(20);
        assertThat(lineByLine.get("close-out entries").stream()
                        .filter(s -> s.startsWith("close-out:" + closedAlready.id())))
                .isEmpty();
        assertThat(lineByLine.get("close-outs").stream().filter(s -> s.startsWith(closedAlready.number() + "|")))
                .containsExactly(closedAlready.number() + "|" + client.id().value() + "|" + LocalDate.now(clock)
                        + "|" + LocalDate.now(clock) + "|"
                        + closedAlready
                                .faceAmount()
                                .amount()
                                .stripTrailingZeros()
                                .toPlainString() + "|0|0|0|0|0|0|USD|null|null");
        assertThat(lineByLine.get("statuses").stream().filter(s -> s.startsWith(closedAlready.number() + "|")))
                .singleElement()
                .asString()
                .contains("|PAID|");
        // one closed-out line per close-out the file made (each posts its entry), none for the one closed already
        assertThat(lineByLine.get("audit").stream().filter(s -> s.startsWith("invoice.closed_out|")))
                .hasSize((int) lineByLine.get("close-out entries").stream()
                        .map(s -> s.substring(0, s.indexOf('|')))
                        .distinct()
                        .count());
        assertThat(lineByLine.get("audit").stream()
                        .filter(s -> s.startsWith("invoice.status_changed|") && s.contains("PAID → CLOSED")))
                .hasSize(lineByLine.get("audit").stream()
                        .filter(s -> s.startsWith("invoice.closed_out|"))
                        .toList()
                        .size());
        assertThat(lineByLine.get("history").stream().filter(s -> s.contains("FUNDED|PARTIALLY_PAID")))
                .isNotEmpty();
        assertThat(lineByLine.get("history").stream().filter(s -> s.contains("PARTIALLY_PAID|PAID")))
                .isNotEmpty();
        assertThat(lineByLine.get("payments").stream().filter(s -> s.contains("|UNAPPLIED|")))
                .isNotEmpty();
        for (String table : lineByLine.keySet()) {
            assertThat(setBased.get(table)).as(table).containsExactlyElementsOf(lineByLine.get(table));
            assertThat(inParts.get(table))
                    .as(table + ", in parts of 7")
                    .containsExactlyElementsOf(lineByLine.get(table));
        }
    }

    /**
     * A large file from operations is counted, not listed: a million payments would not fit in memory beside
     * the file. They are all in the database under the file, as an upload's are.
     */
    @Test
    void aLargeFileCountsItsPaymentsWithoutListingThem() {
        Bai2Writer file = new Bai2Writer(TestSupport.unique("L").replaceAll("[^A-Za-z0-9]", ""), LocalDate.now(clock));
        for (int k = 0; k < 3; k++) {
            file.credit(false, new BigDecimal("10" + k + ".00"), "LARGE" + k, "", "NOBODY WE KNOW " + k);
        }
        byte[] content = file.bytes();
        TransactionTemplate tx = new TransactionTemplate(transactions);
        TestSupport.as(
                OFFICER,
                () -> tx.executeWithoutResult(status -> {
                    BankFileImport done = imports.importLargeFile("large.bai", content, null);
                    assertThat(done.payments()).isEqualTo(3);
                    assertThat(done.leftForReview()).isEqualTo(3);
                    assertThat(done.received()).isEmpty();
                    assertThat(jdbc.sql("select count(*) from payment where bank_file_id = ?")
                                    .param(done.id())
                                    .query(Long.class)
                                    .single())
                            .isEqualTo(3);
                    status.setRollbackOnly();
                }));
    }

    private static String name(List<Debtor> debtors, Invoice i) {
        return debtors.stream()
                .filter(d -> d.id().equals(i.debtorId()))
                .findFirst()
                .orElseThrow()
                .name()
                .toUpperCase(java.util.Locale.ROOT);
    }

    /**
     * Imports the file through one path, reads what it wrote, and rolls it all back. {@code closedAlready} is
     * given a close-out first (nothing fixed, nothing posted), as if it had been closed out before.
     */
    private Map<String, List<String>> importRolledBack(
            byte[] content, BankFileImports.Path path, List<UUID> clients, Invoice closedAlready) {
        return importRolledBack(content, path, clients, closedAlready, imports);
    }

    private Map<String, List<String>> importRolledBack(
            byte[] content,
            BankFileImports.Path path,
            List<UUID> clients,
            Invoice closedAlready,
            BankFileImports imports) {
        TransactionTemplate tx = new TransactionTemplate(transactions);
        return TestSupport.as(
                OFFICER,
                () -> tx.execute(status -> {
                    long entriesBefore = jdbc.sql("select coalesce(max(entry_number), 0) from journal_entry")
                            .query(Long.class)
                            .single();
                    LocalDate today = LocalDate.now(clock);
                    jdbc.sql("""
                            insert into invoice_settlement (invoice_id, client_id, closed_on, funding_date, face_amount,
                                advance_amount, collected, deductions, fee, days_charged, rebate, currency, created_at)
                            values (?, ?, ?, ?, ?, 0, 0, 0, 0, 0, 0, 'USD', ?)""")
                            .params(
                                    closedAlready.id().value(),
                                    closedAlready.clientId().value(),
                                    today,
                                    today,
                                    closedAlready.faceAmount().amount(),
                                    java.time.OffsetDateTime.now(clock))
                            .update();
                    java.util.Set<UUID> auditBefore = new java.util.HashSet<>(jdbc.sql(
                                    "select id from " + RolledBackRows.AUDIT_LINES + " a where client_id in (:clients)")
                            .param("clients", clients)
                            .query(UUID.class)
                            .list());
                    BankFileImport done = imports.importFile("day.bai", content, null, BankFileImports.MAX_BYTES, path);
                    assertThat(done.ledgerInvariantsHold())
                            .as("ledger invariants after the " + path + " import")
                            .isTrue();
                    assertThat(invariants.checkAsSystem().holds()).isTrue();
                    UUID file = done.id();
                    Map<String, List<String>> rows = new LinkedHashMap<>();
                    rows.put(
                            "payments",
                            RolledBackRows.strings(
                                    jdbc.sql("""
                            select p.bank_reference, p.amount, p.applied_amount, p.status, p.kind, p.payer_name,
                                   p.debtor_id, p.remittance, p.customer_reference, p.value_date, p.version
                            from payment p where p.bank_file_id = ? order by p.bank_reference""").param(file).query().listOfRows()));
                    rows.put(
                            "allocations",
                            RolledBackRows.strings(
                                    jdbc.sql("""
                            select p.bank_reference, i.invoice_number, a.amount, a.confidence, a.method, a.client_id,
                                   a.value_date, j.reason_code
                            from payment_allocation a join payment p on p.id = a.payment_id
                            join invoice i on i.id = a.invoice_id join journal_entry j on j.id = a.journal_entry_id
                            where p.bank_file_id = ? order by p.bank_reference, i.invoice_number""").param(file).query().listOfRows()));
                    rows.put(
                            "suggestions",
                            RolledBackRows.strings(
                                    jdbc.sql("""
                            select p.bank_reference, i.invoice_number, s.amount, s.confidence, s.reason
                            from payment_suggestion s join payment p on p.id = s.payment_id
                            join invoice i on i.id = s.invoice_id
                            where p.bank_file_id = ? order by p.bank_reference, i.invoice_number""").param(file).query().listOfRows()));
                    rows.put(
                            "postings",
                            RolledBackRows.strings(
                                    jdbc.sql("""
                            select j.reason_code, j.reference_type, a.code, a.client_id, l.side, l.line_no,
                                   count(*), sum(l.amount)
                            from journal_entry j join ledger_posting l on l.entry_id = j.id
                            join ledger_account a on a.id = l.account_id
                            where j.entry_number > ?
                            group by j.reason_code, j.reference_type, a.code, a.client_id, l.side, l.line_no
                            order by j.reason_code, j.reference_type, a.code, l.side, l.line_no""").param(entriesBefore).query().listOfRows()));
                    rows.put(
                            "entries",
                            RolledBackRows.strings(
                                    jdbc.sql("""
                            select j.reason_code, j.business_date, j.reference_type, j.client_id, count(*)
                            from journal_entry j where j.entry_number > ?
                            group by j.reason_code, j.business_date, j.reference_type, j.client_id
                            order by j.reason_code, j.business_date""").param(entriesBefore).query().listOfRows()));
                    rows.put(
                            "statuses",
                            RolledBackRows.strings(jdbc.sql("""
                            select invoice_number, status, version from invoice where client_id in (:clients)
                            order by invoice_number""")
                                    .param("clients", clients)
                                    .query()
                                    .listOfRows()));
                    rows.put(
                            "history",
                            RolledBackRows.strings(jdbc.sql("""
                            select i.invoice_number, h.from_status, h.to_status,
                                   regexp_replace(h.reason, 'R-[0-9]+-[0-9]+', 'R-*') as reason, h.actor
                            from invoice_status_change h join invoice i on i.id = h.invoice_id
                            where i.client_id in (:clients)
                            order by i.invoice_number, h.from_status, h.to_status, 4""")
                                    .param("clients", clients)
                                    .query()
                                    .listOfRows()));
                    rows.put(
                            "purchased book",
                            RolledBackRows.strings(jdbc.sql("""
                            select i.invoice_number, f.reduced_amount, f.closed_on, f.charged_on
                            from funded_invoice f join invoice i on i.id = f.invoice_id where f.client_id in (:clients)
                            order by i.invoice_number""")
                                    .param("clients", clients)
                                    .query()
                                    .listOfRows()));
                    rows.put(
                            "close-outs",
                            RolledBackRows.strings(jdbc.sql("""
                            select i.invoice_number, s.client_id, s.closed_on, s.funding_date, s.face_amount,
                                   s.advance_amount, s.collected, s.deductions, s.fee, s.days_charged, s.rebate,
                                   s.currency, s.settlement_run_id,
                                   (select j.idempotency_key from journal_entry j where j.id = s.journal_entry_id)
                            from invoice_settlement s join invoice i on i.id = s.invoice_id
                            where s.client_id in (:clients)
                            order by i.invoice_number""")
                                    .param("clients", clients)
                                    .query()
                                    .listOfRows()));
                    rows.put(
                            "close-out entries",
                            RolledBackRows.strings(
                                    jdbc.sql("""
                            select j.idempotency_key, j.reason_code, j.business_date, j.reference_type,
                                   j.reference_id, j.client_id, j.memo, j.fingerprint, j.posted_by, l.line_no,
                                   a.code, a.client_id as account_client, l.side, l.amount, l.currency
                            from journal_entry j join ledger_posting l on l.entry_id = j.id
                            join ledger_account a on a.id = l.account_id
                            where j.entry_number > ? and j.idempotency_key like 'close-out:%'
                            order by j.idempotency_key, l.line_no""").param(entriesBefore).query().listOfRows()));
                    // the audit lines wait for the commit: written now, to be read (and rolled back with the rest)
                    RolledBackRows.writeAuditLinesBeforeRollback();
                    rows.put(
                            "audit",
                            jdbc
                                    .sql("""
                            select id, action, entity_type,
                                   case when entity_type = 'invoice' then entity_id end as invoice_id, client_id,
                                   actor, regexp_replace(summary, 'R-[0-9]+-[0-9]+', 'R-*') as summary,
                                   regexp_replace(reason, 'R-[0-9]+-[0-9]+', 'R-*') as reason,
                                   case when action = 'invoice.closed_out' then after_json end as close_out
                            from """ + RolledBackRows.AUDIT_LINES + """
                             a where client_id in (:clients)""")
                                    .param("clients", clients)
                                    .query()
                                    .listOfRows()
                                    .stream()
                                    .filter(r -> !auditBefore.contains((UUID) r.get("id")))
                                    .map(r -> {
                                        Map<String, Object> line = new LinkedHashMap<>(r);
                                        line.remove("id");
                                        return line;
                                    })
                                    .map(r -> RolledBackRows.strings(List.of(r)).get(0))
                                    .sorted()
                                    .toList());
                    status.setRollbackOnly();
                    return rows;
                }));
    }
}
