package org.factorline.receipts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import org.factorline.shared.Money;

/** The sample bank files in src/test/resources/bankfiles, and ways to break them one line at a time. */
final class Samples {

    static final String BAI2 = "bai2-lockbox-two-accounts.bai";
    static final String CAMT053_V02 = "camt053-001-02-usd.xml";
    static final String CAMT053_V08 = "camt053-001-08-eur.xml";
    static final String CAMT054_V08 = "camt054-001-08-usd.xml";
    static final String LOCKBOX_CSV = "lockbox-first-national.csv";

    private Samples() {}

    static byte[] bytes(String name) {
        try (InputStream in = Samples.class.getResourceAsStream("/bankfiles/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no sample /bankfiles/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    /** The text with line {@code number} (from 1) changed. */
    static String withLine(String text, int number, UnaryOperator<String> change) {
        String[] lines = text.split("\n", -1);
        lines[number - 1] = change.apply(lines[number - 1]);
        return String.join("\n", lines);
    }

    /** The text without line {@code number} (from 1). */
    static String withoutLine(String text, int number) {
        String[] lines = text.split("\n", -1);
        String[] kept = new String[lines.length - 1];
        System.arraycopy(lines, 0, kept, 0, number - 1);
        System.arraycopy(lines, number, kept, number - 1, lines.length - number);
        return String.join("\n", kept);
    }

    /** The first {@code count} lines of the text, each ending in "\n". */
    static String firstLines(String text, int count) {
        return String.join("\n", Arrays.copyOf(text.split("\n", -1), count)) + "\n";
    }

    /** How the First National lockbox file's columns map (see lockbox-first-national.csv). */
    static LockboxMapping firstNational() {
        return LockboxMapping.builder("LBX-4417", Money.USD)
                .amount("Check Amount")
                .checkNumber("Check Number")
                .payerName("Remitter")
                .payerRouting("ABA")
                .payerAccount("Account")
                .depositDate("Deposit Date", "MM/dd/yyyy")
                .invoices("Invoice 1", "Invoice 2")
                .remittance("Memo")
                .build();
    }
}
