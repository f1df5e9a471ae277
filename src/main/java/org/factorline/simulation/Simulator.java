package org.factorline.simulation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.factorline.clients.AgreementTerms;
import org.factorline.clients.Client;
import org.factorline.clients.ClientDetails;
import org.factorline.clients.ClientStatus;
import org.factorline.clients.Clients;
import org.factorline.clients.VerificationPolicy;
import org.factorline.debtors.Debtor;
import org.factorline.debtors.DebtorDetails;
import org.factorline.debtors.Debtors;
import org.factorline.identity.Actor;
import org.factorline.identity.CurrentActor;
import org.factorline.identity.Role;
import org.factorline.invoices.Invoice;
import org.factorline.invoices.Invoices;
import org.factorline.invoices.NewInvoice;
import org.factorline.invoices.ScheduleSource;
import org.factorline.ledger.AccountCode;
import org.factorline.ledger.JournalLine;
import org.factorline.ledger.Ledger;
import org.factorline.ledger.NewEntry;
import org.factorline.ledger.ReasonCode;
import org.factorline.outreach.Outbox;
import org.factorline.outreach.Planner;
import org.factorline.pricing.FeeSchedule;
import org.factorline.pricing.MiscFees;
import org.factorline.settlement.Chargeback;
import org.factorline.settlement.Recourse;
import org.factorline.shared.BusinessCalendar;
import org.factorline.shared.Money;
import org.factorline.shared.MutableClock;
import org.factorline.shared.PostalAddress;
import org.factorline.shared.Rate;
import org.springframework.stereotype.Component;

/**
 * Runs a whole factoring book through the real services, one simulated day at a time, on a clock it
 * moves: clients submit invoices, the planner asks the debtors to confirm them and the debtors answer
 * through their links, staff fund what is eligible and release the payouts into NACHA files, the debtors
 * pay through bank files the real import path reads, the recourse sweep and the month-end settlement run
 * do their work — and after each day {@link DailyChecks} holds the system to its promises. Every random
 * choice comes from the seed, so a run can be replayed exactly.
 */
@Component
public class Simulator {

    /** The first simulated day: a Monday. */
    static final LocalDate FIRST_DAY = LocalDate.of(2026, 3, 2);

    // The day's moments, in UTC: before the debtors' business hours in Chicago, then inside them.
    static final LocalTime MORNING = LocalTime.of(13, 0);
    static final LocalTime FIRST_PLANNING = LocalTime.of(15, 30);
    static final LocalTime ANSWERS = LocalTime.of(19, 0);
    static final LocalTime BANK_FILE = LocalTime.of(20, 0);
    static final LocalTime SECOND_PLANNING = LocalTime.of(21, 0);
    static final LocalTime EVENING = LocalTime.of(23, 0);

    static final Actor ADMIN = new Actor(null, "sim-admin", "Simulated administrator", null, EnumSet.of(Role.ADMIN));
    /** Releases payout files: never the person who made a payout (funding or settlement). */
    static final Actor TREASURER =
            new Actor(null, "sim-treasurer", "Simulated treasurer", null, EnumSet.of(Role.ADMIN));

    static final Actor OFFICER =
            new Actor(null, "sim-funding", "Simulated funding officer", null, EnumSet.of(Role.FUNDING_OFFICER));

    private static final List<String> ZONES = List.of("America/Chicago", "America/Chicago", "America/New_York");

    private final Clients clients;
    private final Debtors debtors;
    private final Invoices invoices;
    private final Ledger ledger;
    private final Recourse recourse;
    private final Planner planner;
    private final Outbox outbox;
    private final BackOffice office;
    private final DebtorDesk desk;
    private final DailyChecks checks;
    private final BusinessCalendar calendar;
    private final Clock clock;

    Simulator(
            Clients clients,
            Debtors debtors,
            Invoices invoices,
            Ledger ledger,
            Recourse recourse,
            Planner planner,
            Outbox outbox,
            BackOffice office,
            DebtorDesk desk,
            DailyChecks checks,
            BusinessCalendar calendar,
            Clock clock) {
        this.clients = clients;
        this.debtors = debtors;
        this.invoices = invoices;
        this.ledger = ledger;
        this.recourse = recourse;
        this.planner = planner;
        this.outbox = outbox;
        this.office = office;
        this.desk = desk;
        this.checks = checks;
        this.calendar = calendar;
        this.clock = clock;
    }

    /** Is told when each simulated day is done, with how long it took: for timings and progress. */
    public interface Progress {
        void dayDone(int day, LocalDate date, long nanos);
    }

