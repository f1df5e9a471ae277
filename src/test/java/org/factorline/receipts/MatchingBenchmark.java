package org.factorline.receipts;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.factorline.debtors.DebtorId;
import org.factorline.debtors.Debtors;
import org.factorline.invoices.InvoiceId;
import org.factorline.receipts.MatchingBenchmarkBook.Invoice;
import org.factorline.receipts.MatchingBenchmarkPayments.Allocation;
import org.factorline.receipts.MatchingBenchmarkPayments.Kind;
import org.factorline.receipts.MatchingBenchmarkPayments.LabelledPayment;
import org.factorline.shared.Money;

/**
 * Runs labelled payments through the decision {@link Receipts} makes — the same payer recognition
 * ({@link PayerRecognition}), the same candidate look-up (every open invoice whose number key is among
 * {@link Matcher#keysIn}, plus the recognised payer's open invoices by due date, at most
 * {@link Receipts#CANDIDATE_LIMIT}, put together by {@link Matcher.LookUp}) and the same auto-apply
 * threshold — against an in-memory copy of the book, and counts what happened. Each payment meets the book as it stands, as if
 * it were the first of the day.
 */
final class MatchingBenchmark {

    static final BigDecimal AUTO_APPLY = new BigDecimal("0.90");

    enum Outcome {
        /** every allocation right and the whole payment placed */
        AUTO_RIGHT,
        /** every allocation right, part of the payment left unapplied for a person */
        AUTO_RIGHT_PART,
        /** at least one allocation on a wrong invoice or for a wrong amount */
        AUTO_WRONG,
        /** nothing applied; suggestions (maybe none) for a person */
        REVIEW
    }

    /**
     * What happened to one payment: the outcome, for a review the rank of the first right suggestion (0:
     * none), and whether the look-up's limit left a right invoice out.
     */
    record Result(
            LabelledPayment payment,
            Outcome outcome,
            int rank,
            List<Matcher.Proposal> proposals,
            DebtorId payer,
            boolean truthCut) {}

    record Figures(
            long seed,
            int debtors,
            int clients,
            int openInvoices,
            int payments,
            int placeable,
            int payerRecognised,
            int autoRight,
            int autoRightPart,
            int autoWrong,
            int review,
            int reviewTop1,
            int reviewTop3,
            int reviewNoSuggestion,
            int unplaceable,
            int unplaceableLeft,
            int truthCut,
            Map<String, Integer> reviewReasons,
            Map<String, Integer> composition,
            List<Result> results) {

        double autoRate() {
            return share(autoRight, placeable);
        }

        double top3Rate() {
            return share(reviewTop3, review);
        }

        static double share(int part, int whole) {
            return whole == 0 ? 0 : 100.0 * part / whole;
        }
    }

    private final MatchingBenchmarkBook book;
    private final Map<String, List<Invoice>> openByKey = new HashMap<>();
    private final Map<DebtorId, List<Invoice>> openByDebtor = new HashMap<>();
    private final Map<String, DebtorId> debtorByNameKey = new HashMap<>();

    MatchingBenchmark(MatchingBenchmarkBook book) {
        this.book = book;
        for (Invoice i : book.open) {
            openByKey.computeIfAbsent(i.numberKey(), k -> new ArrayList<>()).add(i);
            openByDebtor
                    .computeIfAbsent(i.debtor().id(), k -> new ArrayList<>())
                    .add(i);
        }
        for (MatchingBenchmarkBook.Debtor d : book.debtors) {
            debtorByNameKey.put(d.nameKey(), d.id());
        }
    }

    /** One seed's book and payments, measured. */
    static Figures run(long seed, int openInvoices, int payments) {
        Random random = new Random(seed);
        MatchingBenchmarkBook book = MatchingBenchmarkBook.generate(random, openInvoices);
        List<LabelledPayment> set = MatchingBenchmarkPayments.generate(book, random, payments);
        return new MatchingBenchmark(book).measure(seed, set);
    }

