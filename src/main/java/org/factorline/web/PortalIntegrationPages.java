package org.factorline.web;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.factorline.clients.ClientId;
import org.factorline.clients.Clients;
import org.factorline.debtors.Debtor;
import org.factorline.debtors.DebtorStatus;
import org.factorline.debtors.Debtors;
import org.factorline.identity.Actor;
import org.factorline.identity.CurrentActor;
import org.factorline.identity.Role;
import org.factorline.identity.UserAccounts;
import org.factorline.invoices.Invoice;
import org.factorline.invoices.InvoiceFilter;
import org.factorline.invoices.Invoices;
import org.factorline.shared.CursorPage;
import org.factorline.shared.FactorlineException;
import org.factorline.shared.FieldProblem;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Pushing invoices from the client's accounting system: the client's admin issues, lists and revokes API
 * tokens (shown once), and everyone at the client reads copy-paste examples written for this server,
 * their own customers and their own invoices. A token acts for the client that issued it and no other.
 */
@Controller
class PortalIntegrationPages {

    private final UserAccounts users;
    private final Debtors debtors;
    private final Invoices invoices;
    private final Clients clients;
    private final Clock clock;

    PortalIntegrationPages(UserAccounts users, Debtors debtors, Invoices invoices, Clients clients, Clock clock) {
        this.users = users;
        this.debtors = debtors;
        this.invoices = invoices;
        this.clients = clients;
        this.clock = clock;
    }

    @GetMapping("/portal/integration")
    String show(Model model) {
        Actor actor = CurrentActor.get();
        ownClient(actor);
        boolean admin = actor.hasAnyRole(Role.CLIENT_ADMIN);
        model.addAttribute("canManageTokens", admin);
        model.addAttribute("tokens", admin ? users.tokensOf(actor.userId()) : List.of());
        String base =
                ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString();
        model.addAttribute("baseUrl", base);
        String debtorId = debtors.allVisible().stream()
                .filter(d -> d.status() == DebtorStatus.ACTIVE)
                .map(Debtor::id)
                .map(Object::toString)
                .findFirst()
                .orElse("CUSTOMER-ID");
        String invoiceId = invoices.list(InvoiceFilter.none(), CursorPage.Request.first(1)).items().stream()
                .map(Invoice::id)
                .map(Object::toString)
                .findFirst()
                .orElse("INVOICE-ID");
        String currency = clients.agreementInForce(new ClientId(ownClient(actor)), LocalDate.now(clock))
                .map(a -> a.terms().currency().getCurrencyCode())
                .orElse("USD");
        model.addAttribute(
                "examples",
                examples(base, debtorId, invoiceId, LocalDate.now(clock).toString(), currency));
        return "portal/integration";
    }

    /** One copy-paste example: what it does, and the command. */
    record Example(String id, String title, String note, String command) {}

    static List<Example> examples(String base, String debtorId, String invoiceId, String today, String currency) {
        String auth = "  -H \"Authorization: Bearer $FACTORLINE_TOKEN\"";
        return List.of(
                new Example(
                        "submit-invoice",
                        "Submit an invoice",
                        "Send an Idempotency-Key that your system derives from its own invoice (here its number):"
                                + " if the call is retried after a timeout, the invoice is taken once and the first"
                                + " answer comes back again. Leave clientId out: the token's own client is used.",
                        "curl -sS -X POST \"" + base + "/api/v1/invoices\" \\\n"
                                + auth + " \\\n"
                                + "  -H \"Idempotency-Key: invoice-INV-1001\" \\\n"
                                + "  -H \"Content-Type: application/json\" \\\n"
                                + "  -d '{\"debtorId\": \"" + debtorId
                                + "\", \"number\": \"INV-1001\", \"poNumber\": \"PO-77\",\n"
                                + "       \"issueDate\": \"" + today + "\", \"termsDays\": 30,\n"
                                + "       \"faceAmount\": {\"amount\": \"1234.56\", \"currency\": \"" + currency
                                + "\"}}'"),
                new Example(
                        "upload-schedule",
                        "Upload a schedule file",
                        "All or nothing: if any line is wrong, nothing is imported and the answer (422) lists every"
                                + " line, column and value.",
                        "curl -sS -X POST \"" + base + "/api/v1/schedules/import\" \\\n"
                                + auth + " \\\n"
                                + "  -H \"Idempotency-Key: schedule-" + today + "\" \\\n"
                                + "  -F \"file=@schedule.csv;type=text/csv\""),
                new Example(
                        "list-invoices",
                        "List your invoices",
                        "Newest first, 50 at a time; pass the answer's nextCursor as cursor for the next page. Filter"
                                + " with status, debtorId, scheduleId or number.",
                        "curl -sS \"" + base + "/api/v1/invoices?status=FUNDED&limit=50\" \\\n" + auth),
                new Example(
                        "read-timeline",
                        "Read an invoice's timeline",
                        "Its status changes, oldest first.",
                        "curl -sS \"" + base + "/api/v1/invoices/" + invoiceId + "/timeline\" \\\n" + auth));
    }

    @PostMapping("/portal/integration/tokens")
    String issue(@RequestParam(required = false) String name, RedirectAttributes flash) {
        Actor actor = CurrentActor.get();
        ownClient(actor);
        try {
            flash.addFlashAttribute("issuedToken", users.issueToken(actor.userId(), name));
        } catch (FactorlineException e) {
            flash.addFlashAttribute(
                    "problems",
                    e.problems().isEmpty() ? List.of(FieldProblem.of("name", name, e.getMessage())) : e.problems());
        }
        return "redirect:/portal/integration#tokens";
    }

    @PostMapping("/portal/integration/tokens/{id}/revoke")
    String revoke(@PathVariable UUID id, RedirectAttributes flash) {
        Actor actor = CurrentActor.get();
        ownClient(actor);
        actor.requireRole(Role.CLIENT_ADMIN);
        try {
            users.revokeToken(actor.userId(), id);
            flash.addFlashAttribute("flash", "The token was revoked; requests that send it are refused from now on.");
        } catch (FactorlineException e) {
            flash.addFlashAttribute("problems", List.of(FieldProblem.of("token", id, e.getMessage())));
        }
        return "redirect:/portal/integration#tokens";
    }

    private static UUID ownClient(Actor actor) {
        if (actor.userId() == null) {
            throw new AccessDeniedException("API tokens belong to a signed-in user");
        }
        return actor.clientScope().orElseThrow(() -> new AccessDeniedException("the portal is for client users"));
    }
}
