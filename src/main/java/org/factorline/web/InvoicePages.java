package org.factorline.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.factorline.clients.Client;
import org.factorline.clients.ClientId;
import org.factorline.clients.ClientStatus;
import org.factorline.clients.Clients;
import org.factorline.debtors.Debtor;
import org.factorline.debtors.DebtorId;
import org.factorline.debtors.DebtorStatus;
import org.factorline.debtors.Debtors;
import org.factorline.identity.AuditLog;
import org.factorline.invoices.Invoice;
import org.factorline.invoices.InvoiceDocument;
import org.factorline.invoices.InvoiceFilter;
import org.factorline.invoices.InvoiceId;
import org.factorline.invoices.InvoiceStatus;
import org.factorline.invoices.Invoices;
import org.factorline.invoices.ScheduleSource;
import org.factorline.invoices.VerificationStatus;
import org.factorline.shared.CursorPage;
import org.factorline.shared.FactorlineException;
import org.factorline.shared.FieldProblem;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Staff pages for invoices: the list with filters, the "new invoice" form, and an invoice with its life. */
@Controller
@RequestMapping("/staff/invoices")
class InvoicePages {

    static final int PAGE_SIZE = 50;

    /** The decisions taken on this page; funding and what follows happen in their own modules. */
    static final List<InvoiceStatus> PAGE_DECISIONS =
            List.of(InvoiceStatus.APPROVED, InvoiceStatus.REJECTED, InvoiceStatus.WITHDRAWN);

    private final Invoices invoices;
    private final Clients clients;
    private final Debtors debtors;
    private final AuditLog audit;
    private final Clock clock;

    InvoicePages(Invoices invoices, Clients clients, Debtors debtors, AuditLog audit, Clock clock) {
        this.invoices = invoices;
        this.clients = clients;
        this.debtors = debtors;
        this.audit = audit;
        this.clock = clock;
    }

    @GetMapping
    String list(
            @RequestParam(required = false) UUID client,
            @RequestParam(required = false) UUID debtor,
            @RequestParam(required = false) InvoiceStatus status,
            @RequestParam(required = false) Boolean flagged,
            @RequestParam(required = false) String q,
            @RequestParam(required = false) String cursor,
            Model model) {
        InvoiceFilter filter = new InvoiceFilter(
                client == null ? null : new ClientId(client),
                debtor == null ? null : new DebtorId(debtor),
                null,
                status,
                flagged,
                q);
        CursorPage<Invoice> page;
        try {
            page = invoices.list(filter, CursorPage.Request.of(cursor, PAGE_SIZE));
        } catch (FactorlineException e) {
            PageSupport.showProblems(model, e);
            page = invoices.list(filter, CursorPage.Request.first(PAGE_SIZE));
        }
        model.addAttribute("page", page);
        model.addAttribute("client", client);
        model.addAttribute("debtor", debtor);
        model.addAttribute("status", status);
        model.addAttribute("flagged", flagged);
        model.addAttribute("q", q);
        model.addAttribute("statuses", InvoiceStatus.values());
        names(model, clients.allVisible(), debtors.allVisible());
        return "staff/invoices/list";
    }

    @GetMapping("/new")
    String newForm(@RequestParam(required = false) UUID client, Model model) {
        InvoiceForm form = new InvoiceForm();
        form.setClientId(client);
        form.setIssueDate(LocalDate.now(clock));
        model.addAttribute("form", form);
        return form(model);
    }

    @PostMapping
    String create(
            @ModelAttribute("form") InvoiceForm form, BindingResult binding, Model model, RedirectAttributes flash) {
        if (!PageSupport.bindingProblems(model, binding)) {
            try {
                Invoice i = invoices.submit(form.toCommand(), ScheduleSource.MANUAL);
                flash.addFlashAttribute(
                        "flash",
                        "Invoice " + i.number() + " submitted"
                                + (i.flagged() ? "; it is flagged as a possible duplicate" : "") + ".");
                return "redirect:/staff/invoices/" + i.id();
            } catch (FactorlineException e) {
                PageSupport.showProblems(model, e);
            } catch (AccessDeniedException e) {
                model.addAttribute("problems", List.of(FieldProblem.of("", null, "Your role does not allow this.")));
            }
        }
        return form(model);
    }

