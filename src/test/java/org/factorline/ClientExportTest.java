package org.factorline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.factorline.clients.Client;
import org.factorline.debtors.Debtor;
import org.factorline.funding.Funding;
import org.factorline.funding.FundingRequest;
import org.factorline.funding.NewFundingRequest;
import org.factorline.identity.Actor;
import org.factorline.identity.Role;
import org.factorline.identity.UserAccounts;
import org.factorline.invoices.Invoice;
import org.factorline.invoices.Invoices;
import org.factorline.outreach.Planner;
import org.factorline.pricing.PayoutMethod;
import org.factorline.pricing.ReceiptKind;
import org.factorline.receipts.IncomingPayment;
import org.factorline.receipts.Payment;
import org.factorline.receipts.Receipts;
import org.factorline.settlement.Settlement;
import org.factorline.shared.Money;
import org.factorline.shared.MutableClock;
import org.factorline.support.FactorlineTest;
import org.factorline.support.SignedIn;
import org.factorline.support.TestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/**
 * A client's full export holds every record the factor keeps about that client, counted and hashed in its
 * manifest, and nothing of any other client: two clients get a book in every area (invoices, a document,
 * an eligibility override, funding, a payout, a payment, a short-pay deduction, a payment forwarded, a
 * settlement, outreach messages, digest settings, a webhook, people and tokens), and the bytes of A's export
 * are searched for B's names and ids.
 */
@FactorlineTest
class ClientExportTest {

    static final Actor OFFICER = TestSupport.staff(Role.FUNDING_OFFICER, Role.ADMIN);

    @Autowired
    MockMvc mvc;

    @Autowired
    TestSupport.Fixtures fixtures;

    @Autowired
    Invoices invoices;

    @Autowired
    Funding funding;

    @Autowired
    Receipts receipts;

    @Autowired
    Settlement settlement;

    @Autowired
    org.factorline.risk.Overrides overrides;

    @Autowired
    Planner planner;

    @Autowired
    UserAccounts users;

    @Autowired
    org.factorline.notifications.Notifications notifications;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MutableClock clock;

    @Autowired
    Clock appClock;

    @AfterEach
    void resetClock() {
        clock.set(TestSupport.START);
    }

    record Book(Client client, List<String> names, String apiToken, String webhookSecret) {}

