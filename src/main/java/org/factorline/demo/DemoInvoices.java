package org.factorline.demo;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.factorline.clients.Client;
import org.factorline.debtors.Debtor;
import org.factorline.debtors.DebtorId;
import org.factorline.debtors.Debtors;
import org.factorline.debtors.NotificationState;
import org.factorline.funding.Funding;
import org.factorline.funding.FundingRequest;
import org.factorline.funding.FundingStatus;
import org.factorline.funding.NewFundingRequest;
import org.factorline.identity.Actor;
import org.factorline.identity.CurrentActor;
import org.factorline.identity.Role;
import org.factorline.invoices.Invoice;
import org.factorline.invoices.InvoiceStatus;
import org.factorline.invoices.Invoices;
import org.factorline.invoices.NewInvoice;
import org.factorline.invoices.ScheduleSource;
import org.factorline.invoices.VerificationStatus;
import org.factorline.ledger.AccountCode;
import org.factorline.ledger.JournalLine;
import org.factorline.ledger.Ledger;
import org.factorline.ledger.NewEntry;
import org.factorline.ledger.ReasonCode;
import org.factorline.payouts.PayoutFile;
import org.factorline.payouts.PayoutId;
import org.factorline.payouts.Payouts;
import org.factorline.pricing.PayoutMethod;
import org.factorline.pricing.ReceiptKind;
import org.factorline.receipts.IncomingPayment;
import org.factorline.receipts.Receipts;
import org.factorline.risk.Eligibility;
import org.factorline.risk.EligibilityResult;
import org.factorline.settlement.Settlement;
import org.factorline.shared.Money;
import org.factorline.shared.TimeTravel;
import org.springframework.stereotype.Component;

/**
 * The demo invoices: each active client sells to a handful of regular customers, invoices spread over
 * the last four months, and each invoice has walked as far through its life as its age makes plausible.
 * Buying goes through the real path — verification, the notice, approval, eligibility, funding requests
 * approved by the funding officer (and the administrator above the four-eyes amount), payouts released
 * into ACH files, debtors' payments matched and applied, invoices closed out and a settlement run — so
 * the books, the funding desk and the payouts page show a working factor. Invoices left unpaid past
 * their recourse date wait for the recourse sweep.
 */
@Component
class DemoInvoices {

    static final int INVOICES_PER_CLIENT = 60;
    static final int DAYS_BACK = 120;
    static final int CUSTOMERS_PER_CLIENT = 7;
    static final int BATCH = 6;

    static final Actor FIONA = new Actor(null, "fiona", "Fiona O'Brien", null, EnumSet.of(Role.FUNDING_OFFICER));
    static final Actor ADMIN = new Actor(null, "admin", "Alex Admin", null, EnumSet.of(Role.ADMIN));
    static final Actor VICTOR = new Actor(null, "victor", "Victor Chen", null, EnumSet.of(Role.VERIFIER));

    private final Invoices invoices;
    private final Debtors debtors;
    private final Eligibility eligibility;
    private final Funding funding;
    private final Payouts payouts;
    private final Receipts receipts;
    private final Settlement settlement;
    private final Ledger ledger;
    private final Clock clock;

    DemoInvoices(
            Invoices invoices,
            Debtors debtors,
            Eligibility eligibility,
            Funding funding,
            Payouts payouts,
            Receipts receipts,
            Settlement settlement,
            Ledger ledger,
            Clock clock) {
        this.ledger = ledger;
        this.receipts = receipts;
        this.settlement = settlement;
        this.clock = clock;
        this.invoices = invoices;
        this.debtors = debtors;
        this.eligibility = eligibility;
        this.funding = funding;
        this.payouts = payouts;
    }

    /** An invoice with where it is headed. */
    private record Planned(Invoice invoice, List<InvoiceStatus> path, int age) {}

