package org.factorline.receipts;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.factorline.debtors.DebtorId;
import org.factorline.invoices.InvoiceId;
import org.factorline.receipts.MatchingBenchmarkBook.Debtor;
import org.factorline.receipts.MatchingBenchmarkBook.Invoice;
import org.factorline.receipts.MatchingBenchmarkBook.NumberParts;

/**
 * Labelled payments for the matching benchmark, each written the way it reaches us: a lockbox check
 * (payer as printed, check number, invoice numbers keyed or read from the stub, a memo), an ACH credit
 * (16-character company name, free-text or EDI addenda) or a wire (full name, 140 characters of
 * remittance, an end-to-end reference). Each carries its true allocation; payments that cannot be
 * placed carry none, and the right answer for them is to leave the cash unapplied.
 */
final class MatchingBenchmarkPayments {

    enum Channel {
        CHECK,
        ACH,
        WIRE
    }

    enum Kind {
        FULL(52, true),
        SEVERAL(17, true),
        SEVERAL_ONE_SHORT(4, true),
        PARTIAL(6, true),
        SHORT_PAY(8, true),
        LOOK_ALIKE(6, true),
        NO_REFERENCE(3, true),
        NOT_BOUGHT(1.4, false),
        ALREADY_PAID(1.0, false),
        UNKNOWN_PAYER_NO_REFERENCE(0.8, false),
        NOT_A_DEBTOR(0.4, false),
        ON_ACCOUNT(0.4, false);

        final double share;
        final boolean placeable;

        Kind(double share, boolean placeable) {
            this.share = share;
            this.placeable = placeable;
        }
    }

    /** How one invoice number was written. */
    enum Form {
        AS_ISSUED,
        PUNCTUATION,
        LABELLED,
        PREFIX_DROPPED,
        ZEROS,
        MISREAD,
        TRUNCATED,
        TRANSPOSED
    }

    record Allocation(InvoiceId invoiceId, String number, long cents) {
        @Override
        public String toString() {
            return number + " " + dollars(cents);
        }
    }

    record LabelledPayment(
            int n,
            Kind kind,
            Channel channel,
            long cents,
            String payerName,
            String customerReference,
            String remittance,
            List<Allocation> truth,
            List<Form> forms,
            DebtorId debtor) {}

    private static final double[][] FORM_MIX = {
        // AS_ISSUED, PUNCTUATION, LABELLED, PREFIX_DROPPED, ZEROS, MISREAD, TRUNCATED, TRANSPOSED
        {.34, .12, .10, .14, .08, .15, .05, .02}, // check: keyed or read from a scanned stub
        {.42, .14, .10, .18, .08, .00, .05, .03}, // ACH: typed by the debtor's payables clerk
        {.45, .14, .10, .16, .08, .00, .04, .03} // wire
    };

    private final MatchingBenchmarkBook book;
    private final Random random;
    private final Map<Debtor, List<Invoice>> openByDebtor = new HashMap<>();
    private final List<Invoice> lookAlikes = new ArrayList<>();
    private final Map<Debtor, Integer> checksWritten = new HashMap<>();

    private MatchingBenchmarkPayments(MatchingBenchmarkBook book, Random random) {
        this.book = book;
        this.random = random;
        for (Invoice i : book.open) {
            openByDebtor.computeIfAbsent(i.debtor(), d -> new ArrayList<>()).add(i);
        }
        findLookAlikes();
    }

    static List<LabelledPayment> generate(MatchingBenchmarkBook book, Random random, int count) {
        MatchingBenchmarkPayments g = new MatchingBenchmarkPayments(book, random);
        List<Kind> kinds = List.of(Kind.values());
        List<LabelledPayment> out = new ArrayList<>(count);
        for (int n = 1; n <= count; n++) {
            out.add(g.payment(n, MatchingBenchmarkBook.weighted(random, kinds, k -> k.share)));
        }
        return out;
    }

    /** Open invoices whose number key equals, or is one character from, an open invoice of another debtor. */
    private void findLookAlikes() {
        Map<String, Set<Debtor>> byKey = new HashMap<>();
        for (Invoice i : book.open) {
            for (String k : oneEditAway(i.numberKey())) {
                byKey.computeIfAbsent(k, x -> new HashSet<>()).add(i.debtor());
            }
        }
        for (Invoice i : book.open) {
            if (byKey.get(i.numberKey()).stream().anyMatch(d -> !d.equals(i.debtor()))) {
                lookAlikes.add(i);
            }
        }
    }

