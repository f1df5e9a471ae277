package org.factorline.receipts;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.factorline.debtors.DebtorId;
import org.factorline.invoices.InvoiceId;
import org.factorline.invoices.InvoiceNumbers;
import org.factorline.shared.Money;

/**
 * Proposes where a payment goes, with how sure it is. Invoice numbers are looked for in the remittance
 * text and the customer reference as people and banks write them — prefixes ("INV#"), leading zeros,
 * punctuation, the usual misreadings of scanned checks (O for 0, I or L for 1, S for 5, B for 8) — and
 * weighed with who paid (a payer known to be the invoice's debtor) and whether the amount fits. Pure:
 * the caller looks up the candidates.
 */
final class Matcher {

    /** An open invoice the payment may be for. */
    record Candidate(
            InvoiceId invoiceId,
            String number,
            String numberKey,
            DebtorId debtorId,
            String debtorNameKey,
            Money open) {}

    /** How a candidate was found from the payment's text. */
    enum Found {
        EXACT(new BigDecimal("0.70")),
        PREFIX_DROPPED(new BigDecimal("0.62")),
        MISREAD(new BigDecimal("0.55")),
        AMOUNT_ONLY(new BigDecimal("0.60"));

        final BigDecimal weight;

        Found(BigDecimal weight) {
            this.weight = weight;
        }
    }

    record Proposal(Candidate candidate, Money amount, BigDecimal confidence, String reason) {}

    static final int MAX_TOKENS = 200;
    static final BigDecimal CAP = new BigDecimal("0.99");

    private Matcher() {}

    /** The number keys to look for: each token as written, without its letter prefix, and as misread digits. */
    static Set<String> keysIn(String... texts) {
        Set<String> keys = new LinkedHashSet<>();
        for (String text : texts) {
            if (text == null) {
                continue;
            }
            for (String token : text.split("[\\s,;|/]+")) {
                if (keys.size() >= MAX_TOKENS) {
                    return keys;
                }
                String key = InvoiceNumbers.normalize(token);
                if (key.length() < 2) {
                    continue;
                }
                keys.add(key);
                String digitsTail = key.replaceFirst("^[A-Z]+", "");
                if (!digitsTail.isEmpty()
                        && !digitsTail.equals(key)
                        && digitsTail.chars().anyMatch(Character::isDigit)) {
                    keys.add(InvoiceNumbers.normalize(digitsTail));
                }
                String misread = misread(key);
                if (!misread.equals(key)) {
                    keys.add(InvoiceNumbers.normalize(misread));
                }
            }
        }
        return keys;
    }

    /** Letters a scanner reads for digits, put back — only in tokens that are mostly digits. */
    static String misread(String key) {
        long digits = key.chars().filter(Character::isDigit).count();
        if (digits * 2 < key.length()) {
            return key;
        }
        StringBuilder b = new StringBuilder(key.length());
        for (char c : key.toCharArray()) {
            b.append(
                    switch (c) {
                        case 'O', 'Q', 'D' -> '0';
                        case 'I', 'L' -> '1';
                        case 'S' -> '5';
                        case 'B' -> '8';
                        case 'Z' -> '2';
                        default -> c;
                    });
        }
        return b.toString();
    }

    /**
     * Proposals for the payment, most certain first, never more than the payment or any invoice's open
     * amount. {@code payer} is the debtor the payer is known to be, or null.
     */
    static List<Proposal> propose(
            Money amount, String remittance, String customerReference, DebtorId payer, List<Candidate> candidates) {
        Set<String> written = new LinkedHashSet<>();
        if (remittance != null) {
            for (String t : remittance.split("[\\s,;|/]+")) {
                written.add(InvoiceNumbers.normalize(t));
            }
        }
        if (customerReference != null) {
            written.add(InvoiceNumbers.normalize(customerReference));
        }
        List<Scored> scored = new ArrayList<>();
        for (Candidate c : candidates) {
            Found found = howFound(c.numberKey(), written);
            if (found == null) {
                continue;
            }
            if (payer != null && !payer.equals(c.debtorId())) {
                continue; // the same number on another debtor's invoice: not this payment
            }
            scored.add(new Scored(c, found, payer != null || named(c, remittance)));
        }
        if (scored.isEmpty() && payer != null) {
            List<Candidate> exact = candidates.stream()
                    .filter(c -> c.debtorId().equals(payer) && c.open().equals(amount))
                    .toList();
            if (exact.size() == 1) {
                scored.add(new Scored(exact.get(0), Found.AMOUNT_ONLY, true));
            }
        }
        Money total = Money.zero(amount.currency());
        for (Scored s : scored) {
            total = total.plus(s.candidate.open());
        }
        boolean sumFits = !scored.isEmpty() && total.equals(amount);
        List<Proposal> out = new ArrayList<>();
        Money left = amount;
        scored.sort(Comparator.comparing((Scored s) -> s.found.ordinal()).thenComparing(s -> s.candidate.number()));
        for (Scored s : scored) {
            if (!left.isPositive()) {
                break;
            }
            Money take = left.min(s.candidate.open());
            BigDecimal confidence = s.found.weight;
            List<String> why = new ArrayList<>();
            why.add(
                    switch (s.found) {
                        case EXACT -> "invoice number " + s.candidate.number() + " in the remittance";
                        case PREFIX_DROPPED -> "invoice number " + s.candidate.number() + " with a prefix";
                        case MISREAD -> "invoice number " + s.candidate.number() + " misread in the remittance";
                        case AMOUNT_ONLY -> "the only open invoice of this debtor for exactly this amount";
                    });
            if (payer != null) {
                confidence = confidence.add(new BigDecimal("0.20"));
                why.add("payer is the invoice's debtor");
            } else if (s.payerKnown) {
                confidence = confidence.add(new BigDecimal("0.20"));
                why.add("the debtor is named in the remittance");
            }
            if (sumFits) {
                confidence = confidence.add(new BigDecimal("0.10"));
                why.add(scored.size() == 1 ? "amount equals the open balance" : "amounts add up to the payment");
            } else if (scored.size() == 1 && amount.compareTo(s.candidate.open()) < 0) {
                confidence = confidence.add(new BigDecimal("0.05"));
                why.add("partial payment of " + amount.display() + " on "
                        + s.candidate.open().display() + " open");
            }
            out.add(new Proposal(s.candidate, take, confidence.min(CAP), String.join("; ", why)));
            left = left.minus(take);
        }
        return out;
    }

    private record Scored(Candidate candidate, Found found, boolean payerKnown) {}

    /** The invoice's debtor named, word for word, in the remittance text (as BAI2 and lockbox files do). */
    private static boolean named(Candidate c, String remittance) {
        if (remittance == null || c.debtorNameKey() == null || c.debtorNameKey().length() < 4) {
            return false;
        }
        String text = " " + org.factorline.debtors.Debtors.nameKey(remittance) + " ";
        return text.contains(" " + c.debtorNameKey() + " ");
    }

    private static Found howFound(String key, Set<String> written) {
        if (written.contains(key)) {
            return Found.EXACT;
        }
        for (String w : written) {
            if (w.length() > key.length()
                    && w.endsWith(key)
                    && w.substring(0, w.length() - key.length()).chars().allMatch(Character::isLetter)) {
                return Found.PREFIX_DROPPED;
            }
        }
        for (String w : written) {
            if (InvoiceNumbers.normalize(misread(w)).equals(key)) {
                return Found.MISREAD;
            }
        }
        return null;
    }

    /** A payer's name as a lookup key: case, punctuation and spacing ignored. */
    static String payerKey(String payerName) {
        return payerName == null ? null : payerName.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "");
    }
}
