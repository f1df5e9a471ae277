package org.factorline.receipts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Seeded mutation fuzzing of every reader. The valid samples are broken at random, one to four times
 * each (characters changed, deleted, duplicated, separators and markup inserted, lines dropped or
 * repeated, digits changed, the file cut short, for XML bytes flipped too), and each reader must either
 * read the result or refuse it with a {@link BankFileException} that names a line: never another
 * exception, never a hang (each batch runs under a time limit).
 *
 * <p>Inputs per run: BAI2 20,000; camt 6,000 (2,000 from each of the three samples); lockbox CSV 10,000;
 * {@link BankFiles#read} on any sample 4,000. A run prints its seed and, per reader, how many inputs were
 * read and how many refused; replay one with {@code -Dfactorline.seed=<seed>}. A longer run multiplies
 * every count: {@code ./mvnw test -Dtest=BankFileFuzzTest -Dfactorline.fuzz.scale=50} (2,000,000 inputs).
 */
class BankFileFuzzTest {

    private static final long SEED = Long.getLong("factorline.seed", new Random().nextLong());
    /** Scales every reader's input count for a longer run: {@code -Dfactorline.fuzz.scale=50} runs 2,000,000. */
    private static final int SCALE = Integer.getInteger("factorline.fuzz.scale", 1);

    private static final Duration TIME_LIMIT = Duration.ofSeconds(60L * SCALE);

    private static final String[] INSERTS = {
        ",",
        "/",
        "\n",
        "\r\n",
        "\r",
        "88,",
        "16,",
        "49,",
        " ",
        "-",
        "+",
        ".",
        "0",
        "9",
        "\"",
        "\"\"",
        ";",
        "|",
        "\t",
        "<",
        ">",
        "&",
        "&amp;",
        "&#x0;",
        "]]>",
        "<![CDATA[",
        "</Ntry>",
        "<Ntry>",
        "<TxDtls>",
        "</TxDtls>",
        "<Amt Ccy=\"USD\">1.00</Amt>",
        "<!DOCTYPE x>",
        "<?pi x?>",
        "<!--",
        "-->",
        "xmlns=\"\"",
        "\u0000",
        "\uFFFD",
        "é",
        "\uD83D\uDCB0",
        "\u2028",
        "999999999999999999999",
    };

    @BeforeAll
    static void printTheSeed() {
        System.out.println("BankFileFuzzTest seed " + SEED + " (replay with -Dfactorline.seed=" + SEED + ")");
    }

    @Test
    void bai2() {
        fuzz("BAI2", 20_000 * SCALE, List.of(Samples.text(Samples.BAI2)), (text, random) -> Bai2Reader.read(text));
    }

    @Test
    void camt() {
        List<String> samples = List.of(
                Samples.text(Samples.CAMT053_V02),
                Samples.text(Samples.CAMT053_V08),
                Samples.text(Samples.CAMT054_V08));
        fuzz("camt", 6_000 * SCALE, samples, (text, random) -> CamtReader.read(bytes(text, random)));
    }

    @Test
    void lockboxCsv() {
        LockboxMapping mapping = Samples.firstNational();
        fuzz(
                "lockbox CSV",
                10_000 * SCALE,
                List.of(Samples.text(Samples.LOCKBOX_CSV)),
                (text, random) -> LockboxReader.read(text, mapping));
    }

    @Test
    void anyFileThroughTheDetector() {
        List<String> samples = List.of(
                Samples.text(Samples.BAI2),
                Samples.text(Samples.CAMT053_V02),
                Samples.text(Samples.CAMT054_V08),
                Samples.text(Samples.LOCKBOX_CSV));
        LockboxMapping mapping = Samples.firstNational();
        fuzz(
                "BankFiles.read",
                4_000 * SCALE,
                samples,
                (text, random) -> BankFiles.read(bytes(text, random), "f", mapping));
    }

    private interface Reader {
        BankStatement read(String text, Random random);
    }

    private static void fuzz(String name, int inputs, List<String> samples, Reader reader) {
        Random random = new Random(SEED ^ name.hashCode()); // each reader its own stream, all from one seed
        for (String sample : samples) {
            assertThat(reader.read(sample, null))
                    .as("%s reads its sample unchanged", name)
                    .isNotNull();
        }
        AtomicReference<String> current = new AtomicReference<>();
        int[] outcome = new int[2]; // read, refused
        long started = System.nanoTime();
        assertTimeoutPreemptively(
                TIME_LIMIT,
                () -> {
                    for (int i = 0; i < inputs; i++) {
                        String input = samples.get(i % samples.size());
                        int mutations = 1 + random.nextInt(4);
                        for (int m = 0; m < mutations; m++) {
                            input = mutate(input, random);
                        }
                        current.set(input);
                        try {
                            BankStatement read = reader.read(input, random);
                            long lines = input.lines().count() + 1;
                            assertThat(read.transactions())
                                    .as("seed %d, %s input %d", SEED, name, i)
                                    .allSatisfy(
                                            t -> assertThat(t.source().line()).isBetween(1L, lines));
                            outcome[0]++;
                        } catch (BankFileException refused) {
                            assertThat(refused.problem().line())
                                    .as("seed %d, %s input %d: %s", SEED, name, i, refused.getMessage())
                                    .isNotNull()
                                    .isPositive();
                            outcome[1]++;
                        } catch (RuntimeException | StackOverflowError e) {
                            throw new AssertionError(
                                    "seed " + SEED + ", " + name + " input " + i + ": " + e + " reading:\n" + input, e);
                        }
                    }
                },
                () -> "seed " + SEED + ": " + name + " ran past " + TIME_LIMIT + "; it was reading:\n" + current.get());
        System.out.printf(
                "BankFileFuzzTest %s: seed %d, %d inputs: %d read, %d refused with a BankFileException, %d ms%n",
                name, SEED, inputs, outcome[0], outcome[1], (System.nanoTime() - started) / 1_000_000);
        assertThat(outcome[0] + outcome[1]).isEqualTo(inputs);
    }

    /** UTF-8, and now and then (never without a random) a byte flipped, which may leave bytes that are no UTF-8. */
    private static byte[] bytes(String text, Random random) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (random != null && bytes.length > 0 && random.nextInt(10) == 0) {
            bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
        }
        return bytes;
    }

    static String mutate(String text, Random random) {
        if (text.isEmpty()) {
            return INSERTS[random.nextInt(INSERTS.length)];
        }
        int at = random.nextInt(text.length());
        return switch (random.nextInt(10)) {
            case 0 -> text.substring(0, at) + (char) (' ' + random.nextInt(95)) + text.substring(at + 1);
            case 1 -> text.substring(0, at) + text.substring(at + 1);
            case 2 -> text.substring(0, at) + text.substring(Math.min(text.length(), at + 1 + random.nextInt(60)));
            case 3 -> {
                int end = Math.min(text.length(), at + 1 + random.nextInt(200));
                int to = random.nextInt(text.length() + 1);
                yield text.substring(0, to) + text.substring(at, end) + text.substring(to);
            }
            case 4 -> text.substring(0, at) + INSERTS[random.nextInt(INSERTS.length)] + text.substring(at);
            case 5 -> text.substring(0, at);
            case 6 -> changeADigit(text, at, random);
            case 7 -> text.substring(0, at) + (char) random.nextInt(0x3000) + text.substring(at + 1);
            case 8 -> {
                List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
                lines.remove(random.nextInt(lines.size()));
                yield String.join("\n", lines);
            }
            default -> {
                List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
                lines.add(random.nextInt(lines.size() + 1), lines.get(random.nextInt(lines.size())));
                yield String.join("\n", lines);
            }
        };
    }

    /** The first digit at or after {@code at} becomes another: syntax kept, totals broken. */
    private static String changeADigit(String text, int at, Random random) {
        for (int i = at; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                char other = (char) ('0' + (c - '0' + 1 + random.nextInt(9)) % 10);
                return text.substring(0, i) + other + text.substring(i + 1);
            }
        }
        return text;
    }
}
