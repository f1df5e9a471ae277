package org.factorline.receipts;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.factorline.support.Fuzz;
import org.junit.jupiter.api.Test;

/**
 * Seeded mutation fuzzing of every bank-file reader (see {@link Fuzz} for the mutations): each must read
 * the broken file or refuse it with a {@link BankFileException} that names a line and a field, never
 * another exception, never a hang.
 *
 * <p>Inputs per build: BAI2 6,000; camt 6,000 (from the three samples); lockbox CSV 6,000;
 * {@link BankFiles#read} on any sample 4,000. A longer run:
 * {@code ./mvnw test -Dtest=BankFileFuzzTest -Dfuzz.inputs=100000 -Dfuzz.seed=<seed>}; one failing input
 * alone: {@code -Dfuzz.seed=<seed> -Dfuzz.input=<i>}.
 */
class BankFileFuzzTest {

    private static final List<String> BAI2_INSERTS =
            List.of("/", "88,", "16,", "49,", "01,", "02,", "03,", "98,", "99,");
    private static final List<String> CSV_INSERTS =
            List.of(",", "\"", "\"\"", ",,,,,,,,,,,,,,,,,,,,", "=cmd|' /C calc'!A0");
    private static final List<String> XML_INSERTS = List.of(
            "<",
            ">",
            "&",
            "&amp;",
            "&#x0;",
            "&#1114112;",
            "&xxe;",
            "&lol9;",
            "]]>",
            "<![CDATA[",
            "</Ntry>",
            "<Ntry>",
            "<TxDtls>",
            "</TxDtls>",
            "<Amt Ccy=\"USD\">1.00</Amt>",
            "<Amt Ccy=\"XXX\">1e9</Amt>",
            "<!DOCTYPE x>",
            "<?pi x?>",
            "<!--",
            "-->",
            "xmlns=\"\"",
            "xmlns:a=\"urn:x\"",
            "<xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" href=\"file:///etc/hostname\"/>");

    @Test
    void bai2() {
        Fuzz.run(
                "BAI2",
                Fuzz.inputs(5_000),
                List.of(Samples.bytes(Samples.BAI2)),
                Fuzz.textMutator(BAI2_INSERTS, false),
                input -> check(input, Bai2Reader.read(text(input))),
                BankFileFuzzTest::clearRefusal);
    }

    @Test
    void camt() {
        Fuzz.run(
                "camt",
                Fuzz.inputs(5_000),
                List.of(
                        Samples.bytes(Samples.CAMT053_V02),
                        Samples.bytes(Samples.CAMT053_V08),
                        Samples.bytes(Samples.CAMT054_V08)),
                Fuzz.textMutator(XML_INSERTS, true),
                input -> check(input, CamtReader.read(input)),
                BankFileFuzzTest::clearRefusal);
    }

    @Test
    void lockboxCsv() {
        LockboxMapping mapping = Samples.firstNational();
        Fuzz.run(
                "lockbox CSV",
                Fuzz.inputs(5_000),
                List.of(Samples.bytes(Samples.LOCKBOX_CSV)),
                Fuzz.textMutator(CSV_INSERTS, false),
                input -> check(input, LockboxReader.read(text(input), mapping)),
                BankFileFuzzTest::clearRefusal);
    }

    @Test
    void anyFileThroughTheDetector() {
        LockboxMapping mapping = Samples.firstNational();
        Fuzz.run(
                "BankFiles.read",
                Fuzz.inputs(3_000),
                List.of(
                        Samples.bytes(Samples.BAI2),
                        Samples.bytes(Samples.CAMT053_V02),
                        Samples.bytes(Samples.CAMT054_V08),
                        Samples.bytes(Samples.LOCKBOX_CSV)),
                Fuzz.textMutator(List.of("/", "88,", ",", "<Ntry>", "&amp;"), true),
                input -> check(input, BankFiles.read(input, "f", mapping)),
                BankFileFuzzTest::clearRefusal);
    }

    /** A file read whole: every transaction says which line of the file it came from. */
    private static void check(byte[] input, BankStatement read) {
        long lines = text(input).lines().count() + 1;
        for (BankTransaction t : read.transactions()) {
            if (t.source().line() < 1 || t.source().line() > lines) {
                throw new AssertionError(
                        "a transaction names line " + t.source().line() + " of a file of " + lines);
            }
        }
    }

    private static String clearRefusal(Throwable thrown) {
        if (!(thrown instanceof BankFileException refused)) {
            return "threw " + thrown.getClass().getName() + " instead of a BankFileException";
        }
        if (refused.problem().line() == null || refused.problem().line() < 1) {
            return "the refusal names no line: " + refused.getMessage();
        }
        if (refused.problem().field() == null || refused.problem().field().isBlank()) {
            return "the refusal names no field: " + refused.getMessage();
        }
        return null;
    }

    private static String text(byte[] input) {
        return new String(input, StandardCharsets.UTF_8);
    }
}
