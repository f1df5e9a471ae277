package org.factorline.web;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.factorline.clients.Client;
import org.factorline.clients.ClientId;
import org.factorline.clients.Clients;
import org.factorline.debtors.Debtor;
import org.factorline.debtors.DebtorId;
import org.factorline.debtors.Debtors;
import org.factorline.identity.CurrentActor;
import org.factorline.identity.Role;
import org.factorline.invoices.Invoice;
import org.factorline.invoices.InvoiceFilter;
import org.factorline.invoices.InvoiceId;
import org.factorline.invoices.InvoiceStatus;
import org.factorline.invoices.Invoices;
import org.factorline.pricing.ReceiptKind;
import org.factorline.receipts.Allocation;
import org.factorline.receipts.BankFileImport;
import org.factorline.receipts.BankFileImports;
import org.factorline.receipts.IncomingPayment;
import org.factorline.receipts.Payment;
import org.factorline.receipts.PaymentStatus;
import org.factorline.receipts.Receipts;
import org.factorline.receipts.Suggestion;
import org.factorline.shared.CursorPage;
import org.factorline.shared.FactorlineException;
import org.factorline.shared.FieldProblem;
import org.factorline.shared.Money;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Cash posting for the factor's cash team: the morning's bank file uploaded (or a check from the mail
 * typed in), the unapplied cash the matching engine was not sure of placed on invoices by a person, and
 * what a debtor held back accepted as a short pay so that the invoice can close out.
 */
@Controller
@RequestMapping("/staff/cash")
class CashPages {

    /** Unapplied and partly applied payments shown, each; the oldest beyond wait for the next look. */
    static final int QUEUE_LIMIT = 100;

    static final int RECENT_LIMIT = 20;
    static final int SEARCH_MAX_CHARS = 100;
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final Receipts receipts;
    private final BankFileImports imports;
    private final Invoices invoices;
    private final Debtors debtors;
    private final Clients clients;
    private final Clock clock;
    private final org.factorline.receipts.LockboxMappings mappings;

    CashPages(
            org.factorline.receipts.LockboxMappings mappings,
            Receipts receipts,
            BankFileImports imports,
            Invoices invoices,
            Debtors debtors,
            Clients clients,
            Clock clock) {
        this.mappings = mappings;
        this.receipts = receipts;
        this.imports = imports;
        this.invoices = invoices;
        this.debtors = debtors;
        this.clients = clients;
        this.clock = clock;
    }

    /** The "record a payment" form as typed: kept as text so that a mistake comes back to be corrected. */
    record CheckEntry(
            String valueDate,
            String amount,
            String currency,
            String payerName,
            String checkNumber,
            String remittance) {}

    /** A payment waiting for a person, with the debtor it is known to come from and where it may go. */
    record Queued(Payment payment, String debtorName, List<Suggested> suggestions) {}

    record Suggested(Suggestion suggestion, String confidence) {}

    /** A payment placed on invoices, with how and how sure. */
    record Applied(Payment payment, List<Placed> allocations) {}

    record Placed(Allocation allocation, String invoiceNumber, InvoiceStatus invoiceStatus, String confidence) {}

    /** A partly paid invoice the payment went to: what is still open on it. */
    record ShortPayable(Invoice invoice, Money open) {}

    @GetMapping
    String desk(@RequestParam(required = false) String q, Model model) {
        if (!model.containsAttribute("entry")) {
            model.addAttribute("entry", blankEntry());
        }
        return deskPage(q, model);
    }

