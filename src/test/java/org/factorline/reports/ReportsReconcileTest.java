package org.factorline.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.factorline.clients.Client;
import org.factorline.debtors.Debtor;
import org.factorline.funding.Funding;
import org.factorline.funding.FundingRequest;
import org.factorline.funding.NewFundingRequest;
import org.factorline.identity.Actor;
import org.factorline.identity.Role;
import org.factorline.invoices.Invoice;
import org.factorline.ledger.AccountCode;
import org.factorline.ledger.JournalEntry;
import org.factorline.ledger.JournalLine;
import org.factorline.ledger.Ledger;
import org.factorline.ledger.Side;
import org.factorline.ledger.TrialBalance;
import org.factorline.pricing.PayoutMethod;
import org.factorline.pricing.ReceiptKind;
import org.factorline.receipts.IncomingPayment;
import org.factorline.receipts.Payment;
import org.factorline.receipts.Receipts;
import org.factorline.shared.CursorPage;
import org.factorline.shared.FactorlineException;
import org.factorline.shared.Money;
import org.factorline.shared.MutableClock;
import org.factorline.support.FactorlineTest;
import org.factorline.support.TestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The reports on a small book of our own, bought on 2 March and collected over the weeks after, and every
 * total held against the ledger: aging against purchased receivables as of the same date (before and after
 * later payments), funds employed against the funding module's availability, fees against the fee income
 * posted, and the accounting export against the trial balance's movement.
 */
@FactorlineTest
class ReportsReconcileTest {

    static final Actor OFFICER =
            new Actor(null, "reports-fiona", "Fiona", null, EnumSet.of(Role.FUNDING_OFFICER, Role.ADMIN));
    static final Actor AUDITOR = TestSupport.staff(Role.AUDITOR);

    @Autowired
    TestSupport.Fixtures fixtures;

    @Autowired
    Funding funding;

    @Autowired
    Receipts receipts;

    @Autowired
    Ledger ledger;

    @Autowired
    Reports reports;

    @Autowired
    MutableClock clock;

    @AfterEach
    void resetClock() {
        clock.set(TestSupport.START);
    }

    record BookOfOurOwn(Client client, Debtor big, Debtor small, Invoice i1, Invoice i2, Invoice i3) {}

    LocalDate today() {
        return LocalDate.now(clock);
    }

    void moveTo(LocalDate day) {
        clock.set(day.atTime(14, 0).toInstant(java.time.ZoneOffset.UTC));
    }

    void pay(Invoice invoice, String amount) {
        TestSupport.as(OFFICER, () -> {
            Payment p = receipts.record(
                    new IncomingPayment(
                            today(),
                            Money.usd(amount),
                            ReceiptKind.ELECTRONIC,
                            TestSupport.unique("Reports Payer"),
                            null,
                            null,
                            null,
                            null,
                            "test"),
                    null);
            receipts.apply(p.id(), invoice.id(), Money.usd(amount));
        });
    }

    /**
     * Bought 2 March: I1 $10,000 and I2 $5,000 on the big debtor, I3 $4,000 on the small one (issued 27 Feb,
     * due 29 Mar, 80% advanced). 20 Mar: $6,000 paid on I1. 10 Apr: I2 paid in full; I3 paid $3,000 and the
     * last $1,000 accepted as a short pay — both closed out. 30 Apr: only I1's $4,000 is open.
     */
    BookOfOurOwn book() {
        moveTo(LocalDate.of(2026, 3, 2));
        Client client = fixtures.activeClient();
        Debtor big = fixtures.debtor();
        Debtor small = fixtures.debtor();
        Invoice i1 = fixtures.readyToFund(client, big, Money.usd("10000.00"));
        Invoice i2 = fixtures.readyToFund(client, big, Money.usd("5000.00"));
        Invoice i3 = fixtures.readyToFund(client, small, Money.usd("4000.00"));
        TestSupport.as(OFFICER, () -> {
            FundingRequest r = funding.request(new NewFundingRequest(
                    client.id().value(),
                    List.of(i1.id().value(), i2.id().value(), i3.id().value()),
                    null,
                    PayoutMethod.ACH));
            funding.approve(r.id());
        });
        moveTo(LocalDate.of(2026, 3, 20));
        pay(i1, "6000.00");
        moveTo(LocalDate.of(2026, 4, 10));
        pay(i2, "5000.00");
        pay(i3, "3000.00");
        TestSupport.as(OFFICER, () -> {
            receipts.acceptShortPay(i3.id(), "Returned goods, credit note agreed");
        });
        moveTo(LocalDate.of(2026, 4, 30));
        return new BookOfOurOwn(client, big, small, i1, i2, i3);
    }

