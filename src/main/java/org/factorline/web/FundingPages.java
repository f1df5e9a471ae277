package org.factorline.web;

import java.time.Clock;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.factorline.clients.Client;
import org.factorline.clients.Clients;
import org.factorline.debtors.Debtor;
import org.factorline.debtors.Debtors;
import org.factorline.funding.Funding;
import org.factorline.funding.FundingRequest;
import org.factorline.funding.FundingStatus;
import org.factorline.funding.NewFundingRequest;
import org.factorline.invoices.Invoice;
import org.factorline.invoices.InvoiceId;
import org.factorline.pricing.PayoutMethod;
import org.factorline.risk.Eligibility;
import org.factorline.risk.EligibilityResult;
import org.factorline.risk.Overrides;
import org.factorline.risk.Policy;
import org.factorline.shared.CursorPage;
import org.factorline.shared.FactorlineException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The funding desk: approved invoices waiting to be bought, each with its eligibility and the reasons
 * for any refusal; funding requests to approve (twice above the four-eyes amount), cancel, or unblock
 * with an override that a second person decides.
 */
@Controller
@RequestMapping("/staff/funding")
class FundingPages {

    static final int QUEUE_LIMIT = 500;

    private final Funding funding;
    private final Eligibility eligibility;
    private final Overrides overrides;
    private final Clients clients;
    private final Debtors debtors;
    private final Clock clock;

    FundingPages(
            Funding funding,
            Eligibility eligibility,
            Overrides overrides,
            Clients clients,
            Debtors debtors,
            Clock clock) {
        this.funding = funding;
        this.eligibility = eligibility;
        this.overrides = overrides;
        this.clients = clients;
        this.debtors = debtors;
        this.clock = clock;
    }

    /** One client's approved invoices waiting to be bought, each with its eligibility. */
    record ClientQueue(Client client, List<Row> rows) {}

    record Row(Invoice invoice, String debtorName, EligibilityResult eligibility) {}

    @GetMapping
    String desk(@RequestParam(required = false) UUID client, Model model) {
        List<Invoice> waiting = funding.queue(client, QUEUE_LIMIT);
        Map<UUID, List<Invoice>> byClient = waiting.stream()
                .collect(Collectors.groupingBy(i -> i.clientId().value(), LinkedHashMap::new, Collectors.toList()));
        Map<UUID, String> debtorNames = new HashMap<>();
        for (Debtor d : debtors.allVisible()) {
            debtorNames.put(d.id().value(), d.reference() + " " + d.name());
        }
        LocalDate today = LocalDate.now(clock);
        List<ClientQueue> queues = byClient.entrySet().stream()
                .map(e -> {
                    List<EligibilityResult> results = eligibility.assessTogether(e.getValue(), today);
                    List<Row> rows = new java.util.ArrayList<>();
                    for (int i = 0; i < e.getValue().size(); i++) {
                        Invoice inv = e.getValue().get(i);
                        rows.add(new Row(
                                inv,
                                debtorNames.getOrDefault(
                                        inv.debtorId().value(), inv.debtorId().toString()),
                                results.get(i)));
                    }
                    // what can be bought now first; the refused, with their reasons, after
                    rows.sort(java.util.Comparator.comparing(
                            (Row r) -> !r.eligibility().eligible()));
                    return new ClientQueue(clients.get(new org.factorline.clients.ClientId(e.getKey())), rows);
                })
                .toList();
        model.addAttribute("queues", queues);
        model.addAttribute(
                "open",
                funding.list(null, FundingStatus.REQUESTED, CursorPage.Request.first(100))
                        .items());
        model.addAttribute(
                "awaiting",
                funding.list(null, FundingStatus.AWAITING_SECOND_APPROVAL, CursorPage.Request.first(100))
                        .items());
        model.addAttribute(
                "funded",
                funding.list(null, FundingStatus.FUNDED, CursorPage.Request.first(20))
                        .items());
        model.addAttribute("clientNames", clientNames());
        model.addAttribute("overridesAwaiting", overrides.awaitingDecision(100));
        model.addAttribute("fourEyes", funding.secondApprovalAbove());
        return "staff/funding/desk";
    }

