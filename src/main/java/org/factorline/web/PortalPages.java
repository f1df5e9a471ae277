package org.factorline.web;

import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.factorline.clients.ClientId;
import org.factorline.clients.Clients;
import org.factorline.debtors.Debtor;
import org.factorline.debtors.Debtors;
import org.factorline.funding.Funding;
import org.factorline.identity.Actor;
import org.factorline.identity.CurrentActor;
import org.factorline.identity.UserAccounts;
import org.factorline.invoices.Invoice;
import org.factorline.invoices.InvoiceId;
import org.factorline.invoices.Invoices;
import org.factorline.outreach.RecourseOptions;
import org.factorline.outreach.RecourseRequest;
import org.factorline.settlement.Recourse;
import org.factorline.settlement.ReserveAnalysis;
import org.factorline.settlement.Settlement;
import org.factorline.shared.ErrorCode;
import org.factorline.shared.FactorlineException;
import org.factorline.shared.Money;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The client portal's home: the business's own account, its account manager, its figures (availability,
 * funds employed, reserve, rebates due, open invoices by status), the invoices nearing their recourse date
 * with what the client can do about each, and its customers. Only client users reach it (see the security
 * configuration); everything shown is scoped to their client, and another client's invoice is not found.
 */
@Controller
class PortalPages {

    private final Clients clients;
    private final Debtors debtors;
    private final UserAccounts users;
    private final java.time.Clock clock;
    private final Funding funding;
    private final ReserveAnalysis reserve;
    private final Settlement settlement;
    private final Invoices invoices;
    private final Recourse recourse;
    private final RecourseOptions options;

    PortalPages(
            Clients clients,
            Debtors debtors,
            UserAccounts users,
            java.time.Clock clock,
            Funding funding,
            ReserveAnalysis reserve,
            Settlement settlement,
            Invoices invoices,
            Recourse recourse,
            RecourseOptions options) {
        this.clients = clients;
        this.debtors = debtors;
        this.users = users;
        this.clock = clock;
        this.funding = funding;
        this.reserve = reserve;
        this.settlement = settlement;
        this.invoices = invoices;
        this.recourse = recourse;
        this.options = options;
    }

    /** An invoice nearing its recourse date, with what the client already asked and what could replace it. */
    public record RecourseRow(
            Recourse.Exposure exposure,
            RecourseRequest pay,
            RecourseRequest replace,
            RecourseRequest lastContact,
            List<Invoice> replacements) {}

    @GetMapping("/portal")
    String home(Model model) {
        Actor actor = CurrentActor.get();
        UUID clientId = actor.clientScope().orElseThrow();
        var client = clients.get(new ClientId(clientId));
        Map<UUID, Debtor> visible =
                debtors.allVisible().stream().collect(Collectors.toMap(d -> d.id().value(), Function.identity()));
        model.addAttribute("client", client);
        model.addAttribute(
                "manager",
                client.accountManagerId() == null
                        ? null
                        : users.find(client.accountManagerId()).orElse(null));
        model.addAttribute("relationships", debtors.relationshipsOfClient(clientId));
        model.addAttribute("debtorsById", visible);
        var agreement = clients.agreementInForce(client.id(), java.time.LocalDate.now(clock))
                .orElse(null);
        model.addAttribute("agreement", agreement);
        figures(
                model,
                client.id(),
                agreement == null ? Money.USD : agreement.terms().currency());
        return "portal/home";
    }

