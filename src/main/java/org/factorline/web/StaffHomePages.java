package org.factorline.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.factorline.clients.ClientStatus;
import org.factorline.clients.Clients;
import org.factorline.debtors.DebtorStatus;
import org.factorline.debtors.Debtors;
import org.factorline.identity.CurrentActor;
import org.factorline.shared.CursorPage;
import org.factorline.shared.FactorlineException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Where staff land after signing in: the dashboard (today's queues, each linking to where the work is done, and
 * the book's key figures with their trend, loaded after the page group by group), then the client and debtor
 * counts and the usual next steps.
 */
@Controller
class StaffHomePages {

    /** Client counts stop here and show as "200+": a dashboard never scans the whole book. */
    static final int COUNT_CAP = CursorPage.MAX_LIMIT;

    private final Clients clients;
    private final Debtors debtors;
    private final StaffDashboard dashboard;

    StaffHomePages(Clients clients, Debtors debtors, StaffDashboard dashboard) {
        this.clients = clients;
        this.debtors = debtors;
        this.dashboard = dashboard;
    }

    @GetMapping("/staff")
    String home(@RequestParam(required = false) String currency, Model model) {
        StaffDashboard.Dashboard figures;
        try {
            figures = dashboard.build(currency);
        } catch (FactorlineException e) {
            // a currency that is not one: say so, and show the dashboard in the default currency
            PageSupport.showProblems(model, e);
            figures = dashboard.build(null);
        }
        model.addAttribute("dashboard", figures);
        Map<ClientStatus, String> clientCounts = new LinkedHashMap<>();
        for (ClientStatus s : ClientStatus.values()) {
            var page = clients.list(CursorPage.Request.first(COUNT_CAP), null, s);
            clientCounts.put(s, page.items().size() + (page.nextCursor() == null ? "" : "+"));
        }
        Map<DebtorStatus, Long> debtorCounts = debtors.countByStatus();
        model.addAttribute("actor", CurrentActor.get());
        model.addAttribute("clientCounts", clientCounts);
        model.addAttribute("debtorCounts", debtorCounts);
        model.addAttribute(
                "debtorTotal",
                debtorCounts.values().stream().mapToLong(Long::longValue).sum());
        return "staff/home";
    }

    /**
     * One group of the dashboard's key figures, as the fragment the page loads after it shows (htmx): the page
     * with its queues does not wait for the book's figures, and each group is read on its own.
     */
    @GetMapping("/staff/figures/{group}")
    String figures(@PathVariable String group, @RequestParam(required = false) String currency, Model model) {
        if (!StaffDashboard.GROUPS.contains(group)) {
            throw new org.springframework.web.server.ResponseStatusException(
                    org.springframework.http.HttpStatus.NOT_FOUND);
        }
        List<StaffDashboard.Figure> figures;
        try {
            figures = dashboard.figures(group, currency);
        } catch (FactorlineException e) {
            // a currency that is not one: the page names it, and shows the figures in the default currency
            figures = dashboard.figures(group, null);
        }
        model.addAttribute("figures", figures);
        return "staff/home :: figures";
    }
}
