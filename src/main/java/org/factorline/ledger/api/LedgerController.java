package org.factorline.ledger.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.LocalDate;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.factorline.ledger.AccountCode;
import org.factorline.ledger.InvariantReport;
import org.factorline.ledger.JournalEntry;
import org.factorline.ledger.JournalLine;
import org.factorline.ledger.Ledger;
import org.factorline.ledger.LedgerInvariants;
import org.factorline.ledger.NewEntry;
import org.factorline.ledger.ReasonCode;
import org.factorline.ledger.TrialBalance;
import org.factorline.shared.CursorPage;
import org.factorline.shared.FactorlineException;
import org.factorline.shared.Money;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/ledger")
@Tag(name = "Ledger", description = "Journal entries, balances, the trial balance and the invariant check (staff)")
class LedgerController {

    private final Ledger ledger;
    private final LedgerInvariants invariants;

    LedgerController(Ledger ledger, LedgerInvariants invariants) {
        this.ledger = ledger;
        this.invariants = invariants;
    }

    @GetMapping("/trial-balance")
    @Operation(summary = "Every account's debits, credits and balance up to a business date (default today)")
    TrialBalance trialBalance(@RequestParam(required = false) LocalDate asOf) {
        return ledger.trialBalance(asOf);
    }

    @GetMapping("/entries")
    @Operation(summary = "Journal entries, newest first, optionally of one client or one business object")
    CursorPage<JournalEntry> entries(
            @RequestParam(required = false) UUID clientId,
            @RequestParam(required = false) String referenceType,
            @RequestParam(required = false) UUID referenceId,
            @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer limit) {
        return ledger.entries(clientId, referenceType, referenceId, CursorPage.Request.of(cursor, limit));
    }

    @GetMapping("/entries/{id}")
    @Operation(summary = "One journal entry with its postings")
    JournalEntry entry(@PathVariable UUID id) {
        return ledger.entry(id);
    }

    record ManualEntry(
            ReasonCode reason, LocalDate businessDate, UUID clientId, String memo, List<JournalLine> lines) {}

    @PostMapping("/entries")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            summary = "Post a manual entry (ADMIN): capital paid in or an adjustment; needs a memo and must balance",
            description = "The Idempotency-Key header, when given, is also the entry's ledger key, so a retry"
                    + " never posts twice.")
    JournalEntry post(
            @RequestHeader(name = "Idempotency-Key", required = false) String key, @RequestBody ManualEntry body) {
        if (body == null) {
            throw FactorlineException.invalid("body", null, "is required");
        }
        return ledger.postManual(new NewEntry(
                key == null || key.isBlank() ? "manual:" + UUID.randomUUID() : "manual:" + key,
                body.reason(),
                body.businessDate(),
                "manual",
                null,
                body.clientId(),
                body.memo(),
                body.lines()));
    }

    record Reversal(String reason, LocalDate businessDate) {}

    @PostMapping("/entries/{id}/reversal")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Post the mirror image of an entry (ADMIN or FUNDING_OFFICER); each entry at most once")
    JournalEntry reverse(@PathVariable UUID id, @RequestBody Reversal body) {
        return ledger.reverse(id, body == null ? null : body.businessDate(), body == null ? null : body.reason(), null);
    }

    @GetMapping("/clients/{clientId}/balances")
    @Operation(summary = "A client's sub-accounts: purchased receivables, reserve, payables, rebates, receivable")
    Map<AccountCode, Money> clientBalances(
            @PathVariable UUID clientId, @RequestParam(required = false, defaultValue = "USD") String currency) {
        Currency c;
        try {
            c = Currency.getInstance(currency);
        } catch (IllegalArgumentException e) {
            throw FactorlineException.invalid("currency", currency, "is not an ISO 4217 currency code such as USD");
        }
        return ledger.clientBalances(clientId, c);
    }

    @GetMapping("/invariants")
    @Operation(summary = "Run the ledger invariant check and list every rule with what breaks it")
    InvariantReport invariants() {
        return invariants.check();
    }
}
