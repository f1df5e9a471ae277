package org.factorline.funding;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.factorline.clients.Client;
import org.factorline.debtors.Debtor;
import org.factorline.debtors.Debtors;
import org.factorline.identity.Actor;
import org.factorline.identity.Role;
import org.factorline.invoices.Invoice;
import org.factorline.invoices.Invoices;
import org.factorline.ledger.AccountCode;
import org.factorline.ledger.InvariantReport;
import org.factorline.ledger.JournalEntry;
import org.factorline.ledger.JournalLine;
import org.factorline.ledger.Ledger;
import org.factorline.ledger.LedgerInvariants;
import org.factorline.ledger.NewEntry;
import org.factorline.ledger.ReasonCode;
import org.factorline.payouts.PayoutFile;
import org.factorline.payouts.Payouts;
import org.factorline.pricing.PayoutMethod;
import org.factorline.shared.Money;
import org.factorline.support.FactorlineTest;
import org.factorline.support.TestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A seeded random walk over the money engine — purchases through real funding requests, cancelled
 * requests, payouts released and sent, credits to clients and their reversals — checked after every step
 * against a tiny independent model of each client's accounts, with the ledger invariants checked along
 * the way. The seed is printed; rerun one with {@code -Dfactorline.seed=N} (and
 * {@code -Dfactorline.steps=N} for a longer walk).
 */
@FactorlineTest
class SeededBooksTest {

    static final int DEFAULT_STEPS = 3_000;

    @Autowired
    Funding funding;

    @Autowired
    Invoices invoices;

    @Autowired
    Debtors debtors;

    @Autowired
    Ledger ledger;

    @Autowired
    LedgerInvariants invariants;

    @Autowired
    Payouts payouts;

    @Autowired
    TestSupport.Fixtures fixtures;

    @Autowired
    Clock clock;

    static final Actor OFFICER = new Actor(null, "walk-officer", "Officer", null, EnumSet.of(Role.FUNDING_OFFICER));
    static final Actor RELEASER = new Actor(null, "walk-releaser", "Releaser", null, EnumSet.of(Role.ADMIN));

    /** The independent model: what each client's accounts should hold, in cents. */
    static final class Model {
        final Map<UUID, long[]> accounts = new HashMap<>();
        static final int PR = 0, RESERVE = 1, PAYABLE = 2, DUE = 3;

        long[] of(UUID client) {
            return accounts.computeIfAbsent(client, c -> new long[4]);
        }
    }

    record Adjustment(UUID client, JournalEntry entry, long cents) {}

    @Test
    void randomPurchasesFundingsPayoutsAndReversalsKeepTheBooksTrue() {
        long seed = Long.getLong("factorline.seed", new Random().nextLong());
        int steps = Integer.getInteger("factorline.steps", DEFAULT_STEPS);
        String replay = "SeededBooksTest seed=" + seed + " steps=" + steps
                + " (replay: ./mvnw test -Dtest=SeededBooksTest -Dfactorline.seed=" + seed + ")";
        System.out.println(replay);
        Random random = new Random(seed);

        List<Client> clients = new ArrayList<>();
        List<Debtor> customers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            clients.add(fixtures.activeClient());
        }
        for (int i = 0; i < 8; i++) {
            customers.add(fixtures.debtor());
        }
        Model model = new Model();
        List<Adjustment> adjustments = new ArrayList<>();
        List<FundingRequest> open = new ArrayList<>();
        int fundings = 0, cancels = 0, refused = 0, releases = 0, reversals = 0, corrections = 0;

