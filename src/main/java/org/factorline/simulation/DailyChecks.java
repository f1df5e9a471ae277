package org.factorline.simulation;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.factorline.identity.CurrentActor;
import org.factorline.invoices.Invoice;
import org.factorline.invoices.InvoiceStatus;
import org.factorline.invoices.Invoices;
import org.factorline.ledger.AccountCode;
import org.factorline.ledger.InvariantReport;
import org.factorline.ledger.Ledger;
import org.factorline.ledger.LedgerInvariants;
import org.factorline.outreach.ContactSettings;
import org.factorline.outreach.Intent;
import org.factorline.outreach.OutboxMessage;
import org.factorline.outreach.Outreach;
import org.factorline.receipts.Receipts;
import org.factorline.settlement.CloseOut;
import org.factorline.settlement.Settlement;
import org.factorline.shared.Money;
import org.springframework.stereotype.Component;

/**
 * The promises the simulator holds the system to after every simulated day, each checked against the
 * simulator's own record of what happened (not only the system's):
 *
 * <ul>
 *   <li>the ledger invariants hold;
 *   <li>no debtor mailbox had more than one message a business day, or more than three in any rolling 7
 *       days, across all clients;
 *   <li>no message was planned about an invoice after it was paid, disputed or charged back, or while a
 *       promised payment date had not passed; nothing but the letter of release after a release;
 *   <li>every invoice funded had been confirmed by the debtor (link or phone) before it was funded — every
 *       simulated agreement verifies every invoice;
 *   <li>no payout is in two files, and every bank file was read as the debtors paid it;
 *   <li>money is conserved (see {@link #reconcile}).
 * </ul>
 */
@Component
class DailyChecks {

    /** The factor's capital paid in at the start. */
    static final Money CAPITAL = Money.usd("100000000.00");

    private final LedgerInvariants invariants;
    private final Ledger ledger;
    private final Outreach outreach;
    private final Invoices invoices;
    private final Receipts receipts;
    private final Settlement settlement;

    DailyChecks(
            LedgerInvariants invariants,
            Ledger ledger,
            Outreach outreach,
            Invoices invoices,
            Receipts receipts,
            Settlement settlement) {
        this.invariants = invariants;
        this.ledger = ledger;
        this.outreach = outreach;
        this.invoices = invoices;
        this.receipts = receipts;
        this.settlement = settlement;
    }

    /** Checks the day; throws {@link SimulationFailed} with every violation found. */
    void afterDay(Simulator.Run run, LocalDate date) {
        List<String> violations = CurrentActor.runAs(Simulator.ADMIN, () -> {
            List<String> found = new ArrayList<>();
            ledgerInvariants(run, found);
            contactPolicy(run, date, found);
            verifiedBeforeFunding(run, date, found);
            payoutsAndBankFiles(run, found);
            reconcile(run, found);
            return found;
        });
        Tally t = run.tally;
        int debtorMessages = (int) t.checkedMessages.values().stream()
                .filter(m -> m.audience() == OutboxMessage.Audience.DEBTOR)
                .count();
        t.days.add(new Tally.Day(
                date,
                t.submitted,
                t.funded,
                t.advanced,
                t.received,
                t.chargebacks,
                debtorMessages,
                t.maxPerMailboxPerWeek));
        if (!violations.isEmpty()) {
            SimulationReport report = report(run);
            throw new SimulationFailed(run.day, date, violations, report, run.options.replayCommand());
        }
    }

    private void ledgerInvariants(Simulator.Run run, List<String> found) {
        InvariantReport r = invariants.check();
        for (InvariantReport.Rule rule : r.rules()) {
            for (String v : rule.violations()) {
                found.add("ledger invariant \"" + rule.name() + "\": " + v);
                run.tally.invariantViolations++;
            }
        }
    }

    // ---- the contact policy ----

    private void contactPolicy(Simulator.Run run, LocalDate date, List<String> found) {
        Map<String, List<LocalDate>> byMailbox = new TreeMap<>();
        for (Book.SimDebtor d : run.book.debtors) {
            List<OutboxMessage> all = outreach.messages(null, d.id(), null, null, Outreach.MAX_PAGE);
            if (all.size() >= Outreach.MAX_PAGE) {
                found.add("mailbox " + d.mailbox() + " has more messages than one page holds; cannot check it");
            }
            for (OutboxMessage m : all) {
                if (m.audience() != OutboxMessage.Audience.DEBTOR || m.status() == OutboxMessage.Status.CANCELLED) {
                    continue;
                }
                byMailbox.computeIfAbsent(m.mailbox(), k -> new ArrayList<>()).add(m.localDate());
                if (run.tally.checkedMessages.putIfAbsent(m.id(), m) == null) {
                    newMessage(run, d, m, found);
                }
            }
        }
        for (var e : byMailbox.entrySet()) {
            caps(run, e.getKey(), e.getValue(), date, found);
        }
    }

