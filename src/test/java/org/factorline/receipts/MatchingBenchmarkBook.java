package org.factorline.receipts;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.factorline.debtors.DebtorId;
import org.factorline.debtors.Debtors;
import org.factorline.invoices.InvoiceId;
import org.factorline.invoices.InvoiceNumbers;

/**
 * A factor's book for the matching benchmark, drawn from a seed: debtors with the names they are
 * registered under and the names they actually pay under (on checks, in ACH batches, on wires), clients
 * each numbering invoices their own way, the open invoices, the ones already paid, and the client's
 * invoices the factor never bought. Amounts are in cents. Nothing here knows how the engine matches.
 */
final class MatchingBenchmarkBook {

    static final LocalDate TODAY = LocalDate.of(2026, 1, 14);

    /** How a client writes its invoice numbers: letters, separators, year, zero-padded sequence. */
    enum Style {
        /** INV-004512 */
        PREFIX_PADDED("INV", "-", 6, false),
        /** 10452, 3417: QuickBooks-style plain numbers */
        PLAIN("", "", 0, false),
        /** LSF-10403 */
        PREFIX_PLAIN("LSF", "-", 0, false),
        /** 2026/0071 */
        YEAR_SLASH("", "/", 4, true),
        /** A-77812 */
        LETTER("A", "-", 0, false),
        /** SI-2026-0153 */
        PREFIX_YEAR("SI", "-", 4, true);

        final String prefix;
        final String separator;
        final int padTo;
        final boolean yearly;

        Style(String prefix, String separator, int padTo, boolean yearly) {
            this.prefix = prefix;
            this.separator = separator;
            this.padTo = padTo;
            this.yearly = yearly;
        }
    }

    /** How a client's invoice amounts look. */
    enum Amounts {
        /** freight loads: round rates, sometimes plus detention */
        LOADS,
        /** hours times a bill rate */
        HOURS,
        /** goods: anything, in cents */
        GOODS,
        /** the same contract amount every month for a site */
        MONTHLY,
        /** progress billing on projects: larger, in cents */
        PROGRESS
    }

    /** An invoice number in its parts, so that noise can take it apart the way people do. */
    record NumberParts(String prefix, String separator, String year, String sequence) {
        String canonical() {
            if (year != null) {
                return prefix.isEmpty()
                        ? year + separator + sequence
                        : prefix + separator + year + separator + sequence;
            }
            return prefix + separator + sequence;
        }
    }

    record Client(String name, Style style, Amounts amounts) {}

    /**
     * A debtor as registered, and the names it pays under: printed on its checks, as the 16-character
     * ACH company name, on its wires. {@code processor} is a payables service paying for it, or null.
     */
    record Debtor(
            DebtorId id,
            String name,
            String nameKey,
            double weight,
            String checkName,
            String achName,
            String wireName,
            String processor,
            double[] channelMix,
            int checkNumberStart) {}

    record Invoice(
            InvoiceId id,
            NumberParts parts,
            String number,
            String numberKey,
            Debtor debtor,
            Client client,
            LocalDate dueDate,
            long faceCents,
            long openCents) {}

    final List<Client> clients = new ArrayList<>();
    final List<Debtor> debtors = new ArrayList<>();
    final List<Invoice> open = new ArrayList<>();
    /** Bought and already paid: a payment naming one of these is a duplicate. */
    final List<Invoice> paid = new ArrayList<>();
    /** Invoices the client issued but did not sell: payments for them go back to the client. */
    final List<Invoice> notBought = new ArrayList<>();
    /** Payer names taught by earlier manual applications (payer key to debtor), as Receipts.apply does. */
    final Map<String, DebtorId> aliases = new LinkedHashMap<>();
    /** Taught names later placed for another debtor too: marked shared, as ReceiptRepository.teachPayer does. */
    final java.util.Set<String> sharedAliases = new java.util.HashSet<>();

