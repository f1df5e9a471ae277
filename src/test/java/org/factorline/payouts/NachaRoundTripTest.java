package org.factorline.payouts;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.factorline.shared.BusinessCalendar;
import org.factorline.shared.Money;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded random files: each is written, read back, and its totals checked against a small independent
 * model (BigDecimal and BigInteger sums over the inputs). Then the same files are broken at random:
 * the reader must refuse them with a {@link NachaException}, never with anything else. A failure
 * prints its seed; put it in {@link #seeds()} to replay it.
 */
class NachaRoundTripTest {

    private static final String NAME_CHARACTERS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 .,&'-/éüñ\t€";
    private static final String PRINTABLE =
            " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~";

    private final NachaWriter writer = new NachaWriter(new BusinessCalendar());

    static LongStream seeds() {
        return LongStream.concat(LongStream.of(1L, 42L, 20261120L), new Random(7).longs(17));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aRandomFileReadsBackWithTheTotalsOfItsInputs(long seed) {
        Random random = new Random(seed);
        NachaFileRequest request = randomRequest(random);
        NachaFile file = writer.write(request);
        NachaFile read = NachaReader.read(file.text());

        List<NachaEntry> inputs =
                request.batches().stream().flatMap(b -> b.entries().stream()).toList();
        BigDecimal total = inputs.stream().map(e -> e.amount().amount()).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigInteger hash = inputs.stream()
                .map(e -> new BigInteger(e.routingNumber().value().substring(0, 8)))
                .reduce(BigInteger.ZERO, BigInteger::add)
                .mod(BigInteger.TEN.pow(10));
        int records = 2
                + request.batches().stream()
                        .mapToInt(b -> 2 + b.entries().size())
                        .sum();

        assertThat(read).as("seed %d", seed).isEqualTo(file);
        assertThat(read.entries()).as("seed %d", seed).containsExactlyElementsOf(inputs);
        assertThat(read.totalCredit()).as("seed %d", seed).isEqualTo(Money.of(total, Money.USD));
        assertThat(read.control().entryHash()).as("seed %d", seed).isEqualTo(hash.longValueExact());
        assertThat(read.control().entryAddendaCount()).isEqualTo(inputs.size());
        assertThat(read.control().batchCount()).isEqualTo(request.batches().size());
        assertThat(read.recordCount()).as("seed %d", seed).isEqualTo((records + 9) / 10 * 10);
        assertThat(file.text().split("\n", -1)).as("seed %d", seed).hasSize(read.recordCount() + 1);
        assertThat(file.text().split("\n")).allSatisfy(l -> assertThat(l).hasSize(94));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aBrokenFileIsRefusedWithANachaExceptionAndNothingElse(long seed) {
        Random random = new Random(seed);
        String text = writer.write(randomRequest(random)).text();
        for (int attempt = 0; attempt < 300; attempt++) {
            String broken = text;
            int mutations = 1 + random.nextInt(3);
            for (int m = 0; m < mutations; m++) {
                broken = mutate(broken, random);
            }
            try {
                NachaReader.read(broken);
            } catch (NachaException expected) {
                assertThat(expected.problem().line())
                        .as("seed %d, attempt %d", seed, attempt)
                        .isNotNull();
            } catch (RuntimeException e) {
                throw new AssertionError(
                        "seed " + seed + ", attempt " + attempt + ": " + e + " reading:\n" + broken, e);
            }
        }
    }

    private static String mutate(String text, Random random) {
        if (text.isEmpty()) {
            return text;
        }
        int at = random.nextInt(text.length());
        return switch (random.nextInt(6)) {
            case 0 ->
                text.substring(0, at) + PRINTABLE.charAt(random.nextInt(PRINTABLE.length())) + text.substring(at + 1);
            case 1 -> text.substring(0, at) + (char) ('0' + random.nextInt(10)) + text.substring(at + 1);
            case 2 -> text.substring(0, at) + text.substring(at + 1);
            case 3 -> text.substring(0, at) + (char) random.nextInt(0x3000) + text.substring(at + 1);
            case 4 -> {
                List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
                lines.remove(random.nextInt(lines.size()));
                yield String.join("\n", lines);
            }
            default -> {
                List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
                int from = random.nextInt(lines.size());
                lines.add(random.nextInt(lines.size()), lines.get(from));
                yield String.join("\n", lines);
            }
        };
    }

    static NachaFileRequest randomRequest(Random random) {
        // At most 3 batches of 30 entries of under $100,000,000: within the 12 digits a total may have.
        List<NachaBatch> batches = new ArrayList<>();
        int batchCount = 1 + random.nextInt(3);
        int reference = 0;
        for (int b = 0; b < batchCount; b++) {
            List<NachaEntry> entries = new ArrayList<>();
            int entryCount = 1 + random.nextInt(30);
            for (int e = 0; e < entryCount; e++) {
                entries.add(randomEntry(random, "PO-" + (1000 + reference++)));
            }
            LocalDate requested =
                    random.nextBoolean() ? null : LocalDate.of(2026, 1, 1).plusDays(random.nextInt(800));
            batches.add(new NachaBatch(
                    random.nextBoolean() ? "ADVANCE" : "rebate", "S-" + random.nextInt(1000), "", requested, entries));
        }
        Instant createdAt = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(random.nextInt(2 * 365 * 86_400));
        String modifiers = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        return new NachaFileRequest(
                PayoutFixtures.ORIGINATOR,
                createdAt,
                ZoneId.of(random.nextBoolean() ? "America/Chicago" : "America/New_York"),
                modifiers.charAt(random.nextInt(modifiers.length())),
                random.nextBoolean() ? "" : "REF" + random.nextInt(100),
                batches);
    }

    private static NachaEntry randomEntry(Random random, String id) {
        long cents = switch (random.nextInt(3)) {
            case 0 -> 1 + random.nextInt(100_000);
            case 1 -> 1 + (long) random.nextInt(1_000_000_000);
            default -> 9_999_999_999L - random.nextInt(1000);
        };
        StringBuilder name = new StringBuilder();
        int length = 1 + random.nextInt(30);
        for (int i = 0; i < length; i++) {
            name.append(NAME_CHARACTERS.charAt(random.nextInt(NAME_CHARACTERS.length())));
        }
        name.setCharAt(0, 'X'); // never a name of spaces only
        StringBuilder account = new StringBuilder();
        int digits = 4 + random.nextInt(14);
        for (int i = 0; i < digits; i++) {
            account.append(random.nextInt(10));
        }
        return NachaEntry.credit(
                id,
                name.toString(),
                randomRoutingNumber(random),
                account.toString(),
                random.nextBoolean() ? AchAccountType.CHECKING : AchAccountType.SAVINGS,
                Money.ofMinor(cents, Money.USD));
    }

    /** Eight random digits and the ABA check digit, worked out here rather than borrowed from main code. */
    static String randomRoutingNumber(Random random) {
        int[] weights = {3, 7, 1, 3, 7, 1, 3, 7};
        StringBuilder digits = new StringBuilder();
        int sum = 0;
        for (int i = 0; i < 8; i++) {
            int d = random.nextInt(10);
            digits.append(d);
            sum += d * weights[i];
        }
        return digits.append((10 - sum % 10) % 10).toString();
    }
}
