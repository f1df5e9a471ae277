package org.factorline.web;

import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.factorline.clients.Client;
import org.factorline.clients.Clients;
import org.factorline.identity.CurrentActor;
import org.factorline.identity.Role;
import org.factorline.identity.UserAccounts;
import org.factorline.shared.CursorPage;
import org.factorline.shared.FactorlineException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Administrators list the users and create staff and client users. */
@Controller
@RequestMapping("/staff/users")
class UserPages {

    static final int PAGE_SIZE = 50;

    private final UserAccounts users;
    private final Clients clients;

    UserPages(UserAccounts users, Clients clients) {
        this.users = users;
        this.clients = clients;
    }

    @GetMapping
    String list(@RequestParam(required = false) String q, @RequestParam(required = false) String cursor, Model model) {
        CurrentActor.get().requireRole(Role.ADMIN);
        model.addAttribute("form", new UserForm());
        return page(model, q, cursor);
    }

    @PostMapping
    String create(@ModelAttribute("form") UserForm form, BindingResult binding, Model model, RedirectAttributes flash) {
        CurrentActor.get().requireRole(Role.ADMIN);
        if (!PageSupport.bindingProblems(model, binding)) {
            try {
                var u = users.create(form.toNewUser());
                flash.addFlashAttribute("flash", "User " + u.username() + " created.");
                return "redirect:/staff/users";
            } catch (FactorlineException e) {
                PageSupport.showProblems(model, e);
            }
        }
        form.setPassword(null);
        return page(model, null, null);
    }

    private String page(Model model, String q, String cursor) {
        CursorPage<UserAccounts.UserView> page;
        try {
            page = users.list(CursorPage.Request.of(cursor, PAGE_SIZE), q);
        } catch (FactorlineException e) {
            PageSupport.showProblems(model, e);
            page = users.list(CursorPage.Request.first(PAGE_SIZE), q);
        }
        Map<UUID, Client> clientsById =
                clients.allVisible().stream().collect(Collectors.toMap(c -> c.id().value(), Function.identity()));
        model.addAttribute("page", page);
        model.addAttribute("q", q);
        model.addAttribute(
                "clients",
                clientsById.values().stream()
                        .sorted(java.util.Comparator.comparing(Client::displayName))
                        .toList());
        model.addAttribute("clientsById", clientsById);
        model.addAttribute("roles", Role.values());
        return "staff/users/list";
    }
}
