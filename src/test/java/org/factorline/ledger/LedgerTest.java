package org.factorline.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.factorline.clients.Client;
import org.factorline.identity.Role;
import org.factorline.shared.ErrorCode;
import org.factorline.shared.FactorlineException;
import org.factorline.shared.Money;
import org.factorline.support.FactorlineTest;
import org.factorline.support.TestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

/** The books: balanced entries only, idempotent posting, reversals, balances, trial balance, invariants. */
@FactorlineTest
class LedgerTest {

    @Autowired
    Ledger ledger;

    @Autowired
    LedgerInvariants invariants;

    @Autowired
    TestSupport.Fixtures fixtures;

    @Autowired
    MockMvc mvc;

    @Autowired
    Clock clock;

    /**
     * An entry shaped like the worked example's purchase (face 10,000, advance 8,000, $30 charged), posted
     * as an adjustment owed to the client: a real purchase is the funding module's to post, and its
     * sub-ledger check would rightly flag a purchase without a funded invoice behind it.
     */
    private NewEntry purchase(UUID client, String key) {
        return new NewEntry(
                key,
                ReasonCode.ADJUSTMENT,
                LocalDate.now(clock),
                "invoice",
                UUID.randomUUID(),
                client,
                "Purchase of invoice 1001",
                List.of(
                        JournalLine.debit(AccountCode.PURCHASED_RECEIVABLES, client, Money.usd("10000.00")),
                        JournalLine.credit(AccountCode.DUE_TO_CLIENT, client, Money.usd("7970.00")),
                        JournalLine.credit(AccountCode.FUNDING_FEE_INCOME, Money.usd("30.00")),
                        JournalLine.credit(AccountCode.CLIENT_RESERVE, client, Money.usd("2000.00"))));
    }

    @Test
    void aBalancedEntryMovesEachAccountOnItsSideAndTheTrialBalanceStaysZero() {
        UUID client = fixtures.activeClient().id().value();
        JournalEntry e =
                TestSupport.as(TestSupport.admin(), () -> ledger.post(purchase(client, TestSupport.unique("k"))));

        assertThat(e.reference()).matches("JE-\\d{6}");
        assertThat(e.lines()).hasSize(4);
        assertThat(ledger.balance(AccountCode.PURCHASED_RECEIVABLES, client, Money.USD))
                .isEqualTo(Money.usd("10000.00"));
        assertThat(ledger.balance(AccountCode.CLIENT_RESERVE, client, Money.USD))
                .isEqualTo(Money.usd("2000.00"));
        assertThat(ledger.balance(AccountCode.DUE_TO_CLIENT, client, Money.USD)).isEqualTo(Money.usd("7970.00"));
        TrialBalance tb = TestSupport.as(TestSupport.staff(Role.AUDITOR), () -> ledger.trialBalance(null));
        assertThat(tb.balanced()).isTrue();
        assertThat(tb.rows()).anySatisfy(r -> assertThat(r.account()).isEqualTo(AccountCode.CLIENT_RESERVE));
        InvariantReport report = invariants.checkAsSystem();
        assertThat(report.rules())
                .allSatisfy(r -> assertThat(r.violations()).as(r.name()).isEmpty());
    }

