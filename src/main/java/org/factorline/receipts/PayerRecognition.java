package org.factorline.receipts;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.factorline.debtors.DebtorId;
import org.factorline.debtors.Debtors;

/**
 * Which debtor a payment comes from, read from the payer's name as the bank delivers it. Debtors pay under
 * more names than the one they are registered under: upper case on checks, abbreviated ("WALDEN GROC
 * DIST"), cut to the 16 characters of an ACH company name ("WALDEN GROCERY D"), with "ACCOUNTS PAYABLE"
 * after it, or on a wire with a street address. A name a person placed a payment under before is known
 * (taught); the registered name is known; and a name that reads as one debtor's registered name written
 * short is recognised — but only when exactly one debtor's name reads so. A wrong payer is worse than
 * none: the engine trusts a recognised payer, so a name two debtors could be written as ("KEYSTONE AUTO"
 * for Keystone Auto Parts and Keystone Automotive Group) is not guessed, and the names of payables
 * services (BILL.COM, AvidXchange, Paymode-X, Corpay…), which pay for many companies, never name one.
 *
 * <p>Pure: {@link Receipts} supplies the book through a {@link Directory}; {@code MatchingBenchmark} uses
 * the same code against its labelled book.
 */
final class PayerRecognition {

    /** A name a person placed a payment under: the debtor, or shared when it was seen paying for several. */
    record Taught(DebtorId debtorId, boolean shared) {}

    /** A debtor as registered. */
    record KnownDebtor(DebtorId id, String name) {}

    /** Where the names come from: taught payer names, registered names. */
    interface Directory {
        /** The payer key (see {@link Matcher#payerKey}) as taught, if it was. */
        Optional<Taught> taught(String payerKey);

        /** The debtor whose registered name has this {@link Debtors#nameKey}, if one has. */
        Optional<DebtorId> byNameKey(String nameKey);

        /** Every debtor, for names written short; asked only when the name is neither taught nor registered. */
        List<KnownDebtor> all();
    }

    /**
     * Payables services and card networks that pay suppliers on behalf of many companies under their own
     * name. Such a name says nothing about which debtor paid, so it is never taught and never recognised:
     * the remittance has to say whose payment it is. Compared with the start of the payer key.
     */
    static final List<String> PAYABLES_SERVICES = List.of(
            "BILLCOM",
            "BILLINC",
            "AVIDXCHANGE",
            "AVIDPAY",
            "PAYMODE",
            "CORPAY",
            "COMDATA",
            "TIPALTI",
            "NVOICEPAY",
            "MINERALTREE",
            "BILLTRUST",
            "PAYSTAND",
            "VERSAPAY",
            "COUPAPAY");

    /** The NACHA company-name field: ACH payers arrive cut to this many characters. */
    static final int ACH_COMPANY_NAME_LENGTH = 16;
    /** A wire's originator name line (Fedwire, SWIFT): cut to this many characters. */
    static final int WIRE_NAME_LENGTH = 35;

    /** Words after a company name that name its payables department, not the company. */
    private static final Set<String> DEPARTMENT =
            Set.of("ACCOUNTS", "ACCOUNT", "ACCTS", "ACCT", "PAYABLE", "PAYABLES", "AP", "A", "P", "DEPT", "DEPARTMENT");
    /** Company suffixes, dropped as {@link Debtors#nameKey} drops them. */
    private static final Set<String> SUFFIXES = Set.of(
            "INC",
            "INCORPORATED",
            "LLC",
            "L",
            "LC",
            "LTD",
            "LIMITED",
            "CORP",
            "CORPORATION",
            "CO",
            "COMPANY",
            "LP",
            "LLP",
            "PLC",
            "PLLC");
    /** At least this many of the debtor's words must be matched before a name written short counts. */
    private static final int MIN_WORDS = 2;

    private PayerRecognition() {}

    /** Whether the payer is a payables service paying for others (see {@link #PAYABLES_SERVICES}). */
    static boolean isPayablesService(String payerKey) {
        return payerKey != null && PAYABLES_SERVICES.stream().anyMatch(payerKey::startsWith);
    }

    /** Whether a person's choice should teach this payer name: not a payables service's, not empty. */
    static boolean teachable(String payerKey) {
        return payerKey != null && !payerKey.isEmpty() && !isPayablesService(payerKey);
    }

