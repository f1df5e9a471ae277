package org.factorline.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time spent by the application's process, by every PostgreSQL process and by the whole machine, read
 * from {@code /proc} (Linux) in clock ticks of 10 ms. Taken before and after a load run, the differences say
 * where each request's CPU went: the application, the database, or the rest (the load tool and the harness).
 */
record CpuTicks(long app, long postgres, long machine) {

    /** Ticks per second of {@code /proc}'s counters (USER_HZ, 100 on every Linux this runs on). */
    static final double HZ = 100.0;

    static boolean available() {
        return Files.isReadable(Path.of("/proc/stat"));
    }

    /**
     * The readings now: the application's process, the PostgreSQL backends connected to {@code database} and
     * the server's own processes (WAL writer, checkpointer and so on, shared with any other database's work),
     * and the machine.
     */
    static CpuTicks read(long appPid, String database) {
        long postgres = 0;
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    if (Files.readString(p.resolve("comm")).strip().equals("postgres")
                            && counts(Files.readString(p.resolve("cmdline")), database)) {
                        postgres += processTicks(p);
                    }
                } catch (IOException gone) {
                    // the process ended between the listing and the read
                }
            }
            long app = processTicks(Path.of("/proc", Long.toString(appPid)));
            String cpu = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] f = cpu.trim().split("\\s+");
            // user nice system idle iowait irq softirq steal: busy = all but idle and iowait
            long machine = Long.parseLong(f[1])
                    + Long.parseLong(f[2])
                    + Long.parseLong(f[3])
                    + Long.parseLong(f[6])
                    + Long.parseLong(f[7])
                    + Long.parseLong(f[8]);
            return new CpuTicks(app, postgres, machine);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read CPU times from /proc", e);
        }
    }

    /**
     * Whether a PostgreSQL process counts: a backend of this database ("postgres: [cluster:] user database
     * host(port) state"), or one of the server's own processes; not a backend of another database.
     */
    static boolean counts(String cmdline, String database) {
        String title = cmdline.replace('\0', ' ').strip();
        if (!title.startsWith("postgres: ")) {
            return true; // the postmaster itself
        }
        String[] words = title.substring("postgres: ".length()).split(" ");
        if (words[0].endsWith(":")) { // the cluster's name, as Debian sets it: "15/main:"
            words = java.util.Arrays.copyOfRange(words, 1, words.length);
        }
        boolean backend = words.length >= 3 && (words[2].contains("(") || words[2].equals("[local]"));
        return !backend || words[1].equals(database);
    }

    /** User and system time of one process, all its threads. */
    private static long processTicks(Path proc) throws IOException {
        String stat = Files.readString(proc.resolve("stat"));
        // the command name (field 2) may hold spaces; the fields after its closing parenthesis are fixed
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** Milliseconds of CPU per request between two readings, as "app a, PostgreSQL p, other o". */
    static String perRequest(CpuTicks before, CpuTicks after, long requests) {
        if (requests <= 0) {
            return "no requests";
        }
        double app = (after.app - before.app) * 1000 / HZ / requests;
        double pg = (after.postgres - before.postgres) * 1000 / HZ / requests;
        double all = (after.machine - before.machine) * 1000 / HZ / requests;
        return String.format(
                java.util.Locale.ROOT,
                "CPU per submission: application %.2f ms, PostgreSQL %.2f ms, rest %.2f ms",
                app,
                pg,
                Math.max(0, all - app - pg));
    }
}
