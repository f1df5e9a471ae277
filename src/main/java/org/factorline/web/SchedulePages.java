package org.factorline.web;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.UUID;
import org.factorline.clients.ClientId;
import org.factorline.clients.ClientStatus;
import org.factorline.clients.Clients;
import org.factorline.debtors.Debtors;
import org.factorline.invoices.Invoice;
import org.factorline.invoices.InvoiceFilter;
import org.factorline.invoices.Invoices;
import org.factorline.invoices.Schedule;
import org.factorline.invoices.ScheduleId;
import org.factorline.invoices.ScheduleImport;
import org.factorline.shared.CursorPage;
import org.factorline.shared.FactorlineException;
import org.factorline.shared.FieldProblem;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Staff pages for schedules: the list, a schedule with its invoices, and the CSV import. */
@Controller
@RequestMapping("/staff/schedules")
class SchedulePages {

    static final int PAGE_SIZE = 50;

    private final Invoices invoices;
    private final ScheduleImport imports;
    private final Clients clients;
    private final Debtors debtors;

    SchedulePages(Invoices invoices, ScheduleImport imports, Clients clients, Debtors debtors) {
        this.invoices = invoices;
        this.imports = imports;
        this.clients = clients;
        this.debtors = debtors;
    }

    @GetMapping
    String list(
            @RequestParam(required = false) UUID client, @RequestParam(required = false) String cursor, Model model) {
        ClientId filter = client == null ? null : new ClientId(client);
        CursorPage<Schedule> page;
        try {
            page = invoices.schedules(filter, CursorPage.Request.of(cursor, PAGE_SIZE));
        } catch (FactorlineException e) {
            PageSupport.showProblems(model, e);
            page = invoices.schedules(filter, CursorPage.Request.first(PAGE_SIZE));
        }
        model.addAttribute("page", page);
        model.addAttribute("client", client);
        InvoicePages.names(model, clients.allVisible(), List.of());
        return "staff/schedules/list";
    }

    @GetMapping("/import")
    String importForm(@RequestParam(required = false) UUID client, Model model) {
        model.addAttribute("selectedClient", client);
        return importPage(model);
    }

    @PostMapping("/import")
    String importCsv(
            @RequestParam(name = "clientId", required = false) UUID clientId,
            @RequestParam(name = "file", required = false) MultipartFile file,
            Model model,
            RedirectAttributes flash)
            throws IOException {
        model.addAttribute("selectedClient", clientId);
        if (clientId == null || file == null || file.isEmpty()) {
            model.addAttribute(
                    "problems",
                    List.of(FieldProblem.of(
                            clientId == null ? "clientId" : "file",
                            null,
                            clientId == null ? "choose the client whose schedule this is" : "choose a CSV file")));
            return importPage(model);
        }
        try (InputStream in = file.getInputStream()) {
            Schedule s = imports.importCsv(new ClientId(clientId), file.getOriginalFilename(), in);
            flash.addFlashAttribute(
                    "flash",
                    "Schedule " + s.reference() + " imported: " + s.invoiceCount() + " invoices, "
                            + s.total().display() + ".");
            return "redirect:/staff/schedules/" + s.id();
        } catch (FactorlineException e) {
            PageSupport.showProblems(model, e);
            model.addAttribute("problemTitle", e.getMessage());
            model.addAttribute("refused", true);
        } catch (AccessDeniedException e) {
            model.addAttribute("problems", List.of(FieldProblem.of("", null, "Your role does not allow this.")));
        }
        return importPage(model);
    }

    @GetMapping("/{id}")
    String show(@PathVariable UUID id, @RequestParam(required = false) String cursor, Model model) {
        Schedule s = invoices.findSchedule(new ScheduleId(id))
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        CursorPage<Invoice> page;
        try {
            page = invoices.list(InvoiceFilter.ofSchedule(s.id()), CursorPage.Request.of(cursor, PAGE_SIZE));
        } catch (FactorlineException e) {
            PageSupport.showProblems(model, e);
            page = invoices.list(InvoiceFilter.ofSchedule(s.id()), CursorPage.Request.first(PAGE_SIZE));
        }
        model.addAttribute("schedule", s);
        model.addAttribute("client", clients.find(s.clientId()).orElse(null));
        model.addAttribute("page", page);
        InvoicePages.names(model, List.of(), debtors.allVisible());
        return "staff/schedules/show";
    }

    private String importPage(Model model) {
        model.addAttribute(
                "clients",
                clients.allVisible().stream()
                        .filter(c -> c.status() == ClientStatus.ACTIVE)
                        .toList());
        return "staff/schedules/import";
    }
}