    static final String[] DEBTOR_NAMES = {
        "Walden Grocery Distribution Inc.",
        "Walden Foods Inc.",
        "Keystone Auto Parts",
        "Keystone Automotive Group LLC",
        "Harbor Point Logistics LLC",
        "Blue Ridge Building Supply Co.",
        "Meridian Health Partners, LLC",
        "Sandoval & Sons Produce",
        "Great Lakes Cold Storage Corp.",
        "Pinecrest Senior Living",
        "Tri-County Electric Cooperative",
        "Apex Industrial Coatings Inc",
        "Northgate Foods Corporation",
        "Cascade Timber Products Ltd.",
        "Redwood Hospitality Group",
        "Summit Foods",
        "Summit Foods Distribution LLC",
        "Bayou State Marine Services",
        "Liberty Fastener Supply",
        "O'Hare Freight Brokers Inc.",
        "St. Mary's Regional Medical Center",
        "Carolina Textile Mills Inc.",
        "Prairie Wind Energy LLC",
        "Coastal Beverage Distributors",
        "Ironbridge Steel Fabrication",
        "Golden State Nursery Supply",
        "Mid-Atlantic Janitorial Services",
        "Hudson Valley Dairy Cooperative",
        "Lone Star Pipe & Valve",
        "Evergreen Office Products",
        "Brookside Pharmacy Services LLC",
        "Silver Lake Packaging Corp",
        "Riverbend Unified School District",
        "Magnolia Home Furnishings",
        "Continental Paper & Twine Co.",
        "Desert Sun Solar Inc.",
        "Northwind Marine Supply",
        "The Heritage Bakery Group",
        "K&M Restaurant Supply",
        "ABC Medical Transport Inc."
    };

    /** Payables services that pay on behalf of many companies under their own name. */
    static final String[] PROCESSORS = {"BILL.COM", "AVIDXCHANGE INC", "PAYMODE-X", "CORPAY SOLUTIONS"};

    private static final String[][] ABBREVIATIONS = {
        {"DISTRIBUTION", "DIST"}, {"DISTRIBUTORS", "DISTRS"}, {"GROCERY", "GROC"}, {"SUPPLY", "SUPPLY"},
        {"COMPANY", "CO"}, {"CORPORATION", "CORP"}, {"SERVICES", "SVCS"}, {"INDUSTRIAL", "IND"},
        {"LOGISTICS", "LOGISTCS"}, {"AUTOMOTIVE", "AUTO"}, {"COOPERATIVE", "COOP"}, {"REGIONAL", "REG"},
        {"MEDICAL", "MED"}, {"CENTER", "CTR"}, {"PRODUCTS", "PRODS"}, {"FABRICATION", "FAB"},
        {"HOSPITALITY", "HOSP"}, {"UNIFIED", "UNIF"}, {"DISTRICT", "DIST"}, {"FURNISHINGS", "FURN"},
        {"TRANSPORT", "TRANS"}, {"PARTNERS", "PTNRS"}, {"PHARMACY", "PHARM"}, {"PACKAGING", "PKG"},
        {"ELECTRIC", "ELEC"}, {"STORAGE", "STRG"}, {"RESTAURANT", "REST"}, {"ENERGY", "ENGY"}
    };

    private MatchingBenchmarkBook() {}

    /** About {@code openTarget} open invoices over 40 debtors and nine clients. */
    static MatchingBenchmarkBook generate(Random random, int openTarget) {
        MatchingBenchmarkBook book = new MatchingBenchmarkBook();
        book.addDebtors(random);
        book.addClients();
        book.addInvoices(random, openTarget);
        book.teachAliases(random);
        return book;
    }

    private void addDebtors(Random random) {
        List<Integer> ranks = new ArrayList<>();
        for (int i = 0; i < DEBTOR_NAMES.length; i++) {
            ranks.add(i + 1);
        }
        Collections.shuffle(ranks, random);
        for (int i = 0; i < DEBTOR_NAMES.length; i++) {
            String name = DEBTOR_NAMES[i];
            String upper = plainUpper(name);
            String abbreviated = abbreviate(upper);
            String checkName = pick(
                    random,
                    new double[] {35, 20, 10, 15, 5, 15},
                    name,
                    upper,
                    withCommaSuffix(name),
                    abbreviated,
                    upper + " ACCOUNTS PAYABLE",
                    parentCompany(name));
            String achSource = random.nextDouble() < 0.5 ? abbreviated : upper;
            if (checkName.endsWith("HOLDINGS LLC")) {
                achSource = checkName; // a shared-service parent pays every channel under its own name
            }
            String achName = clip(achSource, 16);
            String wireName = random.nextDouble() < 0.3
                    ? clip(upper + " " + (100 + random.nextInt(9000)) + " COMMERCE DR", 35)
                    : clip(checkName.toUpperCase(Locale.ROOT), 35);
            String processor = random.nextDouble() < 0.10 ? PROCESSORS[random.nextInt(PROCESSORS.length)] : null;
            double checks = 0.2 + 0.6 * random.nextDouble();
            double ach = (1 - checks) * (0.5 + 0.4 * random.nextDouble());
            debtors.add(new Debtor(
                    new DebtorId(uuid(random)),
                    name,
                    Debtors.nameKey(name),
                    1 / Math.pow(ranks.get(i), 0.7),
                    checkName,
                    achName,
                    wireName,
                    processor,
                    new double[] {checks, ach, 1 - checks - ach},
                    1000 + random.nextInt(90000)));
        }
    }