        for (int step = 0; step < steps; step++) {
            String at = replay + " — step " + step;
            Client client = clients.get(random.nextInt(clients.size()));
            UUID c = client.id().value();
            int roll = random.nextInt(100);
            if (roll < 30) {
                // request funding for one to three new invoices
                List<Invoice> ready = new ArrayList<>();
                int n = 1 + random.nextInt(3);
                for (int k = 0; k < n; k++) {
                    Debtor d = customers.get(random.nextInt(customers.size()));
                    long cents = 10_000 + random.nextInt(200_000);
                    ready.add(fixtures.readyToFund(client, d, Money.ofMinor(cents, Money.USD)));
                }
                open.add(TestSupport.as(
                        OFFICER,
                        () -> funding.request(new NewFundingRequest(
                                c, ready.stream().map(i -> i.id().value()).toList(), null, PayoutMethod.ACH))));
            } else if (roll < 60 && !open.isEmpty()) {
                FundingRequest r = open.remove(random.nextInt(open.size()));
                if (random.nextInt(10) == 0) {
                    TestSupport.as(OFFICER, () -> funding.cancel(r.id(), "walk cancels"));
                    cancels++;
                } else {
                    FundingRequest f;
                    try {
                        f = TestSupport.as(OFFICER, () -> funding.approve(r.id()));
                    } catch (org.factorline.shared.FactorlineException e) {
                        // a limit reached is an answer, not a failure: the request is cancelled
                        assertThat(e.code()).as(at).isEqualTo(org.factorline.shared.ErrorCode.FUNDING_INELIGIBLE);
                        TestSupport.as(OFFICER, () -> funding.cancel(r.id(), "ineligible"));
                        refused++;
                        continue;
                    }
                    long[] a = model.of(f.clientId().value());
                    a[Model.PR] += f.totalFace().minorUnits();
                    a[Model.RESERVE] += f.totalFace().minus(f.totalAdvance()).minorUnits();
                    a[Model.PAYABLE] += f.net().minorUnits();
                    fundings++;
                }
            } else if (roll < 70) {
                // release every pending ACH payout and mark the file sent
                PayoutFile file;
                try {
                    file = TestSupport.as(RELEASER, () -> payouts.release(PayoutMethod.ACH, null));
                } catch (org.factorline.shared.FactorlineException nothingPending) {
                    continue;
                }
                for (var p : TestSupport.as(RELEASER, () -> payouts.payoutsIn(file.id()))) {
                    long[] a = model.of(p.clientId().value());
                    a[Model.PAYABLE] -= p.amount().minorUnits();
                }
                TestSupport.as(RELEASER, () -> payouts.markSent(file.id()));
                releases++;
            } else if (roll < 90) {
                // a goodwill credit owed to the client, out of the owners' capital
                long cents = 100 + random.nextInt(50_000);
                JournalEntry e = ledger.post(new NewEntry(
                        "walk:" + seed + ":" + step,
                        ReasonCode.ADJUSTMENT,
                        LocalDate.now(clock),
                        null,
                        null,
                        c,
                        "goodwill credit to the client",
                        List.of(
                                JournalLine.debit(AccountCode.CAPITAL, Money.ofMinor(cents, Money.USD)),
                                JournalLine.credit(AccountCode.DUE_TO_CLIENT, c, Money.ofMinor(cents, Money.USD)))));
                model.of(c)[Model.DUE] += cents;
                adjustments.add(new Adjustment(c, e, cents));
                corrections++;
            } else if (!adjustments.isEmpty()) {
                Adjustment undo = adjustments.remove(random.nextInt(adjustments.size()));
                TestSupport.as(RELEASER, () -> ledger.reverse(undo.entry().id(), null, "posted in error", null));
                model.of(undo.client())[Model.DUE] -= undo.cents();
                reversals++;
            }
            for (Client each : clients) {
                UUID id = each.id().value();
                long[] a = model.of(id);
                assertThat(cents(AccountCode.PURCHASED_RECEIVABLES, id))
                        .as(at + " PR of " + id)
                        .isEqualTo(a[Model.PR]);
                assertThat(cents(AccountCode.CLIENT_RESERVE, id))
                        .as(at + " reserve")
                        .isEqualTo(a[Model.RESERVE]);
                assertThat(cents(AccountCode.CLIENT_PAYABLE, id))
                        .as(at + " payable")
                        .isEqualTo(a[Model.PAYABLE]);
                assertThat(cents(AccountCode.DUE_TO_CLIENT, id)).as(at + " due").isEqualTo(a[Model.DUE]);
            }
            if (step % 250 == 0 || step == steps - 1) {
                InvariantReport report = invariants.checkAsSystem();
                assertThat(report.rules())
                        .as(at)
                        .allSatisfy(r -> assertThat(r.violations()).as(r.name()).isEmpty());
            }
        }
        System.out.printf(
                "SeededBooksTest seed=%d: %d fundings, %d cancelled, %d refused, %d files sent, %d corrections,"
                        + " %d reversals%n",
                seed, fundings, cancels, refused, releases, corrections, reversals);
        assertThat(fundings).isPositive();
    }

    private long cents(AccountCode code, UUID client) {
        return ledger.balance(code, client, Money.USD).minorUnits();
    }
}
