package org.factorline.support;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.opentest4j.AssertionFailedError;

/**
 * A seeded mutation fuzzer for the file readers. Valid sample files are broken one to four times each
 * (characters and bytes changed, deleted and inserted, lines dropped, repeated and swapped, numbers made
 * huge, dates made impossible, the file cut short, re-encoded or given a byte order mark, a line made very
 * long, XML nested deep or given an external entity) and every result is handed to the reader. The reader
 * must return, or throw its clear parse error (the caller's {@link Refusal} says whether the error names
 * where and what); never another exception, never a hang: each input runs under its own time limit.
 *
 * <p>Input {@code i} of reader {@code name} is made from its own random stream, derived from the seed,
 * the name and {@code i}, so one failing input is replayed alone with {@code -Dfuzz.seed=S -Dfuzz.input=i}.
 * {@code -Dfuzz.inputs=N} sets the inputs per reader for a longer run. Failing inputs are printed as
 * Base64, to paste into a regression test.
 */
public final class Fuzz {

    /** The seed of this run: {@code -Dfuzz.seed}, else random; printed by every run. */
    public static final long SEED = Long.getLong("fuzz.seed", Long.getLong("factorline.seed", new Random().nextLong()));

    /** Inputs per reader when {@code -Dfuzz.inputs} is not given: the reader's own default. */
    private static final Integer INPUTS = Integer.getInteger("fuzz.inputs");

    /** Only this input, when replaying one. */
    private static final Integer ONLY = Integer.getInteger("fuzz.input");

    /** A hang detector, not a speed test: an input that takes this long has a reader in a loop. */
    private static final Duration PER_INPUT = Duration.ofSeconds(Long.getLong("fuzz.timeout.seconds", 5));

    /**
     * Inputs are kept below this size (a mutation that would pass it is dropped): uploads stop at 25 MB,
     * and a reader taking seconds over a file of hundreds of megabytes is no hang.
     */
    private static final int MAX_BYTES = Integer.getInteger("fuzz.max.bytes", 2 * 1024 * 1024);

    /** Failures collected before a run stops, so one run shows several bugs. */
    private static final int MAX_FAILURES = 5;

    private Fuzz() {}

    /** Reads one input; returns normally or throws. */
    public interface Target {
        void read(byte[] input) throws Exception;
    }

    /** Whether a thrown exception is the reader's clear refusal; it explains in {@code because} when it is not. */
    public interface Refusal {
        /** @return null when {@code thrown} is an acceptable refusal, else why it is not */
        String problemWith(Throwable thrown);
    }

    /** What a run saw. */
    public record Outcome(String name, long seed, int inputs, int read, int refused, long longestMillis) {
        @Override
        public String toString() {
            return "Fuzz %s: seed %d, %d inputs: %d read, %d refused clearly, slowest %d ms"
                    .formatted(name, seed, inputs, read, refused, longestMillis);
        }
    }

    /** The inputs a reader gets this run: {@code -Dfuzz.inputs}, else {@code normal}. */
    public static int inputs(int normal) {
        return INPUTS != null ? INPUTS : normal;
    }

    /**
     * Fuzzes {@code target} with {@code inputs} mutations of {@code samples} (each sample first read as it
     * is) and fails listing every input it crashed or hung on, with the seed to replay it.
     */
    public static Outcome run(
            String name, int inputs, List<byte[]> samples, Mutator mutator, Target target, Refusal refusal) {
        System.out.println("Fuzz " + name + ": seed " + SEED + " (replay with -Dfuzz.seed=" + SEED + ")");
        List<String> failures = new ArrayList<>();
        for (byte[] sample : samples) {
            String failure = once(name, -1, sample, target, refusal, new long[1], new int[2]);
            if (failure != null) {
                throw new AssertionError(name + " does not read its valid sample: " + failure);
            }
        }
        int[] outcome = new int[2];
        long[] longest = new long[1];
        int first = ONLY != null ? ONLY : 0;
        int end = ONLY != null ? ONLY + 1 : inputs;
        for (int i = first; i < end && failures.size() < MAX_FAILURES; i++) {
            Random random = new Random(mix(SEED, name, i));
            byte[] input = samples.get(random.nextInt(samples.size()));
            int mutations = 1 + random.nextInt(4);
            for (int m = 0; m < mutations; m++) {
                byte[] mutated = mutator.mutate(input, random);
                input = mutated.length <= MAX_BYTES ? mutated : input;
            }
            String failure = once(name, i, input, target, refusal, longest, outcome);
            if (failure != null) {
                failures.add(failure);
                System.out.println(failure);
            }
        }
        Outcome result = new Outcome(name, SEED, end - first, outcome[0], outcome[1], longest[0]);
        System.out.println(result);
        if (!failures.isEmpty()) {
            throw new AssertionError(
                    failures.size() + " failing inputs (" + result + "):\n\n" + String.join("\n\n", failures));
        }
        return result;
    }