    private void addClients() {
        clients.add(new Client("Brightline Freight LLC", Style.PLAIN, Amounts.LOADS));
        clients.add(new Client("Oakmont Staffing Inc.", Style.PREFIX_PADDED, Amounts.HOURS));
        clients.add(new Client("Lakeshore Food Co.", Style.PREFIX_PLAIN, Amounts.GOODS));
        clients.add(new Client("Northstar Machining LLC", Style.YEAR_SLASH, Amounts.GOODS));
        clients.add(new Client("Arrow Packaging Corp.", Style.LETTER, Amounts.GOODS));
        clients.add(new Client("Pioneer Janitorial LLC", Style.PLAIN, Amounts.MONTHLY));
        clients.add(new Client("Redline Transport Inc.", Style.PREFIX_PADDED, Amounts.LOADS));
        clients.add(new Client("Summit Electrical Contractors", Style.PREFIX_YEAR, Amounts.PROGRESS));
        clients.add(new Client("Copperfield Printing Co.", Style.PLAIN, Amounts.GOODS));
    }

    /** Where each client's numbering stands; look-alikes across clients come from these overlaps. */
    private static long firstSequence(Client c, Random random) {
        return switch (c.name().substring(0, 4)) {
            case "Brig" -> 3000 + random.nextInt(200); // 3xxx, overlapping Copperfield
            case "Oakm" -> 4000 + random.nextInt(300); // INV-004xxx, overlapping Redline
            case "Lake" -> 10200 + random.nextInt(300);
            case "Nort", "Summ" -> 600 + random.nextInt(400); // restarts at 1 in January
            case "Arro" -> 77000 + random.nextInt(500);
            case "Pion" -> 10001 + random.nextInt(300); // 10xxx, overlapping Lakeshore's digits
            case "Redl" -> 4100 + random.nextInt(300);
            default -> 3300 + random.nextInt(300);
        };
    }

    private void addInvoices(Random random, int openTarget) {
        int[] share = {16, 13, 12, 8, 11, 9, 14, 5, 12};
        int shareTotal = 0;
        for (int s : share) {
            shareTotal += s;
        }
        for (int ci = 0; ci < clients.size(); ci++) {
            Client client = clients.get(ci);
            List<Debtor> sells = debtorsOf(random, 5 + random.nextInt(10));
            Map<Debtor, Long> monthly = new HashMap<>();
            int toIssue = (int) Math.round(openTarget * share[ci] / (double) shareTotal / 0.58);
            long seq = firstSequence(client, random);
            LocalDate issued = TODAY.minusDays(120);
            int year = issued.getYear();
            for (int n = 0; n < toIssue; n++) {
                issued = issued.plusDays(random.nextDouble() < 120.0 / toIssue ? 1 : 0);
                if (client.style().yearly && issued.getYear() != year) {
                    year = issued.getYear();
                    seq = 1;
                }
                Debtor debtor = weighted(random, sells, d -> Math.sqrt(d.weight()));
                long face = amount(client.amounts(), debtor, monthly, random);
                NumberParts parts = parts(client, year, seq);
                long age = TODAY.toEpochDay() - issued.toEpochDay();
                double u = random.nextDouble();
                if (u < 0.08) {
                    notBought.add(invoice(random, parts, debtor, client, issued, face, face));
                } else if (random.nextDouble() < 0.12 + 0.5 * age / 120.0) {
                    paid.add(invoice(random, parts, debtor, client, issued, face, 0));
                } else {
                    long openCents = face;
                    if (random.nextDouble() < 0.06) {
                        openCents = face - Math.max(100, Math.round(face * (0.2 + 0.5 * random.nextDouble())));
                    }
                    open.add(invoice(random, parts, debtor, client, issued, face, openCents));
                }
                seq += 1 + (random.nextDouble() < 0.2 ? random.nextInt(3) : 0);
            }
        }
    }

    private Invoice invoice(
            Random random, NumberParts parts, Debtor debtor, Client client, LocalDate issued, long face, long open) {
        int terms = new int[] {30, 30, 45, 60}[random.nextInt(4)];
        String number = parts.canonical();
        return new Invoice(
                new InvoiceId(uuid(random)),
                parts,
                number,
                InvoiceNumbers.normalize(number),
                debtor,
                client,
                issued.plusDays(terms),
                face,
                open);
    }

    private static NumberParts parts(Client client, int year, long seq) {
        Style s = client.style();
        String digits = s.padTo > 0 ? String.format("%0" + s.padTo + "d", seq) : Long.toString(seq);
        return new NumberParts(s.prefix, s.separator, s.yearly ? Integer.toString(year) : null, digits);
    }