    /** The key and every key one substituted digit away from it. */
    private static Set<String> oneEditAway(String key) {
        Set<String> out = new HashSet<>();
        out.add(key);
        for (int p = 0; p < key.length(); p++) {
            if (Character.isDigit(key.charAt(p))) {
                for (char d = '0'; d <= '9'; d++) {
                    out.add(key.substring(0, p) + d + key.substring(p + 1));
                }
            }
        }
        return out;
    }

    private LabelledPayment payment(int n, Kind kind) {
        return switch (kind) {
            case FULL, PARTIAL, SHORT_PAY, NO_REFERENCE, LOOK_ALIKE -> single(n, kind);
            case SEVERAL, SEVERAL_ONE_SHORT -> several(n, kind);
            case NOT_BOUGHT, ALREADY_PAID -> notOnTheBook(n, kind);
            case UNKNOWN_PAYER_NO_REFERENCE, NOT_A_DEBTOR, ON_ACCOUNT -> unplaceable(n, kind);
        };
    }

    private LabelledPayment single(int n, Kind kind) {
        List<Invoice> from = kind == Kind.LOOK_ALIKE && !lookAlikes.isEmpty() ? lookAlikes : book.open;
        Invoice invoice = dueSoon(from);
        long cents = switch (kind) {
            case PARTIAL -> partOf(invoice.openCents());
            case SHORT_PAY -> invoice.openCents() - deduction(invoice.openCents());
            default -> invoice.openCents();
        };
        String memo = switch (kind) {
            case PARTIAL -> pickOf("PARTIAL PMT", "PMT 1 OF 2", "PARTIAL PAYMENT", null);
            case SHORT_PAY ->
                pickOf(
                        "SHORT PAY SEE LETTER",
                        "DEDUCTION " + dollars(invoice.openCents() - cents) + " FREIGHT/DAMAGE",
                        "LESS PRICING ADJ",
                        "LESS 2% DISC",
                        null);
            default -> null;
        };
        List<Invoice> referenced = kind == Kind.NO_REFERENCE ? List.of() : List.of(invoice);
        return written(
                n,
                kind,
                invoice.debtor(),
                cents,
                referenced,
                memo,
                List.of(new Allocation(invoice.id(), invoice.number(), cents)));
    }

    /** Debtors pay around the due date: late ones for weeks after it, a few early. */
    private Invoice dueSoon(List<Invoice> from) {
        return MatchingBenchmarkBook.weighted(random, from, i -> {
            long days = i.dueDate().toEpochDay() - MatchingBenchmarkBook.TODAY.toEpochDay();
            return days > 0 ? Math.exp(-days / 10.0) : Math.exp(days / 35.0);
        });
    }

    private LabelledPayment several(int n, Kind kind) {
        Invoice first = dueSoon(book.open);
        List<Invoice> same = openByDebtor.get(first.debtor()).stream()
                .filter(i -> i.client().equals(first.client()) && !i.equals(first))
                .sorted(Comparator.comparing((Invoice i) ->
                        Math.abs(i.dueDate().toEpochDay() - first.dueDate().toEpochDay())))
                .collect(Collectors.toList());
        if (same.isEmpty()) {
            return single(n, Kind.FULL);
        }
        int want = 1 + Math.min(same.size(), 1 + (int) Math.floor(-Math.log(1 - random.nextDouble()) * 1.6));
        List<Invoice> paid = new ArrayList<>();
        paid.add(first);
        paid.addAll(same.subList(0, Math.min(want - 1, same.size())));
        paid.sort(Comparator.comparing(Invoice::dueDate));
        int shortOne = kind == Kind.SEVERAL_ONE_SHORT ? random.nextInt(paid.size()) : -1;
        List<Allocation> truth = new ArrayList<>();
        long cents = 0;
        for (int k = 0; k < paid.size(); k++) {
            long part = paid.get(k).openCents();
            if (k == shortOne) {
                part -= deduction(part);
            }
            truth.add(new Allocation(paid.get(k).id(), paid.get(k).number(), part));
            cents += part;
        }
        String memo = shortOne >= 0
                ? pickOf(
                        "INV " + written(paid.get(shortOne), Channel.CHECK, new ArrayList<>())
                                + " SHORT PAY SEE LETTER",
                        "DEDUCTIONS APPLIED",
                        null)
                : null;
        return written(n, kind, first.debtor(), cents, paid, memo, truth);
    }

