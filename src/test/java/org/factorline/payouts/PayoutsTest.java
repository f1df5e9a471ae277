package org.factorline.payouts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.factorline.clients.Client;
import org.factorline.clients.ClientDetails;
import org.factorline.clients.Clients;
import org.factorline.identity.Actor;
import org.factorline.identity.AuditLog;
import org.factorline.identity.Role;
import org.factorline.ledger.AccountCode;
import org.factorline.ledger.InvariantReport;
import org.factorline.ledger.JournalEntry;
import org.factorline.ledger.JournalLine;
import org.factorline.ledger.Ledger;
import org.factorline.ledger.LedgerInvariants;
import org.factorline.ledger.NewEntry;
import org.factorline.ledger.ReasonCode;
import org.factorline.pricing.PayoutMethod;
import org.factorline.shared.CursorPage;
import org.factorline.shared.ErrorCode;
import org.factorline.shared.FactorlineException;
import org.factorline.shared.Money;
import org.factorline.shared.MutableClock;
import org.factorline.shared.PostalAddress;
import org.factorline.support.FactorlineTest;
import org.factorline.support.TestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Paying clients, told as the funding officers live it: a payout is created, a colleague releases it
 * into a bank file that reads back as a valid NACHA file and can be made again byte for byte, the file
 * goes to the bank and the money leaves the books, and the bank settles or returns what it got.
 */
@FactorlineTest
class PayoutsTest {

    static final String PAYOUT_RULE = "client payable = payouts not yet sent, and returned payouts not yet reissued";

    @Autowired
    Payouts payouts;

    @Autowired
    Ledger ledger;

    @Autowired
    LedgerInvariants invariants;

    @Autowired
    Clients clients;

    @Autowired
    AuditLog audit;

    @Autowired
    TestSupport.Fixtures fixtures;

    @Autowired
    MutableClock clock;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    JdbcClient jdbc;

    Owed owed;
    Actor alice;
    Actor bob;

    @BeforeEach
    void officers() {
        owed = new Owed(transactions, ledger, payouts, clock);
        alice = Owed.officer("alice");
        bob = Owed.officer("bob");
    }

    private static FactorlineException refusal(Runnable r) {
        try {
            r.run();
        } catch (FactorlineException e) {
            return e;
        }
        throw new AssertionError("expected a refusal");
    }

    private PayoutFile release(Actor who, PayoutMethod method, Payout... these) {
        return TestSupport.as(
                who,
                () -> payouts.release(
                        method, List.of(these).stream().map(Payout::id).toList()));
    }

    @Test
    void aPayoutKeepsASnapshotOfTheClientsAccountAndTheSameSourceMakesItOnce() {
        Client client = fixtures.activeClient();
        Payout p = owed.payout(alice, client, "7970.00", PayoutMethod.ACH);

        assertThat(p.status()).isEqualTo(PayoutStatus.PENDING);
        assertThat(p.reference()).matches("P-\\d{4}-\\d{6}");
        assertThat(p.beneficiaryName()).isEqualTo(client.legalName());
        assertThat(p.routingNumber()).isEqualTo("111000025");
        assertThat(p.accountLast4()).isEqualTo("6789");
        assertThat(p.accountMasked()).isEqualTo("••••6789");
        assertThat(p.createdBy()).isEqualTo(alice.username());
        assertThat(p.fileId()).isNull();
        assertThat(audit.forEntity("payout", p.id().value()))
                .extracting(AuditLog.Entry::action)
                .containsExactly("payout.created");
        assertThat(audit.forEntity("payout", p.id().value()).get(0).afterJson()).doesNotContain("000123456789");

        NewPayout again =
                new NewPayout(client.id(), p.amount(), PayoutMethod.ACH, p.sourceType(), p.sourceId(), "Advance again");
        assertThat(TestSupport.as(alice, () -> payouts.create(again)).id()).isEqualTo(p.id());
        FactorlineException other = refusal(() -> TestSupport.as(
                bob,
                () -> payouts.create(new NewPayout(
                        client.id(), Money.usd("1.00"), PayoutMethod.ACH, p.sourceType(), p.sourceId(), null))));
        assertThat(other.code()).isEqualTo(ErrorCode.PAYOUT_SOURCE_CONFLICT);
        assertThat(other.getMessage()).contains(p.reference());
    }