    private static long amount(Amounts kind, Debtor debtor, Map<Debtor, Long> monthly, Random random) {
        return switch (kind) {
            case LOADS -> (850 + 50L * random.nextInt(80)) * 100 + (random.nextDouble() < 0.15 ? 7500 : 0);
            case HOURS ->
                Math.round((40 + random.nextInt(560)) * new long[] {1850, 2275, 2700, 3550}[random.nextInt(4)]);
            case GOODS -> logNormalCents(random, 2500, 1.0);
            case MONTHLY ->
                monthly.computeIfAbsent(debtor, d -> (1500 + 50L * random.nextInt(120)) * 100)
                        + (random.nextDouble() < 0.2 ? logNormalCents(random, 300, 0.5) : 0);
            case PROGRESS -> logNormalCents(random, 15000, 0.8);
        };
    }

    private static long logNormalCents(Random random, double median, double sigma) {
        double dollars = median * Math.exp(sigma * random.nextGaussian());
        return Math.max(5000, Math.round(dollars * 100));
    }

    private List<Debtor> debtorsOf(Random random, int count) {
        List<Debtor> chosen = new ArrayList<>();
        while (chosen.size() < count) {
            Debtor d = weighted(random, debtors);
            if (!chosen.contains(d)) {
                chosen.add(d);
            }
        }
        return chosen;
    }

    /**
     * Names a person already placed a payment under are known (Receipts.apply teaches every payer name it
     * sees): about half of each debtor's non-matching names, and a payables service's name for the first
     * debtor it was seen paying for.
     */
    private void teachAliases(Random random) {
        for (Debtor d : debtors) {
            for (String name : List.of(d.checkName(), d.achName(), d.wireName())) {
                if (!Debtors.nameKey(name).equals(d.nameKey()) && random.nextDouble() < 0.5) {
                    teach(Matcher.payerKey(name), d.id());
                }
            }
        }
        for (Debtor d : debtors) {
            if (d.processor() != null && random.nextDouble() < 0.5) {
                // taught before payables services were kept from being taught: a legacy alias the
                // recognition has to ignore
                teach(Matcher.payerKey(d.processor()), d.id());
            }
        }
    }

    private void teach(String key, DebtorId debtor) {
        DebtorId known = aliases.putIfAbsent(key, debtor);
        if (known != null && !known.equals(debtor)) {
            sharedAliases.add(key);
        }
    }

    static <T> T weighted(Random random, List<T> items, java.util.function.ToDoubleFunction<T> weight) {
        double total = 0;
        for (T t : items) {
            total += weight.applyAsDouble(t);
        }
        double u = random.nextDouble() * total;
        for (T t : items) {
            u -= weight.applyAsDouble(t);
            if (u < 0) {
                return t;
            }
        }
        return items.get(items.size() - 1);
    }

    private static Debtor weighted(Random random, List<Debtor> items) {
        return weighted(random, items, Debtor::weight);
    }

    @SafeVarargs
    static <T> T pick(Random random, double[] weights, T... items) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double u = random.nextDouble() * total;
        for (int i = 0; i < items.length; i++) {
            u -= weights[i];
            if (u < 0) {
                return items[i];
            }
        }
        return items[items.length - 1];
    }

    static UUID uuid(Random random) {
        return new UUID(random.nextLong(), random.nextLong());
    }

    static String plainUpper(String name) {
        return name.toUpperCase(Locale.ROOT)
                .replace("&", " & ")
                .replaceAll("[^A-Z0-9& ]", "")
                .replaceAll("\\s+", " ")
                .strip();
    }

    private static String abbreviate(String upper) {
        String s = " " + upper + " ";
        for (String[] a : ABBREVIATIONS) {
            s = s.replace(" " + a[0] + " ", " " + a[1] + " ");
        }
        return s.strip();
    }

    /** "Walden Grocery Distribution Inc." written "Walden Grocery Distribution, Inc." and the like. */
    private static String withCommaSuffix(String name) {
        String n = name.replaceAll("\\.$", "");
        if (n.matches(".*\\b(Inc|LLC|Corp|Co|Ltd)$")) {
            return n.replaceAll(" (Inc|LLC|Corp|Co|Ltd)$", ", $1.");
        }
        return n + ", Inc.";
    }

    /** The shared-service or holding company some debtors pay through: "Keystone Auto Parts" → "KAP HOLDINGS LLC". */
    private static String parentCompany(String name) {
        StringBuilder initials = new StringBuilder();
        for (String w : plainUpper(name).split(" ")) {
            if (!w.isEmpty() && Character.isLetter(w.charAt(0)) && !w.matches("INC|LLC|CO|CORP|LTD|THE|&")) {
                initials.append(w.charAt(0));
            }
        }
        return initials + " HOLDINGS LLC";
    }

    static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max).strip();
    }
}
