package org.factorline.ledger;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.factorline.shared.ErrorCode;
import org.factorline.shared.FactorlineException;
import org.factorline.shared.FieldProblem;

/**
 * A journal entry to post: why (a reason code and the business object it belongs to), on which business
 * date, under which idempotency key, and its lines. It is refused unless it has at least two lines, every
 * amount is positive, per-client accounts name their client, and debits equal credits in each currency.
 */
public record NewEntry(
        String idempotencyKey,
        ReasonCode reason,
        LocalDate businessDate,
        String referenceType,
        UUID referenceId,
        UUID clientId,
        String memo,
        List<JournalLine> lines) {

    public static final int MAX_KEY_LENGTH = 200;
    public static final int MAX_MEMO_LENGTH = 500;

    public NewEntry {
        lines = lines == null ? List.of() : List.copyOf(lines);
    }

    /** Refuses the entry naming every problem: the line, the account and the amounts. */
    public void requireValid() {
        List<FieldProblem> problems = new ArrayList<>();
        if (idempotencyKey == null || idempotencyKey.isBlank() || idempotencyKey.length() > MAX_KEY_LENGTH) {
            problems.add(FieldProblem.of(
                    "idempotencyKey", idempotencyKey, "is required, at most " + MAX_KEY_LENGTH + " characters"));
        }
        if (reason == null) {
            problems.add(FieldProblem.of("reason", null, "is required"));
        }
        if (businessDate == null) {
            problems.add(FieldProblem.of("businessDate", null, "is required"));
        }
        if (memo != null && memo.length() > MAX_MEMO_LENGTH) {
            problems.add(FieldProblem.of("memo", memo, "must be at most " + MAX_MEMO_LENGTH + " characters"));
        }
        if (lines.size() < 2) {
            problems.add(FieldProblem.of("lines", lines.size(), "an entry needs at least two lines"));
        }
        Map<Currency, BigDecimal> imbalance = new TreeMap<>(java.util.Comparator.comparing(Currency::getCurrencyCode));
        for (int i = 0; i < lines.size(); i++) {
            JournalLine l = lines.get(i);
            String at = "lines[" + i + "]";
            if (l == null || l.account() == null || l.side() == null || l.amount() == null) {
                problems.add(FieldProblem.of(at, l, "needs an account, a side and an amount"));
                continue;
            }
            if (!l.amount().isPositive()) {
                problems.add(FieldProblem.of(at + ".amount", l.amount(), "must be positive"));
            }
            if (l.account().perClient() && l.clientId() == null) {
                problems.add(
                        FieldProblem.of(at + ".clientId", null, l.account() + " is kept per client: name the client"));
            }
            if (!l.account().perClient() && l.clientId() != null) {
                problems.add(FieldProblem.of(
                        at + ".clientId", l.clientId(), l.account() + " is the factor's own account, not a client's"));
            }
            BigDecimal signed = l.side() == Side.DEBIT
                    ? l.amount().amount()
                    : l.amount().amount().negate();
            imbalance.merge(l.amount().currency(), signed, BigDecimal::add);
        }
        imbalance.forEach((currency, diff) -> {
            if (diff.signum() != 0) {
                problems.add(FieldProblem.of(
                        "lines",
                        currency + " " + diff.toPlainString(),
                        "debits must equal credits in " + currency + "; debits exceed credits by "
                                + diff.toPlainString()));
            }
        });
        if (!problems.isEmpty()) {
            throw new FactorlineException(
                    ErrorCode.LEDGER_ENTRY_REFUSED,
                    "Journal entry " + (reason == null ? "" : reason + " ") + "refused: "
                            + problems.get(0).message()
                            + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : ""),
                    problems);
        }
    }

    /** What makes two entries the same: a retry with the same key must carry the same content. */
    public String fingerprint() {
        StringBuilder b = new StringBuilder()
                .append(reason)
                .append('|')
                .append(businessDate)
                .append('|')
                .append(referenceType)
                .append('|')
                .append(referenceId)
                .append('|')
                .append(clientId);
        for (JournalLine l : lines) {
            b.append('|')
                    .append(l.account())
                    .append(',')
                    .append(l.clientId())
                    .append(',')
                    .append(l.side())
                    .append(',')
                    .append(l.amount().amount().toPlainString())
                    .append(',')
                    .append(l.amount().currency());
        }
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256")
                            .digest(b.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
