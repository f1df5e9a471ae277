package org.factorline.simulation;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.factorline.debtors.Debtor;
import org.factorline.debtors.DebtorStatus;
import org.factorline.debtors.Debtors;
import org.factorline.identity.CurrentActor;
import org.factorline.invoices.Invoice;
import org.factorline.invoices.InvoiceStatus;
import org.factorline.invoices.Invoices;
import org.factorline.outreach.DebtorLinks;
import org.factorline.outreach.OutboxMessage;
import org.factorline.outreach.Outreach;
import org.factorline.receipts.BankFileImport;
import org.factorline.receipts.BankFileImports;
import org.factorline.receipts.Payment;
import org.factorline.receipts.Receipts;
import org.factorline.shared.Money;
import org.factorline.shared.Rate;
import org.springframework.stereotype.Component;

/**
 * The simulated debtors: they read what the factor sent them and answer through the signed links in it
 * (acknowledge the notice, confirm or dispute invoices, say when they will pay), and they pay — into the
 * factor's bank, which sends the day's credits as a bank file the real import reads, or to the client by
 * mistake. What each does follows its {@link Behaviour}.
 */
@Component
class DebtorDesk {

    static final Pattern LINK = Pattern.compile("/d/([A-Za-z0-9_\\-]+\\.[A-Za-z0-9_\\-]+)");

    /** What a short-paying debtor pays of the face, and says so in the remittance. */
    static final Rate SHORT_PAY_SHARE = Rate.percent("95");

    private final DebtorLinks links;
    private final Outreach outreach;
    private final Invoices invoices;
    private final Debtors debtors;
    private final Receipts receipts;
    private final BankFileImports imports;

    DebtorDesk(
            DebtorLinks links,
            Outreach outreach,
            Invoices invoices,
            Debtors debtors,
            Receipts receipts,
            BankFileImports imports) {
        this.links = links;
        this.outreach = outreach;
        this.invoices = invoices;
        this.debtors = debtors;
        this.receipts = receipts;
        this.imports = imports;
    }

    /** When a just-funded invoice's money will go out, by its debtor's behaviour (null: not of itself). */
    void planPayment(Simulator.Run run, Book.SimInvoice inv) {
        LocalDate due = inv.invoice.dueDate();
        LocalDate tomorrow = inv.fundedOn.plusDays(1);
        inv.payOn = switch (inv.pair.debtor().behaviour()) {
            case PAYS_EARLY -> later(due.minusDays(7), tomorrow);
            case PAYS_ON_TIME, DISPUTES, SHORT_PAYS, PAYS_CLIENT -> later(due, tomorrow);
            case PAYS_LATE -> due.plusDays(14 + run.random.nextInt(11));
            case NEVER_ANSWERS -> due.plusDays(30);
            case NEEDS_REMINDER, GOES_INSOLVENT -> null;
        };
    }

    private static LocalDate later(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }

    // ---- answering the factor ----

    /** Every debtor message delivered and not yet answered gets its answer now (the silent never answer). */
    void answer(Simulator.Run run) {
        for (Book.SimDebtor d : run.book.debtors) {
            if (!d.behaviour().answers()) {
                continue;
            }
            List<OutboxMessage> delivered = CurrentActor.runAs(
                    Simulator.ADMIN, () -> outreach.messages(null, d.id(), null, null, Outreach.MAX_PAGE));
            // oldest first, as a person works through the inbox
            List<OutboxMessage> inbox = new ArrayList<>(delivered);
            java.util.Collections.reverse(inbox);
            for (OutboxMessage m : inbox) {
                if (m.audience() == OutboxMessage.Audience.DEBTOR
                        && m.sentAt() != null
                        && run.tally.answered.add(m.id())) {
                    answer(run, m, d);
                }
            }
        }
    }