    /** The debtor the payer is, or null when the name is unknown, shared, a service's, or could be several. */
    static DebtorId recognise(String payerName, Directory directory) {
        String key = Matcher.payerKey(payerName);
        if (key == null || key.isEmpty() || isPayablesService(key)) {
            return null;
        }
        Optional<Taught> taught = directory.taught(key);
        if (taught.isPresent()) {
            // a name taught for several debtors (a shared-service centre, an unlisted payables service)
            // names none of them
            return taught.get().shared() ? null : taught.get().debtorId();
        }
        Optional<DebtorId> registered = directory.byNameKey(Debtors.nameKey(payerName));
        if (registered.isPresent()) {
            return registered.get();
        }
        return writtenShort(payerName, directory.all());
    }

    /** How far a payer's name reads as a debtor's. */
    private enum Reading {
        /** not this debtor's name */
        NONE,
        /** the start of the debtor's name, in a name that shows no sign of being cut: maybe, maybe not */
        START,
        /** the start of the debtor's name, in a name cut mid-word or as long as its field */
        CUT,
        /** every word of the debtor's name */
        WHOLE
    }

    /**
     * The one debtor whose registered name the payer's name is written short of, or null. Every word of the
     * payer's name must stand for the debtor's words in order: the same word, its start ("DIST",
     * "COOP"), or its letters in order from the first ("SVCS", "PKG", "CTR"); the first word must be the
     * same. A name standing for all of one debtor's words is that debtor, unless it may also be another's
     * cut short; a name standing for the start of a debtor's name is that debtor only when it was cut
     * (it ends mid-word, or is as long as its field) and could be no other debtor. Ambiguity is refusal.
     */
    static DebtorId writtenShort(String payerName, List<KnownDebtor> debtors) {
        List<String> payer = payerWords(payerName);
        if (payer.size() < MIN_WORDS) {
            return null;
        }
        int length = payerName.strip().length();
        // as long as the field it came in (one less when the cut fell on a space): maybe cut short
        boolean cut = length == ACH_COMPANY_NAME_LENGTH
                || length == ACH_COMPANY_NAME_LENGTH - 1
                || length >= WIRE_NAME_LENGTH - 1;
        java.util.Map<Reading, java.util.Set<DebtorId>> by = new java.util.EnumMap<>(Reading.class);
        for (KnownDebtor d : debtors) {
            List<String> name = nameWords(d.name());
            Reading r = name.size() < MIN_WORDS ? Reading.NONE : reading(payer, name, cut);
            by.computeIfAbsent(r, x -> new java.util.HashSet<>()).add(d.id());
        }
        java.util.Set<DebtorId> whole = by.getOrDefault(Reading.WHOLE, Set.of());
        java.util.Set<DebtorId> cutShort = by.getOrDefault(Reading.CUT, Set.of());
        java.util.Set<DebtorId> start = by.getOrDefault(Reading.START, Set.of());
        if (whole.size() == 1 && cutShort.isEmpty()) {
            return whole.iterator().next();
        }
        if (whole.isEmpty() && cutShort.size() == 1 && start.isEmpty()) {
            return cutShort.iterator().next();
        }
        return null; // two debtors could be written so: not ours to guess
    }

    private static Reading reading(List<String> payer, List<String> debtor, boolean cut) {
        if (!first(payer.get(0), debtor)) {
            return Reading.NONE;
        }
        Reading best = Reading.NONE;
        for (Reading r : reachable(payer, 0, debtor, 0, cut)) {
            best = r.compareTo(best) > 0 ? r : best;
        }
        return best;
    }

    private static boolean first(String word, List<String> debtor) {
        return word.equals(debtor.get(0)) || (debtor.size() > 1 && word.equals(debtor.get(0) + debtor.get(1)));
    }

