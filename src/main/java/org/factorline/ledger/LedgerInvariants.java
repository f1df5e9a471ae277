package org.factorline.ledger;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.factorline.identity.CurrentActor;
import org.factorline.ledger.internal.LedgerRepository;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The invariant check: every entry balances and has at least two postings, the trial balance is zero in
 * every currency, reversals mirror what they reverse, no account is below zero where that is forbidden,
 * and every sub-ledger another module keeps agrees with the ledger. Runs in tests, from the API and from
 * the command line ({@code java -jar factorline.jar check-ledger}).
 */
@Service
public class LedgerInvariants {

    /** At most this many violations are listed per rule; one is enough to fail. */
    static final int LIST_LIMIT = 50;

    private final LedgerRepository rows;
    private final List<SubledgerCheck> subledgers;
    private final Clock clock;

    LedgerInvariants(LedgerRepository rows, List<SubledgerCheck> subledgers, Clock clock) {
        this.rows = rows;
        this.subledgers = subledgers;
        this.clock = clock;
    }

    /** Checks as the signed-in staff member (any staff role may). */
    public InvariantReport check() {
        CurrentActor.get().requireStaff();
        return checkAsSystem();
    }

    /** The same check without a signed-in user, for the command line and scheduled runs. */
    @Transactional(readOnly = true)
    public InvariantReport checkAsSystem() {
        List<InvariantReport.Rule> rules = new ArrayList<>();
        List<Object[]> balances = rows.signedBalances();
        LedgerRepository.EntryCheck entries = rows.checkEntries(LIST_LIMIT);
        rules.add(new InvariantReport.Rule("every entry balances and has at least two postings", entries.violations()));
        rules.add(new InvariantReport.Rule("the trial balance is zero in every currency", trialBalance(balances)));
        rules.add(new InvariantReport.Rule(
                "every reversal mirrors the entry it reverses", rows.brokenReversals(LIST_LIMIT)));
        rules.add(new InvariantReport.Rule("no balance below zero where that is forbidden", negatives(balances)));
        for (SubledgerCheck s : subledgers) {
            List<String> v = s.violations();
            rules.add(new InvariantReport.Rule(s.name(), v.size() > LIST_LIMIT ? v.subList(0, LIST_LIMIT) : v));
        }
        return new InvariantReport(clock.instant(), entries.entries(), entries.postings(), List.copyOf(rules));
    }

    private static List<String> trialBalance(List<Object[]> balances) {
        List<String> out = new ArrayList<>();
        java.util.Map<String, BigDecimal> byCurrency = new java.util.TreeMap<>();
        for (Object[] r : balances) {
            byCurrency.merge((String) r[2], (BigDecimal) r[3], BigDecimal::add);
        }
        byCurrency.forEach((currency, diff) -> {
            if (diff.signum() != 0) {
                out.add("total debits exceed total credits in " + currency + " by " + diff.toPlainString());
            }
        });
        return out;
    }

    private static List<String> negatives(List<Object[]> balances) {
        List<String> out = new ArrayList<>();
        for (Object[] r : balances) {
            AccountCode code = AccountCode.valueOf((String) r[0]);
            BigDecimal signed = (BigDecimal) r[3];
            BigDecimal normal = code.type().normalSide() == Side.DEBIT ? signed : signed.negate();
            if (!code.mayGoNegative() && normal.signum() < 0 && out.size() < LIST_LIMIT) {
                UUID client = (UUID) r[1];
                out.add(code + (client == null ? "" : " of client " + client) + " is " + normal.toPlainString() + " "
                        + r[2] + "; it may not go below zero");
            }
        }
        return out;
    }
}