    ReportTable run(String name, Map<String, String> params) {
        return TestSupport.as(AUDITOR, () -> reports.run(name, params));
    }

    Money purchasedReceivables(UUID client, LocalDate asOf) {
        TrialBalance tb = TestSupport.as(AUDITOR, () -> ledger.trialBalance(asOf));
        return tb.rows().stream()
                .filter(r -> r.account() == AccountCode.PURCHASED_RECEIVABLES && client.equals(r.clientId()))
                .map(TrialBalance.Row::balance)
                .reduce(Money.zero(Money.USD), Money::plus);
    }

    @Test
    void agingAsOfAnyDateEqualsPurchasedReceivablesAndIgnoresLaterPayments() {
        BookOfOurOwn b = book();
        String client = b.client().id().toString();
        LocalDate march25 = LocalDate.of(2026, 3, 25);

        // asked on 30 April about 25 March: the April payments and the short pay do not count yet
        ReportTable then = run("aging", Map.of("asOf", march25.toString(), "clientId", client));
        assertThat(then.rows()).hasSize(1);
        assertThat(then.rows().get(0).get("open_balance")).isEqualTo(Money.usd("13000.00"));
        assertThat(then.rows().get(0).get("open_face")).isEqualTo(Money.usd("19000.00"));
        assertThat(then.rows().get(0).get("invoices")).isEqualTo(3L);
        assertThat(then.totals().get("open_balance"))
                .isEqualTo(purchasedReceivables(b.client().id().value(), march25));
        // due 29 March: all three are current on the 25th
        assertThat(then.rows().get(0).get("bucket_0")).isEqualTo(Money.usd("13000.00"));
        assertThat(then.columns().stream().map(ReportTable.Column::label))
                .containsExactly(
                        "Client",
                        "Invoices",
                        "Open face",
                        "Current",
                        "1–30",
                        "31–60",
                        "61–90",
                        "Over 90",
                        "Open balance");

        // before anything was paid, and before anything was bought
        assertThat(run("aging", Map.of("asOf", "2026-03-19", "clientId", client))
                        .totals()
                        .get("open_balance"))
                .isEqualTo(Money.usd("19000.00"))
                .isEqualTo(purchasedReceivables(b.client().id().value(), LocalDate.of(2026, 3, 19)));
        assertThat(run("aging", Map.of("asOf", "2026-03-01", "clientId", client))
                        .rows())
                .isEmpty();

        // 30 April: only I1's $4,000, 32 days past due; by debtor it is the big debtor's
        ReportTable now = run("aging", Map.of("clientId", client, "buckets", "30,60,90"));
        assertThat(now.totals().get("open_balance"))
                .isEqualTo(Money.usd("4000.00"))
                .isEqualTo(purchasedReceivables(b.client().id().value(), today()));
        assertThat(now.rows().get(0).get("bucket_2")).isEqualTo(Money.usd("4000.00"));

        ReportTable byDebtor =
                run("aging", Map.of("asOf", march25.toString(), "clientId", client, "groupBy", "debtor"));
        Map<String, Object> open = new HashMap<>();
        byDebtor.rows().forEach(r -> open.put((String) r.get("debtor"), r.get("open_balance")));
        assertThat(open)
                .containsEntry(b.big().reference() + " " + b.big().name(), Money.usd("9000.00"))
                .containsEntry(b.small().reference() + " " + b.small().name(), Money.usd("4000.00"));

        // by invoice date (27 Feb: 26 days old on the 25th) and by purchase date, with other buckets
        ReportTable byInvoice = run(
                "aging",
                Map.of("asOf", march25.toString(), "clientId", client, "basis", "invoice", "buckets", "15,45"));
        assertThat(byInvoice.columns().stream().map(ReportTable.Column::label))
                .containsExactly("Client", "Invoices", "Open face", "0–15", "16–45", "Over 45", "Open balance");
        assertThat(byInvoice.rows().get(0).get("bucket_1")).isEqualTo(Money.usd("13000.00"));
        ReportTable byPurchase = run(
                "aging",
                Map.of("asOf", march25.toString(), "clientId", client, "basis", "purchase", "buckets", "15,45"));
        assertThat(byPurchase.rows().get(0).get("bucket_1")).isEqualTo(Money.usd("13000.00"));
        assertThat(run(
                                "aging",
                                Map.of(
                                        "asOf",
                                        "2026-03-16",
                                        "clientId",
                                        client,
                                        "basis",
                                        "purchase",
                                        "buckets",
                                        "15,45"))
                        .rows()
                        .get(0)
                        .get("bucket_0"))
                .isEqualTo(Money.usd("19000.00"));
    }

