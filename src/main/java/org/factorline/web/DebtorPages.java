package org.factorline.web;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.factorline.clients.Client;
import org.factorline.clients.ClientId;
import org.factorline.clients.Clients;
import org.factorline.debtors.ClientDebtor;
import org.factorline.debtors.Debtor;
import org.factorline.debtors.DebtorId;
import org.factorline.debtors.DebtorStatus;
import org.factorline.debtors.Debtors;
import org.factorline.identity.AuditLog;
import org.factorline.shared.CursorPage;
import org.factorline.shared.FactorlineException;
import org.factorline.shared.FieldProblem;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Staff pages for debtors: the list, the form, and a debtor with its clients and history. */
@Controller
@RequestMapping("/staff/debtors")
class DebtorPages {

    static final int PAGE_SIZE = 50;

    private final Debtors debtors;
    private final Clients clients;
    private final AuditLog audit;

    DebtorPages(Debtors debtors, Clients clients, AuditLog audit) {
        this.debtors = debtors;
        this.clients = clients;
        this.audit = audit;
    }

    /** A client relationship as shown to staff: the pair, and the client when the actor may see it. */
    record RelationshipRow(ClientDebtor relationship, Client client) {}

    @GetMapping
    String list(@RequestParam(required = false) String q, @RequestParam(required = false) String cursor, Model model) {
        CursorPage<Debtor> page;
        try {
            page = debtors.list(CursorPage.Request.of(cursor, PAGE_SIZE), q);
        } catch (FactorlineException e) {
            PageSupport.showProblems(model, e);
            page = debtors.list(CursorPage.Request.first(PAGE_SIZE), q);
        }
        model.addAttribute("page", page);
        model.addAttribute("q", q);
        return "staff/debtors/list";
    }

    @GetMapping("/new")
    String newForm(Model model) {
        model.addAttribute("form", new DebtorForm());
        return form(model, null);
    }

    @PostMapping
    String create(
            @ModelAttribute("form") DebtorForm form, BindingResult binding, Model model, RedirectAttributes flash) {
        if (!PageSupport.bindingProblems(model, binding)) {
            try {
                Debtor d = debtors.register(form.toDetails());
                flash.addFlashAttribute("flash", "Debtor " + d.reference() + " " + d.name() + " registered.");
                return "redirect:/staff/debtors/" + d.id();
            } catch (FactorlineException e) {
                PageSupport.showProblems(model, e);
            }
        }
        return form(model, null);
    }

    @GetMapping("/{id}")
    String show(@PathVariable UUID id, Model model) {
        Debtor d = load(id);
        List<RelationshipRow> rows = new ArrayList<>();
        for (ClientDebtor r : debtors.relationships(d.id())) {
            rows.add(new RelationshipRow(
                    r, clients.find(new ClientId(r.clientId())).orElse(null)));
        }
        List<AuditLog.Entry> history = new ArrayList<>(audit.forEntity("debtor", id));
        java.util.Collections.reverse(history);
        model.addAttribute("debtor", d);
        model.addAttribute("relationships", rows);
        model.addAttribute("statuses", d.status().next());
        model.addAttribute("history", history);
        return "staff/debtors/show";
    }

    @GetMapping("/{id}/edit")
    String edit(@PathVariable UUID id, Model model) {
        Debtor d = load(id);
        model.addAttribute("form", DebtorForm.of(d));
        return form(model, d);
    }

    @PostMapping("/{id}")
    String update(
            @PathVariable UUID id,
            @ModelAttribute("form") DebtorForm form,
            BindingResult binding,
            Model model,
            RedirectAttributes flash) {
        if (!PageSupport.bindingProblems(model, binding)) {
            try {
                debtors.update(new DebtorId(id), form.toDetails(), form.getVersion());
                flash.addFlashAttribute("flash", "Debtor details saved.");
                return "redirect:/staff/debtors/" + id;
            } catch (FactorlineException e) {
                PageSupport.showProblems(model, e);
            } catch (OptimisticLockingFailureException e) {
                model.addAttribute("problems", List.of(FieldProblem.of("version", form.getVersion(), e.getMessage())));
            }
        }
        return form(model, load(id));
    }

    @PostMapping("/{id}/status")
    String status(
            @PathVariable UUID id,
            @RequestParam(required = false) DebtorStatus status,
            @RequestParam(required = false) String reason,
            @RequestParam int version,
            RedirectAttributes flash) {
        try {
            Debtor d = debtors.changeStatus(new DebtorId(id), status, reason, version);
            flash.addFlashAttribute("flash", "Status changed to " + d.status() + ".");
        } catch (FactorlineException e) {
            flash.addFlashAttribute(
                    "problems",
                    e.problems().isEmpty() ? List.of(FieldProblem.of("status", status, e.getMessage())) : e.problems());
        } catch (OptimisticLockingFailureException e) {
            flash.addFlashAttribute("problems", List.of(FieldProblem.of("version", version, e.getMessage())));
        }
        return "redirect:/staff/debtors/" + id;
    }

    private String form(Model model, Debtor debtor) {
        model.addAttribute("debtor", debtor);
        // Computed here: Thymeleaf refuses a literal starting "New " inside a fragment parameter expression.
        model.addAttribute("title", debtor == null ? "New debtor" : "Edit " + debtor.reference() + " " + debtor.name());
        model.addAttribute("zones", DebtorForm.COMMON_ZONES);
        return "staff/debtors/form";
    }

    private Debtor load(UUID id) {
        return debtors.find(new DebtorId(id)).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    }
}