    int load(List<Client> clients, List<Debtor> debtorList, LocalDate today, Random random) {
        // the owners put in the capital the factor lends from
        TimeTravel.at(
                clock,
                at(today.minusYears(1), 9),
                () -> ledger.postManual(new NewEntry(
                        "demo:capital",
                        ReasonCode.CAPITAL_CONTRIBUTED,
                        today.minusYears(1),
                        "manual",
                        null,
                        null,
                        "Owners' capital paid in",
                        List.of(
                                JournalLine.debit(AccountCode.CASH, Money.usd("1500000.00")),
                                JournalLine.credit(AccountCode.CAPITAL, Money.usd("1500000.00"))))));
        int count = 0;
        Map<DebtorId, String> names = new java.util.HashMap<>();
        debtorList.forEach(d -> names.put(d.id(), d.name()));
        for (int c = 0; c < clients.size(); c++) {
            Client client = clients.get(c);
            List<Debtor> customers = new ArrayList<>();
            for (int k = 0; k < CUSTOMERS_PER_CLIENT; k++) {
                customers.add(debtorList.get((c * 5 + k * 3) % debtorList.size()));
            }
            PayoutMethod method = c % 3 == 2 ? PayoutMethod.WIRE : PayoutMethod.ACH;
            String prefix = client.displayName().replaceAll("[^A-Z]", "");
            for (int from = 0; from < INVOICES_PER_CLIENT; from += BATCH) {
                List<Planned> batch = new ArrayList<>();
                for (int i = from; i < Math.min(INVOICES_PER_CLIENT, from + BATCH); i++) {
                    int age = Math.max(DAYS_BACK - i * DAYS_BACK / INVOICES_PER_CLIENT - random.nextInt(2), 0);
                    Debtor debtor = customers.get(random.nextInt(customers.size()));
                    String number = prefix + "-" + (10_400 + i);
                    Invoice invoice = TimeTravel.at(
                            clock, at(today.minusDays(age), 10), () -> submit(client, debtor, number, random));
                    batch.add(new Planned(invoice, path(age, random), age));
                }
                count += batch.size();
                int newest = batch.stream().mapToInt(Planned::age).min().orElse(0);
                LocalDate fundingDay = today.minusDays(Math.max(newest - 2, 0));
                TimeTravel.at(clock, at(fundingDay, 9), () -> acknowledgeNotices(client, customers));
                FundingRequest funded =
                        TimeTravel.at(clock, at(fundingDay, 15), () -> approveAndFund(client, batch, method));
                walkOn(funded, batch, today, names);
                LocalDate releaseDay = fundingDay.plusDays(1);
                if (funded != null
                        && funded.payoutId() != null
                        && method == PayoutMethod.ACH
                        && releaseDay.isBefore(today)) {
                    // the administrator releases what the funding officer funded, and the file goes to the bank
                    TimeTravel.at(clock, at(releaseDay, 10), () -> {
                        PayoutFile file = CurrentActor.runAs(
                                ADMIN,
                                () -> payouts.release(PayoutMethod.ACH, List.of(new PayoutId(funded.payoutId()))));
                        CurrentActor.runAs(ADMIN, () -> payouts.markSent(file.id()));
                    });
                }
            }
        }
        // the month's settlement run pays the rebates of everything collected
        try {
            CurrentActor.runAs(ADMIN, () -> settlement.run(PayoutMethod.ACH));
        } catch (org.factorline.shared.FactorlineException nothingCollected) {
            // a book with nothing collected yet has no rebates to pay
        }
        return count;
    }

    /** The instant of that business day at the hour (UTC), never later than now. */
    private Instant at(LocalDate day, int hour) {
        Instant when = day.atTime(hour, 0).toInstant(ZoneOffset.UTC);
        Instant now = clock.instant();
        return when.isAfter(now) ? now : when;
    }

    private Invoice submit(Client client, Debtor debtor, String number, Random random) {
        Money face = Money.of(BigDecimal.valueOf(50_000 + random.nextInt(1_450_000), 2), Money.USD);
        return invoices.submit(
                new NewInvoice(
                        client.id(),
                        debtor.id(),
                        number,
                        random.nextInt(3) == 0 ? "PO-" + (70_000 + random.nextInt(9_999)) : null,
                        LocalDate.now(clock),
                        30 + 15 * random.nextInt(3),
                        null,
                        face),
                ScheduleSource.MANUAL);
    }

    /** Every customer but the last has acknowledged the notice; the last one's is still on its way. */
    private Void acknowledgeNotices(Client client, List<Debtor> customers) {
        for (int k = 0; k < customers.size(); k++) {
            Debtor d = customers.get(k);
            boolean notYet = debtors.relationships(d.id()).stream()
                    .anyMatch(r -> r.clientId().equals(client.id().value())
                            && r.notificationState() == NotificationState.NOT_NOTIFIED);
            boolean last = k == customers.size() - 1;
            if (notYet) {
                debtors.recordNotice(
                        client.id().value(),
                        d.id(),
                        last ? NotificationState.NOTICE_SENT : NotificationState.ACKNOWLEDGED,
                        last
                                ? "Notice mailed with the first schedule"
                                : "Signed acknowledgement returned by the AP manager");
            }
        }
        return null;
    }