    /** A message seen for the first time: nothing about a silenced invoice, nothing after a release. */
    private void newMessage(Simulator.Run run, Book.SimDebtor d, OutboxMessage m, List<String> found) {
        run.tally.count("debtor messages: " + m.kind(), 1);
        String where = m.kind() + " message to " + m.mailbox() + " on " + m.localDate();
        LocalDate localDay = m.createdAt().atZone(d.zone()).toLocalDate();
        for (UUID id : outreach.messageInvoices(m.id())) {
            Book.SimInvoice inv = run.book.invoice(id);
            if (inv == null) {
                continue;
            }
            String silenced = inv.silencedAt(m.createdAt(), localDay);
            if (silenced != null) {
                found.add(where + " is about invoice " + inv.invoice.number() + ", but " + silenced);
                run.tally.contactPolicyViolations++;
            }
        }
        for (Book.Pair p : run.book.pairs) {
            var released = run.book.releasedAt.get(p.key());
            if (p.debtor() == d
                    && p.client().id().equals(m.clientId())
                    && released != null
                    && !released.isAfter(m.createdAt())
                    && m.kind() != Intent.RELEASE) {
                found.add(where + " was planned after the relationship was released at " + released);
                run.tally.contactPolicyViolations++;
            }
        }
    }

    /** At most one message a business day and three in any rolling 7 days, per mailbox, across all clients. */
    private void caps(Simulator.Run run, String mailbox, List<LocalDate> days, LocalDate today, List<String> found) {
        Map<LocalDate, Integer> perDay = new TreeMap<>();
        days.forEach(d -> perDay.merge(d, 1, Integer::sum));
        for (var e : perDay.entrySet()) {
            LocalDate day = e.getKey();
            int week = (int) days.stream()
                    .filter(x -> !x.isBefore(day.minusDays(6)) && !x.isAfter(day))
                    .count();
            run.tally.maxPerMailboxPerDay = Math.max(run.tally.maxPerMailboxPerDay, e.getValue());
            run.tally.maxPerMailboxPerWeek = Math.max(run.tally.maxPerMailboxPerWeek, week);
            boolean recent = !day.isBefore(today.minusDays(7)); // older days were checked on their own day
            if (recent && e.getValue() > ContactSettings.MAX_PER_DAY) {
                found.add("mailbox " + mailbox + " got " + e.getValue() + " messages on " + day + " (at most "
                        + ContactSettings.MAX_PER_DAY + " a business day)");
                run.tally.contactPolicyViolations++;
            }
            if (recent && week > ContactSettings.MAX_PER_WEEK_CEILING) {
                found.add("mailbox " + mailbox + " got " + week + " messages in the 7 days to " + day + " (at most "
                        + ContactSettings.MAX_PER_WEEK_CEILING + " across all clients)");
                run.tally.contactPolicyViolations++;
            }
        }
    }

    // ---- funding, payouts, bank files ----

    private void verifiedBeforeFunding(Simulator.Run run, LocalDate date, List<String> found) {
        for (Book.SimInvoice inv : run.book.invoices.values()) {
            if (date.equals(inv.fundedOn) && (inv.verifiedAt == null || inv.verifiedAt.isAfter(inv.fundedAt))) {
                found.add("invoice " + inv.invoice.number() + " was funded at " + inv.fundedAt
                        + " but the debtor had not confirmed it"
                        + (inv.verifiedAt == null ? "" : " until " + inv.verifiedAt));
                run.tally.otherViolations++;
            }
        }
    }

    private void payoutsAndBankFiles(Simulator.Run run, List<String> found) {
        run.tally.payoutFiles.forEach((payout, files) -> {
            if (files.size() > 1) {
                found.add("payout " + payout + " is in " + files.size() + " files: " + files);
                run.tally.otherViolations++;
            }
        });
        for (String mismatch : run.tally.bankFileMismatches) {
            found.add("bank file " + mismatch);
            run.tally.otherViolations++;
        }
        run.tally.bankFileMismatches.clear();
    }

    // ---- money ----