    Book book(String tag) {
        clock.set(TestSupport.BUSINESS_HOURS);
        Client c = fixtures.activeClient();
        Debtor debtor = fixtures.debtor(TestSupport.unique("Customer Of " + tag));
        Invoice closed = fixtures.readyToFund(c, debtor, Money.usd("10000.00"));
        Invoice open = TestSupport.as(
                TestSupport.admin(),
                () -> invoices.submit(
                        new org.factorline.invoices.NewInvoice(
                                c.id(),
                                debtor.id(),
                                TestSupport.unique("OPEN" + tag),
                                null,
                                LocalDate.now(appClock).minusDays(1),
                                30,
                                null,
                                Money.usd("4321.09")),
                        org.factorline.invoices.ScheduleSource.MANUAL));
        TestSupport.as(
                TestSupport.admin(),
                () -> invoices.uploadDocument(
                        open.id(),
                        "bol-" + tag + ".pdf",
                        new ByteArrayInputStream(("%PDF-1.4\n% bill of lading " + tag + "\n%%EOF\n")
                                .getBytes(StandardCharsets.US_ASCII))));
        String payer = TestSupport.unique("Payer Of " + tag);
        UUID payment = TestSupport.as(OFFICER, () -> {
            FundingRequest r = funding.request(
                    new NewFundingRequest(c.id().value(), List.of(closed.id().value()), null, PayoutMethod.ACH));
            funding.approve(r.id());
            Payment p = receipts.record(
                    new IncomingPayment(
                            LocalDate.now(appClock),
                            Money.usd("9850.00"),
                            ReceiptKind.CHECK,
                            payer,
                            "987654321",
                            null,
                            null,
                            null,
                            "test"),
                    null);
            receipts.apply(p.id(), closed.id(), Money.usd("9850.00"));
            receipts.acceptShortPay(closed.id(), "Damaged pallet, credit note agreed with the client");
            Payment direct = receipts.record(
                    new IncomingPayment(
                            LocalDate.now(appClock),
                            Money.usd("100.00"),
                            ReceiptKind.CHECK,
                            payer,
                            null,
                            null,
                            null,
                            null,
                            "test"),
                    null);
            receipts.forwardToClient(direct.id(), c.id(), Money.usd("100.00"), "paid to us for the client");
            overrides.request(open.id(), org.factorline.risk.Policy.INVOICE_AGE, "old but good, checked by phone");
            settlement.run(PayoutMethod.ACH);
            return p.id();
        });
        planner.plan(List.of(debtor.id()));
        String hook = "http://127.0.0.1:9/" + TestSupport.unique("hook-" + tag);
        String secret = TestSupport.as(TestSupport.clientUser(c.id().value()), () -> {
            notifications.updateSettings(c.id().value(), true, true, false, true);
            var created = notifications.addEndpoint(c.id().value(), hook, List.of("invoice.status_changed"));
            notifications.testSend(c.id().value(), created.endpoint().id());
            return created.secret();
        });
        var user = fixtures.user(c.id().value(), Role.CLIENT_USER);
        var issued = TestSupport.as(TestSupport.admin(), () -> users.issueToken(user.id(), "books of " + tag));
        return new Book(
                c,
                List.of(
                        c.legalName(),
                        c.reference(),
                        c.id().toString(),
                        debtor.name(),
                        debtor.id().toString(),
                        closed.number(),
                        closed.id().toString(),
                        open.number(),
                        open.id().toString(),
                        payer,
                        payment.toString(),
                        user.username(),
                        user.id().toString(),
                        hook),
                issued.token(),
                secret);
    }

    byte[] export(UUID clientId, String token) throws Exception {
        var response = mvc.perform(
                        get("/api/v1/clients/" + clientId + "/export").header("Authorization", "Bearer " + token))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse();
        assertThat(response.getContentType()).isEqualTo("application/zip");
        assertThat(response.getHeader("Content-Disposition")).startsWith("attachment; filename=\"factorline-");
        return response.getContentAsByteArray();
    }

