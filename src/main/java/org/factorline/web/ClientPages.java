package org.factorline.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import org.factorline.clients.Client;
import org.factorline.clients.ClientExport;
import org.factorline.clients.ClientId;
import org.factorline.clients.ClientStatus;
import org.factorline.clients.Clients;
import org.factorline.identity.AuditLog;
import org.factorline.identity.CurrentActor;
import org.factorline.identity.Role;
import org.factorline.identity.UserAccounts;
import org.factorline.shared.CursorPage;
import org.factorline.shared.FactorlineException;
import org.factorline.shared.FieldProblem;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Staff pages for clients and their agreements. */
@Controller
@RequestMapping("/staff/clients")
class ClientPages {

    private final Clients clients;
    private final UserAccounts users;
    private final AuditLog audit;
    private final java.time.Clock clock;

    private final org.factorline.identity.PasswordLinks links;
    private final ClientExport export;

    ClientPages(
            Clients clients,
            UserAccounts users,
            AuditLog audit,
            java.time.Clock clock,
            org.factorline.identity.PasswordLinks links,
            ClientExport export) {
        this.links = links;
        this.export = export;
        this.clients = clients;
        this.users = users;
        this.audit = audit;
        this.clock = clock;
    }

    @GetMapping
    String list(
            @RequestParam(required = false) String q,
            @RequestParam(required = false) ClientStatus status,
            @RequestParam(required = false) String cursor,
            Model model) {
        model.addAttribute("page", clients.list(CursorPage.Request.of(cursor, 50), q, status));
        model.addAttribute("q", q);
        model.addAttribute("status", status);
        model.addAttribute("statuses", ClientStatus.values());
        return "staff/clients/list";
    }

    @GetMapping("/new")
    String newForm(Model model) {
        model.addAttribute("form", new ClientForm());
        return form(model);
    }

    @PostMapping
    String create(
            @ModelAttribute("form") ClientForm form, BindingResult binding, Model model, RedirectAttributes flash) {
        if (!PageSupport.bindingProblems(model, binding)) {
            try {
                Client c = clients.register(form.toDetails());
                flash.addFlashAttribute(
                        "flash", "Client " + c.reference() + " registered. Add an agreement to activate it.");
                return "redirect:/staff/clients/" + c.id();
            } catch (FactorlineException e) {
                PageSupport.showProblems(model, e);
            }
        }
        return form(model);
    }

    /** The client form, titled for a new client or for the one being edited. */
    private String form(Model model) {
        Client editing = (Client) model.getAttribute("client");
        model.addAttribute("title", editing == null ? "Register a client" : "Edit " + editing.displayName());
        model.addAttribute("managers", users.staff());
        return "staff/clients/form";
    }

    @GetMapping("/{id}")
    String show(@PathVariable UUID id, Model model) {
        Client c = clients.get(new ClientId(id));
        model.addAttribute("client", c);
        model.addAttribute("agreements", clients.agreements(c.id()));
        model.addAttribute(
                "manager",
                c.accountManagerId() == null
                        ? null
                        : users.find(c.accountManagerId()).orElse(null));
        model.addAttribute("statuses", ClientStatus.values());
        model.addAttribute("history", audit.forClient(id, 20));
        var people = users.usersOfClient(id);
        model.addAttribute("clientUsers", people);
        model.addAttribute(
                "invited",
                links.invitedNotYetJoined(
                        people.stream().map(UserAccounts.UserView::id).toList()));
        model.addAttribute("clientRoles", java.util.List.of(Role.CLIENT_USER, Role.CLIENT_ADMIN));
        model.addAttribute("canExport", CurrentActor.get().hasAnyRole(Role.ADMIN, Role.AUDITOR));
        return "staff/clients/show";
    }