    private void answer(Simulator.Run run, OutboxMessage m, Book.SimDebtor d) {
        Matcher link = LINK.matcher(m.bodyText());
        if (!link.find()) {
            return; // a letter of release asks nothing
        }
        String token = link.group(1);
        DebtorLinks.View view;
        try {
            view = links.open(token);
        } catch (DebtorLinks.LinkRefused expired) {
            run.tally.count("debtor: links refused", 1);
            return;
        }
        if (view.noticeToAcknowledge()) {
            links.acknowledge(token);
            run.tally.count("debtor: notices acknowledged", 1);
        }
        LocalDate today = Simulator.now(run).atZone(d.zone()).toLocalDate();
        for (DebtorLinks.Line line : view.invoices()) {
            Book.SimInvoice inv = run.book.invoice(line.invoiceId());
            if (inv == null) {
                continue;
            }
            if (line.needsConfirmation()) {
                if (inv.disputes) {
                    links.dispute(
                            token, inv.id(), DebtorLinks.DisputeReason.WRONG_AMOUNT, "We ordered 8 pallets, not 9");
                    inv.disputedAt = Simulator.now(run);
                    run.tally.count("debtor: invoices disputed", 1);
                } else {
                    links.confirm(token, List.of(inv.id()));
                    inv.verifiedAt = Simulator.now(run);
                    run.tally.count("debtor: invoices confirmed", 1);
                }
                continue;
            }
            Invoice now = CurrentActor.runAs(Simulator.ADMIN, () -> invoices.get(inv.invoice.id()));
            boolean open = now.status() == InvoiceStatus.FUNDED || now.status() == InvoiceStatus.PARTIALLY_PAID;
            if (open && line.answer() == null) {
                answerAboutPayment(run, token, inv, now, today);
            }
        }
    }

    /** A status check or a follow-up about a bought invoice. */
    private void answerAboutPayment(
            Simulator.Run run, String token, Book.SimInvoice inv, Invoice now, LocalDate today) {
        switch (inv.pair.debtor().behaviour()) {
            case PAYS_EARLY, PAYS_ON_TIME, DISPUTES, SHORT_PAYS -> {
                if (inv.payOn != null && !inv.payOn.isBefore(today)) {
                    links.answer(token, inv.id(), DebtorLinks.Answer.SCHEDULED, inv.payOn, null, null);
                    promised(run, inv, inv.payOn);
                    run.tally.count("debtor: payments scheduled", 1);
                }
            }
            case NEEDS_REMINDER -> {
                if (today.isAfter(now.dueDate())) {
                    LocalDate on = today.plusDays(5);
                    links.answer(token, inv.id(), DebtorLinks.Answer.PROMISED, on, null, "Sorry, it slipped through");
                    promised(run, inv, on);
                    inv.payOn = on;
                    run.tally.count("debtor: payments promised", 1);
                }
            }
            case PAYS_LATE, PAYS_CLIENT, GOES_INSOLVENT, NEVER_ANSWERS -> {}
        }
    }

    private static void promised(Simulator.Run run, Book.SimInvoice inv, LocalDate on) {
        inv.promisedAt = Simulator.now(run);
        inv.promisedFor = on;
    }

    /** A debtor that goes insolvent does so on the due date of its first bought invoice. */
    void goInsolvent(Simulator.Run run, LocalDate today) {
        for (Book.SimInvoice inv : run.book.invoices.values()) {
            Book.SimDebtor d = inv.pair.debtor();
            if (d.behaviour() != Behaviour.GOES_INSOLVENT
                    || !inv.funded()
                    || inv.invoice.dueDate().isAfter(today)
                    || run.tally.insolvent.contains(d.id())) {
                continue;
            }
            CurrentActor.runAs(Simulator.ADMIN, () -> {
                Debtor now = debtors.get(d.debtor().id());
                return debtors.changeStatus(
                        now.id(), DebtorStatus.INSOLVENT, "Filed for bankruptcy protection", now.version());
            });
            run.tally.insolvent.add(d.id());
            run.tally.count("debtors gone insolvent", 1);
        }
    }

    // ---- paying ----