    private void figures(Model model, ClientId clientId, Currency currency) {
        model.addAttribute("availability", funding.availability(clientId).orElse(null));
        model.addAttribute("reserve", reserve.analyse(clientId));
        model.addAttribute("rebates", settlement.rebatesDue(clientId, currency));
        model.addAttribute("openTotals", invoices.openTotals(clientId));
        model.addAttribute("warnDays", recourse.warnDays());
        List<RecourseRequest> requests = options.requests(clientId);
        Map<String, RecourseRequest> byKey = new HashMap<>();
        requests.forEach(r -> byKey.putIfAbsent(r.invoiceId() + ":" + r.kind(), r));
        List<RecourseRow> rows = new ArrayList<>();
        List<Recourse.Exposure> approaching = recourse.approaching(clientId);
        Map<InvoiceId, List<Invoice>> replacements = recourse.replacementsFor(approaching);
        for (Recourse.Exposure x : approaching) {
            UUID id = x.invoice().id().value();
            rows.add(new RecourseRow(
                    x,
                    byKey.get(id + ":" + RecourseRequest.Kind.PAY),
                    byKey.get(id + ":" + RecourseRequest.Kind.REPLACE),
                    byKey.get(id + ":" + RecourseRequest.Kind.LAST_CONTACT),
                    replacements.get(x.invoice().id())));
        }
        model.addAttribute("recourseRows", rows);
        model.addAttribute("requests", requests.stream().limit(20).toList());
        model.addAttribute(
                "requestInvoices",
                invoices
                        .getAll(requests.stream()
                                .limit(20)
                                .flatMap(r -> java.util.stream.Stream.of(r.invoiceId(), r.replacementInvoiceId()))
                                .filter(java.util.Objects::nonNull)
                                .distinct()
                                .map(InvoiceId::new)
                                .toList())
                        .stream()
                        .collect(Collectors.toMap(i -> i.id().value(), Invoice::number)));
    }

    /** "I'll pay it": recorded once; shows how to pay the factor. */
    @PostMapping("/portal/recourse/{id}/pay")
    String willPay(@PathVariable UUID id, RedirectAttributes flash) {
        try {
            RecourseRequest r = options.willPay(new InvoiceId(id));
            flash.addFlashAttribute("flash", "Noted on " + r.requestedOn() + ": you will pay it. Here is how.");
            return "redirect:/portal/recourse/" + id + "/payment";
        } catch (FactorlineException e) {
            return refused(e, flash);
        }
    }

    /** How to pay the factor for an invoice nearing its recourse date. */
    @GetMapping("/portal/recourse/{id}/payment")
    String payment(@PathVariable UUID id, Model model) {
        try {
            model.addAttribute("pay", options.paymentInstructions(new InvoiceId(id)));
        } catch (FactorlineException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                throw notFound();
            }
            PageSupport.showProblems(model, e);
        }
        model.addAttribute("invoiceId", id);
        return "portal/recourse-payment";
    }

    /** "Replace with another invoice": one of the client's own approved, unfunded invoices, or one to come. */
    @PostMapping("/portal/recourse/{id}/replace")
    String replace(
            @PathVariable UUID id, @RequestParam(required = false) UUID replacementId, RedirectAttributes flash) {
        try {
            RecourseRequest r =
                    options.replace(new InvoiceId(id), replacementId == null ? null : new InvoiceId(replacementId));
            flash.addFlashAttribute(
                    "flash",
                    "Your replacement request was recorded on "
                            + r.requestedOn()
                            + "; your account manager will arrange it with you.");
        } catch (FactorlineException e) {
            return refused(e, flash);
        }
        return "redirect:/portal#recourse";
    }

    /** "Ask for one last courteous contact": planned once within every contact rule, or refused with why. */
    @PostMapping("/portal/recourse/{id}/last-contact")
    String lastContact(@PathVariable UUID id, RedirectAttributes flash) {
        UUID clientId = CurrentActor.get().clientScope().orElseThrow();
        try {
            RecourseRequest r = options.requestLastContact(new ClientId(clientId), new InvoiceId(id));
            flash.addFlashAttribute(
                    "flash",
                    r.state() == RecourseRequest.State.REFUSED
                            ? "One last contact cannot go: " + r.reason()
                            : "Requested on "
                                    + r.requestedAt()
                                            .atZone(java.time.ZoneOffset.UTC)
                                            .toLocalDate()
                                    + ": one last courteous message goes to your customer within your rules.");
        } catch (FactorlineException e) {
            return refused(e, flash);
        }
        return "redirect:/portal#recourse";
    }

    /** Another client's invoice is not found, as if it did not exist. */
    private static ResponseStatusException notFound() {
        return new ResponseStatusException(HttpStatus.NOT_FOUND);
    }

    private static String refused(FactorlineException e, RedirectAttributes flash) {
        if (e.code() == ErrorCode.NOT_FOUND) {
            throw notFound();
        }
        flash.addFlashAttribute(
                "problems",
                e.problems().isEmpty()
                        ? List.of(org.factorline.shared.FieldProblem.of("", null, e.getMessage()))
                        : e.problems());
        flash.addFlashAttribute("problemTitle", e.problems().isEmpty() ? "This could not be done:" : null);
        return "redirect:/portal#recourse";
    }
}