    @Test
    void anEntryThatDoesNotBalanceIsRefusedNamingTheDifference() {
        UUID client = fixtures.activeClient().id().value();
        NewEntry lopsided = new NewEntry(
                TestSupport.unique("k"),
                ReasonCode.PURCHASE,
                LocalDate.now(clock),
                null,
                null,
                client,
                null,
                List.of(
                        JournalLine.debit(AccountCode.PURCHASED_RECEIVABLES, client, Money.usd("100.00")),
                        JournalLine.credit(AccountCode.CLIENT_PAYABLE, client, Money.usd("99.99"))));
        assertThatThrownBy(() -> ledger.post(lopsided))
                .isInstanceOf(FactorlineException.class)
                .hasMessageContaining("debits must equal credits in USD; debits exceed credits by 0.01")
                .extracting(e -> ((FactorlineException) e).code())
                .isEqualTo(ErrorCode.LEDGER_ENTRY_REFUSED);

        NewEntry oneLine = new NewEntry(
                TestSupport.unique("k"),
                ReasonCode.ADJUSTMENT,
                LocalDate.now(clock),
                null,
                null,
                null,
                null,
                List.of(JournalLine.debit(AccountCode.CASH, Money.usd("1.00"))));
        assertThatThrownBy(() -> ledger.post(oneLine)).hasMessageContaining("at least two lines");

        NewEntry noClient = new NewEntry(
                TestSupport.unique("k"),
                ReasonCode.ADJUSTMENT,
                LocalDate.now(clock),
                null,
                null,
                null,
                null,
                List.of(
                        JournalLine.debit(AccountCode.CASH, Money.usd("1.00")),
                        JournalLine.credit(AccountCode.CLIENT_RESERVE, Money.usd("1.00"))));
        assertThatThrownBy(() -> ledger.post(noClient))
                .isInstanceOf(FactorlineException.class)
                .satisfies(e -> assertThat(((FactorlineException) e).problems())
                        .anySatisfy(p -> assertThat(p.field()).isEqualTo("lines[1].clientId")));
    }

    @Test
    void postingTheSameEntryTwiceUnderOneKeyPostsItOnceAndADifferentEntryIsRefused() {
        UUID client = fixtures.activeClient().id().value();
        String key = TestSupport.unique("purchase");
        NewEntry entry = purchase(client, key);
        JournalEntry first = ledger.post(entry);
        JournalEntry again = ledger.post(entry);
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(ledger.balance(AccountCode.PURCHASED_RECEIVABLES, client, Money.USD))
                .isEqualTo(Money.usd("10000.00"));

        NewEntry other = new NewEntry(
                key,
                ReasonCode.ADJUSTMENT,
                entry.businessDate(),
                entry.referenceType(),
                entry.referenceId(),
                client,
                null,
                List.of(
                        JournalLine.debit(AccountCode.PURCHASED_RECEIVABLES, client, Money.usd("5.00")),
                        JournalLine.credit(AccountCode.DUE_TO_CLIENT, client, Money.usd("5.00"))));
        assertThatThrownBy(() -> ledger.post(other))
                .isInstanceOf(FactorlineException.class)
                .extracting(e -> ((FactorlineException) e).code())
                .isEqualTo(ErrorCode.LEDGER_KEY_REUSED);
    }

    @Test
    void aReversalPostsTheMirrorImageOnceAndNeedsAReasonAndARole() {
        UUID client = fixtures.activeClient().id().value();
        JournalEntry original = ledger.post(purchase(client, TestSupport.unique("k")));

        assertThatThrownBy(() -> TestSupport.as(
                        TestSupport.staff(Role.UNDERWRITER),
                        () -> ledger.reverse(original.id(), null, "wrong invoice", null)))
                .isInstanceOf(org.springframework.security.access.AccessDeniedException.class);
        assertThatThrownBy(() -> TestSupport.as(
                        TestSupport.staff(Role.FUNDING_OFFICER), () -> ledger.reverse(original.id(), null, " ", null)))
                .hasMessageContaining("a reversal needs a reason");

        JournalEntry reversal = TestSupport.as(
                TestSupport.staff(Role.FUNDING_OFFICER),
                () -> ledger.reverse(original.id(), null, "posted to the wrong client", null));
        assertThat(reversal.reversesEntryId()).isEqualTo(original.id());
        assertThat(reversal.reason()).isEqualTo(ReasonCode.REVERSAL);
        assertThat(reversal.memo()).contains(original.reference()).contains("posted to the wrong client");
        assertThat(ledger.balance(AccountCode.PURCHASED_RECEIVABLES, client, Money.USD))
                .isEqualTo(Money.usd("0.00"));
        assertThat(ledger.balance(AccountCode.CLIENT_RESERVE, client, Money.USD))
                .isEqualTo(Money.usd("0.00"));

        assertThatThrownBy(() -> TestSupport.as(
                        TestSupport.admin(), () -> ledger.reverse(original.id(), null, "again", "another-key")))
                .isInstanceOf(FactorlineException.class)
                .extracting(e -> ((FactorlineException) e).code())
                .isEqualTo(ErrorCode.LEDGER_ALREADY_REVERSED);
        assertThatThrownBy(() -> TestSupport.as(
                        TestSupport.admin(), () -> ledger.reverse(reversal.id(), null, "undo the undo", null)))
                .hasMessageContaining("is itself a reversal");
        assertThat(invariants.checkAsSystem().holds()).isTrue();
    }