    @PostMapping("/requests")
    String create(
            @RequestParam UUID clientId,
            @RequestParam(name = "invoiceId", required = false) List<UUID> invoiceIds,
            @RequestParam(defaultValue = "ACH") PayoutMethod method,
            RedirectAttributes flash) {
        try {
            FundingRequest r = funding.request(
                    new NewFundingRequest(clientId, invoiceIds == null ? List.of() : invoiceIds, null, method));
            flash.addFlashAttribute(
                    "flash",
                    "Funding request " + r.reference() + " created: "
                            + r.lines().size() + " invoices, net " + r.net().display() + ". Review and approve it.");
            return "redirect:/staff/funding/requests/" + r.id();
        } catch (FactorlineException e) {
            flash.addFlashAttribute("problems", e.problems().isEmpty() ? List.of() : e.problems());
            flash.addFlashAttribute("flash", e.getMessage());
            return "redirect:/staff/funding";
        }
    }

    @GetMapping("/requests/{id}")
    String show(@PathVariable UUID id, Model model) {
        FundingRequest r = funding.get(id);
        model.addAttribute("r", r);
        model.addAttribute("client", clients.get(r.clientId()));
        if (r.status().isOpen()) {
            Map<InvoiceId, EligibilityResult> byInvoice = new HashMap<>();
            funding.eligibility(id).forEach(e -> byInvoice.put(e.invoiceId(), e));
            model.addAttribute("eligibility", byInvoice);
        } else {
            model.addAttribute("eligibility", Map.of());
        }
        Map<InvoiceId, List<org.factorline.risk.EligibilityOverride>> asked = new HashMap<>();
        r.lines().forEach(l -> asked.put(l.invoiceId(), overrides.forInvoice(l.invoiceId())));
        model.addAttribute("overrides", asked);
        model.addAttribute("policies", Policy.values());
        model.addAttribute("fourEyes", funding.secondApprovalAbove());
        return "staff/funding/request";
    }

    @PostMapping("/requests/{id}/approve")
    String approve(@PathVariable UUID id, RedirectAttributes flash) {
        return act(id, flash, () -> {
            FundingRequest r = funding.approve(id);
            return r.status() == FundingStatus.FUNDED
                    ? "Funded: " + r.reference() + " — payout of " + r.net().display() + " created."
                    : "First approval recorded; a second person must approve " + r.reference() + ".";
        });
    }

    @PostMapping("/requests/{id}/cancel")
    String cancel(@PathVariable UUID id, @RequestParam(required = false) String reason, RedirectAttributes flash) {
        return act(id, flash, () -> "Cancelled: " + funding.cancel(id, reason).reference() + ".");
    }

    @PostMapping("/requests/{id}/overrides")
    String requestOverride(
            @PathVariable UUID id,
            @RequestParam UUID invoiceId,
            @RequestParam Policy policy,
            @RequestParam(required = false) String reason,
            RedirectAttributes flash) {
        return act(id, flash, () -> {
            overrides.request(new InvoiceId(invoiceId), policy, reason);
            return "Override of " + policy + " requested; a second person must decide it.";
        });
    }

    @PostMapping("/overrides/{overrideId}/{decision}")
    String decide(
            @PathVariable UUID overrideId,
            @PathVariable String decision,
            @RequestParam(required = false) String note,
            @RequestParam(required = false) UUID back,
            RedirectAttributes flash) {
        try {
            if ("approve".equals(decision)) {
                overrides.approve(overrideId, note);
                flash.addFlashAttribute("flash", "Override approved.");
            } else {
                overrides.reject(overrideId, note);
                flash.addFlashAttribute("flash", "Override rejected.");
            }
        } catch (FactorlineException e) {
            flash.addFlashAttribute("problems", e.problems());
            flash.addFlashAttribute("flash", e.getMessage());
        }
        return back == null ? "redirect:/staff/funding" : "redirect:/staff/funding/requests/" + back;
    }

    private String act(UUID id, RedirectAttributes flash, java.util.function.Supplier<String> action) {
        try {
            flash.addFlashAttribute("flash", action.get());
        } catch (FactorlineException e) {
            flash.addFlashAttribute("problems", e.problems());
            flash.addFlashAttribute("flash", e.getMessage());
        } catch (org.springframework.dao.OptimisticLockingFailureException e) {
            flash.addFlashAttribute("flash", "Someone else changed this request meanwhile; look again.");
        }
        return "redirect:/staff/funding/requests/" + id;
    }

    private Map<UUID, String> clientNames() {
        return PageSupport.clientNames(clients.allVisible());
    }
}
