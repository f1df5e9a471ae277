package org.factorline.web;

import jakarta.servlet.http.HttpSession;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.factorline.clients.ClientId;
import org.factorline.clients.Clients;
import org.factorline.debtors.Debtor;
import org.factorline.debtors.DebtorId;
import org.factorline.debtors.DebtorStatus;
import org.factorline.debtors.Debtors;
import org.factorline.identity.Actor;
import org.factorline.identity.CurrentActor;
import org.factorline.invoices.Invoice;
import org.factorline.invoices.Invoices;
import org.factorline.invoices.NewInvoice;
import org.factorline.invoices.Schedule;
import org.factorline.invoices.ScheduleImport;
import org.factorline.invoices.SchedulePreview;
import org.factorline.invoices.ScheduleSource;
import org.factorline.shared.FactorlineException;
import org.factorline.shared.FieldProblem;
import org.factorline.shared.Money;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The client submits invoices from the portal: one invoice typed into a form (with its document, if it
 * has one), or a schedule file that is first checked line by line and shown, and only then, on a second
 * click, imported exactly as shown. The client is always the signed-in user's own: no form names it.
 */
@Controller
class PortalSubmitPages {

    private final Invoices invoices;
    private final ScheduleImport imports;
    private final Debtors debtors;
    private final Clients clients;
    private final Clock clock;

    PortalSubmitPages(Invoices invoices, ScheduleImport imports, Debtors debtors, Clients clients, Clock clock) {
        this.invoices = invoices;
        this.imports = imports;
        this.debtors = debtors;
        this.clients = clients;
        this.clock = clock;
    }

    /** What was typed into the invoice form, as text, so a refused value is shown back as it was given. */
    record InvoiceForm(
            String debtorId,
            String number,
            String poNumber,
            String issueDate,
            String termsDays,
            String dueDate,
            String amount) {

        static InvoiceForm blank(LocalDate today) {
            return new InvoiceForm(null, null, null, today.toString(), "30", null, null);
        }
    }

    // --- one invoice

    @GetMapping("/portal/invoices/new")
    String invoiceForm(Model model) {
        return invoicePage(model, InvoiceForm.blank(LocalDate.now(clock)), List.of());
    }

    @PostMapping("/portal/invoices/new")
    String submitInvoice(
            InvoiceForm form,
            @RequestParam(name = "document", required = false) MultipartFile document,
            Model model,
            RedirectAttributes flash)
            throws IOException {
        ClientId client = ownClient();
        List<FieldProblem> problems = new ArrayList<>();
        DebtorId debtor = customer(form.debtorId(), problems);
        LocalDate issued = date("issueDate", form.issueDate(), problems);
        LocalDate due = date("dueDate", form.dueDate(), problems);
        Integer terms = terms(form.termsDays(), problems);
        Money amount = amount(form.amount(), currency(client), problems);
        if (!problems.isEmpty()) {
            return invoicePage(model, form, problems);
        }
        NewInvoice cmd = new NewInvoice(client, debtor, form.number(), form.poNumber(), issued, terms, due, amount);
        boolean withDocument = document != null && !document.isEmpty();
        Invoice invoice;
        try {
            if (withDocument) {
                try (InputStream in = document.getInputStream()) {
                    invoice =
                            invoices.submitWithDocument(cmd, ScheduleSource.MANUAL, document.getOriginalFilename(), in);
                }
            } else {
                invoice = invoices.submit(cmd, ScheduleSource.MANUAL);
            }
        } catch (FactorlineException e) {
            return invoicePage(
                    model,
                    form,
                    e.problems().isEmpty() ? List.of(FieldProblem.of("", null, e.getMessage())) : e.problems());
        }
        flash.addFlashAttribute(
                "flash",
                "Invoice " + invoice.number() + " for " + invoice.faceAmount().display() + " submitted"
                        + (withDocument ? " with its document" : "") + ".");
        return "redirect:/portal/invoices/" + invoice.id();
    }

    private String invoicePage(Model model, InvoiceForm form, List<FieldProblem> problems) {
        model.addAttribute("form", form);
        model.addAttribute(
                "customers",
                debtors.allVisible().stream()
                        .filter(d -> d.status() == DebtorStatus.ACTIVE)
                        .toList());
        model.addAttribute("currency", currency(ownClient()).getCurrencyCode());
        model.addAttribute("problems", problems);
        model.addAttribute("fieldProblems", byField(problems));
        return "portal/invoice-new";
    }

