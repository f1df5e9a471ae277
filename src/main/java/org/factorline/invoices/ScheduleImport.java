package org.factorline.invoices;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.factorline.clients.Agreement;
import org.factorline.clients.Client;
import org.factorline.clients.ClientId;
import org.factorline.clients.Clients;
import org.factorline.debtors.Debtor;
import org.factorline.debtors.DebtorId;
import org.factorline.debtors.DebtorStatus;
import org.factorline.debtors.Debtors;
import org.factorline.identity.Actor;
import org.factorline.identity.AuditLog;
import org.factorline.identity.CurrentActor;
import org.factorline.invoices.internal.ImportProblems;
import org.factorline.invoices.internal.InvoiceRepository;
import org.factorline.invoices.internal.InvoiceRepository.Lookalike;
import org.factorline.invoices.internal.ScheduleCsv;
import org.factorline.invoices.internal.ScheduleRepository;
import org.factorline.invoices.internal.ScheduleStaging;
import org.factorline.shared.ErrorCode;
import org.factorline.shared.FactorlineException;
import org.factorline.shared.FieldProblem;
import org.factorline.shared.Money;
import org.factorline.shared.UuidV7;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Imports a schedule of invoices from a CSV file, all or nothing: the file is read as a stream, line by
 * line, and every line is checked. If any line is wrong, everything is rolled back and the refusal lists
 * every problem with its line, column and value, so the client fixes the whole file at once. Columns (header
 * required, any order, any case): {@code invoice_number, debtor, po_number?, issue_date, terms_days | due_date,
 * amount, currency?}.
 *
 * <p>Two ways to the same outcome. On PostgreSQL the lines that pass the text checks are streamed with
 * {@code COPY} into a staging table, the checks that need the rest of the file or the database (numbers
 * repeated or already used, debtors, currency, the schedule's total) run there over the whole file, and the
 * invoices are written with one {@code INSERT … SELECT} ({@link ScheduleStaging}). On H2 the lines are
 * checked and written in JDBC batches of {@value #BATCH_SIZE}. A preview always takes the batch path,
 * reading only.
 */
@Service
public class ScheduleImport {

    static final int BATCH_SIZE = 500;
    /** Distinct debtor names or references remembered while reading one file. */
    static final int MAX_DEBTOR_CACHE = 10_000;
    /** Invoice lines a preview lists one by one; past these it counts them. */
    public static final int MAX_PREVIEW_LINES = 5_000;

    private final ClientTerms terms;
    private final InvoiceRepository invoiceRows;
    private final ScheduleRepository schedules;
    private final ScheduleStaging staging;
    private final Debtors debtors;
    private final Clients clients;
    private final AuditLog audit;
    private final Clock clock;

    ScheduleImport(
            ClientTerms terms,
            InvoiceRepository invoiceRows,
            ScheduleRepository schedules,
            ScheduleStaging staging,
            Debtors debtors,
            Clients clients,
            AuditLog audit,
            Clock clock) {
        this.terms = terms;
        this.invoiceRows = invoiceRows;
        this.schedules = schedules;
        this.staging = staging;
        this.debtors = debtors;
        this.clients = clients;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Imports the file for the client and returns the new schedule, or throws
     * {@link ErrorCode#SCHEDULE_IMPORT_REFUSED} listing every problem (nothing is imported then). A client
     * user's own client is taken when {@code clientId} is left out; another client is "not found".
     */
    @Transactional
    public Schedule importCsv(ClientId clientId, String fileName, InputStream csv) {
        Run run = start(clientId, true);
        Schedule schedule = new Schedule(
                new ScheduleId(UuidV7.next(clock)),
                schedules.nextReference(run.today.getYear()),
                run.client.id(),
                ScheduleSource.CSV,
                cleanName(fileName),
                0,
                run.total,
                run.now,
                run.actor);
        schedules.insert(schedule);
        run.scheduleId = schedule.id();
        Client client = run.client;

        if (staging.available()) {
            importStaged(run, fileName, csv);
        } else {
            parse(run, fileName, csv);
            refuseIfAny(run);
            flagLookalikes(schedule.id(), client.id());
            schedules.updateTotals(schedule.id(), run.count, run.total);
            for (Map.Entry<DebtorId, FirstUse> e : run.firstUse.entrySet()) {
                debtors.ensureRelationship(
                        client.id().value(), e.getKey(), e.getValue().notification, e.getValue().since);
            }
        }
        Schedule done = schedules.find(schedule.id()).orElseThrow();
        audit.record(
                "schedule.imported",
                "schedule",
                done.id().value(),
                client.id().value(),
                "Schedule " + done.reference() + " of " + client.reference() + " imported from "
                        + (done.fileName() == null ? "a CSV file" : done.fileName()) + ": " + done.invoiceCount()
                        + " invoices, " + done.total().display(),
                null,
                done);
        return done;
    }

    private static void refuseIfAny(Run run) {
        if (!run.problems.isEmpty()) {
            throw new FactorlineException(
                    ErrorCode.SCHEDULE_IMPORT_REFUSED, run.problems.summary(), run.problems.listed());
        }
    }

    /**
     * The set-based way (PostgreSQL): the text checks run while the file streams into the staging table, the
     * other checks run there over the whole file, and the invoices are written in two statements. The
     * outcome is the batch path's: the same problems on the same lines, the same invoices, timeline,
     * relationships and audit.
     */
    private void importStaged(Run run, String fileName, InputStream csv) {
        boolean clientUser = CurrentActor.get().isClientUser();
        try (ScheduleStaging.Copy copy = staging.open()) {
            run.copy = copy;
            parse(run, fileName, csv);
            run.copy = null;
            run.staged = copy.finish();
        }
        staging.resolveDebtors(text -> debtors.lookup(text)
                // a client is not told the factor's credit view of a company: the same words as for a stranger
                .filter(d -> !clientUser || d.status() == DebtorStatus.ACTIVE)
                .map(d ->
                        new ScheduleStaging.Resolved(d.id().value(), d.status().name()))
                .orElse(null));
        String currency = run.agreement.terms().currency().getCurrencyCode();
        staging.check(run.client.id().value(), currency, unknownDebtor(clientUser));
        BigDecimal total = staging.checkTotal(
                ScheduleCsv.MAX_AMOUNT,
                "brings the file's total past " + ScheduleCsv.MAX_AMOUNT.toPlainString()
                        + ", the most one schedule holds; split the file");
        ScheduleStaging.Found found = staging.problems(ImportProblems.MAX_LISTED);
        run.problems.addStaged(found.listed(), found.total(), found.lines());
        if (run.problems.isEmpty() && run.staged == 0) {
            run.problems.add(2, "invoice_number", null, "the file has a header but no invoices");
        }
        refuseIfAny(run);
        List<Lookalike> lookalikes = staging.lookalikes(run.client.id().value());
        int count;
        try {
            count = staging.insert(
                    run.client.id().value(),
                    run.scheduleId.value(),
                    run.agreement.id().value(),
                    run.now,
                    run.actor,
                    "imported");
        } catch (DuplicateKeyException e) {
            throw numberTakenMeanwhile();
        }
        flag(lookalikes);
        schedules.updateTotals(
                run.scheduleId, count, Money.of(total, run.agreement.terms().currency()));
        boolean notification = run.agreement.terms().notification();
        UUID client = run.client.id().value();
        List<Map.Entry<DebtorId, LocalDate>> firstUse = new ArrayList<>();
        staging.firstIssueByDebtor((debtor, since) -> firstUse.add(Map.entry(new DebtorId(debtor), since)));
        for (Map.Entry<DebtorId, LocalDate> e : firstUse) {
            debtors.ensureRelationship(client, e.getKey(), notification, e.getValue());
        }
    }

    /** A line that passed the text checks, with what the staged checks and the insert need from Java. */
    private void stage(ScheduleCsv.Row row, Run run) {
        java.util.Currency agreed = run.agreement.terms().currency();
        java.util.Currency currency = row.currency() != null ? row.currency() : agreed;
        Money face = null;
        try {
            face = Money.of(row.amount(), currency);
        } catch (IllegalArgumentException e) {
            // refused in the database: "has more decimals than ... allows"
        }
        boolean verify = face != null
                && currency.equals(agreed)
                && run.agreement.terms().verification().requires(face, row.number());
        run.copy.add(new ScheduleStaging.Line(
                row.line(),
                UuidV7.next(clock),
                UuidV7.next(clock),
                row.number(),
                InvoiceNumbers.normalize(row.number()),
                row.debtor(),
                row.poNumber(),
                row.issueDate(),
                row.termsDays(),
                row.dueDate(),
                face == null ? row.amount() : face.amount(),
                row.amount().toPlainString(),
                currency.getCurrencyCode(),
                face != null,
                verify));
    }

    private static String unknownDebtor(boolean clientUser) {
        return clientUser
                ? "is not a customer we can accept invoices on (give its reference, such as D-000012, or"
                        + " its exact name; your account manager can help)"
                : "is not a debtor known to the factor (give its reference, such as D-000012, or its exact" + " name)";
    }

    private static FactorlineException numberTakenMeanwhile() {
        return new FactorlineException(
                ErrorCode.INVOICE_DUPLICATE_NUMBER,
                "An invoice number in this file was submitted by someone else while it was being imported;"
                        + " nothing was imported",
                List.of(FieldProblem.of("file", null, "import it again to see which number")));
    }

    /**
     * What {@link #importCsv} would do with the file, by the very same checks (the text of each line, the
     * debtor, numbers repeated in the file or already submitted by the client), without writing anything:
     * every invoice line with its outcome, and the totals of the lines that would be imported.
     */
    @Transactional(readOnly = true)
    public SchedulePreview preview(ClientId clientId, String fileName, InputStream csv) {
        Run run = start(clientId, false);
        parse(run, fileName, csv);
        Map<Long, List<FieldProblem>> byLine = new HashMap<>();
        List<FieldProblem> fileProblems = new ArrayList<>();
        Set<Long> invoiceLines = new java.util.HashSet<>();
        run.raw.forEach(r -> invoiceLines.add(r.line()));
        for (FieldProblem p : run.problems.listed()) {
            if (p.line() != null && invoiceLines.contains(p.line())) {
                byLine.computeIfAbsent(p.line(), k -> new ArrayList<>()).add(p);
            } else {
                fileProblems.add(p);
            }
        }
        List<SchedulePreview.Line> lines = new ArrayList<>(run.raw.size());
        for (RawLine r : run.raw) {
            List<FieldProblem> problems = byLine.getOrDefault(r.line(), List.of());
            if (problems.isEmpty() && run.problems.onLine(r.line())) {
                // past the listed problems only their count is kept; the line is still not ready
                problems = List.of(FieldProblem.atLine(r.line(), "line", null, "has a problem not listed here"));
            }
            lines.add(new SchedulePreview.Line(
                    r.line(),
                    r.value(run.header, ScheduleCsv.Column.INVOICE_NUMBER),
                    r.value(run.header, ScheduleCsv.Column.DEBTOR),
                    r.value(run.header, ScheduleCsv.Column.ISSUE_DATE),
                    termsOrDue(r, run.header),
                    r.value(run.header, ScheduleCsv.Column.AMOUNT),
                    problems));
        }
        if (run.problems.isEmpty() && run.count == 0) {
            fileProblems.add(FieldProblem.atLine(2, "invoice_number", null, "the file has a header but no invoices"));
        }
        long problemCount = run.problems.total() + (run.problems.isEmpty() && run.count == 0 ? 1 : 0);
        // every invoice line is either ready or has a problem of its own, listed or not
        long problemLines = run.invoiceLines - run.count;
        String summary = run.invoiceLines + (run.invoiceLines == 1 ? " invoice line: " : " invoice lines: ")
                + run.count + " ready, " + problemLines + " with problems"
                + (problemCount == 0 ? "" : " (" + problemCount + (problemCount == 1 ? " problem)" : " problems)"));
        return new SchedulePreview(
                cleanName(fileName),
                lines,
                run.invoiceLines - run.raw.size(),
                run.invoiceLines,
                run.count,
                problemLines,
                problemCount,
                fileProblems,
                run.total,
                summary);
    }

    private static String termsOrDue(RawLine r, ScheduleCsv.Header header) {
        String due = r.value(header, ScheduleCsv.Column.DUE_DATE);
        if (due != null) {
            return "due " + due;
        }
        String terms = r.value(header, ScheduleCsv.Column.TERMS_DAYS);
        return terms == null ? null : terms + " days";
    }

    /** Who may import, for which client, under which agreement: the same for an import and its preview. */
    private Run start(ClientId clientId, boolean write) {
        Actor actor = CurrentActor.get();
        actor.requireRole(Invoices.SUBMITTERS);
        ClientId id = clientId != null
                ? clientId
                : actor.clientScope().map(ClientId::new).orElse(null);
        if (id == null) {
            throw FactorlineException.invalid("clientId", null, "is required: the client whose schedule this is");
        }
        Client client = terms.activeClient(id);
        LocalDate today = LocalDate.now(clock);
        Agreement current = terms.agreementOn(client, today, "clientId");
        return new Run(client, current, today, clock.instant(), actor.username(), write);
    }

    /** Reads and checks every line; an import writes the valid ones batch by batch while no problem is found. */
    private void parse(Run run, String fileName, InputStream csv) {
        try (CSVParser parser = CSVParser.builder()
                .setReader(reader(csv))
                .setFormat(ScheduleCsv.FORMAT)
                .get()) {
            read(parser, run);
        } catch (IOException | UncheckedIOException e) {
            run.problems.add(run.lastLine + 1, "file", fileName, "could not be read as CSV: " + rootMessage(e));
        } catch (IllegalStateException e) {
            // commons-csv reports malformed quoting this way
            run.problems.add(run.lastLine + 1, "file", fileName, "is not valid CSV: " + rootMessage(e));
        }
        if (run.write && run.copy == null && run.problems.isEmpty() && run.count == 0) {
            run.problems.add(2, "invoice_number", null, "the file has a header but no invoices");
        }
    }

    private void read(CSVParser parser, Run run) {
        Iterator<CSVRecord> records = parser.iterator();
        ScheduleCsv.Header header = null;
        while (records.hasNext()) {
            CSVRecord record = records.next();
            // the record is consumed: the parser's line count is now the line it ends on
            long line = run.lastLine + 1;
            run.lastLine = parser.getCurrentLineNumber();
            List<String> values = record.toList();
            if (ScheduleCsv.isBlank(values)) {
                continue;
            }
            if (header == null) {
                Optional<ScheduleCsv.Header> h = ScheduleCsv.header(values, run.problems);
                if (h.isEmpty()) {
                    return; // without a usable header no line can be read
                }
                header = h.get();
                run.header = header;
                continue;
            }
            run.invoiceLines++;
            if (!run.write && run.raw.size() < MAX_PREVIEW_LINES) {
                run.raw.add(new RawLine(line, values));
            }
            Optional<ScheduleCsv.Row> row = ScheduleCsv.row(header, line, values, run.today, run.problems);
            if (run.copy != null) {
                row.ifPresent(r -> stage(r, run));
                continue;
            }
            row.ifPresent(r -> accept(r, run));
            if (run.pending.size() >= BATCH_SIZE) {
                flush(run);
            }
        }
        if (header == null) {
            run.problems.add(
                    1,
                    "header",
                    null,
                    "the file is empty; its first line must name the columns: " + ScheduleCsv.columnList());
            return;
        }
        if (run.copy == null) {
            flush(run);
        }
    }

    /** The checks that need the database or the rest of the file; a valid row joins the pending batch. */
    private void accept(ScheduleCsv.Row row, Run run) {
        long before = run.problems.total();
        Long firstLine = run.numbers.putIfAbsent(row.number(), row.line());
        if (firstLine != null) {
            run.problems.add(
                    row.line(),
                    "invoice_number",
                    row.number(),
                    "appears twice in the file (first on line " + firstLine + ")");
        }
        Optional<Debtor> debtor = debtor(row.debtor(), run);
        boolean clientUser = CurrentActor.get().isClientUser();
        if (clientUser && debtor.isPresent() && debtor.get().status() != DebtorStatus.ACTIVE) {
            // a client is not told the factor's credit view of a company (insolvent, closed): the same words
            // as for a name nobody knows
            debtor = Optional.empty();
        }
        if (debtor.isEmpty()) {
            run.problems.add(row.line(), "debtor", row.debtor(), unknownDebtor(clientUser));
        } else if (debtor.get().status() != DebtorStatus.ACTIVE) {
            run.problems.add(
                    row.line(),
                    "debtor",
                    row.debtor(),
                    "is " + debtor.get().status() + "; invoices on it are not accepted");
        }
        // Every line is bought under the agreement version in force today, whatever its issue date.
        Agreement a = run.agreement;
        java.util.Currency currency =
                row.currency() != null ? row.currency() : a.terms().currency();
        if (!currency.equals(a.terms().currency())) {
            run.problems.add(
                    row.line(), "currency", currency, "must be " + a.terms().currency() + ", the agreement's currency");
        }
        Money face = null;
        try {
            face = Money.of(row.amount(), currency);
        } catch (IllegalArgumentException e) {
            run.problems.add(
                    row.line(),
                    "amount",
                    row.amount().toPlainString(),
                    "has more decimals than " + currency + " allows");
        }
        if (run.problems.total() > before) {
            return;
        }
        Debtor d = debtor.get();
        boolean verify = a.terms().verification().requires(face, row.number());
        run.pending.add(new Pending(
                row,
                new Invoice(
                        new InvoiceId(UuidV7.next(clock)),
                        run.client.id(),
                        d.id(),
                        run.scheduleId,
                        a.id(),
                        row.number(),
                        row.poNumber(),
                        row.issueDate(),
                        row.termsDays(),
                        row.dueDate(),
                        face,
                        InvoiceStatus.SUBMITTED,
                        verify ? VerificationStatus.PENDING : VerificationStatus.NOT_REQUIRED,
                        false,
                        null,
                        run.now,
                        run.now,
                        0)));
        FirstUse first = run.firstUse.get(d.id());
        if (first == null || row.issueDate().isBefore(first.since)) {
            run.firstUse.put(d.id(), new FirstUse(row.issueDate(), a.terms().notification()));
        }
    }

    /**
     * Checks a batch against the numbers the client already used (one query), then writes it, unless a
     * problem was found anywhere: then nothing more is written and the whole import will be rolled back.
     */
    private void flush(Run run) {
        if (run.pending.isEmpty()) {
            return;
        }
        List<String> numbers = run.pending.stream().map(p -> p.row.number()).toList();
        Set<String> taken = invoiceRows.existingNumbers(run.client.id(), numbers);
        Money running = run.total;
        for (Pending p : run.pending) {
            if (taken.contains(p.row.number())) {
                run.problems.add(
                        p.row.line(), "invoice_number", p.row.number(), "was already submitted by this client");
                continue;
            }
            Money next = running.plus(p.invoice.faceAmount());
            if (next.amount().compareTo(ScheduleCsv.MAX_AMOUNT) > 0) {
                run.problems.add(
                        p.row.line(),
                        "amount",
                        p.row.amount().toPlainString(),
                        "brings the file's total past " + ScheduleCsv.MAX_AMOUNT.toPlainString()
                                + ", the most one schedule holds; split the file");
                continue;
            }
            running = next;
            if (!run.write) {
                run.count++;
                run.total = next;
            }
        }
        if (!run.write) {
            run.pending.clear();
            return;
        }
        if (run.problems.isEmpty()) {
            List<Invoice> batch = run.pending.stream().map(p -> p.invoice).toList();
            List<InvoiceRepository.NewChange> changes = new ArrayList<>(batch.size());
            for (Invoice inv : batch) {
                changes.add(new InvoiceRepository.NewChange(
                        UuidV7.next(clock),
                        inv.id(),
                        new StatusChange(null, InvoiceStatus.SUBMITTED, run.now, run.actor, "imported")));
                run.total = run.total.plus(inv.faceAmount());
            }
            try {
                invoiceRows.insertAll(batch);
            } catch (DuplicateKeyException e) {
                throw numberTakenMeanwhile();
            }
            invoiceRows.insertChanges(changes);
            run.count += batch.size();
        }
        run.pending.clear();
    }

    /** Flags the imported invoices that look like other clients' invoices: one join for the whole schedule. */
    private void flagLookalikes(ScheduleId scheduleId, ClientId clientId) {
        flag(invoiceRows.lookalikesOfSchedule(scheduleId, clientId));
    }

    /** Flags each invoice among these pairs whose number is similar to one of its lookalikes'. */
    private void flag(List<Lookalike> pairs) {
        Map<InvoiceId, List<Lookalike>> byInvoice = new HashMap<>();
        Map<InvoiceId, String> keys = new HashMap<>();
        for (Lookalike l : pairs) {
            byInvoice.computeIfAbsent(l.invoiceId(), k -> new ArrayList<>()).add(l);
            keys.put(l.invoiceId(), l.numberKey());
        }
        List<InvoiceId> ids = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        byInvoice.forEach(
                (id, others) -> Lookalikes.reason(keys.get(id), others).ifPresent(r -> {
                    ids.add(id);
                    reasons.add(r);
                }));
        if (!ids.isEmpty()) {
            invoiceRows.flag(ids, reasons);
        }
    }

    private Optional<Debtor> debtor(String referenceOrName, Run run) {
        String key = referenceOrName.strip().toUpperCase(Locale.ROOT);
        Optional<Debtor> cached = run.debtors.get(key);
        if (cached != null) {
            return cached;
        }
        Optional<Debtor> found = debtors.lookup(referenceOrName);
        if (run.debtors.size() < MAX_DEBTOR_CACHE) {
            run.debtors.put(key, found);
        }
        return found;
    }

    private static BufferedReader reader(InputStream csv) {
        var decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        return new BufferedReader(new InputStreamReader(csv, decoder), 64 * 1024);
    }

    private static String cleanName(String fileName) {
        if (fileName == null || fileName.isBlank()) {
            return null;
        }
        String name = Invoices.cleanFileName(fileName);
        return name;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return m.length() > 300 ? m.substring(0, 300) : m;
    }

    private record Pending(ScheduleCsv.Row row, Invoice invoice) {}

    /** An invoice line as the file has it, kept for a preview. */
    private record RawLine(long line, List<String> values) {
        String value(ScheduleCsv.Header header, ScheduleCsv.Column column) {
            Integer i = header == null ? null : header.index().get(column);
            if (i == null || i >= values.size()) {
                return null;
            }
            String v = values.get(i).strip();
            return v.isEmpty() ? null : v;
        }
    }

    private record FirstUse(LocalDate since, boolean notification) {}

    /** What one import has seen so far. */
    private static final class Run {
        final Client client;
        final Agreement agreement;
        final LocalDate today;
        final Instant now;
        final String actor;
        /** An import writes; a preview only reads. */
        final boolean write;

        final List<RawLine> raw = new ArrayList<>();
        final ImportProblems problems = new ImportProblems();
        final Map<String, Long> numbers = new HashMap<>();
        final Map<String, Optional<Debtor>> debtors = new HashMap<>();
        final Map<DebtorId, FirstUse> firstUse = new HashMap<>();
        final List<Pending> pending = new ArrayList<>(BATCH_SIZE);
        ScheduleId scheduleId;
        ScheduleCsv.Header header;
        /** The open COPY of a staged import; null on the batch path and in a preview. */
        ScheduleStaging.Copy copy;
        /** Lines staged by the COPY. */
        long staged;

        Money total;
        int count;
        long invoiceLines;
        long lastLine;

        Run(Client client, Agreement agreement, LocalDate today, Instant now, String actor, boolean write) {
            this.write = write;
            this.client = client;
            this.agreement = agreement;
            this.today = today;
            this.now = now;
            this.actor = actor;
            this.total = Money.zero(agreement.terms().currency());
        }
    }
}