    @Test
    void concentrationFlagsDebtorsAboveTheAgreementsLimit() {
        BookOfOurOwn b = book();
        ReportTable t = run(
                "concentration",
                Map.of("asOf", "2026-03-25", "clientId", b.client().id().toString()));
        assertThat(t.rows()).hasSize(2);
        Map<String, Object> first = t.rows().get(0);
        assertThat(first.get("debtor"))
                .isEqualTo(b.big().reference() + " " + b.big().name());
        assertThat(first.get("open_balance")).isEqualTo(Money.usd("9000.00"));
        assertThat(first.get("share_of_client")).isEqualTo(new BigDecimal("69.23"));
        assertThat(first.get("limit"))
                .isEqualTo(new BigDecimal("25").setScale(((BigDecimal) first.get("limit")).scale()));
        assertThat(first.get("over_limit")).isEqualTo("OVER");
        assertThat(t.rows().get(1).get("share_of_client")).isEqualTo(new BigDecimal("30.77"));
        assertThat(t.totals().get("open_balance"))
                .isEqualTo(purchasedReceivables(b.client().id().value(), LocalDate.of(2026, 3, 25)));
    }

    @Test
    void fundsEmployedTodayIsTheFundingModulesAvailabilityAndDatedBackItCountsWhatWasOutThen() {
        BookOfOurOwn b = book();
        ReportTable now =
                run("funds-employed", Map.of("clientId", b.client().id().toString()));
        Funding.Availability availability = TestSupport.as(
                OFFICER, () -> funding.availability(b.client().id()).orElseThrow());
        Map<String, Object> row = now.rows().get(0);
        assertThat(row.get("funds_employed")).isEqualTo(availability.employed()).isEqualTo(Money.usd("8000.00"));
        assertThat(row.get("facility_limit")).isEqualTo(availability.facilityLimit());
        assertThat(row.get("available")).isEqualTo(availability.available());

        ReportTable march = run(
                "funds-employed",
                Map.of("asOf", "2026-03-25", "clientId", b.client().id().toString()));
        assertThat(march.rows().get(0).get("funds_employed")).isEqualTo(Money.usd("15200.00"));
    }

