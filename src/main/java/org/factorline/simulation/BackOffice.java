package org.factorline.simulation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.factorline.funding.Funding;
import org.factorline.funding.FundingLine;
import org.factorline.funding.FundingRequest;
import org.factorline.funding.FundingStatus;
import org.factorline.funding.NewFundingRequest;
import org.factorline.identity.CurrentActor;
import org.factorline.invoices.Invoice;
import org.factorline.invoices.InvoiceId;
import org.factorline.invoices.InvoiceStatus;
import org.factorline.invoices.Invoices;
import org.factorline.invoices.VerificationStatus;
import org.factorline.outreach.Outreach;
import org.factorline.outreach.OutreachTask;
import org.factorline.payouts.Payout;
import org.factorline.payouts.PayoutFile;
import org.factorline.payouts.PayoutId;
import org.factorline.payouts.Payouts;
import org.factorline.pricing.PayoutMethod;
import org.factorline.risk.Eligibility;
import org.factorline.risk.EligibilityResult;
import org.factorline.settlement.Settlement;
import org.factorline.settlement.SettlementRun;
import org.factorline.shared.FactorlineException;
import org.springframework.stereotype.Component;

/**
 * What the factor's staff do in the simulation, as people would through the console: phone the debtors the
 * planner handed to them, approve confirmed invoices, fund what eligibility allows (one request per client
 * a day), release the payouts into a NACHA file (a second person) and send it, run the month-end settlement.
 */
@Component
class BackOffice {

    private final Invoices invoices;
    private final Eligibility eligibility;
    private final Funding funding;
    private final Payouts payouts;
    private final Settlement settlement;
    private final Outreach outreach;
    private final DebtorDesk desk;

    BackOffice(
            Invoices invoices,
            Eligibility eligibility,
            Funding funding,
            Payouts payouts,
            Settlement settlement,
            Outreach outreach,
            DebtorDesk desk) {
        this.desk = desk;
        this.invoices = invoices;
        this.eligibility = eligibility;
        this.funding = funding;
        this.payouts = payouts;
        this.settlement = settlement;
        this.outreach = outreach;
    }

    /** Yesterday's phone tasks: the debtor confirms the invoice or the notice when called. */
    void workTasks(Simulator.Run run, LocalDate today) {
        var startOfDay = today.atStartOfDay(ZoneOffset.UTC).toInstant();
        for (Book.SimClient c : run.book.clients) {
            for (OutreachTask t : outreach.tasks(c.id(), null, true, Outreach.MAX_PAGE)) {
                if (!t.openedAt().isBefore(startOfDay)) {
                    continue; // a task opened today waits for tomorrow's call
                }
                switch (t.kind()) {
                    case VERIFY_BY_PHONE -> {
                        Book.SimInvoice inv = run.book.invoice(t.invoiceId());
                        Invoice i = invoices.get(new InvoiceId(t.invoiceId()));
                        boolean pending = i.verificationStatus() == VerificationStatus.PENDING
                                && (i.status() == InvoiceStatus.SUBMITTED || i.status() == InvoiceStatus.APPROVED);
                        boolean dispute = pending && inv != null && inv.disputes;
                        outreach.complete(
                                t.id(),
                                pending
                                        ? dispute ? Outreach.TaskOutcome.DISPUTED : Outreach.TaskOutcome.VERIFIED
                                        : Outreach.TaskOutcome.DONE,
                                pending ? "The payables team answered by phone" : "Already settled");
                        if (pending && inv != null) {
                            if (dispute) {
                                inv.disputedAt = Simulator.now(run);
                            } else {
                                inv.verifiedAt = Simulator.now(run);
                            }
                        }
                        run.tally.count("staff: verification calls", 1);
                    }
                    case ACKNOWLEDGE_NOTICE -> {
                        outreach.complete(
                                t.id(), Outreach.TaskOutcome.ACKNOWLEDGED, "Payables confirmed the remit-to by phone");
                        run.tally.count("staff: notices acknowledged by phone", 1);
                    }
                    default -> {} // escalations, disputes and payment traces stay with their owners
                }
            }
        }
    }

    /**
     * Halfway through, one client stops selling to one debtor that pays on time: the debtor gets a letter
     * of release and nothing more about that client.
     */
    void releaseOnePair(Simulator.Run run) {
        for (Book.Pair p : run.book.pairs) {
            boolean sold = run.book.invoices.values().stream().anyMatch(i -> i.pair == p);
            if (p.debtor().behaviour() == Behaviour.PAYS_ON_TIME && sold) {
                outreach.release(
                        p.client().client().id(),
                        p.debtor().debtor().id(),
                        "The client stopped selling to this customer");
                run.book.releasedAt.put(p.key(), Simulator.now(run));
                run.tally.count("relationships released", 1);
                return;
            }
        }
    }