    @PostMapping("/files")
    String upload(
            @RequestParam(name = "file", required = false) MultipartFile file,
            @RequestParam(required = false) String mapping,
            Model model,
            RedirectAttributes flash) {
        if (file == null || file.isEmpty()) {
            model.addAttribute(
                    "problems",
                    List.of(FieldProblem.of("file", null, "choose the bank file to upload (BAI2 or camt)")));
            return refusedUpload(model);
        }
        try {
            BankFileImport done = imports.importFile(
                    file.getOriginalFilename(),
                    file.getBytes(),
                    mapping == null || mapping.isBlank() ? null : mappings.get(mapping));
            flash.addFlashAttribute(
                    "flash",
                    done.reference() + ": " + done.payments() + (done.payments() == 1 ? " credit, " : " credits, ")
                            + done.total().display() + " — " + done.appliedAutomatically()
                            + " applied automatically, " + done.leftForReview() + " left for review");
            if (!done.ledgerInvariantsHold()) {
                flash.addFlashAttribute("problemTitle", "Look at the ledger checks:");
                flash.addFlashAttribute(
                        "problems",
                        List.of(FieldProblem.of(
                                "ledger",
                                done.ledgerInvariantViolations() + " violations",
                                "the ledger invariants do not hold after this import")));
            }
            return "redirect:/staff/cash";
        } catch (FactorlineException e) {
            PageSupport.showProblems(model, e);
            model.addAttribute("problemTitle", e.getMessage());
        } catch (IOException e) {
            model.addAttribute(
                    "problems",
                    List.of(FieldProblem.of("file", file.getOriginalFilename(), "could not be read; upload it again")));
        }
        return refusedUpload(model);
    }

    private String refusedUpload(Model model) {
        model.addAttribute("refused", true);
        model.addAttribute("entry", blankEntry());
        return deskPage(null, model);
    }

    /** A check received by mail (or money seen on the bank's site) typed in: recorded, then matched. */
    @PostMapping("/payments")
    String record(@ModelAttribute("entry") CheckEntry entry, Model model, RedirectAttributes flash) {
        List<FieldProblem> problems = new ArrayList<>();
        LocalDate valueDate = date(entry.valueDate(), problems);
        Money amount = money(entry.amount(), entry.currency(), problems);
        if (!problems.isEmpty()) {
            model.addAttribute("problems", problems);
            return deskPage(null, model);
        }
        try {
            Payment p = receipts.record(
                    new IncomingPayment(
                            valueDate,
                            amount,
                            ReceiptKind.CHECK,
                            entry.payerName(),
                            null,
                            null,
                            blankToNull(entry.checkNumber()),
                            blankToNull(entry.remittance()),
                            "typed in"),
                    null);
            flash.addFlashAttribute(
                    "flash", p.reference() + " recorded: " + p.amount().display() + " — " + outcome(p));
            return "redirect:/staff/cash/payments/" + p.id();
        } catch (FactorlineException e) {
            PageSupport.showProblems(model, e);
            return deskPage(null, model);
        }
    }

    @GetMapping("/payments/{id}")
    String show(@PathVariable UUID id, Model model) {
        Payment p = found(() -> receipts.get(id));
        List<Allocation> allocations = receipts.allocations(id);
        Map<InvoiceId, Invoice> placedOn = invoicesById(allocations.stream().map(Allocation::invoiceId));
        List<ShortPayable> shortPayable = new ArrayList<>();
        for (InvoiceId invoiceId :
                allocations.stream().map(Allocation::invoiceId).distinct().toList()) {
            Invoice i = placedOn.get(invoiceId);
            if (i != null && i.status() == InvoiceStatus.PARTIALLY_PAID) {
                shortPayable.add(new ShortPayable(i, receipts.open(i)));
            }
        }
        model.addAttribute("p", p);
        model.addAttribute("debtorName", debtorNames().get(p.debtorId()));
        model.addAttribute("allocations", placed(allocations, placedOn));
        model.addAttribute("suggestions", suggested(receipts.suggestions(id)));
        model.addAttribute("shortPayable", shortPayable);
        model.addAttribute("canPost", canPost());
        model.addAttribute("clients", canPost() && p.unapplied().isPositive() ? clients.allVisible() : List.of());
        return "staff/cash/payment";
    }

