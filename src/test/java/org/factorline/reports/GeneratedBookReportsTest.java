package org.factorline.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
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
import org.factorline.shared.Money;
import org.factorline.shared.MutableClock;
import org.factorline.support.FactorlineTest;
import org.factorline.support.TestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A generated book: two clients, five debtors, invoices bought on random days over a month, paid in parts on
 * random days with value dates up to two days back, some short-paid. Every five days, asked at the end about
 * that day, the aging (by client and by debtor, by each basis) equals purchased receivables in the trial
 * balance as of that day, client by client; the fees earned equal the fee income posted. The seed is logged;
 * set {@code -Dreports.seed=…} to replay one.
 */
@FactorlineTest
class GeneratedBookReportsTest {

    static final Logger LOG = LoggerFactory.getLogger(GeneratedBookReportsTest.class);
    static final Actor OFFICER =
            new Actor(null, "reports-gen-fiona", "Fiona", null, EnumSet.of(Role.FUNDING_OFFICER, Role.ADMIN));
    static final Actor AUDITOR = TestSupport.staff(Role.AUDITOR);
    static final LocalDate FIRST = LocalDate.of(2026, 3, 2);
    static final int DAYS = 31;

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

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @AfterEach
    void resetClock() {
        clock.set(TestSupport.START);
    }

    static final class Bought {
        final Invoice invoice;
        final LocalDate fundedOn;
        BigDecimal open;

        Bought(Invoice invoice, LocalDate fundedOn) {
            this.invoice = invoice;
            this.fundedOn = fundedOn;
            this.open = invoice.faceAmount().amount();
        }
    }

    @Test
    void agingAndFeesReconcileWithTheLedgerOnAGeneratedBook() {
        long seed = Long.getLong("reports.seed", System.nanoTime());
        LOG.info("generated book seed {} (replay with -Dreports.seed={})", seed, seed);
        Random random = new Random(seed);
        clock.set(FIRST.atTime(14, 0).toInstant(ZoneOffset.UTC));
        List<Client> clients = List.of(fixtures.activeClient(), fixtures.activeClient());
        List<Debtor> debtors = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            debtors.add(fixtures.debtor());
        }
        List<Bought> book = new ArrayList<>();
        for (int day = 0; day < DAYS; day++) {
            LocalDate today = FIRST.plusDays(day);
            clock.set(today.atTime(14, 0).toInstant(ZoneOffset.UTC));
            if (day < 20 && random.nextInt(3) > 0) {
                Client client = clients.get(random.nextInt(clients.size()));
                Invoice i = fixtures.readyToFund(
                        client,
                        debtors.get(random.nextInt(debtors.size())),
                        Money.usd((1000 + random.nextInt(50) * 100) + ".00"));
                TestSupport.as(OFFICER, () -> {
                    FundingRequest r = funding.request(new NewFundingRequest(
                            client.id().value(), List.of(i.id().value()), null, PayoutMethod.ACH));
                    funding.approve(r.id());
                });
                book.add(new Bought(i, today));
            }
            for (Bought b : book) {
                if (b.open.signum() == 0 || random.nextInt(6) != 0) {
                    continue;
                }
                BigDecimal amount = random.nextBoolean()
                        ? b.open
                        : b.open.multiply(BigDecimal.valueOf(20 + random.nextInt(60)))
                                .divide(BigDecimal.valueOf(100), 2, java.math.RoundingMode.DOWN);
                LocalDate back = today.minusDays(random.nextInt(3));
                LocalDate valueDate = back.isBefore(b.fundedOn) ? b.fundedOn : back;
                TestSupport.as(OFFICER, () -> {
                    Payment p = receipts.record(
                            new IncomingPayment(
                                    valueDate,
                                    Money.usd(amount.toPlainString()),
                                    ReceiptKind.ELECTRONIC,
                                    TestSupport.unique("Gen Payer"),
                                    null,
                                    null,
                                    null,
                                    null,
                                    "test"),
                            null);
                    receipts.apply(p.id(), b.invoice.id(), Money.usd(amount.toPlainString()));
                });
                b.open = b.open.subtract(amount);
                if (b.open.signum() > 0 && random.nextInt(4) == 0) {
                    TestSupport.as(OFFICER, () -> {
                        receipts.acceptShortPay(b.invoice.id(), "Pricing difference agreed with the client");
                    });
                    b.open = BigDecimal.ZERO;
                }
            }
        }
        assertThat(book).as("invoices bought").isNotEmpty();
        for (Bought b : book) {
            // the purchased book's running total is what the reduction records add up to, and so the open amount
            BigDecimal reduced = jdbc.sql("select reduced_amount from funded_invoice where invoice_id = ?")
                    .param(b.invoice.id().value())
                    .query(BigDecimal.class)
                    .single();
            BigDecimal recorded = jdbc.sql("""
                            select coalesce((select sum(amount) from payment_allocation where invoice_id = :i), 0)
                                 + coalesce((select sum(amount) from invoice_deduction where invoice_id = :i), 0)
                                 + coalesce((select sum(amount) from misdirected_payment where invoice_id = :i), 0)""")
                    .param("i", b.invoice.id().value())
                    .query(BigDecimal.class)
                    .single();
            assertThat(reduced)
                    .as("seed %d: reductions of %s", seed, b.invoice.number())
                    .isEqualByComparingTo(recorded);
            assertThat(b.invoice.faceAmount().amount().subtract(reduced))
                    .as("seed %d: open on %s", seed, b.invoice.number())
                    .isEqualByComparingTo(b.open);
        }