    /** A payment naming an invoice the factor did not buy, or one already paid. */
    private LabelledPayment notOnTheBook(int n, Kind kind) {
        List<Invoice> from = kind == Kind.NOT_BOUGHT ? book.notBought : book.paid;
        Invoice invoice = from.get(random.nextInt(from.size()));
        return written(n, kind, invoice.debtor(), invoice.faceCents(), List.of(invoice), null, List.of());
    }

    private LabelledPayment unplaceable(int n, Kind kind) {
        return switch (kind) {
            case UNKNOWN_PAYER_NO_REFERENCE ->
                new LabelledPayment(
                        n,
                        kind,
                        Channel.CHECK,
                        Math.max(5000, Math.round(250000 * Math.exp(random.nextGaussian()))),
                        pickOf("J SMITH", "CUSTOMER DEPOSIT", "R & L HOLDINGS", null),
                        Integer.toString(100 + random.nextInt(9900)),
                        pickOf("PAYMENT", "FOR SERVICES", null),
                        List.of(),
                        List.of(),
                        null);
            case NOT_A_DEBTOR ->
                new LabelledPayment(
                        n,
                        kind,
                        Channel.ACH,
                        100 * (50 + random.nextInt(5000)) + random.nextInt(100),
                        pickOf("IRS TREAS 310", "AMEX SETTLEMENT", "OFFICE DEPOT REF", "INS PREM REFUND"),
                        "PMT" + (100000 + random.nextInt(900000)),
                        pickOf("TAX REF", "REFUND", "ACH CREDIT " + (10000 + random.nextInt(90000))),
                        List.of(),
                        List.of(),
                        null);
            default -> {
                Debtor d = book.open.get(random.nextInt(book.open.size())).debtor();
                yield written(
                        n,
                        kind,
                        d,
                        100_000L * (5 + random.nextInt(40)),
                        List.of(),
                        pickOf("ON ACCOUNT", "PAYMENT ON ACCOUNT", "PREPAYMENT"),
                        List.of());
            }
        };
    }

    /** The payment as the bank delivers it: payer name, customer reference and remittance text per channel. */
    private LabelledPayment written(
            int n,
            Kind kind,
            Debtor debtor,
            long cents,
            List<Invoice> referenced,
            String memo,
            List<Allocation> truth) {
        double[] mix = debtor.channelMix();
        Channel channel = MatchingBenchmarkBook.pick(random, mix, Channel.values());
        List<Form> forms = new ArrayList<>();
        List<String> refs = new ArrayList<>();
        for (Invoice i : referenced) {
            refs.add(written(i, channel, forms));
        }
        boolean viaProcessor = debtor.processor() != null && channel != Channel.WIRE && random.nextDouble() < 0.5;
        String extra = noiseTokens(debtor, cents);
        return switch (channel) {
            case CHECK -> check(n, kind, debtor, cents, refs, memo, extra, viaProcessor, truth, forms);
            case ACH -> ach(n, kind, debtor, cents, refs, memo, extra, viaProcessor, truth, forms);
            case WIRE -> wire(n, kind, debtor, cents, refs, memo, extra, truth, forms);
        };
    }

    private LabelledPayment check(
            int n,
            Kind kind,
            Debtor d,
            long cents,
            List<String> refs,
            String memo,
            String extra,
            boolean viaProcessor,
            List<Allocation> truth,
            List<Form> forms) {
        List<String> columns = new ArrayList<>(refs.subList(0, Math.min(2, refs.size())));
        String text = memo;
        if (refs.size() > 2) {
            text = join(
                    text,
                    random.nextBoolean() ? "ALSO " + String.join(" ", refs.subList(2, refs.size())) : "SEE ATTACHED");
        }
        if (random.nextDouble() < 0.05 && !columns.isEmpty()) {
            columns.clear(); // the stub was missing: the operator keyed nothing
            text = join(text, "NO STUB");
        }
        if (viaProcessor && random.nextBoolean()) {
            text = join(text, "ON BEHALF OF " + MatchingBenchmarkBook.plainUpper(d.name()));
        } else if (random.nextDouble() < 0.05) {
            text = join(text, MatchingBenchmarkBook.plainUpper(d.name()));
        }
        text = join(text, extra);
        // as BankFileImports puts it together: the memo, then the invoice columns
        String remittance = columns.isEmpty() ? text : (text == null ? "" : text + "\n") + String.join(" ", columns);
        int checkNo = d.checkNumberStart() + checksWritten.merge(d, 1, Integer::sum);
        String payer = viaProcessor ? d.processor() : d.checkName();
        return new LabelledPayment(
                n, kind, Channel.CHECK, cents, payer, Integer.toString(checkNo), remittance, truth, forms, d.id());
    }