    static Map<String, byte[]> unzip(byte[] zip) throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), StandardCharsets.UTF_8)) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                in.transferTo(out);
                files.put(e.getName(), out.toByteArray());
            }
        }
        return files;
    }

    /** CSV records after the header, line breaks inside quoted cells not counted. */
    static long records(byte[] csv) {
        String s = new String(csv, StandardCharsets.UTF_8);
        boolean quoted = false;
        long lines = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '\n' && !quoted) {
                lines++;
            }
        }
        return lines - 1;
    }

    long count(String sql, UUID client) {
        return jdbc.sql(sql).param(client).query(Long.class).single();
    }

    @Test
    void theExportHoldsEveryRecordOfTheClientAndNothingOfAnother() throws Exception {
        Book a = book("A");
        Book b = book("B");
        UUID clientA = a.client().id().value();
        String admin = fixtures.token(null, Role.ADMIN);

        byte[] zip = export(clientA, admin);
        Map<String, byte[]> files = unzip(zip);
        String manifest = new String(files.get("manifest.json"), StandardCharsets.UTF_8);
        assertThat(JsonPath.<String>read(manifest, "$.clientId")).isEqualTo(clientA.toString());
        assertThat(JsonPath.<String>read(manifest, "$.generatedAt"))
                .isEqualTo(appClock.instant().toString());

        // every file is in the manifest with its record count and SHA-256, and nothing else is in the ZIP
        List<Map<String, Object>> listed = JsonPath.read(manifest, "$.files");
        assertThat(listed).hasSize(files.size() - 1);
        Map<String, Long> counted = new LinkedHashMap<>();
        for (Map<String, Object> f : listed) {
            String name = (String) f.get("name");
            byte[] content = files.get(name);
            assertThat(content).as(name).isNotNull();
            assertThat(f.get("sha256"))
                    .as(name)
                    .isEqualTo(HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
            assertThat(((Number) f.get("bytes")).longValue()).as(name).isEqualTo(content.length);
            long records = ((Number) f.get("records")).longValue();
            if (name.endsWith(".csv")) {
                assertThat(records(content)).as(name).isEqualTo(records);
            }
            counted.put(name, records);
        }

        // the counts agree with the tables, counted here independently
        Map<String, String> tables = new LinkedHashMap<>();
        tables.put("client.csv", "select count(*) from client where id = ?");
        tables.put("agreements.csv", "select count(*) from agreement where client_id = ?");
        tables.put("users.csv", "select count(*) from app_user where client_id = ?");
        tables.put(
                "api_tokens.csv",
                "select count(*) from api_token where user_id in (select id from app_user where client_id = ?)");
        tables.put("audit_lines.csv", "select count(*) from audit_event where client_id = ?");
        tables.put("client_debtors.csv", "select count(*) from client_debtor where client_id = ?");
        tables.put("invoices.csv", "select count(*) from invoice where client_id = ?");
        tables.put("schedules.csv", "select count(*) from schedule where client_id = ?");
        tables.put(
                "invoice_status_changes.csv",
                "select count(*) from invoice_status_change where invoice_id in (select id from invoice where client_id = ?)");
        tables.put(
                "invoice_documents.csv",
                "select count(*) from invoice_document where invoice_id in (select id from invoice where client_id = ?)");
        tables.put("funding_requests.csv", "select count(*) from funding_request where client_id = ?");
        tables.put(
                "funding_lines.csv",
                "select count(*) from funding_line where request_id in (select id from funding_request where client_id = ?)");
        tables.put("funded_invoices.csv", "select count(*) from funded_invoice where client_id = ?");
        tables.put("payouts.csv", "select count(*) from payout where client_id = ?");
        tables.put("payment_allocations.csv", "select count(*) from payment_allocation where client_id = ?");
        tables.put("payment_forwards.csv", "select count(*) from payment_forward where client_id = ?");
        tables.put(
                "eligibility_overrides.csv",
                "select count(*) from eligibility_override where invoice_id in (select id from invoice where client_id = ?)");
        tables.put("invoice_deductions.csv", "select count(*) from invoice_deduction where client_id = ?");
        tables.put("invoice_settlements.csv", "select count(*) from invoice_settlement where client_id = ?");
        tables.put("settlement_lines.csv", "select count(*) from settlement_line where client_id = ?");
        tables.put("ledger_accounts.csv", "select count(*) from ledger_account where client_id = ?");
        tables.put("journal_entries.csv", "select count(*) from journal_entry where client_id = ?");
        tables.put(
                "ledger_postings.csv",
                "select count(*) from ledger_posting where account_id in (select id from ledger_account where client_id = ?)");
        tables.put("outbox_messages.csv", "select count(*) from outreach_message where client_id = ?");
        tables.put("contact_log.csv", "select count(*) from contact_log where client_id = ?");
        tables.put("outreach_tasks.csv", "select count(*) from outreach_task where client_id = ?");
        tables.put("recourse_requests.csv", "select count(*) from recourse_request where client_id = ?");
        tables.put("webhook_endpoints.csv", "select count(*) from webhook_endpoint where client_id = ?");
        tables.put("webhook_deliveries.csv", "select count(*) from webhook_delivery where client_id = ?");
        tables.put("notification_settings.csv", "select count(*) from notification_settings where client_id = ?");
        for (var t : tables.entrySet()) {
            assertThat(counted.get(t.getKey())).as(t.getKey()).isEqualTo(count(t.getValue(), clientA));
        }
        // and the book reached every area
        for (String populated : List.of(
                "client.csv",
                "agreements.csv",
                "users.csv",
                "api_tokens.csv",
                "audit_lines.csv",
                "debtors.csv",
                "debtor_contacts.csv",
                "invoices.csv",
                "invoice_status_changes.csv",
                "invoice_documents.csv",
                "funding_requests.csv",
                "funding_lines.csv",
                "payouts.csv",
                "payments.csv",
                "payment_allocations.csv",
                "payment_forwards.csv",
                "eligibility_overrides.csv",
                "notification_settings.csv",
                "invoice_deductions.csv",
                "invoice_settlements.csv",
                "settlement_lines.csv",
                "ledger_postings.csv",
                "outbox_messages.csv",
                "webhook_endpoints.csv",
                "webhook_deliveries.csv")) {
            assertThat(counted.get(populated)).as(populated).isPositive();
        }
        assertThat(files.keySet()).anyMatch(n -> n.startsWith("documents/") && n.endsWith("-bol-A.pdf"));

        // A's own records are there; nothing of B is, anywhere in the bytes
        String all = new String(
                String.join(
                                "\n",
                                files.values().stream()
                                        .map(x -> new String(x, StandardCharsets.UTF_8))
                                        .toList())
                        .getBytes(StandardCharsets.UTF_8),
                StandardCharsets.UTF_8);
        for (String mine : a.names()) {
            assertThat(all).as("A's own " + mine).contains(mine);
        }
        for (String theirs : b.names()) {
            assertThat(all).as("B's " + theirs).doesNotContain(theirs);
        }
        // no secrets: password hashes, tokens, webhook secrets, whole account numbers
        assertThat(all)
                .doesNotContain("{bcrypt}")
                .doesNotContain(a.apiToken())
                .doesNotContain(a.webhookSecret())
                .doesNotContainPattern("whsec_[A-Za-z0-9_-]{8,}")
                .doesNotContain("000123456789")
                .doesNotContain("987654321")
                .contains("****6789")
                .contains("****4321");

        // the export is in the audit log: who, what, when
        assertThat(jdbc.sql("select count(*) from audit_event where client_id = ? and action = 'client.exported'")
                        .param(clientA)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void administratorsAndAuditorsExportOthersAndClientUsersNeverDo() throws Exception {
        Client a = fixtures.activeClient();
        Client b = fixtures.activeClient();
        export(a.id().value(), fixtures.token(null, Role.AUDITOR));
        mvc.perform(get("/api/v1/clients/" + a.id().value() + "/export")
                        .header("Authorization", "Bearer " + fixtures.token(null, Role.ACCOUNT_MANAGER)))
                .andExpect(status().isForbidden());
        // a client's own admin: refused for its own client, and the same answer for another's or none
        String clientAdmin = fixtures.token(a.id().value(), Role.CLIENT_ADMIN);
        for (UUID id : List.of(a.id().value(), b.id().value(), UUID.randomUUID())) {
            mvc.perform(get("/api/v1/clients/" + id + "/export").header("Authorization", "Bearer " + clientAdmin))
                    .andExpect(status().isForbidden());
            mvc.perform(get("/staff/clients/" + id + "/export")
                            .with(SignedIn.as(TestSupport.clientUser(a.id().value()))))
                    .andExpect(status().isForbidden());
        }
        // an unknown client is "not found" for those who may export
        mvc.perform(get("/api/v1/clients/" + UUID.randomUUID() + "/export")
                        .header("Authorization", "Bearer " + fixtures.token(null, Role.ADMIN)))
                .andExpect(status().isNotFound());
        // the staff page's button streams the same ZIP
        byte[] page = mvc.perform(
                        get("/staff/clients/" + a.id().value() + "/export").with(SignedIn.as(TestSupport.admin())))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsByteArray();
        assertThat(unzip(page)).containsKeys("manifest.json", "client.csv", "invoices.csv");
        String show = mvc.perform(get("/staff/clients/" + a.id().value()).with(SignedIn.as(TestSupport.admin())))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(show).contains("id=\"client-export\"");
        String asManager = mvc.perform(get("/staff/clients/" + a.id().value())
                        .with(SignedIn.as(TestSupport.staff(Role.ACCOUNT_MANAGER))))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(asManager).doesNotContain("client-export");
    }
}