    /**
     * Places (part of) a payment on an invoice: a suggestion taken (the invoice's id and the suggested
     * amount) or a person's own choice (the invoice's number or id; no amount takes as much as fits).
     */
    @PostMapping("/payments/{id}/apply")
    String apply(
            @PathVariable UUID id,
            @RequestParam(required = false) String invoice,
            @RequestParam(required = false) String amount,
            @RequestParam(required = false) String back,
            RedirectAttributes flash) {
        String to = "payment".equals(back) ? "redirect:/staff/cash/payments/" + id : "redirect:/staff/cash";
        try {
            Payment p = receipts.get(id);
            Invoice target = invoiceFor(invoice, p);
            List<FieldProblem> problems = new ArrayList<>();
            Money take = blankToNull(amount) == null
                    ? p.unapplied().min(receipts.open(target))
                    : money(amount, p.amount().currency().getCurrencyCode(), problems);
            if (!problems.isEmpty()) {
                flash.addFlashAttribute("problems", problems);
                return to;
            }
            Payment after = receipts.apply(id, target.id(), take);
            Invoice now = invoices.get(target.id());
            flash.addFlashAttribute(
                    "flash",
                    after.reference() + ": " + take.display() + " applied to invoice " + now.number() + ", now "
                            + now.status() + "; " + after.unapplied().display() + " left unapplied.");
        } catch (FactorlineException e) {
            refused(flash, e);
        } catch (OptimisticLockingFailureException e) {
            flash.addFlashAttribute("flash", "Someone else applied this payment meanwhile; look at it again.");
        }
        return to;
    }

    @PostMapping("/payments/{id}/short-pay")
    String shortPay(
            @PathVariable UUID id,
            @RequestParam UUID invoiceId,
            @RequestParam(required = false) String reason,
            RedirectAttributes flash) {
        try {
            Invoice before = invoices.get(new InvoiceId(invoiceId));
            Money open = receipts.open(before);
            receipts.acceptShortPay(before.id(), reason);
            Invoice now = invoices.get(before.id());
            flash.addFlashAttribute(
                    "flash",
                    "Short pay of " + open.display() + " accepted on invoice " + now.number()
                            + ", charged to the client's reserve; the invoice is " + now.status() + ".");
        } catch (FactorlineException e) {
            refused(flash, e);
        } catch (OptimisticLockingFailureException e) {
            flash.addFlashAttribute("flash", "Someone else changed this invoice meanwhile; look at it again.");
        }
        return "redirect:/staff/cash/payments/" + id;
    }

    /**
     * Passes money that is not the factor's (a payment of an invoice it did not buy, an overpayment) on to
     * the client it belongs to; the next settlement run pays it.
     */
    @PostMapping("/payments/{id}/forward")
    String forward(
            @PathVariable UUID id,
            @RequestParam(required = false) UUID clientId,
            @RequestParam(required = false) String amount,
            @RequestParam(required = false) String reason,
            RedirectAttributes flash) {
        try {
            Payment p = receipts.get(id);
            List<FieldProblem> problems = new ArrayList<>();
            Money take = blankToNull(amount) == null
                    ? null
                    : money(amount, p.amount().currency().getCurrencyCode(), problems);
            if (!problems.isEmpty()) {
                flash.addFlashAttribute("problems", problems);
                return "redirect:/staff/cash/payments/" + id;
            }
            Payment after =
                    receipts.forwardToClient(id, clientId == null ? null : new ClientId(clientId), take, reason);
            Client client = clients.get(new ClientId(clientId));
            flash.addFlashAttribute(
                    "flash",
                    after.reference() + ": "
                            + after.applied().minus(p.applied()).display() + " forwarded to "
                            + client.reference() + " " + client.displayName()
                            + "; the next settlement run pays it.");
        } catch (FactorlineException e) {
            refused(flash, e);
        } catch (OptimisticLockingFailureException e) {
            flash.addFlashAttribute("flash", "Someone else changed this payment meanwhile; look at it again.");
        }
        return "redirect:/staff/cash/payments/" + id;
    }

