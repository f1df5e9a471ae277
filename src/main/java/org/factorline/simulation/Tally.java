package org.factorline.simulation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.factorline.outreach.OutboxMessage;
import org.factorline.payouts.PayoutId;
import org.factorline.shared.Money;

/** The running totals of one simulation, and the bookkeeping the daily checks need between days. */
final class Tally {

    /** Counts of what happened, by name, sorted: they go into the report as they are. */
    final Map<String, Integer> counters = new TreeMap<>();

    int submitted;
    int funded;
    Money faceSubmitted = Money.zero(Money.USD);
    Money faceFunded = Money.zero(Money.USD);
    Money advanced = Money.zero(Money.USD);
    Money chargesAtFunding = Money.zero(Money.USD);
    Money chargebacks = Money.zero(Money.USD);
    /** What the payout files sent to the clients. */
    Money paidOut = Money.zero(Money.USD);
    /** What the debtors paid into the factor's bank, as the imports read it. */
    Money received = Money.zero(Money.USD);

    /** Payouts made since the last file: the next release takes exactly these. */
    final List<PayoutId> payoutsToRelease = new ArrayList<>();
    /** Each payout released, and the files it was found in. */
    final Map<UUID, List<String>> payoutFiles = new HashMap<>();
    /** Bank files the import read differently from what the simulated debtors paid. */
    final List<String> bankFileMismatches = new ArrayList<>();

    /** Debtor messages already answered by the simulated debtors. */
    final Set<UUID> answered = new HashSet<>();
    /** Debtor messages already checked against the contact policy, by id. */
    final Map<UUID, OutboxMessage> checkedMessages = new HashMap<>();
    /** Invoices whose money was already reconciled once they were closed or charged back. */
    final Set<UUID> reconciled = new HashSet<>();

    final Set<UUID> insolvent = new HashSet<>();

    int maxPerMailboxPerDay;
    int maxPerMailboxPerWeek;
    int invariantViolations;
    int contactPolicyViolations;
    int otherViolations;

    /** One simulated day's running totals, for the report's charts. */
    record Day(
            java.time.LocalDate date,
            int submitted,
            int funded,
            Money advanced,
            Money received,
            Money chargebacks,
            int debtorMessages,
            int maxPerMailboxPerWeek) {}

    /** The running totals at the end of each simulated day, oldest first. */
    final List<Day> days = new ArrayList<>();

    void count(String what, int n) {
        if (n != 0) {
            counters.merge(what, n, Integer::sum);
        }
    }
}
