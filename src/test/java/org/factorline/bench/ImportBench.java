package org.factorline.bench;

import java.io.BufferedWriter;
import java.io.InputStream;
import java.io.Reader;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import javax.sql.DataSource;
import org.factorline.clients.Client;
import org.factorline.identity.Role;
import org.factorline.invoices.InvoiceNumbers;
import org.factorline.invoices.Schedule;
import org.factorline.invoices.ScheduleImport;
import org.factorline.shared.MutableClock;
import org.factorline.shared.UuidV7;
import org.factorline.support.TestSupport;
import org.postgresql.PGConnection;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The schedule import at scale: a CSV schedule of {@code bench.import.lines} invoices (1,000,000; 20,000 in the
 * small mode) for a client made for the purpose, on debtors of the book. The baseline is a raw {@code COPY} of
 * the same rows, already in the invoice table's own columns, straight into the invoice table; the product is
 * {@link ScheduleImport#importCsv} with the file, every check and write included (the timeline rows, the
 * lookalike join, the relationships, the audit line). One run each: a path this long is not repeated, and the
 * book must be put back after each. Afterwards both are deleted and the tables vacuumed, so the book the other
 * sections read is as it was.
 *
 * <p>Heap: a listener on every collector's notifications keeps the most heap still in use after any collection
 * during the import (what the import holds, without the garbage waiting to be collected); the pools' peaks
 * (garbage included) are reported beside it.
 */
final class ImportBench {

    private final JdbcClient jdbc;
    private final DataSource dataSource;
    private final TestSupport.Fixtures fixtures;
    private final ScheduleImport imports;
    private final MutableClock clock;
    private final int lines;