    /**
     * Money conservation, from the records of funding, receipts, settlement and recourse and the simulator's
     * own bank, checked against one another and the ledger:
     *
     * <ol>
     *   <li>per invoice closed out: collected = advance + discount fee + rebate (a short pay comes out of the
     *       rebate; a negative rebate is what the client owes);
     *   <li>per invoice charged back: collected + chargeback = advance + fee to the recourse date;
     *   <li>for the book, summing those and defining the open exposure of a bought invoice still open as its
     *       advance less what it collected: collected + chargebacks + open exposure = advanced + fees + rebates;
     *   <li>the factor's cash in the ledger = capital + what the debtors paid into the bank (the bank files
     *       generated) − what the payout files sent.
     * </ol>
     *
     * Equations 1 and 2 are checked once per invoice, when it closes or is charged back; 4 every day.
     */
    private void reconcile(Simulator.Run run, List<String> found) {
        for (Book.SimInvoice inv : run.book.invoices.values()) {
            if (!inv.funded() || run.tally.reconciled.contains(inv.id())) {
                continue;
            }
            if (inv.paidAt == null && inv.chargedBackAt == null) {
                continue; // nothing final can have happened to it
            }
            Invoice now = invoices.get(inv.invoice.id());
            Money collected = receipts.collectionOf(now).collected();
            if (now.status() == InvoiceStatus.CLOSED) {
                CloseOut c = settlement.closeOutOf(now.id());
                Money right = inv.advance.plus(c.fee()).plus(c.rebate());
                if (!collected.equals(right)) {
                    found.add("invoice " + now.number() + " collected " + collected.display() + " but advance "
                            + inv.advance.display() + " + fee " + c.fee().display() + " + rebate "
                            + c.rebate().display() + " = " + right.display());
                    run.tally.otherViolations++;
                }
                run.tally.reconciled.add(inv.id());
            } else if (now.status() == InvoiceStatus.CHARGED_BACK && inv.chargeback != null) {
                Money left = collected.plus(inv.chargeback);
                Money right = inv.advance.plus(inv.chargebackFee);
                if (!left.equals(right)) {
                    found.add("invoice " + now.number() + " charged back: collected " + collected.display()
                            + " + chargeback " + inv.chargeback.display() + " ≠ advance " + inv.advance.display()
                            + " + fee " + inv.chargebackFee.display());
                    run.tally.otherViolations++;
                }
                run.tally.reconciled.add(inv.id());
            }
        }
        Money cash = ledger.balance(AccountCode.CASH, null, Money.USD);
        Money expected = CAPITAL.plus(run.tally.received).minus(run.tally.paidOut);
        if (!cash.equals(expected)) {
            found.add("cash in the ledger is " + cash.display() + " but capital " + CAPITAL.display()
                    + " + bank credits " + run.tally.received.display() + " − payouts sent "
                    + run.tally.paidOut.display() + " = " + expected.display());
            run.tally.otherViolations++;
        }
    }

    // ---- the report ----

    /** The report as things stand: totals from the services' own records, counts from the run. */
    SimulationReport report(Simulator.Run run) {
        return CurrentActor.runAs(Simulator.ADMIN, () -> build(run));
    }

    private SimulationReport build(Simulator.Run run) {
        Tally t = run.tally;
        Money collected = Money.zero(Money.USD);
        Money discountFees = Money.zero(Money.USD);
        Money rebates = Money.zero(Money.USD);
        Money chargebackFees = Money.zero(Money.USD);
        Money exposure = Money.zero(Money.USD);
        int closed = 0;
        for (Book.SimInvoice inv : run.book.invoices.values()) {
            if (!inv.funded()) {
                continue;
            }
            Invoice now = invoices.get(inv.invoice.id());
            Money c = receipts.collectionOf(now).collected();
            collected = collected.plus(c);
            if (now.status() == InvoiceStatus.CLOSED) {
                CloseOut co = settlement.closeOutOf(now.id());
                discountFees = discountFees.plus(co.fee());
                rebates = rebates.plus(co.rebate());
                closed++;
            } else if (now.status() == InvoiceStatus.CHARGED_BACK && inv.chargeback != null) {
                chargebackFees = chargebackFees.plus(inv.chargebackFee);
            } else {
                exposure = exposure.plus(inv.advance.minus(c));
            }
        }
        int debtorContacts = (int) t.checkedMessages.values().stream()
                .filter(m -> m.audience() == OutboxMessage.Audience.DEBTOR)
                .count();
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("seed", run.options.seed());
        v.put("days", run.options.days());
        v.put("clients", run.options.clients());
        v.put("debtors", run.options.debtors());
        v.put("invoices_per_day", run.options.invoicesPerDay());
        v.put("mix", run.options.mix().option());
        v.put("days_simulated", run.day + 1);
        v.put("invoices", t.submitted);
        v.put("invoices_face_total", t.faceSubmitted);
        v.put("invoices_funded", t.funded);
        v.put("invoices_closed", closed);
        v.put("face_funded_total", t.faceFunded);
        v.put("funded_total", t.advanced);
        v.put("collected_total", collected);
        v.put("fees_total", t.chargesAtFunding.plus(discountFees).plus(chargebackFees));
        v.put("fees_at_funding_total", t.chargesAtFunding);
        v.put("discount_fees_total", discountFees.plus(chargebackFees));
        v.put("rebates_total", rebates);
        v.put("chargebacks_total", t.chargebacks);
        v.put("open_exposure_total", exposure);
        v.put("bank_credits_total", t.received);
        v.put("payouts_sent_total", t.paidOut);
        v.put(
                "conservation",
                "collected + chargebacks + open exposure = advanced + discount fees + rebates: "
                        + collected.plus(t.chargebacks).plus(exposure).amount().toPlainString() + " = "
                        + t.advanced
                                .plus(discountFees)
                                .plus(chargebackFees)
                                .plus(rebates)
                                .amount()
                                .toPlainString());
        v.put("debtor_contacts", debtorContacts);
        v.put("max_contacts_per_mailbox_per_day", t.maxPerMailboxPerDay);
        v.put("max_contacts_per_mailbox_per_week", t.maxPerMailboxPerWeek);
        v.put("invariant_violations", t.invariantViolations);
        v.put("contact_policy_violations", t.contactPolicyViolations);
        v.put("other_violations", t.otherViolations);
        v.put("counts", new LinkedHashMap<>(t.counters));
        return new SimulationReport(v, t.days);
    }
}
