package org.factorline.receipts;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
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
 *
 * <p>A wrong application is far worse than a payment left for a person, so nothing is sure enough to apply
 * by itself when the evidence disagrees: several invoices whose open amounts do not add up to the payment;
 * two open invoices with the same number; another open invoice of the debtor, numbered almost the same,
 * that a typo could have meant (for the same amount, or able to take a part payment); a number that is also
 * another debtor's open invoice, or a remittance naming an invoice that is not open, when the amount does
 * not confirm the match; a payment well over the one invoice found, or over it with other numbers or
 * deductions in the remittance; a part payment the remittance does not explain when the payer is only named
 * in it; and a match on the amount alone when the remittance says the payment is short, the amount is a
 * common whole-dollar one, or a short pay of another invoice would look the same. When the payer has so
 * many open invoices that the look-up may have left some out, only amounts that confirm the number apply.
 * {@code MatchingBenchmarkTest} measures these rules on a labelled, noisy book (docs/BENCHMARKS.md).
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

    /**
     * The candidates for one payment: every open invoice whose number the payment's text may name (never
     * cut: the invoice the remittance names must be among them), and the recognised payer's other open
     * invoices, first due first, up to a limit. {@code payerCut}: the payer has more open invoices than
     * were looked at, so neither an amount alone nor a part payment can be told apart from an unseen one.
     */
    record LookUp(List<Candidate> candidates, boolean payerCut) {

        /**
         * {@code payers} is the payer's open invoices, first due first, fetched with one more than
         * {@code limit} so that a cut shows. Invoices with nothing open or in another currency are left out.
         */
        static LookUp of(List<Candidate> numbered, List<Candidate> payers, int limit, java.util.Currency currency) {
            java.util.Map<InvoiceId, Candidate> all = new java.util.LinkedHashMap<>();
            for (Candidate c : numbered) {
                all.putIfAbsent(c.invoiceId(), c);
            }
            for (Candidate c : payers.subList(0, Math.min(limit, payers.size()))) {
                all.putIfAbsent(c.invoiceId(), c);
            }
            List<Candidate> open = all.values().stream()
                    .filter(c -> c.open().isPositive() && c.open().currency().equals(currency))
                    .toList();
            return new LookUp(open, payers.size() > limit);
        }
    }

    /** How a candidate was found from the payment's text. */
    enum Found {
        EXACT(new BigDecimal("0.70")),
        PREFIX_DROPPED(new BigDecimal("0.62")),
        PREFIX_MISSING(new BigDecimal("0.62")),
        /**
         * Letters a scanner reads for digits put back: alone never sure, but with a payer known to be the
         * debtor and the exact open amount (0.60 + 0.20 + 0.10) as sure as a number written so.
         */
        MISREAD(new BigDecimal("0.60")),
        AMOUNT_ONLY(new BigDecimal("0.60"));

        final BigDecimal weight;

        Found(BigDecimal weight) {
            this.weight = weight;
        }
    }

    record Proposal(Candidate candidate, Money amount, BigDecimal confidence, String reason) {}

    static final int MAX_TOKENS = 200;
    static final BigDecimal CAP = new BigDecimal("0.99");
    /** The most a proposal gets when the evidence disagrees: below the auto-apply threshold. */
    static final BigDecimal UNSURE = new BigDecimal("0.85");
    /** Where words end: spaces, list separators, and the separators of EDI 820 remittance (RMR*IV*1004\). */
    private static final Pattern WORD_BREAKS = Pattern.compile("[\\s,;|*\\\\~]+");
    /** A number's first group of thousands ("10" of "10,444"), and a later group ("444"). */
    private static final Pattern FIRST_GROUP = Pattern.compile("[1-9][0-9]{0,2}");

    private static final Pattern LATER_GROUP = Pattern.compile("[0-9]{3}");
    /** How remittances say a payment is less than the invoice: "PARTIAL PMT", "SHORT PAY", "LESS 2% DISC". */
    private static final Pattern SAYS_LESS = Pattern.compile(
            "\\b(PART|PARTIAL|SHORT|SHORTPAY|LESS|DEDUCT\\w*|DISC|DISCOUNT|ADJ|ADJUSTMENT|BAL|BALANCE|INSTAL+MENT|\\d+ OF \\d+)\\b");
    /** An amount written in a remittance: "189.52", "1,204.10". */
    private static final Pattern STATED_AMOUNT = Pattern.compile("(?<![\\d.,])(\\d+(?:,\\d{3})*\\.\\d{2})(?![\\d.])");
    /**
     * A short pay takes at most this share off an invoice, so an invoice that much above the payment may be
     * it; and an overpayment of one invoice adds at most this share.
     */
    private static final BigDecimal SHORT_PAY_SHARE = new BigDecimal("0.10");
    /**
     * From this many open whole-dollar invoices (freight loads, monthly contracts) on, a whole-dollar payment
     * equal to one of them may as well be for an invoice paid already, never bought, or paid short.
     */
    static final int ROUND_AMOUNTS_COMMON = 10;

    private Matcher() {}

    /**
     * The number keys to look for: each word as written, its parts around a slash, a word of letters joined
     * to the number after it ("INV 004512"), each without its letter prefix, and with misread digits put back.
     */
    static Set<String> keysIn(String... texts) {
        Set<String> keys = new LinkedHashSet<>();
        for (String text : texts) {
            for (Word word : words(text)) {
                if (keys.size() >= MAX_TOKENS) {
                    return keys;
                }
                String key = word.key();
                if (key.length() < 2) {
                    continue;
                }
                keys.add(key);
                String digitsTail = withoutPrefix(key);
                if (!digitsTail.isEmpty() && !digitsTail.equals(key)) {
                    keys.add(InvoiceNumbers.normalize(digitsTail));
                }
                keys.addAll(word.misread());
            }
        }
        return keys;
    }

    /** One word of a payment's text as a number key, and as keys with misread digits put back. */
    record Word(String key, Set<String> misread) {}

    /**
     * The words of a text, at most {@link #MAX_TOKENS}: "2026/0071" whole and as its parts, a word of
     * letters followed by a number ("INV 004512", "A 77812") also joined into one, and so a number grouped
     * by thousands ("10,444").
     */
    static List<Word> words(String text) {
        List<Word> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        Word previous = null;
        // the patterns compiled once: String.split and String.matches compile theirs on every call
        for (String raw : WORD_BREAKS.split(text)) {
            if (out.size() >= MAX_TOKENS) {
                break;
            }
            Word word = word(raw);
            out.add(word);
            if (raw.indexOf('/') >= 0) {
                for (String part : raw.split("/")) {
                    out.add(word(part));
                }
            }
            if (previous != null
                    && FIRST_GROUP.matcher(previous.key()).matches()
                    && LATER_GROUP.matcher(raw).matches()) {
                out.add(word(previous.key() + raw)); // "10,444" or "10 444": a number grouped by thousands
            }
            if (previous != null
                    && !previous.key().isEmpty()
                    && previous.key().chars().allMatch(Character::isLetter)
                    && !word.key().isEmpty()
                    && Character.isDigit(word.key().charAt(0))) {
                Set<String> misread = new LinkedHashSet<>();
                for (String m : word.misread()) {
                    misread.add(previous.key() + m);
                }
                out.add(new Word(previous.key() + word.key(), misread));
            }
            previous = word;
        }
        return out;
    }

    private static Word word(String raw) {
        String key = InvoiceNumbers.normalize(raw);
        String upper = raw.toUpperCase(Locale.ROOT);
        Set<String> misread = new LinkedHashSet<>();
        misread.add(InvoiceNumbers.normalize(misread(upper)));
        int letters = 0;
        while (letters < upper.length() && Character.isLetter(upper.charAt(letters))) {
            letters++;
        }
        if (letters > 0 && letters < upper.length()) {
            // the prefix stays letters: "INV-0O4512" is INV-004512, "LSF-1O403" is LSF-10403
            misread.add(InvoiceNumbers.normalize(upper.substring(0, letters) + misread(upper.substring(letters))));
        }
        misread.remove(key);
        return new Word(key, misread);
    }

    /** A key without its leading letters: "INV4512" → "4512". */
    private static String withoutPrefix(String key) {
        int letters = 0;
        while (letters < key.length() && key.charAt(letters) >= 'A' && key.charAt(letters) <= 'Z') {
            letters++;
        }
        return key.substring(letters);
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
     * amount. {@code payer} is the debtor the payer is known to be, or null; {@code payerCut}: not all of the
     * payer's open invoices are among the candidates (see {@link LookUp}).
     */
    static List<Proposal> propose(
            Money amount,
            String remittance,
            String customerReference,
            DebtorId payer,
            List<Candidate> candidates,
            boolean payerCut) {
        List<Word> inText = words(remittance);
        List<Word> all = new ArrayList<>(inText);
        if (customerReference != null) {
            all.add(word(customerReference));
            all.addAll(words(customerReference));
        }
        Set<String> written = new LinkedHashSet<>();
        Set<String> misread = new LinkedHashSet<>();
        for (Word w : all) {
            written.add(w.key());
            misread.addAll(w.misread());
        }
        List<Scored> scored = new ArrayList<>();
        boolean anotherDebtors = false;
        for (Candidate c : candidates) {
            Found found = howFound(c.numberKey(), written, misread);
            if (found == null) {
                continue;
            }
            if (payer != null && !payer.equals(c.debtorId())) {
                anotherDebtors |= found == Found.EXACT;
                continue; // the same number on another debtor's invoice: not this payment
            }
            scored.add(new Scored(c, found, payer != null || named(c, remittance)));
        }
        boolean sameNumber = scored.size() > 1;
        scored = forTheAmount(scored, amount);
        String doubt = null;
        if (scored.isEmpty() && payer != null) {
            List<Candidate> exact = candidates.stream()
                    .filter(c -> c.debtorId().equals(payer) && c.open().equals(amount))
                    .toList();
            if (exact.size() == 1) {
                scored.add(new Scored(exact.get(0), Found.AMOUNT_ONLY, true));
                doubt = amountAloneDoubt(
                        amount, remittance, exact.get(0), payer, inText, candidates, anotherDebtors, payerCut);
            }
        }
        Money total = Money.zero(amount.currency());
        for (Scored s : scored) {
            total = total.plus(s.candidate.open());
        }
        boolean sumFits = !scored.isEmpty() && total.equals(amount);
        if (doubt == null) {
            doubt = doubt(scored, amount, sumFits, remittance, anotherDebtors, inText, candidates, payerCut);
        }
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
                        case PREFIX_MISSING -> "invoice number " + s.candidate.number() + " without its prefix";
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
                // several invoices adding up to the cent do not happen by chance: even a misread number is sure
                confidence = confidence.add(new BigDecimal(scored.size() > 1 ? "0.15" : "0.10"));
                why.add(
                        scored.size() > 1
                                ? "amounts add up to the payment"
                                : sameNumber
                                        ? "of the open invoices numbered so, the only one for exactly this amount"
                                        : "amount equals the open balance");
            } else if (scored.size() == 1 && amount.compareTo(s.candidate.open()) < 0) {
                confidence = confidence.add(new BigDecimal("0.05"));
                why.add("partial payment of " + amount.display() + " on "
                        + s.candidate.open().display() + " open");
            }
            confidence = confidence.min(CAP);
            if (doubt != null) {
                confidence = confidence.min(UNSURE);
                why.add(doubt);
            }
            out.add(new Proposal(s.candidate, take, confidence, String.join("; ", why)));
            left = left.minus(take);
        }
        return out;
    }

    private record Scored(Candidate candidate, Found found, boolean payerKnown) {}

    /**
     * One number that several open invoices carry (two clients numbering alike, "10452" and "LSF-10452"):
     * the one for exactly the payment, if only one is. Otherwise all of them, and a person chooses.
     */
    private static List<Scored> forTheAmount(List<Scored> scored, Money amount) {
        if (scored.size() < 2) {
            return scored;
        }
        String digits = withoutPrefix(scored.get(0).candidate.numberKey());
        if (!scored.stream()
                .allMatch(s -> withoutPrefix(s.candidate.numberKey()).equals(digits))) {
            return scored;
        }
        List<Scored> fit =
                scored.stream().filter(s -> s.candidate.open().equals(amount)).toList();
        return fit.size() == 1 ? new ArrayList<>(fit) : scored;
    }

    /** Why invoices found by their numbers should not be applied without a person, or null. */
    private static String doubt(
            List<Scored> scored,
            Money amount,
            boolean sumFits,
            String remittance,
            boolean anotherDebtors,
            List<Word> inText,
            List<Candidate> candidates,
            boolean payerCut) {
        Set<String> keys = new LinkedHashSet<>();
        for (Scored s : scored) {
            if (!keys.add(s.candidate.numberKey())) {
                return "two open invoices numbered " + s.candidate.number();
            }
        }
        if (scored.size() > 1 && !sumFits) {
            return "the open amounts do not add up to the payment";
        }
        if (sumFits) {
            Set<InvoiceId> paidHere = new java.util.HashSet<>();
            scored.forEach(s -> paidHere.add(s.candidate.invoiceId()));
            for (Scored s : scored) {
                for (Candidate c : candidates) {
                    // an invoice paid by this same payment is no typo of another one in it
                    if (!paidHere.contains(c.invoiceId())
                            && c.debtorId().equals(s.candidate.debtorId())
                            && c.open().equals(s.candidate.open())
                            && looksLike(c.numberKey(), s.candidate.numberKey())) {
                        // monthly contracts, freight at one rate: the amount cannot tell a typo from the number
                        return "invoice " + c.number() + ", numbered almost the same, is for the same amount";
                    }
                }
            }
            return null;
        }
        if (scored.size() != 1) {
            return null;
        }
        // more or less than the open balance: nothing but the number says it is this invoice's
        Candidate found = scored.get(0).candidate;
        boolean more = amount.isGreaterThan(found.open());
        if (more
                && (saysLess(remittance)
                        || namesOtherNumbers(inText, found)
                        || amount.amount().compareTo(overpayReach(found.open())) > 0)) {
            return "more than the open balance: other invoices may be paid with it";
        }
        if (!more && !saysLess(remittance)) {
            // a payment smaller than the one invoice found that does not say it is partial or short is as
            // often a payment of something else (an invoice not bought, a mistyped number) as a part payment
            return "less than the open balance, and the remittance does not say why";
        }
        if (!more && statesDeduction(remittance, amount, found.open())) {
            // "DEDUCTION 189.52": the payment and the deduction it states add up to the open amount, to the
            // cent — as sure as an amount equal to it, and doubted the same way
            return twinForTheSameAmount(found, candidates);
        }
        if (anotherDebtors) {
            return "the number is also another debtor's open invoice";
        }
        if (payerCut) {
            return "not every open invoice of this debtor was looked at";
        }
        for (Candidate c : candidates) {
            if (c != found
                    && c.debtorId().equals(found.debtorId())
                    && !amount.isGreaterThan(c.open())
                    && looksLike(c.numberKey(), found.numberKey())) {
                // a typo of that one's number, paid in part or in full, would read the same
                return "invoice " + c.number() + " is numbered almost the same";
            }
        }
        if (namesAnInvoiceNotOpen(inText, found.debtorId(), candidates)) {
            return "the remittance names an invoice that is not open";
        }
        return null;
    }

    /** Another open invoice of the debtor, numbered almost the same and for the same open amount, or null. */
    private static String twinForTheSameAmount(Candidate found, List<Candidate> candidates) {
        for (Candidate c : candidates) {
            if (c != found
                    && c.debtorId().equals(found.debtorId())
                    && c.open().equals(found.open())
                    && looksLike(c.numberKey(), found.numberKey())) {
                return "invoice " + c.number() + ", numbered almost the same, is for the same amount";
            }
        }
        return null;
    }

    /** The remittance states an amount (a deduction) that, with the payment, makes the open amount. */
    private static boolean statesDeduction(String remittance, Money amount, Money open) {
        if (remittance == null) {
            return false;
        }
        java.util.regex.Matcher m = STATED_AMOUNT.matcher(remittance);
        while (m.find()) {
            BigDecimal stated = new BigDecimal(m.group(1).replace(",", ""));
            if (stated.signum() > 0 && amount.amount().add(stated).compareTo(open.amount()) == 0) {
                return true;
            }
        }
        return false;
    }

    /** One character changed, added or dropped, two neighbours swapped, or one cut short of the other. */
    private static boolean looksLike(String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        if (InvoiceNumbers.distance(a, b) <= 1) {
            return true;
        }
        if (a.length() == b.length()) {
            int first = 0;
            while (a.charAt(first) == b.charAt(first)) {
                first++;
            }
            return first + 1 < a.length()
                    && a.charAt(first) == b.charAt(first + 1)
                    && a.charAt(first + 1) == b.charAt(first)
                    && a.substring(first + 2).equals(b.substring(first + 2));
        }
        String shorter = a.length() < b.length() ? a : b;
        String longer = shorter == a ? b : a;
        return shorter.length() >= 4 && longer.length() - shorter.length() <= 2 && longer.startsWith(shorter);
    }

    /**
     * A word of the remittance written like this debtor's invoice numbers (same letters, as many digits)
     * that is none of the open invoices: one paid already, one never bought, or a typo.
     */
    private static boolean namesAnInvoiceNotOpen(List<Word> inText, DebtorId debtor, List<Candidate> candidates) {
        Set<String> shapes = new LinkedHashSet<>();
        for (Candidate c : candidates) {
            if (c.debtorId().equals(debtor)) {
                shapes.add(shape(c.numberKey()));
            }
        }
        for (Word w : inText) {
            String key = w.key();
            if (key.chars().filter(Character::isDigit).count() < 3
                    || !(shapes.contains(shape(key)) || shapes.contains(shape(withoutPrefix(key))))) {
                continue;
            }
            Set<String> one = Set.of(key);
            if (candidates.stream().noneMatch(c -> howFound(c.numberKey(), one, w.misread()) != null)) {
                return true;
            }
        }
        return false;
    }

    /** An overpayment of one invoice is a small one: a fee or a rounding paid twice, not another invoice. */
    private static BigDecimal overpayReach(Money open) {
        return open.amount().multiply(BigDecimal.ONE.add(SHORT_PAY_SHARE));
    }

    /** A number in the remittance (even a cut-short one) that is not the invoice found. */
    private static boolean namesOtherNumbers(List<Word> inText, Candidate found) {
        for (Word w : inText) {
            if (w.key().chars().filter(Character::isDigit).count() >= 2
                    && howFound(found.numberKey(), Set.of(w.key()), w.misread()) == null) {
                return true;
            }
        }
        return false;
    }

    private static boolean saysLess(String remittance) {
        return remittance != null
                && SAYS_LESS.matcher(remittance.toUpperCase(Locale.ROOT)).find();
    }

    /**
     * Why the one open invoice for exactly this amount may not be what was paid, or null: the remittance
     * names another debtor's open invoice, or writes an invoice number of this debtor's kind that is not
     * open (paid already, or never bought), or says the payment is short, or the amount is a whole-dollar
     * one among many such, or another open invoice is a little more than the payment (a short pay of it
     * would look the same), or the debtor has so many open invoices that the look-up may have left some out.
     */
    private static String amountAloneDoubt(
            Money amount,
            String remittance,
            Candidate match,
            DebtorId payer,
            List<Word> inText,
            List<Candidate> candidates,
            boolean anotherDebtors,
            boolean payerCut) {
        if (anotherDebtors) {
            return "the remittance names another debtor's invoice";
        }
        if (payerCut) {
            return "not every open invoice of this debtor was looked at";
        }
        if (saysLess(remittance)) {
            return "the remittance says the payment is short of an invoice";
        }
        if (amount.amount().stripTrailingZeros().scale() <= 0) {
            long round = candidates.stream()
                    .filter(c -> c.debtorId().equals(payer)
                            && c.open().amount().stripTrailingZeros().scale() <= 0)
                    .count();
            if (round >= ROUND_AMOUNTS_COMMON) {
                return "a whole-dollar amount, as " + round + " open invoices of this debtor are: one may equal"
                        + " another invoice paid, not bought, or short";
            }
        }
        // the number as written, cut short or mistyped: it backs this invoice, and speaks against a short
        // pay of another one unless that one's number reads as it too
        List<String> written = new ArrayList<>();
        for (Word w : inText) {
            String key = w.key();
            if (key.chars().filter(Character::isDigit).count() >= 3 && resembles(key, match.numberKey())) {
                written.add(key);
            }
        }
        BigDecimal shortPayReach = amount.amount().multiply(BigDecimal.ONE.add(SHORT_PAY_SHARE));
        for (Candidate c : candidates) {
            if (c.debtorId().equals(payer)
                    && c.open().isGreaterThan(amount)
                    && c.open().amount().compareTo(shortPayReach) <= 0
                    && (written.isEmpty() || written.stream().anyMatch(k -> resembles(k, c.numberKey())))) {
                return "invoice " + c.number() + " is a little more: a short pay of it would look the same";
            }
        }
        if (!written.isEmpty()) {
            return null;
        }
        return namesAnInvoiceNotOpen(inText, payer, candidates)
                ? "the remittance names an invoice that is not open"
                : null;
    }

    /** A number as written that may be this key: the same, cut short or mistyped, with or without its prefix. */
    private static boolean resembles(String written, String key) {
        return looksLike(written, key) || looksLike(withoutPrefix(written), withoutPrefix(key));
    }

    /** What a number looks like: its letters and how many digits ("INV4512" → "INV9999"). */
    private static String shape(String key) {
        char[] chars = key.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            chars[i] = Character.isDigit(chars[i]) ? '9' : chars[i];
        }
        return new String(chars);
    }

    /** The invoice's debtor named, word for word, in the remittance text (as BAI2 and lockbox files do). */
    private static boolean named(Candidate c, String remittance) {
        if (remittance == null || c.debtorNameKey() == null || c.debtorNameKey().length() < 4) {
            return false;
        }
        String text = " " + org.factorline.debtors.Debtors.nameKey(remittance) + " ";
        return text.contains(" " + c.debtorNameKey() + " ");
    }

    private static Found howFound(String key, Set<String> written, Set<String> misread) {
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
        String body = withoutPrefix(key);
        if (!body.equals(key) && body.chars().filter(Character::isDigit).count() >= 3) {
            for (String w : written) {
                if (withoutPrefix(w).equals(body)) {
                    return Found.PREFIX_MISSING; // "4512" or "A-4512" for INV-004512
                }
            }
        }
        if (misread.contains(key)) {
            return Found.MISREAD;
        }
        if (!body.equals(key) && body.length() >= 3) {
            for (String m : misread) {
                if (withoutPrefix(m).equals(body)) {
                    return Found.MISREAD;
                }
            }
        }
        return null;
    }

    /** A payer's name as a lookup key: case, punctuation and spacing ignored. */
    static String payerKey(String payerName) {
        return payerName == null ? null : payerName.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "");
    }
}