    /**
     * The day's payments: what goes to the factor arrives as one bank file (camt.053 one file in five, BAI2
     * otherwise) imported through the real import path; a person applies what the engine left and accepts
     * the short pays; payments made to the client are recorded as the client reports them.
     */
    void pay(Simulator.Run run, LocalDate today) {
        List<SimulatedBank.Credit> credits = new ArrayList<>();
        Map<String, Book.SimInvoice> byReference = new HashMap<>();
        List<Book.SimInvoice> toClient = new ArrayList<>();
        for (Book.SimInvoice inv : run.book.invoices.values()) {
            if (inv.payOn == null || inv.paidAt != null || inv.payOn.isAfter(today)) {
                continue;
            }
            Invoice i = CurrentActor.runAs(Simulator.ADMIN, () -> invoices.get(inv.invoice.id()));
            if (i.status() != InvoiceStatus.FUNDED && i.status() != InvoiceStatus.PARTIALLY_PAID) {
                inv.payOn = null; // charged back meanwhile: the debtor deals with the client now
                continue;
            }
            Money open = CurrentActor.runAs(Simulator.ADMIN, () -> receipts.open(i));
            if (inv.pair.debtor().behaviour() == Behaviour.PAYS_CLIENT) {
                toClient.add(inv);
                continue;
            }
            boolean shortPay = inv.pair.debtor().behaviour() == Behaviour.SHORT_PAYS;
            Money amount = shortPay ? i.faceAmount().times(SHORT_PAY_SHARE, java.math.RoundingMode.HALF_UP) : open;
            if (amount.isGreaterThan(open)) {
                amount = open;
            }
            String reference = String.format("SIM%08d", credits.size() + 1 + 1000 * run.bankFileCounter);
            credits.add(new SimulatedBank.Credit(
                    inv.pair.debtor().debtor().name(),
                    amount,
                    reference,
                    (shortPay ? "SHORT PAY DAMAGED GOODS INV " : "INV ") + i.number()));
            byReference.put(reference, inv);
        }
        if (!credits.isEmpty()) {
            importBankFile(run, today, credits, byReference);
        }
        for (Book.SimInvoice inv : toClient) {
            Invoice i = CurrentActor.runAs(Simulator.ADMIN, () -> invoices.get(inv.invoice.id()));
            Money open = CurrentActor.runAs(Simulator.ADMIN, () -> receipts.open(i));
            CurrentActor.runAs(
                    Simulator.OFFICER,
                    () -> receipts.recordMisdirected(
                            inv.invoice.id(), open, today, "The client reported the customer paid it directly"));
            inv.paidAt = Simulator.now(run);
            run.tally.count("payments made to the client", 1);
        }
    }

    private void importBankFile(
            Simulator.Run run,
            LocalDate today,
            List<SimulatedBank.Credit> credits,
            Map<String, Book.SimInvoice> byReference) {
        int number = ++run.bankFileCounter;
        boolean camt = number % 5 == 2; // the second file of a run already, so that short runs read camt.053 too
        byte[] content =
                camt ? SimulatedBank.camt053(today, number, credits) : SimulatedBank.bai2(today, number, credits);
        String name = String.format("sim-%s-%04d.%s", today, number, camt ? "xml" : "bai");
        BankFileImport imported = CurrentActor.runAs(Simulator.OFFICER, () -> imports.importFile(name, content, null));
        run.tally.count(camt ? "bank files: camt.053" : "bank files: BAI2", 1);
        run.tally.count("payments: applied by the engine", imported.appliedAutomatically());
        Money sent = credits.stream()
                .map(SimulatedBank.Credit::amount)
                .reduce(Money::plus)
                .orElseThrow();
        if (imported.payments() != credits.size() || !imported.total().equals(sent)) {
            run.tally.bankFileMismatches.add(name + ": the debtors paid " + credits.size() + " credits of "
                    + sent.display() + " but the import read " + imported.payments() + " of "
                    + imported.total().display());
        }
        run.tally.received = run.tally.received.plus(imported.total());
        for (Payment p : imported.received()) {
            Book.SimInvoice inv = byReference.get(p.bankReference());
            if (inv == null) {
                throw new IllegalStateException("payment " + p.reference() + " (" + p.bankReference()
                        + ") is not one the simulated debtors made");
            }
            settle(run, p, inv);
        }
    }

    /** Cash posting by a person: apply what the engine could not place, accept a short pay. */
    private void settle(Simulator.Run run, Payment p, Book.SimInvoice inv) {
        CurrentActor.runAs(Simulator.OFFICER, () -> {
            Payment now = receipts.get(p.id());
            if (now.unapplied().isPositive()) {
                Invoice i = invoices.get(inv.invoice.id());
                Money open = receipts.open(i);
                receipts.apply(p.id(), inv.invoice.id(), now.unapplied().min(open));
                run.tally.count("payments: applied by a person", 1);
            }
            Invoice after = invoices.get(inv.invoice.id());
            if (after.status() == InvoiceStatus.PARTIALLY_PAID
                    && inv.pair.debtor().behaviour() == Behaviour.SHORT_PAYS) {
                receipts.acceptShortPay(inv.invoice.id(), "Damaged goods deduction agreed with the client");
                run.tally.count("short pays accepted", 1);
            }
            return null;
        });
        inv.paidAt = Simulator.now(run);
    }
}