    private LabelledPayment ach(
            int n,
            Kind kind,
            Debtor d,
            long cents,
            List<String> refs,
            String memo,
            String extra,
            boolean viaProcessor,
            List<Allocation> truth,
            List<Form> forms) {
        String payer = viaProcessor ? d.processor() : d.achName();
        String addenda;
        double u = random.nextDouble();
        if (refs.isEmpty() || u < 0.15) {
            addenda = memo;
        } else if (u < 0.45) {
            StringBuilder edi = new StringBuilder();
            for (int k = 0; k < refs.size(); k++) {
                long each = refs.size() == 1 ? cents : -1;
                edi.append("RMR*IV*").append(refs.get(k));
                if (each > 0) {
                    edi.append("*").append(dollars(each));
                }
                edi.append("\\");
            }
            addenda = join(edi.toString(), memo);
        } else {
            String lead = pickOf("INV ", "INV# ", "PMT FOR INV ", "INVOICES ", "");
            addenda = MatchingBenchmarkBook.clip(
                    join(lead + String.join(random.nextBoolean() ? " " : ",", refs), join(memo, extra)), 80);
        }
        String text = random.nextDouble() < 0.6 ? join("ACH CREDIT " + payer, addenda) : addenda;
        if (viaProcessor && random.nextBoolean()) {
            text = join(text, "FOR " + d.achName());
        }
        String reference = pickOf(null, null, "PMT" + (100000 + random.nextInt(900000)), trace());
        return new LabelledPayment(n, kind, Channel.ACH, cents, payer, reference, text, truth, forms, d.id());
    }

    private LabelledPayment wire(
            int n,
            Kind kind,
            Debtor d,
            long cents,
            List<String> refs,
            String memo,
            String extra,
            List<Allocation> truth,
            List<Form> forms) {
        String lead = pickOf("INV ", "PAYMENT FOR INVOICES ", "INVOICE ", "");
        String text =
                refs.isEmpty() ? pickOf("PAYMENT", memo) : lead + String.join(random.nextBoolean() ? " " : ", ", refs);
        text = join(text, join(memo, extra));
        if (random.nextDouble() < 0.3) {
            text = join("ORG " + MatchingBenchmarkBook.plainUpper(d.name()), text);
        }
        String reference;
        double u = random.nextDouble();
        if (refs.size() == 1 && u < 0.3) {
            reference = refs.get(0);
        } else if (u < 0.7) {
            reference = "PAY" + MatchingBenchmarkBook.TODAY.toString().replace("-", "") + "-"
                    + (1000 + random.nextInt(9000));
        } else {
            reference = null;
        }
        String payer = random.nextDouble() < 0.05 ? null : d.wireName();
        return new LabelledPayment(
                n,
                kind,
                Channel.WIRE,
                cents,
                payer,
                reference,
                MatchingBenchmarkBook.clip(text, 140),
                truth,
                forms,
                d.id());
    }

    /** Other numbers remittances carry: purchase orders, vendor numbers, dates, amounts. */
    private String noiseTokens(Debtor d, long cents) {
        double u = random.nextDouble();
        if (u < 0.10) {
            return "PO "
                    + (d.checkNumberStart() % 2 == 0
                            ? "45000" + (10000 + random.nextInt(90000))
                            : 80000 + random.nextInt(20000));
        } else if (u < 0.15) {
            return "VENDOR " + (20000 + random.nextInt(9000));
        } else if (u < 0.22) {
            return "PMT DATE 01/" + (10 + random.nextInt(5)) + "/2026";
        } else if (u < 0.30) {
            return "AMT " + dollars(cents);
        }
        return null;
    }

    /** One invoice number as this channel writes it. */
    private String written(Invoice invoice, Channel channel, List<Form> forms) {
        Form form = MatchingBenchmarkBook.pick(random, FORM_MIX[channel.ordinal()], Form.values());
        forms.add(form);
        NumberParts p = invoice.parts();
        String seq = p.sequence();
        String body = p.year() == null ? seq : p.year() + (p.prefix().isEmpty() ? p.separator() : "-") + seq;
        return switch (form) {
            case AS_ISSUED -> p.canonical();
            case PUNCTUATION -> punctuation(p);
            case LABELLED ->
                pickOf("INV#", "INV ", "#", "Inv. ", "INVOICE ", "INV-")
                        + (p.prefix().isEmpty() || random.nextBoolean() ? body : p.canonical());
            case PREFIX_DROPPED -> p.year() != null && random.nextBoolean() ? seq : body;
            case ZEROS -> zeros(p);
            case MISREAD -> misread(random.nextBoolean() ? p.canonical() : body);
            case TRUNCATED -> truncated(p.canonical());
            case TRANSPOSED -> transposed(p);
        };
    }

