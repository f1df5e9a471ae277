package org.factorline.payouts;

import java.text.Normalizer;
import java.util.Locale;

/**
 * How values become NACHA fields. Alphanumeric fields may hold printable ASCII only (0x20 to 0x7E);
 * names are uppercased, accents are folded ("Café" becomes "CAFE" rather than "CAF "), anything else
 * becomes a space, and the result is cut to the field. Codes (descriptions, references, identifiers)
 * are never cut: a cut reference would no longer match its payout, so a long one is refused instead.
 */
final class NachaFields {

    static final int RECORD_LENGTH = 94;
    static final int BLOCKING_FACTOR = 10;
    static final String FILLER = "9".repeat(RECORD_LENGTH);

    private NachaFields() {}

    static boolean printableAscii(char c) {
        return c >= 0x20 && c <= 0x7E;
    }

    /** A person's or company's name as the field will hold it: clean, uppercase, cut, no trailing spaces. */
    static String name(String raw, int width) {
        if (raw == null) {
            return "";
        }
        String folded = Normalizer.normalize(raw, Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "")
                .toUpperCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(folded.length());
        for (int i = 0; i < folded.length(); i++) {
            char c = folded.charAt(i);
            out.append(printableAscii(c) ? c : ' ');
        }
        String clean = out.toString().strip();
        return (clean.length() > width ? clean.substring(0, width) : clean).stripTrailing();
    }

    /**
     * Why {@code value} cannot be a code field of {@code width} characters, or null when it can. Leading
     * and trailing spaces are the caller's to strip; inner spaces are allowed.
     */
    static String codeProblem(String value, int width) {
        if (value.length() > width) {
            return "must be at most " + width + " characters";
        }
        for (int i = 0; i < value.length(); i++) {
            if (!printableAscii(value.charAt(i))) {
                return "must be printable ASCII only (character " + (i + 1) + " is not)";
            }
        }
        return null;
    }

    /** Left-justified and space-filled, as NACHA wants alphanumeric fields. */
    static String left(String value, int width) {
        if (value.length() > width) {
            throw new IllegalStateException("\"" + value + "\" does not fit " + width + " characters");
        }
        return value + " ".repeat(width - value.length());
    }

    /** Right-justified and zero-filled, as NACHA wants numeric fields. */
    static String zeros(long value, int width) {
        String digits = Long.toString(value);
        if (value < 0 || digits.length() > width) {
            throw new IllegalStateException(value + " does not fit " + width + " digits");
        }
        return "0".repeat(width - digits.length()) + digits;
    }

    static String blanks(int width) {
        return " ".repeat(width);
    }
}