    Figures measure(long seed, List<LabelledPayment> set) {
        int placeable = 0, recognised = 0, autoRight = 0, autoPart = 0, autoWrong = 0;
        int review = 0, top1 = 0, top3 = 0, none = 0, unplaceable = 0, unplaceableLeft = 0, cut = 0;
        Map<String, Integer> reasons = new LinkedHashMap<>();
        Map<String, Integer> composition = new LinkedHashMap<>();
        List<Result> results = new ArrayList<>();
        for (LabelledPayment p : set) {
            Result r = decide(p);
            results.add(r);
            composition.merge(p.channel().name(), 1, Integer::sum);
            composition.merge(payerAs(p, r.payer()), 1, Integer::sum);
            p.forms().forEach(form -> composition.merge(form.name(), 1, Integer::sum));
            recognised += r.payer() != null ? 1 : 0;
            cut += r.truthCut() ? 1 : 0;
            if (!p.kind().placeable) {
                unplaceable++;
                if (r.outcome() == Outcome.REVIEW) {
                    unplaceableLeft++;
                } else {
                    autoWrong++;
                }
                continue;
            }
            placeable++;
            switch (r.outcome()) {
                case AUTO_RIGHT -> autoRight++;
                case AUTO_RIGHT_PART -> autoPart++;
                case AUTO_WRONG -> autoWrong++;
                case REVIEW -> {
                    review++;
                    top1 += r.rank() == 1 ? 1 : 0;
                    top3 += r.rank() >= 1 && r.rank() <= 3 ? 1 : 0;
                    none += r.proposals().isEmpty() ? 1 : 0;
                    reasons.merge(reviewReason(r), 1, Integer::sum);
                }
            }
        }
        return new Figures(
                seed,
                book.debtors.size(),
                book.clients.size(),
                book.open.size(),
                set.size(),
                placeable,
                recognised,
                autoRight,
                autoPart,
                autoWrong,
                review,
                top1,
                top3,
                none,
                unplaceable,
                unplaceableLeft,
                cut,
                reasons,
                composition,
                results);
    }

    /** What Receipts.match would do with this payment, judged against its label. */
    Result decide(LabelledPayment p) {
        Money amount = Money.ofMinor(p.cents(), Money.USD);
        DebtorId payer = recognise(p.payerName());
        Matcher.LookUp lookUp = lookUp(p, payer);
        boolean cut = p.truth().stream()
                .anyMatch(a -> lookUp.candidates().stream()
                                .noneMatch(c -> c.invoiceId().equals(a.invoiceId()))
                        && wouldBeFound(p, payer, a.invoiceId()));
        List<Matcher.Proposal> proposals = Matcher.propose(
                amount, p.remittance(), p.customerReference(), payer, lookUp.candidates(), lookUp.payerCut());
        boolean sure = !proposals.isEmpty()
                && proposals.stream().allMatch(x -> x.confidence().compareTo(AUTO_APPLY) >= 0);
        Map<InvoiceId, Long> truth = new HashMap<>();
        for (Allocation a : p.truth()) {
            truth.put(a.invoiceId(), a.cents());
        }
        if (sure) {
            boolean allRight = proposals.stream()
                    .allMatch(x -> Long.valueOf(x.amount().minorUnits())
                            .equals(truth.get(x.candidate().invoiceId())));
            Outcome o = !allRight
                    ? Outcome.AUTO_WRONG
                    : proposals.size() == truth.size() ? Outcome.AUTO_RIGHT : Outcome.AUTO_RIGHT_PART;
            return new Result(p, o, 0, proposals, payer, cut);
        }
        // the suggestions page lists them by confidence, highest first
        List<Matcher.Proposal> shown = new ArrayList<>(proposals);
        shown.sort(Comparator.comparing(Matcher.Proposal::confidence).reversed());
        int rank = 0;
        for (int k = 0; k < shown.size() && rank == 0; k++) {
            if (truth.containsKey(shown.get(k).candidate().invoiceId())) {
                rank = k + 1;
            }
        }
        return new Result(p, Outcome.REVIEW, rank, proposals, payer, cut);
    }

    /** How the payer was recognised, for the set's composition. */
    private String payerAs(LabelledPayment p, DebtorId payer) {
        if (payer == null) {
            return "payer not recognised";
        }
        if (p.debtor() != null && !payer.equals(p.debtor())) {
            return "payer recognised as another debtor";
        }
        String key = Matcher.payerKey(p.payerName());
        if (book.aliases.containsKey(key) && !PayerRecognition.isPayablesService(key)) {
            return "payer recognised by a taught name";
        }
        return debtorByNameKey.containsKey(Debtors.nameKey(p.payerName()))
                ? "payer recognised by the registered name"
                : "payer recognised by its name written short";
    }