        for (LocalDate asOf = FIRST.minusDays(1); !asOf.isAfter(FIRST.plusDays(DAYS)); asOf = asOf.plusDays(5)) {
            String date = asOf.toString();
            TrialBalance tb = TestSupport.as(AUDITOR, () -> ledger.trialBalance(LocalDate.parse(date)));
            for (Client c : clients) {
                String id = c.id().toString();
                Money expected = tb.rows().stream()
                        .filter(r -> r.account() == AccountCode.PURCHASED_RECEIVABLES
                                && c.id().value().equals(r.clientId()))
                        .map(TrialBalance.Row::balance)
                        .reduce(Money.zero(Money.USD), Money::plus);
                // the invoices counted and their face, from the reduction records themselves: each invoice in the
                // book on that day whose face less the reductions dated on or before it is above zero
                Map<String, Object> counted = jdbc.sql("""
                                select count(*) as n, coalesce(sum(o.face_amount), 0) as face from (
                                  select f.face_amount, f.face_amount
                                    - coalesce((select sum(a.amount) from payment_allocation a
                                                where a.invoice_id = f.invoice_id and a.value_date <= :asOf), 0)
                                    - coalesce((select sum(d.amount) from invoice_deduction d
                                                where d.invoice_id = f.invoice_id and d.business_date <= :asOf), 0)
                                    - coalesce((select sum(m.amount) from misdirected_payment m
                                                where m.invoice_id = f.invoice_id and m.paid_on <= :asOf), 0) as open
                                  from funded_invoice f
                                  where f.client_id = :client and f.funding_date <= :asOf
                                    and (f.closed_on is null or f.closed_on > :asOf)
                                    and (f.charged_on is null or f.charged_on > :asOf)) o
                                where o.open > 0""")
                        .param("client", c.id().value())
                        .param("asOf", LocalDate.parse(date))
                        .query()
                        .singleRow();
                for (String basis : List.of("DUE", "INVOICE", "PURCHASE")) {
                    for (String groupBy : List.of("CLIENT", "DEBTOR")) {
                        ReportTable t = run(
                                "aging",
                                Map.of(
                                        "asOf",
                                        date,
                                        "clientId",
                                        id,
                                        "basis",
                                        basis,
                                        "groupBy",
                                        groupBy,
                                        "buckets",
                                        "7,14,21"));
                        assertThat(t.totals().get("open_balance"))
                                .as(
                                        "seed %d: aging of %s as of %s by %s, %s",
                                        seed, c.reference(), date, basis, groupBy)
                                .isEqualTo(expected);
                        assertThat(((Number) t.totals().get("invoices")).longValue())
                                .as(
                                        "seed %d: invoices open on %s as of %s by %s, %s",
                                        seed, c.reference(), date, basis, groupBy)
                                .isEqualTo(((Number) counted.get("n")).longValue());
                        assertThat(t.totals().get("open_face"))
                                .as("seed %d: their face", seed)
                                .isEqualTo(Money.usd(((BigDecimal) counted.get("face")).toPlainString()));
                        Money buckets = Money.zero(Money.USD);
                        for (int k = 0; k < t.columns().size() - 4; k++) {
                            buckets = buckets.plus((Money) t.totals().get("bucket_" + k));
                        }
                        assertThat(buckets).as("seed %d: buckets add up", seed).isEqualTo(expected);
                    }
                }
            }
        }

        LocalDate to = FIRST.plusDays(DAYS);
        for (Client c : clients) {
            ReportTable fees =
                    run("fees", Map.of("from", FIRST.toString(), "to", to.toString(), "clientId", c.id().toString()));
            Money income = feeIncome(c.id().value(), FIRST, to);
            Object earned = fees.rows().isEmpty()
                    ? Money.zero(Money.USD)
                    : fees.rows().get(0).get("fees");
            assertThat(earned).as("seed %d: fees of %s", seed, c.reference()).isEqualTo(income);
        }
    }

    ReportTable run(String name, Map<String, String> params) {
        return TestSupport.as(AUDITOR, () -> reports.run(name, params));
    }

    Money feeIncome(UUID client, LocalDate from, LocalDate to) {
        Map<String, Money> sum = new HashMap<>();
        sum.put("income", Money.zero(Money.USD));
        String cursor = null;
        do {
            String c = cursor;
            CursorPage<JournalEntry> page =
                    TestSupport.as(AUDITOR, () -> ledger.entries(client, null, null, CursorPage.Request.of(c, 100)));
            for (JournalEntry e : page.items()) {
                if (e.businessDate().isBefore(from) || e.businessDate().isAfter(to)) {
                    continue;
                }
                for (JournalLine l : e.lines()) {
                    if (l.account() == AccountCode.FUNDING_FEE_INCOME
                            || l.account() == AccountCode.DISCOUNT_FEE_INCOME) {
                        sum.merge(
                                "income",
                                l.side() == Side.CREDIT
                                        ? l.amount()
                                        : l.amount().negate(),
                                Money::plus);
                    }
                }
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        return sum.get("income");
    }
}