    private static String once(
            String name, int index, byte[] input, Target target, Refusal refusal, long[] longest, int[] outcome) {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        long started = System.nanoTime();
        try {
            assertTimeoutPreemptively(PER_INPUT, () -> {
                try {
                    target.read(input);
                } catch (Throwable t) { // NOPMD: everything a reader throws is judged below, StackOverflowError too
                    thrown.set(t);
                }
            });
        } catch (AssertionFailedError timedOut) {
            return describe(name, index, input, "no answer within " + PER_INPUT.toSeconds() + " s (a hang)", null);
        }
        longest[0] = Math.max(longest[0], (System.nanoTime() - started) / 1_000_000);
        Throwable t = thrown.get();
        if (t == null) {
            outcome[0]++;
            return null;
        }
        String problem = refusal.problemWith(t);
        if (problem == null) {
            outcome[1]++;
            return null;
        }
        return describe(name, index, input, problem, t);
    }

    private static String describe(String name, int index, byte[] input, String problem, Throwable t) {
        StringBuilder b = new StringBuilder();
        b.append("FUZZ FAILURE ").append(name);
        if (index >= 0) {
            b.append(" input ")
                    .append(index)
                    .append(" (replay: -Dfuzz.seed=")
                    .append(SEED)
                    .append(" -Dfuzz.input=")
                    .append(index)
                    .append(')');
        }
        b.append(": ").append(problem).append('\n');
        b.append("input, ")
                .append(input.length)
                .append(" bytes, Base64: ")
                .append(input.length <= 20_000 ? Base64.getEncoder().encodeToString(input) : "(too long to print)")
                .append('\n');
        if (t != null) {
            StringWriter trace = new StringWriter();
            t.printStackTrace(new PrintWriter(trace));
            String text = trace.toString();
            b.append(text, 0, Math.min(text.length(), 3_000));
        }
        return b.toString();
    }

    private static long mix(long seed, String name, int index) {
        long h = seed ^ (0x9E3779B97F4A7C15L * (name.hashCode() + 1L)) ^ (0xBF58476D1CE4E5B9L * (index + 1L));
        h ^= h >>> 31;
        h *= 0x94D049BB133111EBL;
        return h ^ (h >>> 29);
    }

    /** One mutation of an input. */
    public interface Mutator {
        byte[] mutate(byte[] input, Random random);
    }