    /** Receipts.recognise on this book: the same {@link PayerRecognition}, the book's names as its directory. */
    DebtorId recognise(String payerName) {
        return PayerRecognition.recognise(payerName, directory);
    }

    private final PayerRecognition.Directory directory = new PayerRecognition.Directory() {
        @Override
        public Optional<PayerRecognition.Taught> taught(String payerKey) {
            DebtorId d = book.aliases.get(payerKey);
            return d == null
                    ? Optional.empty()
                    : Optional.of(new PayerRecognition.Taught(d, book.sharedAliases.contains(payerKey)));
        }

        @Override
        public Optional<DebtorId> byNameKey(String nameKey) {
            return Optional.ofNullable(debtorByNameKey.get(nameKey));
        }

        @Override
        public List<PayerRecognition.KnownDebtor> all() {
            return book.debtors.stream()
                    .map(d -> new PayerRecognition.KnownDebtor(d.id(), d.name()))
                    .toList();
        }
    };

    /**
     * As Receipts.match: ReceiptRepository.openInvoicesNumbered (every open invoice with a number key among
     * the keys) and openInvoicesOf (the payer's, by due date and id, one more than the limit), put together
     * by the same {@link Matcher.LookUp}.
     */
    private Matcher.LookUp lookUp(LabelledPayment p, DebtorId payer) {
        Set<Invoice> numbered = new LinkedHashSet<>();
        for (String key : Matcher.keysIn(p.remittance(), p.customerReference())) {
            numbered.addAll(openByKey.getOrDefault(key, List.of()));
        }
        List<Invoice> payers = payer == null
                ? List.of()
                : firstDue(openByDebtor.getOrDefault(payer, List.of()), Receipts.CANDIDATE_LIMIT + 1);
        return Matcher.LookUp.of(
                numbered.stream().map(MatchingBenchmark::candidate).toList(),
                payers.stream().map(MatchingBenchmark::candidate).toList(),
                Receipts.CANDIDATE_LIMIT,
                Money.USD);
    }

    private static Matcher.Candidate candidate(Invoice i) {
        return new Matcher.Candidate(
                i.id(),
                i.number(),
                i.numberKey(),
                i.debtor().id(),
                i.debtor().nameKey(),
                Money.ofMinor(i.openCents(), Money.USD));
    }

    private static List<Invoice> firstDue(List<Invoice> invoices, int limit) {
        List<Invoice> ordered = new ArrayList<>(invoices);
        ordered.sort(Comparator.comparing(Invoice::dueDate)
                .thenComparing(i -> i.id().value().toString()));
        return ordered.size() > limit ? ordered.subList(0, limit) : ordered;
    }

    /** Whether the invoice would be among the candidates were there no limit. */
    private boolean wouldBeFound(LabelledPayment p, DebtorId payer, InvoiceId id) {
        if (payer != null
                && openByDebtor.getOrDefault(payer, List.of()).stream().anyMatch(i -> i.id().equals(id))) {
            return true;
        }
        for (String key : Matcher.keysIn(p.remittance(), p.customerReference())) {
            if (openByKey.getOrDefault(key, List.of()).stream().anyMatch(i -> i.id().equals(id))) {
                return true;
            }
        }
        return false;
    }

    /** Why a placeable payment waits for a person, grouped by the engine's own reasons. */
    static String reviewReason(Result r) {
        if (r.truthCut()) {
            return "right invoice left out of the look-up by the " + Receipts.CANDIDATE_LIMIT + "-candidate limit";
        }
        if (r.proposals().isEmpty()) {
            return r.payer() == null
                    ? "nothing found: payer not recognised, no number found"
                    : "nothing found for the recognised payer (reference missing or unreadable, amount not unique)";
        }
        String why = r.proposals().get(0).reason();
        if (r.payer() == null && !why.contains("named in the remittance")) {
            return "payer not recognised and debtor not named (at most 0.80)";
        }
        if (why.contains("two open invoices numbered")) {
            return "the same number on two open invoices of the debtor";
        }
        if (why.contains("do not add up") || why.contains("more than the open balance")) {
            return "several invoices paid: not all found, or one paid short";
        }
        if (why.contains("remittance does not say why")
                || why.contains("numbered almost the same")
                || why.contains("not every open invoice")
                || why.contains("also another debtor's open invoice")
                || (why.contains("partial payment") && why.contains("not open"))) {
            return "part or short payment not confirmed (unexplained by a payer only named, a near-twin number,"
                    + " the number also another debtor's, another number not open, or unseen invoices)";
        }
        if (why.contains("the only open invoice of this debtor for exactly this amount")) {
            return "amount-only match doubted (short pay look-alike, other reference, or unseen invoices)";
        }
        if (why.contains("with a prefix") || why.contains("without its prefix")) {
            return "number written with or without its prefix, amount not confirming it (0.87)";
        }
        if (why.contains("misread")
                || r.proposals().stream().anyMatch(x -> x.reason().contains("misread"))) {
            return "number misread (check scan): never applied alone";
        }
        return "other: " + why;
    }