    @Test
    void aPayoutIsRefusedForAClientWithoutABankAccountAWrongAmountOrTheWrongRole() {
        Client noAccount = TestSupport.as(
                TestSupport.admin(),
                () -> clients.register(new ClientDetails(
                        TestSupport.unique("No Account Co"),
                        null,
                        TestSupport.uniqueTaxId(),
                        "Staffing",
                        new PostalAddress("2 Main St", "Dallas", "TX", "75201", "US"),
                        null,
                        null,
                        null,
                        null)));
        FactorlineException none = refusal(() -> TestSupport.as(
                alice,
                () -> payouts.create(new NewPayout(
                        noAccount.id(),
                        Money.usd("10.00"),
                        PayoutMethod.ACH,
                        "funding_request",
                        UUID.randomUUID(),
                        null))));
        assertThat(none.code()).isEqualTo(ErrorCode.PAYOUT_NO_BANK_ACCOUNT);
        assertThat(none.getMessage()).contains(noAccount.reference()).contains(noAccount.legalName());

        Client client = fixtures.activeClient();
        FactorlineException bad = refusal(() -> TestSupport.as(
                alice,
                () -> payouts.create(
                        new NewPayout(client.id(), Money.of("-5.00", "EUR"), null, "Funding Request", null, "x\ny"))));
        assertThat(bad.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(bad.problems())
                .extracting(p -> p.field())
                .contains("amount", "amount.currency", "method", "sourceType", "sourceId", "memo");

        assertThatThrownBy(() -> TestSupport.as(
                        TestSupport.staff(Role.ACCOUNT_MANAGER),
                        () -> payouts.create(new NewPayout(
                                client.id(),
                                Money.usd("10.00"),
                                PayoutMethod.ACH,
                                "funding_request",
                                UUID.randomUUID(),
                                null))))
                .isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void aColleagueReleasesAnAchFileThatReadsBackWithItsTotalsAndIsMadeAgainByteForByte() {
        Client first = fixtures.activeClient();
        Client second = fixtures.activeClient();
        Payout p1 = owed.payout(alice, first, "7970.00", PayoutMethod.ACH);
        Payout p2 = owed.payout(alice, second, "1450.00", PayoutMethod.ACH);

        PayoutFile file = release(bob, PayoutMethod.ACH, p1, p2);

        assertThat(file.reference()).matches("P-FILE-\\d{4}-\\d{6}");
        assertThat(file.fileName()).isEqualTo(file.reference() + ".ach");
        assertThat(file.status()).isEqualTo(PayoutFileStatus.RELEASED);
        assertThat(file.createdBy()).isEqualTo(bob.username());
        assertThat(file.entryCount()).isEqualTo(2);
        assertThat(file.total()).isEqualTo(Money.usd("9420.00"));
        assertThat(file.fileIdModifier()).matches("[A-Z0-9]");

        byte[] bytes = TestSupport.as(bob, () -> payouts.content(file.id()));
        assertThat(BankFiles.sha256(bytes)).isEqualTo(file.sha256());
        assertThat((long) bytes.length).isEqualTo(file.sizeBytes());
        NachaFile nacha = NachaReader.read(new String(bytes, StandardCharsets.US_ASCII));
        assertThat(nacha.header().immediateDestination()).isEqualTo(" 111000025");
        assertThat(nacha.header().creationDate()).isEqualTo(file.fileDate());
        assertThat(String.valueOf(nacha.header().fileIdModifier())).isEqualTo(file.fileIdModifier());
        assertThat(nacha.totalCredit()).isEqualTo(Money.usd("9420.00"));
        assertThat(nacha.control().entryAddendaCount()).isEqualTo(2);
        assertThat(nacha.entries())
                .extracting(NachaEntry::identificationNumber)
                .containsExactly(p1.reference(), p2.reference());
        assertThat(nacha.entries()).allSatisfy(e -> {
            assertThat(e.routingNumber().value()).isEqualTo("111000025");
            assertThat(e.accountNumber().value()).isEqualTo("000123456789");
            assertThat(e.accountType()).isEqualTo(AchAccountType.CHECKING);
        });
        assertThat(nacha.entries())
                .extracting(NachaEntry::amount)
                .containsExactly(Money.usd("7970.00"), Money.usd("1450.00"));
        assertThat(nacha.entries().get(0).receiverName())
                .isEqualTo(first.legalName().toUpperCase(java.util.Locale.ROOT));

        assertThat(TestSupport.as(bob, () -> payouts.regenerate(file.id()))).isEqualTo(bytes);

        assertThat(List.of(payouts.get(p1.id()), payouts.get(p2.id()))).allSatisfy(p -> {
            assertThat(p.status()).isEqualTo(PayoutStatus.RELEASED);
            assertThat(p.fileId()).isEqualTo(file.id());
        });
        assertThat(TestSupport.as(bob, () -> payouts.payoutsIn(file.id())))
                .extracting(Payout::id)
                .containsExactly(p1.id(), p2.id());
        assertThat(audit.forEntity("payout_file", file.id().value()))
                .extracting(AuditLog.Entry::action)
                .containsExactly("payout_file.released", "payout_file.downloaded");
        assertThat(audit.forEntity("payout", p1.id().value()))
                .extracting(AuditLog.Entry::action)
                .containsExactly("payout.created", "payout.released");
    }

    @Test
    void whoeverCreatedAPayoutCannotReleaseIt() {
        Client client = fixtures.activeClient();
        Payout mine = owed.payout(alice, client, "500.00", PayoutMethod.ACH);

        FactorlineException e = refusal(() -> release(alice, PayoutMethod.ACH, mine));
        assertThat(e.code()).isEqualTo(ErrorCode.FOUR_EYES_REQUIRED);
        assertThat(e.getMessage()).contains(mine.reference()).contains(alice.username());
        assertThat(e.problems())
                .singleElement()
                .satisfies(p -> assertThat(p.value()).isEqualTo(mine.reference()));
        assertThat(payouts.get(mine.id()).status()).isEqualTo(PayoutStatus.PENDING);

        assertThatThrownBy(() -> release(TestSupport.staff(Role.AUDITOR), PayoutMethod.ACH, mine))
                .isInstanceOf(AccessDeniedException.class);
        assertThat(release(bob, PayoutMethod.ACH, mine).entryCount()).isEqualTo(1);
    }

    @Test
    void aPayoutIsNeverInTwoFilesAndASecondReleaseFindsNothingPending() {
        Client client = fixtures.activeClient();
        Payout p = owed.payout(alice, client, "250.00", PayoutMethod.ACH);
        Actor carol = Owed.officer("carol");
        PayoutFile file = release(bob, PayoutMethod.ACH, p);

        FactorlineException again = refusal(() -> release(carol, PayoutMethod.ACH, p));
        assertThat(again.code()).isEqualTo(ErrorCode.PAYOUT_NOT_PENDING);
        assertThat(again.getMessage()).contains(p.reference()).contains("RELEASED");
        assertThat(payouts.get(p.id()).fileId()).isEqualTo(file.id());

        // every pending ACH payout, then again: the first release took them all
        owed.payout(alice, client, "10.00", PayoutMethod.ACH);
        PayoutFile all = TestSupport.as(carol, () -> payouts.release(PayoutMethod.ACH, null));
        assertThat(all.entryCount()).isPositive();
        FactorlineException nothing =
                refusal(() -> TestSupport.as(carol, () -> payouts.release(PayoutMethod.ACH, null)));
        assertThat(nothing.code()).isEqualTo(ErrorCode.PAYOUT_NOTHING_TO_RELEASE);
        assertThat(nothing.getMessage()).contains("no pending ACH payouts");

        Payout wire = owed.payout(alice, client, "99.00", PayoutMethod.WIRE);
        FactorlineException wrongMethod = refusal(() -> release(carol, PayoutMethod.ACH, wire));
        assertThat(wrongMethod.problems())
                .singleElement()
                .satisfies(pr -> assertThat(pr.message()).contains("WIRE payout"));
        assertThatThrownBy(() -> TestSupport.as(
                        carol, () -> payouts.release(PayoutMethod.ACH, List.of(new PayoutId(UUID.randomUUID())))))
                .isInstanceOf(FactorlineException.class)
                .extracting(e -> ((FactorlineException) e).code())
                .isEqualTo(ErrorCode.NOT_FOUND);
    }

    @Test
    void wiresGoOutAsACsvOfInstructions() {
        Client client = fixtures.activeClient();
        Payout w1 = owed.payout(alice, client, "12000.00", PayoutMethod.WIRE);
        Payout w2 = owed.payout(alice, client, "3000.50", PayoutMethod.WIRE);

        PayoutFile file = TestSupport.as(bob, () -> payouts.release(PayoutMethod.WIRE, null));
        assertThat(file.fileName()).endsWith(".csv");
        assertThat(file.fileIdModifier()).isNull();
        String csv = new String(TestSupport.as(bob, () -> payouts.content(file.id())), StandardCharsets.UTF_8);
        assertThat(csv).startsWith(String.join(",", WireInstructions.HEADER) + "\r\n");
        assertThat(csv)
                .contains(client.legalName() + ",111000025,000123456789,12000.00,USD," + w1.reference()
                        + ",Advance 12000.00\r\n")
                .contains(w2.reference());
        assertThat(csv.split("\r\n")).hasSize(file.entryCount() + 1);
        assertThat(TestSupport.as(bob, () -> payouts.regenerate(file.id())))
                .isEqualTo(csv.getBytes(StandardCharsets.UTF_8));
        assertThat(refusal(() -> TestSupport.as(bob, () -> payouts.release(PayoutMethod.WIRE, null)))
                        .code())
                .isEqualTo(ErrorCode.PAYOUT_NOTHING_TO_RELEASE);
    }

    @Test
    void theDaysAchFilesTakeModifiersInTurnAndTheirEntriesArriveTheNextBusinessDay() {
        Instant before = clock.instant();
        try {
            // Friday 2 July 2027, 10:00 in Chicago; Monday 5 July is the observed Independence Day
            clock.set(Instant.parse("2027-07-02T15:00:00Z"));
            Client client = fixtures.activeClient();
            Payout p1 = owed.payout(alice, client, "100.00", PayoutMethod.ACH);
            Payout p2 = owed.payout(alice, client, "200.00", PayoutMethod.ACH);
            // "A" on a fresh database; a database kept from an earlier run already has that day's files
            int earlier = jdbc.sql("select count(*) from payout_file where method = 'ACH' and file_date = ?")
                    .param(LocalDate.of(2027, 7, 2))
                    .query(Integer.class)
                    .single();
            PayoutFile a = release(bob, PayoutMethod.ACH, p1);
            PayoutFile b = release(bob, PayoutMethod.ACH, p2);

            assertThat(a.fileDate()).isEqualTo(LocalDate.of(2027, 7, 2));
            assertThat(a.reference()).startsWith("P-FILE-2027-");
            assertThat(a.fileIdModifier()).isEqualTo(String.valueOf(BankFiles.modifier(earlier + 1)));
            assertThat(b.fileIdModifier()).isEqualTo(String.valueOf(BankFiles.modifier(earlier + 2)));
            NachaFile nacha = NachaReader.read(
                    new String(TestSupport.as(bob, () -> payouts.content(b.id())), StandardCharsets.US_ASCII));
            assertThat(nacha.header().fileIdModifier())
                    .isEqualTo(b.fileIdModifier().charAt(0));
            assertThat(nacha.header().creationTime()).isEqualTo(java.time.LocalTime.of(10, 0));
            assertThat(nacha.batches().get(0).effectiveEntryDate()).isEqualTo(LocalDate.of(2027, 7, 6));
            assertThat(nacha.batches().get(0).entryDescription()).isEqualTo("PAYOUT");
            assertThat(nacha.batches().get(0).companyName()).isEqualTo("FACTORLINE DEMO");
        } finally {
            clock.set(before);
        }
    }

    @Test
    void markingAFileSentTakesTheMoneyOffTheBooksOncePerPayout() {
        Client client = fixtures.activeClient();
        UUID c = client.id().value();
        Payout p1 = owed.payout(alice, client, "7970.00", PayoutMethod.ACH);
        Payout p2 = owed.payout(alice, client, "30.00", PayoutMethod.ACH);
        assertThat(ledger.balance(AccountCode.CLIENT_PAYABLE, c, Money.USD)).isEqualTo(Money.usd("8000.00"));
        PayoutFile file = release(bob, PayoutMethod.ACH, p1, p2);
        assertThat(ledger.balance(AccountCode.CLIENT_PAYABLE, c, Money.USD)).isEqualTo(Money.usd("8000.00"));
        assertPayoutRuleHolds();

        Actor carol = Owed.officer("carol");
        PayoutFile sent = TestSupport.as(carol, () -> payouts.markSent(file.id()));

        assertThat(sent.status()).isEqualTo(PayoutFileStatus.SENT);
        assertThat(sent.sentBy()).isEqualTo(carol.username());
        assertThat(sent.sentAt()).isNotNull();
        assertThat(List.of(payouts.get(p1.id()), payouts.get(p2.id())))
                .allSatisfy(p -> assertThat(p.status()).isEqualTo(PayoutStatus.SENT));
        assertThat(ledger.balance(AccountCode.CLIENT_PAYABLE, c, Money.USD)).isEqualTo(Money.usd("0.00"));
        JournalEntry entry = TestSupport.as(
                        TestSupport.staff(Role.AUDITOR),
                        () -> ledger.entries(null, "payout", p1.id().value(), CursorPage.Request.first(10)))
                .items()
                .get(0);
        assertThat(entry.reason()).isEqualTo(ReasonCode.PAYOUT_SENT);
        assertThat(entry.idempotencyKey()).isEqualTo("payout-sent:" + p1.id());
        assertThat(entry.clientId()).isEqualTo(c);
        assertThat(entry.lines())
                .containsExactly(
                        JournalLine.debit(AccountCode.CLIENT_PAYABLE, c, Money.usd("7970.00")),
                        JournalLine.credit(AccountCode.CASH, Money.usd("7970.00")));

        FactorlineException twice = refusal(() -> TestSupport.as(carol, () -> payouts.markSent(file.id())));
        assertThat(twice.code()).isEqualTo(ErrorCode.PAYOUT_FILE_ILLEGAL_TRANSITION);
        assertThat(twice.getMessage()).contains(file.reference()).contains("SENT");
        assertThat(ledger.balance(AccountCode.CLIENT_PAYABLE, c, Money.USD)).isEqualTo(Money.usd("0.00"));

        InvariantReport report = invariants.checkAsSystem();
        assertThat(report.rules())
                .allSatisfy(r -> assertThat(r.violations()).as(r.name()).isEmpty());
        assertThat(report.holds()).isTrue();
    }

    @Test
    void aReturnedPayoutIsOwedAgainAndIsReissuedOnceToTheClientsCurrentAccount() {
        Client client = fixtures.activeClient();
        UUID c = client.id().value();
        Payout p = owed.payout(alice, client, "1450.00", PayoutMethod.ACH);
        Payout other = owed.payout(alice, client, "50.00", PayoutMethod.ACH);
        PayoutFile file = release(bob, PayoutMethod.ACH, p, other);
        TestSupport.as(bob, () -> payouts.markSent(file.id()));

        FactorlineException noReason = refusal(() -> TestSupport.as(bob, () -> payouts.markReturned(p.id(), " ")));
        assertThat(noReason.problems())
                .singleElement()
                .satisfies(pr -> assertThat(pr.field()).isEqualTo("reason"));
        FactorlineException early = refusal(() -> TestSupport.as(bob, () -> payouts.reissue(p.id())));
        assertThat(early.code()).isEqualTo(ErrorCode.PAYOUT_ILLEGAL_TRANSITION);

        Payout returned = TestSupport.as(bob, () -> payouts.markReturned(p.id(), "R02 account closed"));
        assertThat(returned.status()).isEqualTo(PayoutStatus.RETURNED);
        assertThat(returned.returnReason()).isEqualTo("R02 account closed");
        assertThat(returned.returnedAt()).isNotNull();
        assertThat(ledger.balance(AccountCode.CLIENT_PAYABLE, c, Money.USD)).isEqualTo(Money.usd("1450.00"));
        assertPayoutRuleHolds();

        FactorlineException settle = refusal(() -> TestSupport.as(bob, () -> payouts.markSettled(p.id())));
        assertThat(settle.code()).isEqualTo(ErrorCode.PAYOUT_ILLEGAL_TRANSITION);
        assertThat(settle.getMessage()).contains(p.reference()).contains("from RETURNED to SETTLED");
        assertThat(refusal(() -> TestSupport.as(bob, () -> payouts.markReturned(p.id(), "again")))
                        .getMessage())
                .contains("from RETURNED to RETURNED");

        // the client gives a new account (under its own four-eyes, in the clients module)
        TestSupport.as(TestSupport.admin(), () -> {
            Client now = clients.get(client.id());
            return clients.setPayoutAccount(client.id(), "New Account LLC", "021000021", "4001234567", now.version());
        });
        Actor carol = Owed.officer("carol");
        Payout reissued = TestSupport.as(carol, () -> payouts.reissue(p.id()));
        assertThat(reissued.id()).isNotEqualTo(p.id());
        assertThat(reissued.status()).isEqualTo(PayoutStatus.PENDING);
        assertThat(reissued.amount()).isEqualTo(Money.usd("1450.00"));
        assertThat(reissued.method()).isEqualTo(PayoutMethod.ACH);
        assertThat(reissued.clientId()).isEqualTo(client.id());
        assertThat(reissued.sourceType()).isEqualTo("payout");
        assertThat(reissued.sourceId()).isEqualTo(p.id().value());
        assertThat(reissued.memo()).isEqualTo("Reissue of " + p.reference());
        assertThat(reissued.beneficiaryName()).isEqualTo("New Account LLC");
        assertThat(reissued.routingNumber()).isEqualTo("021000021");
        assertThat(reissued.accountLast4()).isEqualTo("4567");
        assertThat(payouts.get(p.id()).routingNumber()).isEqualTo("111000025");
        assertThat(TestSupport.as(carol, () -> payouts.reissue(p.id())).id()).isEqualTo(reissued.id());
        assertThat(ledger.balance(AccountCode.CLIENT_PAYABLE, c, Money.USD)).isEqualTo(Money.usd("1450.00"));
        assertPayoutRuleHolds();

        assertThat(refusal(() -> release(carol, PayoutMethod.ACH, reissued)).code())
                .isEqualTo(ErrorCode.FOUR_EYES_REQUIRED);
        PayoutFile second = release(alice, PayoutMethod.ACH, reissued);
        TestSupport.as(alice, () -> payouts.markSent(second.id()));
        Payout settled = TestSupport.as(alice, () -> payouts.markSettled(reissued.id()));
        assertThat(settled.status()).isEqualTo(PayoutStatus.SETTLED);
        assertThat(settled.settledAt()).isNotNull();
        TestSupport.as(alice, () -> payouts.markSettled(other.id()));
        assertThat(ledger.balance(AccountCode.CLIENT_PAYABLE, c, Money.USD)).isEqualTo(Money.usd("0.00"));
        assertThat(audit.forEntity("payout", p.id().value()))
                .extracting(AuditLog.Entry::action)
                .containsExactly("payout.created", "payout.released", "payout.sent", "payout.returned");
        assertThat(audit.forEntity("payout", reissued.id().value()))
                .extracting(AuditLog.Entry::action)
                .containsExactly("payout.reissued", "payout.released", "payout.sent", "payout.settled");
        assertThat(invariants.checkAsSystem().holds()).isTrue();
    }

    @Test
    void theSubledgerCheckNamesAClientWhosePayableHasNoPayoutBehindIt() {
        Client client = fixtures.activeClient();
        UUID c = client.id().value();
        TransactionTemplate tx = new TransactionTemplate(transactions);
        InvariantReport report = tx.execute(status -> {
            ledger.post(new NewEntry(
                    TestSupport.unique("stray"),
                    ReasonCode.ADJUSTMENT,
                    LocalDate.now(clock),
                    null,
                    null,
                    c,
                    "a payable with no payout",
                    List.of(
                            JournalLine.debit(AccountCode.CASH, Money.usd("75.00")),
                            JournalLine.credit(AccountCode.CLIENT_PAYABLE, c, Money.usd("75.00")))));
            InvariantReport r = invariants.checkAsSystem();
            status.setRollbackOnly(); // the shared test database keeps agreeing books
            return r;
        });
        assertThat(report.rules())
                .filteredOn(r -> r.name().equals(PAYOUT_RULE))
                .singleElement()
                .satisfies(r -> assertThat(r.violations())
                        .anySatisfy(v -> assertThat(v)
                                .contains(c.toString())
                                .contains("USD 75.00")
                                .contains("USD 0")));
        assertPayoutRuleHolds();
    }

    private void assertPayoutRuleHolds() {
        assertThat(invariants.checkAsSystem().rules())
                .filteredOn(r -> r.name().equals(PAYOUT_RULE))
                .singleElement()
                .satisfies(r -> assertThat(r.violations()).isEmpty());
    }
}