    /** Problems by the form field they belong to, so each is shown next to its field. */
    static Map<String, List<String>> byField(List<FieldProblem> problems) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (FieldProblem p : problems) {
            String field = switch (p.field() == null ? "" : p.field()) {
                case "faceAmount", "faceAmount.currency", "amount" -> "amount";
                case "file" -> "document";
                default -> p.field();
            };
            out.computeIfAbsent(field, k -> new ArrayList<>())
                    .add((p.value() == null ? "" : "“" + p.value() + "” ") + p.message());
        }
        return out;
    }

    /** The customer, only from the client's own; another client's debtor reads the same as one that does not exist. */
    private DebtorId customer(String given, List<FieldProblem> problems) {
        if (given == null || given.isBlank()) {
            problems.add(FieldProblem.of("debtorId", null, "choose the customer the invoice is addressed to"));
            return null;
        }
        try {
            DebtorId id = new DebtorId(UUID.fromString(given.strip()));
            Optional<Debtor> mine =
                    debtors.allVisible().stream().filter(d -> d.id().equals(id)).findFirst();
            if (mine.isPresent()) {
                return id;
            }
        } catch (IllegalArgumentException e) {
            // reported below, the same way as an unknown id
        }
        problems.add(FieldProblem.of("debtorId", given, "is not one of your customers; choose one from the list"));
        return null;
    }

    private static LocalDate date(String field, String given, List<FieldProblem> problems) {
        if (given == null || given.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(given.strip());
        } catch (DateTimeParseException e) {
            problems.add(FieldProblem.of(field, given, "is not a date in the form YYYY-MM-DD"));
            return null;
        }
    }

    private static Integer terms(String given, List<FieldProblem> problems) {
        if (given == null || given.isBlank()) {
            return null;
        }
        String s = given.strip();
        if (!s.matches("\\d{1,3}")) {
            problems.add(FieldProblem.of("termsDays", given, "must be a whole number of days from 0 to 365"));
            return null;
        }
        return Integer.parseInt(s);
    }

    private static Money amount(String given, Currency currency, List<FieldProblem> problems) {
        if (given == null || given.isBlank()) {
            problems.add(FieldProblem.of("amount", null, "is required, such as 1234.56"));
            return null;
        }
        String s = given.strip();
        if (!s.matches("\\d{1,3}(,\\d{3})+(\\.\\d+)?|\\d+(\\.\\d+)?")) {
            problems.add(FieldProblem.of("amount", given, "is not an amount such as 1234.56"));
            return null;
        }
        try {
            return Money.of(new BigDecimal(s.replace(",", "")), currency);
        } catch (IllegalArgumentException e) {
            problems.add(FieldProblem.of(
                    "amount", given, "has more decimals than " + currency.getCurrencyCode() + " allows"));
            return null;
        }
    }

    /** The currency of the client's agreement in force today (invoices are bought in it). */
    private Currency currency(ClientId client) {
        return clients.agreementInForce(client, LocalDate.now(clock))
                .map(a -> a.terms().currency())
                .orElse(Currency.getInstance("USD"));
    }

    // --- a schedule file: check, show, then import what was shown

    @GetMapping("/portal/schedules/upload")
    String uploadForm(Model model) {
        ownClient();
        return "portal/schedule-upload";
    }

    @PostMapping("/portal/schedules/upload")
    String preview(@RequestParam(name = "file", required = false) MultipartFile file, HttpSession session, Model model)
            throws IOException {
        ClientId client = ownClient();
        if (file == null || file.isEmpty()) {
            model.addAttribute("problems", List.of(FieldProblem.of("file", null, "choose a CSV file")));
            return "portal/schedule-upload";
        }
        byte[] bytes;
        try (InputStream in = file.getInputStream()) {
            bytes = in.readNBytes(StagedSchedules.MAX_BYTES + 1);
        }
        String name = file.getOriginalFilename();
        if (bytes.length > StagedSchedules.MAX_BYTES) {
            model.addAttribute(
                    "problems",
                    List.of(FieldProblem.of(
                            "file",
                            name,
                            "is larger than " + StagedSchedules.MAX_BYTES / (1024 * 1024)
                                    + " MB; split it, or send it through the API")));
            return "portal/schedule-upload";
        }
        SchedulePreview preview;
        try {
            preview = imports.preview(client, name, new ByteArrayInputStream(bytes));
        } catch (FactorlineException e) {
            PageSupport.showProblems(model, e);
            return "portal/schedule-upload";
        }
        model.addAttribute("preview", preview);
        if (preview.ready()) {
            StagedSchedules.Staged staged = StagedSchedules.of(session)
                    .stage(CurrentActor.get().userId(), client.value(), name, bytes, clock.instant());
            model.addAttribute("staged", staged);
        }
        return "portal/schedule-upload";
    }

    @PostMapping("/portal/schedules/upload/submit")
    String commit(
            @RequestParam(name = "upload", required = false) UUID upload,
            @RequestParam(name = "sha256", required = false) String sha256,
            HttpSession session,
            Model model,
            RedirectAttributes flash) {
        ClientId client = ownClient();
        Actor actor = CurrentActor.get();
        StagedSchedules staged = StagedSchedules.of(session);
        StagedSchedules.Claim claim = staged.claim(upload, sha256, actor.userId(), client.value());
        switch (claim.outcome()) {
            case ALREADY_IMPORTED -> {
                flash.addFlashAttribute(
                        "flash",
                        claim.scheduleReference().isEmpty()
                                ? "This file is being submitted already; it is imported once."
                                : "This file was already submitted as schedule " + claim.scheduleReference()
                                        + "; it was not imported again.");
                return "redirect:/portal/invoices";
            }
            case CHANGED -> {
                model.addAttribute(
                        "problems",
                        List.of(FieldProblem.of(
                                "file",
                                claim.fileName(),
                                "is not the file that was checked (its content differs from the preview);"
                                        + " nothing was imported. Upload it again to check it")));
                return "portal/schedule-upload";
            }
            case UNKNOWN -> {
                model.addAttribute(
                        "problems",
                        List.of(FieldProblem.of(
                                "upload",
                                upload,
                                "is no checked file waiting to be submitted (it may have expired with your"
                                        + " session); nothing was imported. Upload the file again")));
                return "portal/schedule-upload";
            }
            default -> {
                // CLAIMED: this request alone imports it
            }
        }
        StagedSchedules.Staged file = claim.staged();
        try {
            Schedule s = imports.importCsv(client, file.fileName(), new ByteArrayInputStream(file.content()));
            staged.imported(file, s.reference());
            flash.addFlashAttribute(
                    "flash",
                    "Schedule " + s.reference() + " submitted: " + s.invoiceCount() + " invoices, "
                            + s.total().display() + ".");
            return "redirect:/portal/invoices";
        } catch (FactorlineException e) {
            // something changed since the preview (a number used meanwhile): nothing was imported
            staged.refused(file);
            PageSupport.showProblems(model, e);
            model.addAttribute("problemTitle", e.getMessage() + ". Fix the file and upload it again.");
            return "portal/schedule-upload";
        }
    }

    /** A file with the expected columns and two example lines on the client's own customers. */
    @GetMapping("/portal/schedules/template.csv")
    ResponseEntity<byte[]> template() {
        ownClient();
        LocalDate today = LocalDate.now(clock);
        List<Debtor> mine = debtors.allVisible().stream()
                .filter(d -> d.status() == DebtorStatus.ACTIVE)
                .limit(2)
                .toList();
        String first = mine.isEmpty() ? "D-000012" : mine.get(0).reference();
        String second = mine.size() < 2 ? first : mine.get(1).reference();
        String csv = "invoice_number,debtor,po_number,issue_date,terms_days,amount\r\n"
                + "INV-1001," + first + ",PO-77," + today + ",30,1234.56\r\n"
                + "INV-1002," + second + ",," + today + ",45,980.00\r\n";
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename("schedule-template.csv")
                                .build()
                                .toString())
                .body(csv.getBytes(StandardCharsets.UTF_8));
    }

    private static ClientId ownClient() {
        return new ClientId(CurrentActor.get()
                .clientScope()
                .orElseThrow(() -> new AccessDeniedException("the portal is for client users")));
    }
}