    @Test
    void theApiShowsTheTrialBalanceEntriesAndInvariantsToStaffOnly() throws Exception {
        Client client = fixtures.activeClient();
        JournalEntry e = ledger.post(purchase(client.id().value(), TestSupport.unique("k")));
        String auditor = "Bearer " + fixtures.token(null, Role.AUDITOR);
        mvc.perform(get("/api/v1/ledger/trial-balance").header("Authorization", auditor))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.totals[0].currency").value("USD"));
        mvc.perform(get("/api/v1/ledger/entries/" + e.id()).header("Authorization", auditor))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.reference").value(e.reference()))
                .andExpect(jsonPath("$.lines.length()").value(4));
        mvc.perform(get("/api/v1/ledger/entries")
                        .param("clientId", client.id().toString())
                        .header("Authorization", auditor))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[0].id").value(e.id().toString()));
        mvc.perform(get("/api/v1/ledger/clients/" + client.id() + "/balances").header("Authorization", auditor))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.CLIENT_RESERVE.amount").value("2000.00"));
        mvc.perform(get("/api/v1/ledger/invariants").header("Authorization", auditor))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.rules.length()").value(org.hamcrest.Matchers.greaterThanOrEqualTo(4)));

        String clientUser = "Bearer " + fixtures.token(client.id().value(), Role.CLIENT_ADMIN);
        mvc.perform(get("/api/v1/ledger/trial-balance").header("Authorization", clientUser))
                .andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/ledger/entries/" + e.id()).header("Authorization", clientUser))
                .andExpect(status().isForbidden());
    }

    @Test
    void anAdministratorPostsCapitalByHandWithAMemoAndARetryPostsItOnce() throws Exception {
        String admin = "Bearer " + fixtures.token(null, Role.ADMIN);
        String body = """
                {"reason": "CAPITAL_CONTRIBUTED", "businessDate": "%s", "memo": "Owners pay in the first credit line",
                 "lines": [
                   {"account": "CASH", "side": "DEBIT", "amount": {"amount": "250000.00", "currency": "USD"}},
                   {"account": "CAPITAL", "side": "CREDIT", "amount": {"amount": "250000.00", "currency": "USD"}}]}""".formatted(LocalDate.now(clock));
        String key = TestSupport.unique("capital");
        String id = com.jayway.jsonpath.JsonPath.read(
                mvc.perform(post("/api/v1/ledger/entries")
                                .header("Authorization", admin)
                                .header("Idempotency-Key", key)
                                .contentType(MediaType.APPLICATION_JSON)
                                .content(body))
                        .andExpect(status().isCreated())
                        .andExpect(jsonPath("$.reason").value("CAPITAL_CONTRIBUTED"))
                        .andReturn()
                        .getResponse()
                        .getContentAsString(),
                "$.id");
        mvc.perform(post("/api/v1/ledger/entries")
                        .header("Authorization", admin)
                        .header("Idempotency-Key", key)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body))
                .andExpect(jsonPath("$.id").value(id));

        String manager = "Bearer " + fixtures.token(null, Role.ACCOUNT_MANAGER);
        mvc.perform(post("/api/v1/ledger/entries")
                        .header("Authorization", manager)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body))
                .andExpect(status().isForbidden());
        mvc.perform(post("/api/v1/ledger/entries")
                        .header("Authorization", admin)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body.replace(
                                "\"amount\": \"250000.00\", \"currency\": \"USD\"}}]",
                                "\"amount\": \"1.00\", \"currency\": \"USD\"}}]")))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("ledger.entry_refused"));
    }
}