    /** The figures as printed by the test and copied into docs/BENCHMARKS.md. */
    static String report(Figures f) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(
                "MatchingBenchmark seed=%d: %d debtors, %d clients, %d open invoices; %d payments (%d placeable, %d not); payer recognised for %d (%.1f%%)%n",
                f.seed(),
                f.debtors(),
                f.clients(),
                f.openInvoices(),
                f.payments(),
                f.placeable(),
                f.unplaceable(),
                f.payerRecognised(),
                Figures.share(f.payerRecognised(), f.payments())));
        Map<String, Integer> comp = f.composition();
        b.append("  channels:");
        for (MatchingBenchmarkPayments.Channel ch : MatchingBenchmarkPayments.Channel.values()) {
            b.append(' ').append(ch).append(' ').append(comp.getOrDefault(ch.name(), 0));
        }
        b.append("; ");
        for (String k : List.of(
                "payer recognised by the registered name",
                "payer recognised by a taught name",
                "payer recognised by its name written short",
                "payer recognised as another debtor",
                "payer not recognised")) {
            b.append(k).append(' ').append(comp.getOrDefault(k, 0)).append(", ");
        }
        b.setLength(b.length() - 2);
        b.append("\n  invoice numbers written:");
        for (MatchingBenchmarkPayments.Form form : MatchingBenchmarkPayments.Form.values()) {
            b.append(' ')
                    .append(form.name().toLowerCase(java.util.Locale.ROOT))
                    .append(' ')
                    .append(comp.getOrDefault(form.name(), 0));
        }
        b.append('\n');
        b.append(String.format(
                "  auto-applied right: %d of %d placeable = %.1f%% (plus %d applied right in part)%n",
                f.autoRight(), f.placeable(), f.autoRate(), f.autoRightPart()));
        b.append(String.format("  auto-applied wrongly: %d%n", f.autoWrong()));
        b.append(String.format(
                "  left for review: %d of %d placeable = %.1f%%; right invoice suggested first %d, in the top 3 %d (%.1f%%), no suggestion at all %d%n",
                f.review(),
                f.placeable(),
                Figures.share(f.review(), f.placeable()),
                f.reviewTop1(),
                f.reviewTop3(),
                f.top3Rate(),
                f.reviewNoSuggestion()));
        b.append(String.format(
                "  not placeable, rightly left unapplied: %d of %d%n", f.unplaceableLeft(), f.unplaceable()));
        b.append(String.format(
                "  right invoice left out by the %d-candidate limit on the payer's other invoices: %d payments%n",
                Receipts.CANDIDATE_LIMIT, f.truthCut()));
        b.append("  why placeable payments wait for a person:\n");
        f.reviewReasons().entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(e -> b.append(String.format("    %5d  %s%n", e.getValue(), e.getKey())));
        Map<Kind, int[]> byKind = new EnumMap<>(Kind.class);
        for (Result r : f.results()) {
            int[] c = byKind.computeIfAbsent(r.payment().kind(), k -> new int[5]);
            c[0]++;
            c[1 + r.outcome().ordinal()]++;
        }
        b.append(String.format("  %-27s %6s %6s %6s %6s %6s%n", "kind", "count", "auto", "part", "wrong", "review"));
        byKind.forEach(
                (k, c) -> b.append(String.format("  %-27s %6d %6d %6d %6d %6d%n", k, c[0], c[1], c[2], c[3], c[4])));
        b.append("  replay: ./mvnw test -Dtest=MatchingBenchmarkTest -Dfactorline.seed=")
                .append(f.seed())
                .append('\n');
        return b.toString();
    }
}