    private String punctuation(NumberParts p) {
        String sep = pickOf("", " ", "#", ".", "-", "_");
        String s = p.year() == null
                ? p.prefix() + (p.prefix().isEmpty() ? "" : sep) + p.sequence()
                : p.prefix() + (p.prefix().isEmpty() ? "" : sep) + p.year() + sep + p.sequence();
        if (p.prefix().isEmpty() && p.year() == null) {
            s = p.sequence().length() > 4
                    ? p.sequence().substring(0, 2)
                            + pickOf("-", ",", " ", ".")
                            + p.sequence().substring(2)
                    : "#" + p.sequence();
        }
        return random.nextDouble() < 0.3 ? s.toLowerCase(Locale.ROOT) : s;
    }

    private String zeros(NumberParts p) {
        String seq = p.sequence();
        String stripped = seq.replaceFirst("^0+(?=\\d)", "");
        String changed = !stripped.equals(seq) && random.nextBoolean() ? stripped : "0" + seq;
        return new NumberParts(p.prefix(), p.separator(), p.year(), changed).canonical();
    }

    /** What a check scanner reads: O for 0, I or l for 1, S for 5, B for 8, now and then the reverse. */
    private String misread(String s) {
        StringBuilder b = new StringBuilder(s.length());
        boolean changed = false;
        for (char c : s.toCharArray()) {
            char r = c;
            double u = random.nextDouble();
            if (c == '0' && u < 0.4) {
                r = 'O';
            } else if (c == '1' && u < 0.4) {
                r = random.nextBoolean() ? 'I' : 'l';
            } else if (c == '5' && u < 0.4) {
                r = 'S';
            } else if (c == '8' && u < 0.4) {
                r = 'B';
            } else if (c == 'I' && u < 0.1) {
                r = '1';
            } else if (c == 'S' && u < 0.1) {
                r = '5';
            }
            changed |= r != c;
            b.append(r);
        }
        if (!changed) {
            int d = b.length() - 1;
            while (d >= 0 && !Character.isDigit(b.charAt(d))) {
                d--;
            }
            if (d >= 0) {
                b.setCharAt(d, new char[] {'O', 'I', 'Z', '3', 'A', 'S', 'G', '7', 'B', 'g'}[b.charAt(d) - '0']);
            }
        }
        return b.toString();
    }

    private String truncated(String canonical) {
        if (random.nextDouble() < 0.6) {
            return canonical.substring(0, Math.max(2, canonical.length() - 1 - random.nextInt(2)));
        }
        String digits = canonical.replaceAll("\\D", "");
        return digits.substring(Math.max(0, digits.length() - 4));
    }

    private String transposed(NumberParts p) {
        String seq = p.sequence();
        for (int tries = 0; tries < 10 && seq.length() >= 2; tries++) {
            int at = random.nextInt(seq.length() - 1);
            if (seq.charAt(at) != seq.charAt(at + 1)) {
                String t = seq.substring(0, at) + seq.charAt(at + 1) + seq.charAt(at) + seq.substring(at + 2);
                return new NumberParts(p.prefix(), p.separator(), p.year(), t).canonical();
            }
        }
        return p.canonical();
    }

    private long partOf(long open) {
        long part = Math.round(open * (0.2 + 0.6 * random.nextDouble()));
        return random.nextBoolean() ? Math.max(100, part / 100 * 100) : Math.max(1, part);
    }

    private long deduction(long open) {
        long d = random.nextBoolean()
                ? Math.round(open * (0.01 + 0.04 * random.nextDouble()))
                : new long[] {1500, 2500, 7500, 15000, 1000 + random.nextInt(29000)}[random.nextInt(5)];
        return Math.max(1, Math.min(d, open / 2));
    }

    private String trace() {
        return "0" + (21000021 + random.nextInt(1000)) + String.format("%07d", random.nextInt(10_000_000));
    }

    @SafeVarargs
    private <T> T pickOf(T... items) {
        return items[random.nextInt(items.length)];
    }

    static String dollars(long cents) {
        return String.format("%,d.%02d", cents / 100, cents % 100);
    }

    private static String join(String a, String b) {
        if (a == null || a.isBlank()) {
            return b;
        }
        return b == null || b.isBlank() ? a : a + " " + b;
    }
}