    /** Approves what the debtors confirmed, turns down what they disputed, and funds what is eligible. */
    void approveAndFund(Simulator.Run run, LocalDate today) {
        for (Book.SimClient c : run.book.clients) {
            List<Invoice> approved = new ArrayList<>();
            for (Book.SimInvoice inv : run.book.invoices.values()) {
                if (inv.pair.client() != c || inv.funded()) {
                    continue;
                }
                Invoice i = CurrentActor.runAs(Simulator.ADMIN, () -> invoices.get(inv.invoice.id()));
                if (i.status() == InvoiceStatus.SUBMITTED && i.verificationStatus() == VerificationStatus.VERIFIED) {
                    i = CurrentActor.runAs(
                            Simulator.ADMIN, () -> invoices.transition(inv.invoice.id(), InvoiceStatus.APPROVED, null));
                } else if (i.status() == InvoiceStatus.SUBMITTED
                        && i.verificationStatus() == VerificationStatus.DISPUTED) {
                    CurrentActor.runAs(
                            Simulator.ADMIN,
                            () -> invoices.transition(
                                    inv.invoice.id(), InvoiceStatus.REJECTED, "The customer disputed the invoice"));
                    run.tally.count("invoices rejected after a dispute", 1);
                    continue;
                }
                if (i.status() == InvoiceStatus.APPROVED) {
                    approved.add(i);
                }
            }
            if (!approved.isEmpty()) {
                fund(run, c, approved, today);
            }
        }
    }

    private void fund(Simulator.Run run, Book.SimClient c, List<Invoice> approved, LocalDate today) {
        List<EligibilityResult> judged =
                CurrentActor.runAs(Simulator.OFFICER, () -> eligibility.assessTogether(approved, today));
        List<UUID> eligible = new ArrayList<>();
        for (int k = 0; k < approved.size(); k++) {
            if (judged.get(k).eligible()) {
                eligible.add(approved.get(k).id().value());
            }
        }
        if (eligible.isEmpty()) {
            return;
        }
        FundingRequest requested = CurrentActor.runAs(
                Simulator.OFFICER,
                () -> funding.request(new NewFundingRequest(c.id(), eligible, null, PayoutMethod.ACH)));
        FundingRequest r = CurrentActor.runAs(Simulator.OFFICER, () -> funding.approve(requested.id()));
        if (r.status() == FundingStatus.AWAITING_SECOND_APPROVAL) {
            r = CurrentActor.runAs(Simulator.ADMIN, () -> funding.approve(requested.id()));
        }
        if (r.status() != FundingStatus.FUNDED) {
            throw new IllegalStateException("funding request " + r.reference() + " is " + r.status());
        }
        if (r.payoutId() != null) {
            run.tally.payoutsToRelease.add(new PayoutId(r.payoutId()));
        }
        run.tally.chargesAtFunding = run.tally.chargesAtFunding.plus(r.charges());
        for (FundingLine line : r.lines()) {
            Book.SimInvoice inv = run.book.invoice(line.invoiceId().value());
            inv.fundedOn = today;
            inv.fundedAt = Simulator.now(run);
            inv.advance = line.advance();
            run.tally.funded++;
            run.tally.faceFunded = run.tally.faceFunded.plus(line.face());
            run.tally.advanced = run.tally.advanced.plus(line.advance());
            desk.planPayment(run, inv);
        }
    }

    /**
     * A second person releases every payout made since the last file into one NACHA file, writes the file's
     * stored bytes to {@code payouts/}, and sends it to the bank.
     */
    void releasePayouts(Simulator.Run run, LocalDate today) {
        if (run.tally.payoutsToRelease.isEmpty()) {
            return;
        }
        List<PayoutId> ids = List.copyOf(run.tally.payoutsToRelease);
        run.tally.payoutsToRelease.clear();
        PayoutFile file = CurrentActor.runAs(Simulator.TREASURER, () -> payouts.release(PayoutMethod.ACH, ids));
        byte[] content = CurrentActor.runAs(Simulator.TREASURER, () -> payouts.content(file.id()));
        try {
            Files.write(run.payoutDir.resolve(file.reference() + ".ach"), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        CurrentActor.runAs(Simulator.TREASURER, () -> payouts.markSent(file.id()));
        List<Payout> in = CurrentActor.runAs(Simulator.TREASURER, () -> payouts.payoutsIn(file.id()));
        for (Payout p : in) {
            run.tally
                    .payoutFiles
                    .computeIfAbsent(p.id().value(), k -> new ArrayList<>())
                    .add(file.reference());
            run.tally.paidOut = run.tally.paidOut.plus(p.amount());
        }
        run.tally.count("payout files", 1);
    }

    /** The month-end run: rebates and collections paid to the clients, net of what they owe. */
    void settlementRun(Simulator.Run run) {
        SettlementRun done;
        try {
            done = CurrentActor.runAs(Simulator.OFFICER, () -> settlement.run(PayoutMethod.ACH));
        } catch (FactorlineException e) {
            if (e.getMessage() != null && e.getMessage().contains("no rebates or collections")) {
                return; // nothing collected this month
            }
            throw e;
        }
        for (SettlementRun.Line line : done.lines()) {
            if (line.payoutId() != null) {
                run.tally.payoutsToRelease.add(new PayoutId(line.payoutId()));
            }
        }
        run.tally.count("settlement runs", 1);
    }
}