    /**
     * Runs the simulation and returns its report; payout files go to {@code out/payouts}. Throws
     * {@link SimulationFailed} at the end of the first day a check fails.
     */
    public SimulationReport run(SimulationOptions options, Path out, Progress progress) {
        if (!(clock instanceof MutableClock moving)) {
            throw new IllegalStateException("the simulator needs the application's clock to be a MutableClock it"
                    + " moves; the simulate command registers one");
        }
        Path payoutDir = out.resolve("payouts");
        try {
            Files.createDirectories(payoutDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Run run = new Run(options, new Random(options.seed()), new Book(), new Tally(), payoutDir, moving);
        at(run, FIRST_DAY, MORNING);
        CurrentActor.runAs(ADMIN, () -> buildBook(run));
        int releaseDay = options.days() / 2;
        for (int day = 0; day < options.days(); day++) {
            long started = System.nanoTime();
            LocalDate date = FIRST_DAY.plusDays(day);
            run.day = day;
            try {
                if (calendar.isBusinessDay(date)) {
                    businessDay(run, date, day == releaseDay);
                }
            } catch (RuntimeException e) {
                // a service refusing what the simulated book did is a finding too: stop, and say how to replay
                throw new SimulationFailed(
                        day,
                        date,
                        List.of("the day stopped with an error: " + e),
                        checks.report(run),
                        options.replayCommand(),
                        e);
            }
            at(run, date, EVENING);
            checks.afterDay(run, date);
            progress.dayDone(day, date, System.nanoTime() - started);
        }
        return checks.report(run);
    }

    /** What one run knows: its options, its random source, the book, the running totals. */
    static final class Run {
        final SimulationOptions options;
        final Random random;
        final Book book;
        final Tally tally;
        final Path payoutDir;
        final MutableClock clock;
        int day;
        int invoiceCounter;
        int bankFileCounter;

        Run(SimulationOptions options, Random random, Book book, Tally tally, Path payoutDir, MutableClock clock) {
            this.options = options;
            this.random = random;
            this.book = book;
            this.tally = tally;
            this.payoutDir = payoutDir;
            this.clock = clock;
        }
    }

    private void businessDay(Run run, LocalDate date, boolean releaseDay) {
        at(run, date, MORNING);
        CurrentActor.runAs(OFFICER, () -> {
            sweep(run, date);
            return null;
        });
        CurrentActor.runAs(ADMIN, () -> {
            office.workTasks(run, date);
            submit(run, date);
            if (releaseDay) {
                office.releaseOnePair(run);
            }
            return null;
        });
        office.approveAndFund(run, date);
        office.releasePayouts(run, date);

        at(run, date, FIRST_PLANNING);
        plan(run);
        at(run, date, ANSWERS);
        desk.answer(run);
        desk.goInsolvent(run, date);
        at(run, date, BANK_FILE);
        desk.pay(run, date);
        at(run, date, SECOND_PLANNING);
        plan(run);
        if (isLastBusinessDayOfMonth(date)) {
            office.settlementRun(run);
        }
    }

    private void plan(Run run) {
        CurrentActor.runAs(ADMIN, () -> {
            Planner.Result r = planner.plan();
            run.tally.count("planner: debtor messages", r.debtorMessages());
            run.tally.count("planner: tasks opened", r.tasks());
            outbox.deliverDue();
            return null;
        });
    }

    /** The recourse sweep of the morning: warnings, then chargebacks of what is past its recourse date. */
    private void sweep(Run run, LocalDate date) {
        for (Chargeback cb : recourse.sweep(date)) {
            Book.SimInvoice inv = run.book.invoice(cb.invoiceId().value());
            if (inv != null) {
                inv.chargedBackAt = run.clock.instant();
                inv.chargeback = cb.amount();
                inv.chargebackFee = cb.fee();
            }
            run.tally.chargebacks = run.tally.chargebacks.plus(cb.amount());
            run.tally.count("invoices charged back", 1);
        }
    }

    private boolean isLastBusinessDayOfMonth(LocalDate date) {
        return calendar.nextBusinessDay(date).getMonth() != date.getMonth();
    }

    static void at(Run run, LocalDate date, LocalTime time) {
        run.clock.set(date.atTime(time).toInstant(ZoneOffset.UTC));
    }

    // ---- the book ----

    /** Clients with agreements, debtors with behaviours, and which clients sell to which debtors. */
    private Void buildBook(Run run) {
        SimulationOptions o = run.options;
        ledger.postManual(new NewEntry(
                "simulation:capital",
                ReasonCode.CAPITAL_CONTRIBUTED,
                LocalDate.now(clock),
                "manual",
                null,
                null,
                "Owners' capital paid in for the simulated book",
                List.of(
                        JournalLine.debit(AccountCode.CASH, Money.usd("100000000.00")),
                        JournalLine.credit(AccountCode.CAPITAL, Money.usd("100000000.00")))));
        for (int c = 0; c < o.clients(); c++) {
            boolean withRecourse = c % 4 != 3; // one client in four buys without recourse
            run.book.clients.add(new Book.SimClient(c, client(c, withRecourse), withRecourse));
        }
        List<Behaviour> behaviours = o.mix().assign(o.debtors(), run.random);
        for (int d = 0; d < o.debtors(); d++) {
            String zone = ZONES.get(d % ZONES.size());
            Debtor debtor = debtor(d, zone);
            Book.SimDebtor sd = new Book.SimDebtor(
                    d,
                    debtor,
                    behaviours.get(d),
                    debtor.contacts().get(0).email().toLowerCase(Locale.ROOT),
                    ZoneId.of(zone));
            run.book.debtors.add(sd);
            run.book.debtorById.put(sd.id(), sd);
        }
        // every debtor buys from one client, and one in three from a second: a mailbox then hears from two
        for (Book.SimDebtor d : run.book.debtors) {
            int first = d.index() % o.clients();
            run.book.pairs.add(new Book.Pair(run.book.clients.get(first), d));
            if (o.clients() > 1 && d.index() % 3 == 0) {
                int second = (first + 1 + run.random.nextInt(o.clients() - 1)) % o.clients();
                run.book.pairs.add(new Book.Pair(run.book.clients.get(second), d));
            }
        }
        return null;
    }

    private Client client(int index, boolean withRecourse) {
        String name = String.format("Simulated Client %03d", index + 1);
        Client c = clients.register(new ClientDetails(
                name + " LLC",
                name,
                String.format("%02d-%07d", 10 + index % 89, 1_000_000 + index),
                "Wholesale",
                new PostalAddress("1 Main St", "Dallas", "TX", "75201", "US"),
                "Owner",
                "owner" + (index + 1) + "@client.example.com",
                "+1 214 555 0100",
                null));
        c = clients.setPayoutAccount(
                c.id(), c.legalName(), "111000025", String.format("%012d", 400_000 + index), c.version());
        clients.addAgreementVersion(c.id(), terms(withRecourse));
        return clients.changeStatus(c.id(), ClientStatus.ACTIVE, "simulated client", c.version());
    }

    /**
     * The agreement every simulated client signs: 80% advance, 2.5% for 30 days then 0.75% per 10 days,
     * $25 per transfer and $5 per invoice, verification of every invoice, notification; recourse after 60
     * days (so that chargebacks come within a few months), or none.
     */
    static AgreementTerms terms(boolean withRecourse) {
        return new AgreementTerms(
                FIRST_DAY.minusDays(30),
                Money.USD,
                Rate.percent("80"),
                FeeSchedule.tiered(Rate.percent("2.5"), 30, Rate.percent("0.75"), 10),
                new MiscFees(
                        Money.usd("25.00"),
                        Money.usd("0"),
                        Money.usd("5.00"),
                        Money.usd("0"),
                        Money.usd("0"),
                        Money.usd("0")),
                withRecourse,
                withRecourse ? 60 : null,
                Money.usd("5000000.00"),
                Rate.percent("60"),
                VerificationPolicy.all(),
                true);
    }

    private Debtor debtor(int index, String zone) {
        String name = String.format("Simulated Debtor %04d Inc", index + 1);
        String mailbox = String.format("ap%04d@debtor.example.com", index + 1);
        return debtors.register(new DebtorDetails(
                name,
                null,
                new PostalAddress("9 Commerce Way", "Chicago", "IL", "60601", "US"),
                zone,
                Money.usd("2000000.00"),
                List.of(new DebtorDetails.ContactDetails("AP Team", mailbox, "+1 312 555 0199", true))));
    }

    /** The day's new invoices, on pairs chosen at random (never a released one). */
    private void submit(Run run, LocalDate date) {
        List<Book.Pair> open = new ArrayList<>();
        for (Book.Pair p : run.book.pairs) {
            // the clients stop selling on credit to a debtor that went insolvent
            if (!run.book.released(p)
                    && !run.tally.insolvent.contains(p.debtor().id())) {
                open.add(p);
            }
        }
        for (int k = 0; k < run.options.invoicesPerDay() && !open.isEmpty(); k++) {
            Book.Pair pair = open.get(run.random.nextInt(open.size()));
            long cents = 50_000 + run.random.nextInt(1_450_000);
            Money face = Money.of(BigDecimal.valueOf(cents, 2), Money.USD);
            int termsDays = List.of(15, 30, 30, 45).get(run.random.nextInt(4));
            LocalDate issued = date.minusDays(run.random.nextInt(3));
            String number = String.format("C%03d-%06d", pair.client().index() + 1, ++run.invoiceCounter);
            Invoice i = invoices.submit(
                    new NewInvoice(
                            pair.client().client().id(),
                            pair.debtor().debtor().id(),
                            number,
                            null,
                            issued,
                            termsDays,
                            null,
                            face),
                    ScheduleSource.MANUAL);
            boolean disputes = pair.debtor().behaviour() == Behaviour.DISPUTES && run.invoiceCounter % 3 == 0;
            run.book.invoices.put(i.id().value(), new Book.SimInvoice(i, pair, date, disputes));
            run.tally.submitted++;
            run.tally.faceSubmitted = run.tally.faceSubmitted.plus(face);
        }
    }

    static Instant now(Run run) {
        return run.clock.instant();
    }
}