    /** Everything held about the client as a ZIP, streamed (administrators and auditors; audit-logged). */
    @GetMapping("/{id}/export")
    void export(@PathVariable UUID id, HttpServletResponse response) throws IOException {
        Client c = export.authorize(new ClientId(id));
        response.setContentType("application/zip");
        response.setHeader("Content-Disposition", "attachment; filename=\"" + export.fileName(c) + "\"");
        export.write(c, response.getOutputStream());
    }

    @GetMapping("/{id}/edit")
    String edit(@PathVariable UUID id, Model model) {
        Client c = clients.get(new ClientId(id));
        model.addAttribute("client", c);
        model.addAttribute("form", ClientForm.of(c));
        return form(model);
    }

    @PostMapping("/{id}")
    String update(
            @PathVariable UUID id,
            @ModelAttribute("form") ClientForm form,
            BindingResult binding,
            Model model,
            RedirectAttributes flash) {
        if (!PageSupport.bindingProblems(model, binding)) {
            try {
                clients.update(new ClientId(id), form.toDetails(), form.getVersion());
                flash.addFlashAttribute("flash", "Client details saved.");
                return "redirect:/staff/clients/" + id;
            } catch (FactorlineException e) {
                PageSupport.showProblems(model, e);
            } catch (org.springframework.dao.OptimisticLockingFailureException e) {
                model.addAttribute("problems", java.util.List.of(FieldProblem.of("", null, e.getMessage())));
            }
        }
        model.addAttribute("client", clients.get(new ClientId(id)));
        return form(model);
    }

    @PostMapping("/{id}/status")
    String status(
            @PathVariable UUID id,
            @RequestParam ClientStatus status,
            @RequestParam String reason,
            @RequestParam int version,
            RedirectAttributes flash) {
        try {
            clients.changeStatus(new ClientId(id), status, reason, version);
            flash.addFlashAttribute("flash", "Status changed to " + status + ".");
        } catch (FactorlineException e) {
            flash.addFlashAttribute(
                    "problems",
                    e.problems().isEmpty()
                            ? java.util.List.of(FieldProblem.of("status", status, e.getMessage()))
                            : e.problems());
        }
        return "redirect:/staff/clients/" + id;
    }

    @PostMapping("/{id}/payout-account")
    String payout(
            @PathVariable UUID id,
            @RequestParam String accountName,
            @RequestParam String routingNumber,
            @RequestParam String accountNumber,
            @RequestParam int version,
            RedirectAttributes flash) {
        try {
            clients.setPayoutAccount(new ClientId(id), accountName, routingNumber, accountNumber, version);
            flash.addFlashAttribute("flash", "Payout account saved; the account number is stored encrypted.");
        } catch (FactorlineException e) {
            flash.addFlashAttribute("problems", e.problems());
        }
        return "redirect:/staff/clients/" + id;
    }

    @GetMapping("/{id}/agreements/new")
    String newAgreement(@PathVariable UUID id, Model model) {
        Client c = clients.get(new ClientId(id));
        AgreementForm form = new AgreementForm();
        form.setEffectiveFrom(java.time.LocalDate.now(clock));
        model.addAttribute("client", c);
        model.addAttribute("form", form);
        return "staff/clients/agreement-form";
    }

    @PostMapping("/{id}/agreements")
    String addAgreement(
            @PathVariable UUID id,
            @ModelAttribute("form") AgreementForm form,
            BindingResult binding,
            Model model,
            RedirectAttributes flash) {
        if (!PageSupport.bindingProblems(model, binding)) {
            try {
                var a = clients.addAgreementVersion(new ClientId(id), form.toTerms());
                flash.addFlashAttribute("flash", "Agreement version " + a.version() + " added.");
                return "redirect:/staff/clients/" + id;
            } catch (FactorlineException e) {
                PageSupport.showProblems(model, e);
            } catch (IllegalArgumentException e) {
                model.addAttribute("problems", java.util.List.of(FieldProblem.of("", null, e.getMessage())));
            }
        }
        model.addAttribute("client", clients.get(new ClientId(id)));
        return "staff/clients/agreement-form";
    }
}