    /** Gives (part of) a payment back to the payer: an overpayment it asks back, a payment made twice. */
    @PostMapping("/payments/{id}/refund")
    String refund(
            @PathVariable UUID id,
            @RequestParam(required = false) String amount,
            @RequestParam(required = false) Receipts.RefundMethod method,
            @RequestParam(required = false) String reason,
            RedirectAttributes flash) {
        try {
            Payment p = receipts.get(id);
            List<FieldProblem> problems = new ArrayList<>();
            Money take = blankToNull(amount) == null
                    ? null
                    : money(amount, p.amount().currency().getCurrencyCode(), problems);
            if (!problems.isEmpty()) {
                flash.addFlashAttribute("problems", problems);
                return "redirect:/staff/cash/payments/" + id;
            }
            Payment after = receipts.refundToPayer(id, take, method, reason);
            flash.addFlashAttribute(
                    "flash",
                    after.reference() + ": "
                            + after.applied().minus(p.applied()).display() + " refunded to " + p.payerName() + " by "
                            + method + ".");
        } catch (FactorlineException e) {
            refused(flash, e);
        } catch (OptimisticLockingFailureException e) {
            flash.addFlashAttribute("flash", "Someone else changed this payment meanwhile; look at it again.");
        }
        return "redirect:/staff/cash/payments/" + id;
    }

    private String deskPage(String q, Model model) {
        model.addAttribute("lockboxMappings", mappings.names());
        String search = blankToNull(q) == null ? null : q.strip();
        if (search != null && search.length() > SEARCH_MAX_CHARS) {
            search = search.substring(0, SEARCH_MAX_CHARS);
        }
        Map<DebtorId, String> names = debtorNames();
        CursorPage<Payment> unapplied = waiting(PaymentStatus.UNAPPLIED, search);
        CursorPage<Payment> partly = waiting(PaymentStatus.PARTIALLY_APPLIED, search);
        List<Queued> queue = Stream.concat(unapplied.items().stream(), partly.items().stream())
                .sorted(Comparator.comparing(Payment::id).reversed())
                .map(p -> new Queued(p, names.get(p.debtorId()), suggested(receipts.suggestions(p.id()))))
                .toList();
        List<Payment> applied = receipts.list(PaymentStatus.APPLIED, null, CursorPage.Request.first(RECENT_LIMIT))
                .items();
        Map<UUID, List<Allocation>> allocations = new HashMap<>();
        applied.forEach(p -> allocations.put(p.id(), receipts.allocations(p.id())));
        Map<InvoiceId, Invoice> placedOn =
                invoicesById(allocations.values().stream().flatMap(List::stream).map(Allocation::invoiceId));
        model.addAttribute("queue", queue);
        model.addAttribute("moreWaiting", unapplied.nextCursor() != null || partly.nextCursor() != null);
        model.addAttribute("q", search);
        model.addAttribute(
                "applied",
                applied.stream()
                        .map(p -> new Applied(p, placed(allocations.get(p.id()), placedOn)))
                        .toList());
        model.addAttribute("canPost", canPost());
        return "staff/cash/desk";
    }

    /** Payments in the status, newest first, whose payer, remittance or references contain the text. */
    private CursorPage<Payment> waiting(PaymentStatus status, String search) {
        return receipts.search(status, null, search, CursorPage.Request.first(QUEUE_LIMIT));
    }

    /**
     * The invoice a person named: its id, or its number — among the open bought invoices with that number,
     * the payer's own when several clients happen to use it.
     */
    private Invoice invoiceFor(String given, Payment p) {
        String text = blankToNull(given);
        if (text == null) {
            throw FactorlineException.invalid("invoice", null, "give the invoice's number or id");
        }
        if (UUID_TEXT.matcher(text.strip()).matches()) {
            return invoices.get(new InvoiceId(UUID.fromString(text.strip())));
        }
        List<Invoice> open = invoices
                .list(new InvoiceFilter(null, null, null, null, null, text.strip()), CursorPage.Request.first(50))
                .items()
                .stream()
                .filter(i -> i.number().equalsIgnoreCase(text.strip()))
                .filter(i -> i.status() == InvoiceStatus.FUNDED || i.status() == InvoiceStatus.PARTIALLY_PAID)
                .toList();
        if (open.size() > 1 && p.debtorId() != null) {
            List<Invoice> payers =
                    open.stream().filter(i -> i.debtorId().equals(p.debtorId())).toList();
            open = payers.isEmpty() ? open : payers;
        }
        if (open.isEmpty()) {
            throw FactorlineException.invalid("invoice", text, "is not the number of a bought invoice with money open");
        }
        if (open.size() > 1) {
            throw FactorlineException.invalid(
                    "invoice", text, "is the number of " + open.size() + " open invoices; give the invoice's id");
        }
        return open.get(0);
    }