    ImportBench(
            JdbcClient jdbc,
            DataSource dataSource,
            TestSupport.Fixtures fixtures,
            ScheduleImport imports,
            MutableClock clock,
            boolean small) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.fixtures = fixtures;
        this.imports = imports;
        this.clock = clock;
        this.lines = Integer.getInteger("bench.import.lines", small ? 20_000 : 1_000_000);
    }

    private record DebtorRow(UUID id, String reference, String name) {}

    void measure(Results results) throws Exception {
        Client client = fixtures.activeClient();
        UUID agreement = jdbc.sql("select id from agreement where client_id = ? order by version desc")
                .param(client.id().value())
                .query(UUID.class)
                .list()
                .get(0);
        List<DebtorRow> debtors = jdbc.sql(
                        "select id, reference, name from debtor where status = 'ACTIVE' order by reference limit 20")
                .query((rs, n) ->
                        new DebtorRow(rs.getObject("id", UUID.class), rs.getString("reference"), rs.getString("name")))
                .list();
        LocalDate today = LocalDate.now(clock);
        Path dir = Files.createTempDirectory("factorline-import");
        Path csv = dir.resolve("schedule.csv");
        Path copy = dir.resolve("invoice.copy");
        String stamp = Long.toString(System.currentTimeMillis(), 36).toUpperCase(Locale.ROOT);
        try (BufferedWriter file = Files.newBufferedWriter(csv, StandardCharsets.UTF_8);
                BufferedWriter rows = Files.newBufferedWriter(copy, StandardCharsets.UTF_8)) {
            file.write("invoice_number,debtor,po_number,issue_date,terms_days,amount\n");
            String now = InvoiceRowsTime.now(clock);
            for (int i = 1; i <= lines; i++) {
                DebtorRow d = debtors.get(i % debtors.size());
                String number = "IMP-" + stamp + "-" + i;
                LocalDate issued = today.minusDays(1 + i % 20);
                int terms = 15 + i % 46;
                String amount = (100 + i % 5000) + "." + String.format(Locale.ROOT, "%02d", i % 100);
                String po = "PO-" + (i % 977);
                file.write(number + "," + (i % 3 == 0 ? d.name() : d.reference()) + "," + po + "," + issued + ","
                        + terms + "," + amount + "\n");
                // the same invoice as the import would write it, in the invoice table's columns
                rows.write(UuidV7.next(clock) + "\t" + client.id().value() + "\t" + d.id() + "\t\\N\t" + agreement
                        + "\t" + number + "\t" + InvoiceNumbers.normalize(number) + "\t" + po + "\t" + issued + "\t"
                        + terms + "\t" + issued.plusDays(terms) + "\t" + amount + "\tUSD\tSUBMITTED\tNOT_REQUIRED\tf\t"
                        + now + "\t" + now + "\t0\n");
            }
        }
        long bytes = Files.size(csv);

        // (a) the baseline: the rows straight into the invoice table
        long t = System.nanoTime();
        long copied;
        try (Connection c = dataSource.getConnection();
                Reader in = Files.newBufferedReader(copy, StandardCharsets.UTF_8)) {
            copied = c.unwrap(PGConnection.class).getCopyAPI().copyIn("""
                            copy invoice (id, client_id, debtor_id, schedule_id, agreement_id, invoice_number,
                                          number_key, po_number, issue_date, terms_days, due_date, face_amount,
                                          currency, status, verification_status, flagged, created_at, updated_at,
                                          version) from stdin""", in);
        }
        Timing raw = new Timing(List.of((System.nanoTime() - t) / 1_000_000.0));
        if (copied != lines) {
            throw new IllegalStateException("the baseline copied " + copied + " rows, not " + lines);
        }
        cleanUp(client.id().value(), null);

        // (b) the product: the file through the import, with the heap watched
        HeapWatch heap = HeapWatch.start();
        t = System.nanoTime();
        Schedule schedule;
        try (InputStream in = Files.newInputStream(csv)) {
            schedule = TestSupport.as(
                    TestSupport.staff(Role.ACCOUNT_MANAGER),
                    () -> imports.importCsv(client.id(), "bench-schedule.csv", in));
        }
        Timing product = new Timing(List.of((System.nanoTime() - t) / 1_000_000.0));
        HeapWatch.Reading reading = heap.stop();
        if (schedule.invoiceCount() != lines) {
            throw new IllegalStateException("the import took " + schedule.invoiceCount() + " lines, not " + lines);
        }
        cleanUp(client.id().value(), schedule.id().value());
        Files.deleteIfExists(csv);
        Files.deleteIfExists(copy);
        Files.deleteIfExists(dir);

        results.add(new Results.Row(
                String.format(Locale.ROOT, "Schedule import, %,d lines", lines),
                String.format(
                        Locale.ROOT,
                        "CSV file of %.0f MB through the import (COPY, checks, INSERT … SELECT); one run each",
                        bytes / 1e6),
                product,
                raw,
                "≤ 1.5× raw COPY",
                product.median() <= 1.5 * raw.median()));
        results.add(reading.row("Schedule import, heap", "during the import", 512));
    }

    /**
     * Deletes what a run wrote: the invoices of the bench client (the baseline's or the import's), their
     * timeline, the schedule and the relationships, then vacuums, so the book is as it was. The timeline is
     * append-only by trigger; this session alone sets the replication role that skips the triggers.
     */
    private void cleanUp(UUID client, UUID schedule) throws Exception {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            s.execute("set local session_replication_role = replica");
            try (var ps = c.prepareStatement("delete from invoice_status_change where invoice_id in"
                    + " (select id from invoice where client_id = ?)")) {
                ps.setObject(1, client);
                ps.executeUpdate();
            }
            try (var ps = c.prepareStatement("delete from invoice where client_id = ?")) {
                ps.setObject(1, client);
                ps.executeUpdate();
            }
            try (var ps = c.prepareStatement("delete from client_debtor where client_id = ?")) {
                ps.setObject(1, client);
                ps.executeUpdate();
            }
            if (schedule != null) {
                try (var ps = c.prepareStatement("delete from schedule where id = ?")) {
                    ps.setObject(1, schedule);
                    ps.executeUpdate();
                }
            }
            c.commit();
            c.setAutoCommit(auto);
            s.execute("vacuum analyze invoice");
            s.execute("vacuum analyze invoice_status_change");
        }
    }

    /** The created and updated instants of the baseline rows, as the import writes them. */
    private static final class InvoiceRowsTime {
        static String now(MutableClock clock) {
            return clock.instant().toString();
        }
    }

    /** The heap seen through the collectors' notifications while a piece of work runs. */
    static final class HeapWatch {
        private final List<Runnable> removers = new ArrayList<>();
        private final AtomicLong maxLive = new AtomicLong();
        private final AtomicInteger collections = new AtomicInteger();

        static HeapWatch start() {
            System.gc();
            HeapWatch w = new HeapWatch();
            for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
                if (p.getType() == MemoryType.HEAP) {
                    p.resetPeakUsage();
                }
            }
            NotificationListener listener = (n, handback) -> {
                if (!"com.sun.management.gc.notification".equals(n.getType())) {
                    return;
                }
                CompositeData info = (CompositeData) n.getUserData();
                CompositeData gcInfo = (CompositeData) info.get("gcInfo");
                javax.management.openmbean.TabularData after =
                        (javax.management.openmbean.TabularData) gcInfo.get("memoryUsageAfterGc");
                long used = 0;
                for (Object row : after.values()) {
                    CompositeData entry = (CompositeData) row;
                    String pool = (String) entry.get("key");
                    if (isHeap(pool)) {
                        used += MemoryUsage.from((CompositeData) entry.get("value"))
                                .getUsed();
                    }
                }
                w.collections.incrementAndGet();
                w.maxLive.accumulateAndGet(used, Math::max);
            };
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                if (gc instanceof NotificationEmitter emitter) {
                    emitter.addNotificationListener(listener, null, null);
                    w.removers.add(() -> {
                        try {
                            emitter.removeNotificationListener(listener);
                        } catch (javax.management.ListenerNotFoundException e) {
                            // already gone
                        }
                    });
                }
            }
            return w;
        }

        private static boolean isHeap(String pool) {
            for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
                if (p.getName().equals(pool)) {
                    return p.getType() == MemoryType.HEAP;
                }
            }
            return false;
        }

        record Reading(long liveAfterGcMb, long poolPeakMb, int collections) {

            /** The table's row for this reading: the work it was taken {@code during}, held under {@code limitMb}. */
            Results.Row row(String path, String during, long limitMb) {
                return new Results.Row(
                        path,
                        String.format(
                                Locale.ROOT,
                                "MB (not ms): most heap in use after any GC %s (%d collections); pool peaks with"
                                        + " garbage %d MB; max heap %d MB",
                                during,
                                collections,
                                poolPeakMb,
                                Runtime.getRuntime().maxMemory() / (1024 * 1024)),
                        new Timing(List.of((double) liveAfterGcMb)),
                        null,
                        String.format(Locale.ROOT, "< %,d MB", limitMb),
                        collections > 0 && liveAfterGcMb < limitMb);
            }
        }

        Reading stop() {
            long peak = 0;
            for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
                if (p.getType() == MemoryType.HEAP) {
                    peak += p.getPeakUsage().getUsed();
                }
            }
            // the notifications arrive on their own thread, shortly after each collection
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            removers.forEach(Runnable::run);
            return new Reading(maxLive.get() / (1024 * 1024), peak / (1024 * 1024), collections.get());
        }
    }
}