    @Test
    void feesEarnedEqualTheFeeIncomePostedAndTheYieldFollowsTheFormula() {
        BookOfOurOwn b = book();
        LocalDate from = LocalDate.of(2026, 3, 1);
        LocalDate to = LocalDate.of(2026, 4, 30);
        ReportTable t = run(
                "fees",
                Map.of(
                        "from",
                        from.toString(),
                        "to",
                        to.toString(),
                        "clientId",
                        b.client().id().toString()));
        assertThat(t.rows()).hasSize(1);
        Map<String, Object> row = t.rows().get(0);

        Money income = Money.zero(Money.USD);
        Money discount = Money.zero(Money.USD);
        for (JournalEntry e : entriesOf(b.client().id().value())) {
            if (e.businessDate().isBefore(from) || e.businessDate().isAfter(to)) {
                continue;
            }
            for (JournalLine l : e.lines()) {
                if (l.account() == AccountCode.FUNDING_FEE_INCOME || l.account() == AccountCode.DISCOUNT_FEE_INCOME) {
                    Money signed =
                            l.side() == Side.CREDIT ? l.amount() : l.amount().negate();
                    income = income.plus(signed);
                    if (l.account() == AccountCode.DISCOUNT_FEE_INCOME) {
                        discount = discount.plus(signed);
                    }
                }
            }
        }
        assertThat(discount.isPositive()).isTrue();
        assertThat(row.get("fees")).isEqualTo(income);
        assertThat(row.get("discount_fees")).isEqualTo(discount);

        // I1 $8,000 for 60 days (2 Mar – 30 Apr), I2 $4,000 and I3 $3,200 for 39 days (closed out 10 Apr)
        BigDecimal advanceDays = new BigDecimal("760800");
        assertThat(row.get("average_employed"))
                .isEqualTo(Money.usd(advanceDays
                        .divide(BigDecimal.valueOf(61), 2, RoundingMode.HALF_UP)
                        .toPlainString()));
        assertThat(row.get("annualized_yield"))
                .isEqualTo(income.amount()
                        .multiply(BigDecimal.valueOf(36500))
                        .divide(advanceDays, 2, RoundingMode.HALF_UP));

        // nothing earned in a period before the purchase
        assertThat(run(
                                "fees",
                                Map.of(
                                        "from",
                                        "2026-02-01",
                                        "to",
                                        "2026-02-28",
                                        "clientId",
                                        b.client().id().toString()))
                        .rows()
                        .stream()
                        .map(r -> r.get("fees"))
                        .toList())
                .allMatch(f -> ((Money) f).isZero());
    }

    private List<JournalEntry> entriesOf(UUID client) {
        List<JournalEntry> all = new ArrayList<>();
        String cursor = null;
        do {
            String c = cursor;
            CursorPage<JournalEntry> page =
                    TestSupport.as(AUDITOR, () -> ledger.entries(client, null, null, CursorPage.Request.of(c, 100)));
            all.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null);
        return all;
    }