    /**
     * The mutations every text file gets, plus {@code inserts} (separators and markup of the format) and,
     * for XML, deep nesting, huge text and document type declarations.
     */
    public static Mutator textMutator(List<String> inserts, boolean xml) {
        return (input, random) -> {
            int kinds = xml ? 24 : 21;
            int kind = random.nextInt(kinds);
            if (kind == 0) {
                return flipBit(input, random);
            }
            if (kind == 1) {
                return reEncoded(input, random);
            }
            String text = new String(input, StandardCharsets.UTF_8);
            String out = switch (kind) {
                case 2 ->
                    atRandom(
                            text,
                            random,
                            (at) -> text.substring(0, at)
                                    + (char) (' ' + random.nextInt(95))
                                    + text.substring(Math.min(text.length(), at + 1)));
                case 3 ->
                    atRandom(
                            text,
                            random,
                            (at) -> text.substring(0, at) + text.substring(Math.min(text.length(), at + 1)));
                case 4 ->
                    atRandom(
                            text,
                            random,
                            (at) -> text.substring(0, at)
                                    + text.substring(Math.min(text.length(), at + 1 + random.nextInt(60))));
                case 5 ->
                    atRandom(text, random, (at) -> {
                        int end = Math.min(text.length(), at + 1 + random.nextInt(200));
                        int to = random.nextInt(text.length() + 1);
                        return text.substring(0, to) + text.substring(at, end) + text.substring(to);
                    });
                case 6, 7 ->
                    atRandom(
                            text,
                            random,
                            (at) -> text.substring(0, at) + pick(random, inserts, COMMON_INSERTS) + text.substring(at));
                case 8 -> atRandom(text, random, (at) -> text.substring(0, at));
                case 9 -> changeADigit(text, random);
                case 10 ->
                    atRandom(
                            text,
                            random,
                            (at) -> text.substring(0, at)
                                    + (char) random.nextInt(0x3000)
                                    + text.substring(Math.min(text.length(), at + 1)));
                case 11 -> lines(text, random, (lines) -> lines.remove(random.nextInt(lines.size())));
                case 12 ->
                    lines(
                            text,
                            random,
                            (lines) -> lines.add(
                                    random.nextInt(lines.size() + 1), lines.get(random.nextInt(lines.size()))));
                case 13 ->
                    lines(text, random, (lines) -> {
                        int a = random.nextInt(lines.size());
                        int b = random.nextInt(lines.size());
                        String x = lines.get(a);
                        lines.set(a, lines.get(b));
                        lines.set(b, x);
                    });
                case 14 -> replaceAToken(text, random, NUMBER, HUGE_NUMBERS);
                case 15 -> replaceAToken(text, random, DATE, BAD_DATES);
                case 16 -> "\uFEFF" + text;
                case 17 ->
                    atRandom(
                            text,
                            random,
                            (at) -> text.substring(0, at)
                                    + String.valueOf(pick(
                                                    random,
                                                    List.of("9", "A", ",", "\"", " ", "é", "ß", "<"),
                                                    List.of()))
                                            .repeat(longLength(random))
                                    + text.substring(at));
                case 18 ->
                    lines(text, random, (lines) -> {
                        String line = lines.get(random.nextInt(lines.size()));
                        int at = random.nextInt(lines.size() + 1);
                        int copies = Math.min(1 + random.nextInt(5_000), 1 + MAX_BYTES / (line.length() + 1));
                        lines.addAll(at, java.util.Collections.nCopies(copies, line));
                    });
                case 19 -> replaceAToken(text, random, FIELD, List.of()); // a field at or past its length limit
                case 20 -> text.replace("\n", random.nextBoolean() ? "\r\n" : "\r");
                case 21 -> atRandom(text, random, (at) -> text.substring(0, at) + nested(random) + text.substring(at));
                case 22 -> text.replaceFirst("(<\\?xml[^>]*\\?>)?", "$1" + Matcher.quoteReplacement(doctype(random)));
                default ->
                    atRandom(
                            text,
                            random,
                            (at) -> text.substring(0, at) + "x".repeat(longLength(random) * 5) + text.substring(at));
            };
            return out.getBytes(StandardCharsets.UTF_8);
        };
    }

    private static final List<String> COMMON_INSERTS = List.of(
            "\n",
            "\r\n",
            "\r",
            " ",
            "-",
            "+",
            ".",
            "0",
            "9",
            "\"",
            "\"\"",
            ",",
            ";",
            "|",
            "\t",
            "\u0000",
            "\uFFFD",
            "é",
            "\uD83D\uDCB0",
            "\u2028",
            "\uFEFF",
            "\uD800",
            "999999999999999999999",
            "-1",
            "1e9999",
            "NaN",
            "0x1F",
            "\\",
            "%s",
            "'; drop table invoice; --");

    private static final Pattern NUMBER = Pattern.compile("\\d+(\\.\\d+)?");
    private static final List<String> HUGE_NUMBERS = List.of(
            "99999999999999999999999999999999",
            "9223372036854775808",
            "2147483648",
            "-9223372036854775809",
            "999999999999999999",
            "99999999999999999.99",
            "999,999,999,999,999,999.99",
            "0.000000000000000000001",
            "1" + "0".repeat(400),
            "1e400",
            "-0",
            "00000000000000000000000000000001",
            "1.005",
            "١٢٣");
    private static final Pattern DATE = Pattern.compile("\\d{2,4}[-/]\\d{2}[-/]\\d{2,4}|\\b\\d{6,8}\\b");
    private static final List<String> BAD_DATES = List.of(
            "2026-02-30",
            "2026-13-01",
            "0000-00-00",
            "9999-12-31",
            "+999999999-12-31",
            "-0001-01-01",
            "02/30/2026",
            "13/13/2026",
            "00/00/0000",
            "991301",
            "20260230",
            "2026-3-2",
            "2026-03-02T25:00",
            "");
    private static final Pattern FIELD = Pattern.compile("[^,\\n\\r<>/\"]+");