    private List<Placed> placed(List<Allocation> allocations, Map<InvoiceId, Invoice> placedOn) {
        return allocations.stream()
                .map(a -> {
                    Invoice i = placedOn.get(a.invoiceId());
                    return new Placed(
                            a,
                            i == null ? a.invoiceId().toString() : i.number(),
                            i == null ? null : i.status(),
                            percent(a.confidence()));
                })
                .toList();
    }

    private static List<Suggested> suggested(List<Suggestion> suggestions) {
        return suggestions.stream()
                .map(s -> new Suggested(s, percent(s.confidence())))
                .toList();
    }

    private Map<InvoiceId, Invoice> invoicesById(Stream<InvoiceId> ids) {
        List<InvoiceId> distinct = ids.distinct().toList();
        Map<InvoiceId, Invoice> byId = new HashMap<>();
        if (!distinct.isEmpty()) {
            invoices.getAll(distinct).forEach(i -> byId.put(i.id(), i));
        }
        return byId;
    }

    private Map<DebtorId, String> debtorNames() {
        Map<DebtorId, String> names = new HashMap<>();
        for (Debtor d : debtors.allVisible()) {
            names.put(d.id(), d.reference() + " " + d.name());
        }
        return names;
    }

    private static String outcome(Payment p) {
        return switch (p.status()) {
            case APPLIED -> "applied automatically.";
            case PARTIALLY_APPLIED ->
                "partly applied automatically; " + p.unapplied().display() + " left for review.";
            case UNAPPLIED -> "left for review.";
        };
    }

    /** "80%" for a confidence of 0.80. */
    static String percent(BigDecimal confidence) {
        return confidence == null
                ? "—"
                : confidence.movePointRight(2).setScale(0, RoundingMode.HALF_UP).toPlainString() + "%";
    }

    private CheckEntry blankEntry() {
        return new CheckEntry(LocalDate.now(clock).toString(), "", Money.USD.getCurrencyCode(), "", "", "");
    }

    private static LocalDate date(String text, List<FieldProblem> problems) {
        if (blankToNull(text) == null) {
            problems.add(FieldProblem.of("valueDate", null, "is required"));
            return null;
        }
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            problems.add(FieldProblem.of("valueDate", text, "must be a date as YYYY-MM-DD"));
            return null;
        }
    }

    /** An amount as people type it ("1,500.00"), in the currency given; a problem named when it is not. */
    private static Money money(String text, String currencyCode, List<FieldProblem> problems) {
        if (blankToNull(text) == null) {
            problems.add(FieldProblem.of("amount", null, "is required"));
            return null;
        }
        java.util.Currency currency;
        try {
            currency = java.util.Currency.getInstance(
                    currencyCode == null ? "" : currencyCode.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add(FieldProblem.of("currency", currencyCode, "is not an ISO 4217 currency code"));
            return null;
        }
        try {
            return Money.of(new BigDecimal(text.strip().replace(",", "")), currency);
        } catch (IllegalArgumentException e) { // NumberFormatException too
            problems.add(FieldProblem.of(
                    "amount",
                    text,
                    "is not an amount of " + currency.getCurrencyCode() + " (such as 1500.00, at most "
                            + currency.getDefaultFractionDigits() + " decimals)"));
            return null;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static boolean canPost() {
        return CurrentActor.get().hasAnyRole(Role.ADMIN, Role.FUNDING_OFFICER);
    }

    private static <T> T found(Supplier<T> lookup) {
        try {
            return lookup.get();
        } catch (FactorlineException e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
    }

    private static void refused(RedirectAttributes flash, FactorlineException e) {
        flash.addFlashAttribute(
                "problems", e.problems().isEmpty() ? List.of(FieldProblem.of("", null, e.getMessage())) : e.problems());
        flash.addFlashAttribute("problemTitle", e.problems().isEmpty() ? "This could not be done:" : e.getMessage());
    }
}