    @GetMapping("/{id}")
    String show(@PathVariable UUID id, Model model) {
        Invoice invoice = load(id);
        model.addAttribute("invoice", invoice);
        model.addAttribute("client", clients.find(invoice.clientId()).orElse(null));
        model.addAttribute("debtor", debtors.find(invoice.debtorId()).orElse(null));
        model.addAttribute(
                "schedule",
                invoice.scheduleId() == null
                        ? null
                        : invoices.findSchedule(invoice.scheduleId()).orElse(null));
        model.addAttribute("timeline", invoices.timeline(invoice.id()));
        model.addAttribute("documents", invoices.documents(invoice.id()));
        model.addAttribute(
                "decisions",
                invoices.possibleTransitions(invoice).stream()
                        .filter(PAGE_DECISIONS::contains)
                        .map(InvoiceStatus::name)
                        .toList());
        List<AuditLog.Entry> history = new ArrayList<>(audit.forEntity("invoice", id));
        Collections.reverse(history);
        model.addAttribute("history", history);
        return "staff/invoices/show";
    }

    @PostMapping("/{id}/transitions")
    String transition(
            @PathVariable UUID id,
            @RequestParam(required = false) InvoiceStatus to,
            @RequestParam(required = false) String reason,
            RedirectAttributes flash) {
        try {
            Invoice after = invoices.transition(new InvoiceId(id), to, reason);
            flash.addFlashAttribute("flash", "Invoice " + after.number() + " is now " + after.status() + ".");
        } catch (FactorlineException e) {
            flash.addFlashAttribute(
                    "problems",
                    e.problems().isEmpty() ? List.of(FieldProblem.of("to", to, e.getMessage())) : e.problems());
            if (!e.problems().isEmpty()) {
                flash.addFlashAttribute("problemTitle", e.getMessage());
            }
        } catch (OptimisticLockingFailureException e) {
            flash.addFlashAttribute("problems", List.of(FieldProblem.of("to", to, e.getMessage())));
        } catch (AccessDeniedException e) {
            flash.addFlashAttribute("problems", List.of(FieldProblem.of("to", to, "your role does not allow this")));
        }
        return "redirect:/staff/invoices/" + id;
    }

    @PostMapping("/{id}/documents")
    String upload(
            @PathVariable UUID id,
            @RequestParam(name = "file", required = false) MultipartFile file,
            RedirectAttributes flash)
            throws IOException {
        if (file == null || file.isEmpty()) {
            flash.addFlashAttribute("problems", List.of(FieldProblem.of("file", null, "choose a file to upload")));
            return "redirect:/staff/invoices/" + id;
        }
        try (InputStream in = file.getInputStream()) {
            InvoiceDocument d = invoices.uploadDocument(new InvoiceId(id), file.getOriginalFilename(), in);
            flash.addFlashAttribute("flash", "Document " + d.fileName() + " filed.");
        } catch (FactorlineException e) {
            flash.addFlashAttribute(
                    "problems",
                    e.problems().isEmpty()
                            ? List.of(FieldProblem.of("file", file.getOriginalFilename(), e.getMessage()))
                            : e.problems());
        } catch (AccessDeniedException e) {
            flash.addFlashAttribute(
                    "problems", List.of(FieldProblem.of("file", null, "your role does not allow this")));
        }
        return "redirect:/staff/invoices/" + id;
    }

    @GetMapping("/{id}/documents/{documentId}")
    ResponseEntity<byte[]> download(@PathVariable UUID id, @PathVariable UUID documentId) {
        InvoiceDocument.Content content;
        try {
            content = invoices.document(new InvoiceId(id), documentId);
        } catch (FactorlineException e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        InvoiceDocument d = content.document();
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(d.contentType()))
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename(d.fileName(), StandardCharsets.UTF_8)
                                .build()
                                .toString())
                .contentLength(d.sizeBytes())
                .body(content.bytes());
    }

    private String form(Model model) {
        model.addAttribute(
                "clients",
                clients.allVisible().stream()
                        .filter(c -> c.status() == ClientStatus.ACTIVE)
                        .toList());
        model.addAttribute(
                "debtors",
                debtors.allVisible().stream()
                        .filter(d -> d.status() == DebtorStatus.ACTIVE)
                        .toList());
        return "staff/invoices/form";
    }

    private Invoice load(UUID id) {
        return invoices.find(new InvoiceId(id)).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    }

    /** Pickers for the filters, and names to show in place of ids. */
    static void names(Model model, List<Client> clients, List<Debtor> debtors) {
        Map<UUID, String> clientNames = PageSupport.clientNames(clients);
        Map<UUID, String> debtorNames = new LinkedHashMap<>();
        for (Debtor d : debtors) {
            debtorNames.put(d.id().value(), d.reference() + " " + d.name());
        }
        model.addAttribute("clients", clients);
        model.addAttribute("debtors", debtors);
        model.addAttribute("clientNames", clientNames);
        model.addAttribute("debtorNames", debtorNames);
        model.addAttribute("verificationStatuses", VerificationStatus.values());
    }
}
