package org.factorline.invoices;

import java.util.Locale;

/**
 * Invoice numbers as people type them: "INV-00123", "inv 123" and "123" are likely the same invoice.
 * The key drops case, punctuation and the leading zeros of every run of digits ("2026/007" reads as
 * 2026 and 7); two keys are similar when they are equal, one contains the other, or they differ by one
 * character (a typo).
 */
public final class InvoiceNumbers {

    /**
     * A key is at most as long as the column that holds it. Upper-casing can lengthen a number ("ß" becomes
     * "SS", "ﬃ" becomes "FFI"), so a key is cut to this; only letters of the basic plane and digits are
     * kept, so the cut never splits a character.
     */
    public static final int MAX_KEY_LENGTH = 40;

    private InvoiceNumbers() {}

    public static String normalize(String number) {
        if (number == null) {
            return "";
        }
        String plain = number.toUpperCase(Locale.ROOT);
        StringBuilder key = new StringBuilder(plain.length());
        boolean inDigits = false;
        int runStart = 0;
        for (int i = 0; i < plain.length(); i++) {
            char c = plain.charAt(i);
            if (c >= '0' && c <= '9') {
                if (!inDigits) {
                    inDigits = true;
                    runStart = key.length();
                }
                if (c == '0' && key.length() == runStart) {
                    continue; // a leading zero of this run of digits
                }
                key.append(c);
            } else {
                closeRun(key, inDigits, runStart);
                inDigits = false;
                if (Character.isLetter(c)) {
                    key.append(c);
                }
                // anything else (space, dash, slash, dot, ...) is punctuation: dropped, but it ends a run of digits
            }
        }
        closeRun(key, inDigits, runStart);
        return key.length() > MAX_KEY_LENGTH ? key.substring(0, MAX_KEY_LENGTH) : key.toString();
    }

    /** A run made only of zeros keeps one zero, so "INV-000" does not become "INV". */
    private static void closeRun(StringBuilder key, boolean inDigits, int runStart) {
        if (inDigits && key.length() == runStart) {
            key.append('0');
        }
    }

    public static boolean similar(String keyA, String keyB) {
        if (keyA == null || keyB == null || keyA.isEmpty() || keyB.isEmpty()) {
            return false;
        }
        return keyA.equals(keyB) || keyA.contains(keyB) || keyB.contains(keyA) || withinOneEdit(keyA, keyB);
    }

    /** Levenshtein distance at most one: one character inserted, deleted or changed. */
    static boolean withinOneEdit(String a, String b) {
        if (Math.abs(a.length() - b.length()) > 1) {
            return false;
        }
        String shorter = a.length() <= b.length() ? a : b;
        String longer = shorter == a ? b : a;
        int i = 0;
        while (i < shorter.length() && shorter.charAt(i) == longer.charAt(i)) {
            i++;
        }
        if (i == shorter.length()) {
            return true;
        }
        if (shorter.length() == longer.length()) {
            return shorter.substring(i + 1).equals(longer.substring(i + 1));
        }
        return shorter.substring(i).equals(longer.substring(i + 1));
    }

    /** The full Levenshtein distance, for tests and explanations. */
    public static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