    @Test
    void theJournalExportBalancesAndEqualsTheTrialBalancesMovement() throws Exception {
        BookOfOurOwn b = book();
        LocalDate from = LocalDate.of(2026, 3, 1);
        LocalDate to = LocalDate.of(2026, 4, 30);
        Map<String, String> period = Map.of("from", from.toString(), "to", to.toString());
        // a memo with every character the database's text formats escape, and the CSV's own
        String memo = "Capital, \"second\" call\tfrom C:\\owners\\ledger\nline two\\N";
        TestSupport.as(
                TestSupport.admin(),
                () -> ledger.postManual(new org.factorline.ledger.NewEntry(
                        TestSupport.unique("journal-memo"),
                        org.factorline.ledger.ReasonCode.CAPITAL_CONTRIBUTED,
                        LocalDate.of(2026, 3, 10),
                        null,
                        null,
                        null,
                        memo,
                        List.of(
                                org.factorline.ledger.JournalLine.debit(AccountCode.CASH, Money.usd("10.00")),
                                org.factorline.ledger.JournalLine.credit(AccountCode.CAPITAL, Money.usd("10.00"))))));
        ReportTable t = run("journal", period);
        assertThat(t.totals().get("debit")).isEqualTo(t.totals().get("credit"));

        TrialBalance before = TestSupport.as(AUDITOR, () -> ledger.trialBalance(from.minusDays(1)));
        TrialBalance after = TestSupport.as(AUDITOR, () -> ledger.trialBalance(to));
        Map<String, Money[]> movement = new HashMap<>();
        for (TrialBalance.Row r : after.rows()) {
            if (r.debits().currency().equals(Money.USD)) {
                Money[] m = movement.computeIfAbsent(
                        r.account().number(), k -> new Money[] {Money.zero(Money.USD), Money.zero(Money.USD)});
                m[0] = m[0].plus(r.debits());
                m[1] = m[1].plus(r.credits());
            }
        }
        for (TrialBalance.Row r : before.rows()) {
            if (r.debits().currency().equals(Money.USD)) {
                Money[] m = movement.get(r.account().number());
                m[0] = m[0].minus(r.debits());
                m[1] = m[1].minus(r.credits());
            }
        }
        movement.values().removeIf(m -> m[0].isZero() && m[1].isZero());
        assertThat(t.rows()).hasSize(movement.size());
        for (Map<String, Object> row : t.rows()) {
            Money[] m = movement.get((String) row.get("factorline_account"));
            assertThat(row.get("debit"))
                    .as("debits of " + row.get("factorline_account"))
                    .isEqualTo(m[0]);
            assertThat(row.get("credit"))
                    .as("credits of " + row.get("factorline_account"))
                    .isEqualTo(m[1]);
        }

        // the CSV: one line per posting, debits equal credits and equal the table's totals
        String csv = TestSupport.as(AUDITOR, () -> reports.csv("journal", period));
        List<String> lines = records(csv);
        assertThat(lines.get(0))
                .isEqualTo("account_code,account_name,sub_account,date,debit,credit,entry_reference,memo");
        BigDecimal debits = BigDecimal.ZERO;
        BigDecimal credits = BigDecimal.ZERO;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = parse(line);
            debits = debits.add(f[4].isEmpty() ? BigDecimal.ZERO : new BigDecimal(f[4]));
            credits = credits.add(f[5].isEmpty() ? BigDecimal.ZERO : new BigDecimal(f[5]));
            assertThat(LocalDate.parse(f[3])).isBetween(from, to);
        }
        assertThat(debits).isEqualByComparingTo(credits);
        assertThat(Money.usd(debits.toPlainString())).isEqualTo(t.totals().get("debit"));
        assertThat(csv).contains("1100,Purchased receivables," + b.client().reference() + ",2026-03-20,,6000.00,JE-");
        assertThat(csv).contains(",2026-03-10,10.00,,JE-").contains(",\"" + memo.replace("\"", "\"\"") + "\"\r\n");
    }

    /** The CSV's records: lines ended by CRLF outside quotes (a quoted field may hold a line break). */
    static List<String> records(String csv) {
        List<String> out = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < csv.length(); i++) {
            char c = csv.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '\r' && i + 1 < csv.length() && csv.charAt(i + 1) == '\n') {
                out.add(csv.substring(start, i));
                start = i + 2;
                i++;
            }
        }
        if (start < csv.length()) {
            out.add(csv.substring(start));
        }
        return out;
    }

    /** Splits one CSV line, quotes and doubled quotes included. */
    static String[] parse(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    f.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    f.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(f.toString());
                f.setLength(0);
            } else {
                f.append(c);
            }
        }
        out.add(f.toString());
        return out.toArray(String[]::new);
    }

    @Test
    void badFiltersAreRefusedNamingTheFieldAndClientUsersAreRefused() {
        assertThatThrownBy(() -> run("aging", Map.of("buckets", "30,20")))
                .isInstanceOf(FactorlineException.class)
                .satisfies(e -> assertThat(
                                ((FactorlineException) e).problems().get(0).field())
                        .isEqualTo("buckets"));
        assertThatThrownBy(() -> run("aging", Map.of("asOf", "yesterday")))
                .isInstanceOf(FactorlineException.class)
                .hasMessageContaining("asOf");
        assertThatThrownBy(() -> run("fees", Map.of("from", "2026-04-01", "to", "2026-03-01")))
                .isInstanceOf(FactorlineException.class);
        assertThatThrownBy(() -> run("nonsense", Map.of())).isInstanceOf(FactorlineException.class);
        Client client = fixtures.activeClient();
        assertThatThrownBy(() -> TestSupport.as(
                        TestSupport.clientUser(client.id().value()), () -> reports.run("aging", Map.of())))
                .isInstanceOf(org.springframework.security.access.AccessDeniedException.class);
    }

    @Test
    void aReportMemorySettingThatIsNoSizeIsRefusedAtStartNamingTheSetting() {
        assertThatThrownBy(() -> new org.factorline.reports.internal.SortMemory(null, null, "lots"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("factorline.reports.work-mem")
                .hasMessageContaining("'lots'");
        assertThatThrownBy(() -> new org.factorline.reports.internal.SortMemory(null, null, "32MB; reset all"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