    private static int longLength(Random random) {
        int[] lengths = {39, 40, 41, 80, 81, 200, 201, 1_000, 70_000, 300_000};
        return lengths[random.nextInt(lengths.length)];
    }

    private static String atRandom(String text, Random random, Function<Integer, String> change) {
        return change.apply(text.isEmpty() ? 0 : random.nextInt(text.length()));
    }

    private static String pick(Random random, List<String> own, List<String> common) {
        int n = random.nextInt(own.size() + common.size());
        return n < own.size() ? own.get(n) : common.get(n - own.size());
    }

    private static String lines(String text, Random random, java.util.function.Consumer<List<String>> change) {
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        change.accept(lines);
        return String.join("\n", lines);
    }

    /** One token the pattern finds, chosen at random, replaced by one of {@code by} (or, with none, by a run of one character at a length limit). */
    private static String replaceAToken(String text, Random random, Pattern token, List<String> by) {
        Matcher m = token.matcher(text);
        List<int[]> found = new ArrayList<>();
        while (m.find() && found.size() < 10_000) {
            found.add(new int[] {m.start(), m.end()});
        }
        if (found.isEmpty()) {
            return text;
        }
        int[] at = found.get(random.nextInt(found.size()));
        String replacement = by.isEmpty()
                ? String.valueOf("9Aß,ﬃ\"é".charAt(random.nextInt(7)))
                        .repeat(new int[] {20, 21, 39, 40, 41, 200, 201}[random.nextInt(7)])
                : by.get(random.nextInt(by.size()));
        return text.substring(0, at[0]) + replacement + text.substring(at[1]);
    }

    private static String changeADigit(String text, Random random) {
        if (text.isEmpty()) {
            return text;
        }
        int at = random.nextInt(text.length());
        for (int i = at; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                char other = (char) ('0' + (c - '0' + 1 + random.nextInt(9)) % 10);
                return text.substring(0, i) + other + text.substring(i + 1);
            }
        }
        return text;
    }

    private static byte[] flipBit(byte[] input, Random random) {
        if (input.length == 0) {
            return new byte[] {(byte) random.nextInt(256)};
        }
        byte[] out = input.clone();
        for (int n = 1 + random.nextInt(3); n > 0; n--) {
            out[random.nextInt(out.length)] ^= (byte) (1 << random.nextInt(8));
        }
        return out;
    }

    /** The same text in another encoding, with or without a byte order mark: most readers must refuse it clearly. */
    private static byte[] reEncoded(byte[] input, Random random) {
        String text = new String(input, StandardCharsets.UTF_8);
        return switch (random.nextInt(5)) {
            case 0 -> text.getBytes(StandardCharsets.UTF_16LE);
            case 1 -> text.getBytes(StandardCharsets.UTF_16); // big-endian with a byte order mark
            case 2 -> text.replace("a", "ä").getBytes(StandardCharsets.ISO_8859_1);
            case 3 -> concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, text.getBytes(StandardCharsets.UTF_8));
            default -> concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, input);
        };
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static String nested(Random random) {
        int depth = new int[] {100, 5_000, 100_000}[random.nextInt(3)];
        String name = random.nextBoolean() ? "Ntry" : "a";
        return random.nextBoolean()
                ? ("<" + name + ">").repeat(depth)
                : ("<" + name + ">").repeat(depth) + ("</" + name + ">").repeat(depth);
    }

    /** Document type declarations that would read a file, call a server or expand entities without end. */
    public static String doctype(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> "<!DOCTYPE Document [<!ENTITY xxe SYSTEM \"file:///etc/hostname\">]>";
            case 1 -> "<!DOCTYPE Document [<!ENTITY xxe SYSTEM \"http://127.0.0.1:9/x\">]>";
            case 2 -> "<!DOCTYPE Document SYSTEM \"http://127.0.0.1:9/x.dtd\">";
            case 3 -> "<!DOCTYPE Document [<!ENTITY % p SYSTEM \"http://127.0.0.1:9/p\"> %p;]>";
            default -> {
                StringBuilder laughs = new StringBuilder("<!DOCTYPE Document [<!ENTITY l0 \"lol\">");
                for (int i = 1; i < 10; i++) {
                    laughs.append("<!ENTITY l")
                            .append(i)
                            .append(" \"")
                            .append(("&l" + (i - 1) + ";").repeat(10))
                            .append("\">");
                }
                yield laughs.append("]>").toString();
            }
        };
    }
}