    /** The readings of the payer's words from {@code i} as the debtor's from {@code j}. */
    private static List<Reading> reachable(List<String> payer, int i, List<String> debtor, int j, boolean cut) {
        if (i == payer.size()) {
            if (j == debtor.size()) {
                return List.of(Reading.WHOLE);
            }
            if (j < MIN_WORDS) {
                return List.of();
            }
            return List.of(cut || endsMidWord(payer, debtor, j) ? Reading.CUT : Reading.START);
        }
        if (j == debtor.size()) {
            return List.of(); // words the debtor's name does not have: another company
        }
        List<Reading> out = new ArrayList<>();
        String w = payer.get(i);
        boolean last = i == payer.size() - 1;
        if (standsFor(w, debtor.get(j), last)) {
            out.addAll(reachable(payer, i + 1, debtor, j + 1, cut));
        }
        // "TRICOUNTY" for "Tri-County": one word written for two
        if (j + 1 < debtor.size()) {
            String joined = debtor.get(j) + debtor.get(j + 1);
            if (w.equals(joined) || (last && w.length() > debtor.get(j).length() && joined.startsWith(w))) {
                out.addAll(reachable(payer, i + 1, debtor, j + 2, cut));
            }
        }
        return out;
    }

    /** The payer's last word is a start of the debtor's word it stands for: the name was cut there. */
    private static boolean endsMidWord(List<String> payer, List<String> debtor, int j) {
        String w = payer.get(payer.size() - 1);
        String d = debtor.get(j - 1);
        return w.length() < d.length() && d.startsWith(w);
    }

    /**
     * One word of the payer's name standing for one of the debtor's: the same, its start (a cut last word
     * may be a single letter, others at least two), or an abbreviation keeping its first letter and then
     * some of its letters in order.
     */
    static boolean standsFor(String w, String word, boolean last) {
        if (w.equals(word)) {
            return true;
        }
        if (w.length() >= word.length() || w.charAt(0) != word.charAt(0)) {
            return false;
        }
        if (word.startsWith(w)) {
            return last || w.length() >= 2;
        }
        if (w.length() < 2 || Character.isDigit(w.charAt(0))) {
            return false;
        }
        int k = 0;
        for (int p = 0; p < word.length() && k < w.length(); p++) {
            if (word.charAt(p) == w.charAt(k)) {
                k++;
            }
        }
        return k == w.length();
    }

    /**
     * The payer's name as words, without what is not the company's name: a leading "THE", anything from a
     * number on (a street address, a store number), a payables department ("ACCOUNTS PAYABLE", "AP DEPT",
     * even cut short: "ACCOUN") and company suffixes.
     */
    static List<String> payerWords(String payerName) {
        List<String> words = words(payerName);
        for (int i = 1; i < words.size(); i++) {
            if (Character.isDigit(words.get(i).charAt(0))) {
                words = new ArrayList<>(words.subList(0, i));
                break;
            }
        }
        boolean changed = true;
        while (changed && words.size() > 1) {
            String w = words.get(words.size() - 1);
            // a cut-short department word needs three letters ("ACCOUN"; "PA" may be a name's "PARTS")
            changed = DEPARTMENT.contains(w)
                    || SUFFIXES.contains(w)
                    || (w.length() >= 3 && cutShortOf(w, DEPARTMENT))
                    || cutShortOf(w, SUFFIXES);
            if (changed) {
                words.remove(words.size() - 1);
            }
        }
        return words;
    }

    private static boolean cutShortOf(String w, Set<String> of) {
        return w.length() >= 2 && of.stream().anyMatch(x -> x.length() > w.length() && x.startsWith(w));
    }

    /** The registered name as words, without a leading "THE" and company suffixes. */
    static List<String> nameWords(String name) {
        List<String> words = words(name);
        while (words.size() > 1 && SUFFIXES.contains(words.get(words.size() - 1))) {
            words.remove(words.size() - 1);
        }
        return words;
    }

    /** Upper case, accents dropped, "&" read as "AND", apostrophes dropped ("O'HARE" is "OHARE"). */
    private static List<String> words(String name) {
        if (name == null) {
            return new ArrayList<>();
        }
        String s = Normalizer.normalize(name.toUpperCase(Locale.ROOT), Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "")
                .replace("&", " AND ")
                .replaceAll("['’`]", "")
                .replaceAll("[^A-Z0-9]+", " ")
                .strip();
        List<String> words = new ArrayList<>(s.isEmpty() ? List.of() : Arrays.asList(s.split(" ")));
        if (words.size() > 1 && words.get(0).equals("THE")) {
            words.remove(0);
        }
        return words;
    }
}