    /** Verifies and approves the batch and funds what is eligible that day. */
    private FundingRequest approveAndFund(Client client, List<Planned> batch, PayoutMethod method) {
        List<Invoice> approved = new ArrayList<>();
        for (Planned p : batch) {
            if (p.path().isEmpty()) {
                continue;
            }
            InvoiceStatus first = p.path().get(0);
            if (first != InvoiceStatus.APPROVED) {
                invoices.transition(p.invoice().id(), first, reason(first));
                continue;
            }
            if (p.invoice().verificationStatus() == VerificationStatus.PENDING && p.age() > 3) {
                CurrentActor.runAs(
                        VICTOR,
                        () -> invoices.recordVerification(
                                p.invoice().id(),
                                VerificationStatus.VERIFIED,
                                "Confirmed by phone with the debtor's AP clerk"));
            }
            Invoice a = invoices.transition(p.invoice().id(), InvoiceStatus.APPROVED, null);
            if (p.path().contains(InvoiceStatus.FUNDED)) {
                approved.add(a);
            }
        }
        List<java.util.UUID> eligible = new ArrayList<>();
        List<EligibilityResult> judged = eligibility.assessTogether(approved, LocalDate.now(clock));
        for (int i = 0; i < approved.size(); i++) {
            if (judged.get(i).eligible()) {
                eligible.add(approved.get(i).id().value());
            }
        }
        if (eligible.isEmpty()) {
            return null;
        }
        FundingRequest requested = CurrentActor.runAs(
                FIONA, () -> funding.request(new NewFundingRequest(client.id().value(), eligible, null, method)));
        FundingRequest r = CurrentActor.runAs(FIONA, () -> funding.approve(requested.id()));
        if (r.status() == FundingStatus.AWAITING_SECOND_APPROVAL) {
            r = CurrentActor.runAs(ADMIN, () -> funding.approve(requested.id()));
        }
        return r;
    }

    /**
     * What became of each funded invoice, on the day it happened: its debtor paid it in full around the
     * due date (matched by the engine, closed out, rebate owed), or paid part of it.
     */
    private void walkOn(FundingRequest funded, List<Planned> batch, LocalDate today, Map<DebtorId, String> names) {
        if (funded == null) {
            return;
        }
        java.util.Set<java.util.UUID> bought = new java.util.HashSet<>();
        funded.lines().forEach(l -> bought.add(l.invoiceId().value()));
        for (Planned p : batch) {
            if (!bought.contains(p.invoice().id().value())) {
                continue;
            }
            boolean full = p.path().contains(InvoiceStatus.PAID);
            boolean part = p.path().contains(InvoiceStatus.PARTIALLY_PAID);
            if (!full && !part) {
                continue;
            }
            LocalDate day = p.invoice().dueDate().minusDays(2 + p.age() % 5);
            LocalDate paidOn = day.isAfter(today) ? today : day;
            Money face = p.invoice().faceAmount();
            Money amount =
                    full ? face : face.times(org.factorline.shared.Rate.percent("60"), java.math.RoundingMode.HALF_UP);
            TimeTravel.at(
                    clock,
                    at(paidOn, 16),
                    () -> receipts.record(
                            new IncomingPayment(
                                    paidOn,
                                    amount,
                                    p.age() % 4 == 0 ? ReceiptKind.CHECK : ReceiptKind.ELECTRONIC,
                                    names.get(p.invoice().debtorId()),
                                    null,
                                    null,
                                    null,
                                    // a part payment says so: the engine applies one alone only then
                                    (full ? "" : "PARTIAL PMT ") + "INV "
                                            + p.invoice().number(),
                                    "demo lockbox"),
                            null));
        }
    }

    /** Where an invoice of this age has got to: the older, the further along. */
    private static List<InvoiceStatus> path(int age, Random random) {
        int roll = random.nextInt(100);
        if (age > 75) {
            if (roll < 8) {
                // unpaid past its recourse date: the recourse sweep will charge it back
                return List.of(InvoiceStatus.APPROVED, InvoiceStatus.FUNDED);
            }
            if (roll < 14) {
                return List.of(InvoiceStatus.APPROVED, InvoiceStatus.FUNDED, InvoiceStatus.PARTIALLY_PAID);
            }
            return List.of(InvoiceStatus.APPROVED, InvoiceStatus.FUNDED, InvoiceStatus.PAID, InvoiceStatus.CLOSED);
        }
        if (age > 40) {
            if (roll < 35) {
                return List.of(InvoiceStatus.APPROVED, InvoiceStatus.FUNDED, InvoiceStatus.PAID);
            }
            if (roll < 45) {
                return List.of(InvoiceStatus.APPROVED, InvoiceStatus.FUNDED, InvoiceStatus.PARTIALLY_PAID);
            }
            return List.of(InvoiceStatus.APPROVED, InvoiceStatus.FUNDED);
        }
        if (age > 7) {
            if (roll < 5) {
                return List.of(InvoiceStatus.REJECTED);
            }
            return List.of(InvoiceStatus.APPROVED, InvoiceStatus.FUNDED);
        }
        if (roll < 10) {
            return List.of(InvoiceStatus.WITHDRAWN);
        }
        return roll < 60 ? List.of(InvoiceStatus.APPROVED) : List.of();
    }

    private static String reason(InvoiceStatus step) {
        return switch (step) {
            case REJECTED -> "Debtor disputes delivery; client asked to resubmit with proof of delivery";
            case WITHDRAWN -> "Client withdrew: invoice reissued with corrected PO";
            case CHARGED_BACK -> "Recourse period ended unpaid";
            case PARTIALLY_PAID -> "Debtor short-paid; deduction under review";
            default -> null;
        };
    }
}
