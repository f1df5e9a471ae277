package org.factorline.web;

import java.util.LinkedHashMap;
import java.util.Map;
import org.factorline.clients.ClientStatus;
import org.factorline.clients.Clients;
import org.factorline.debtors.DebtorStatus;
import org.factorline.debtors.Debtors;
import org.factorline.identity.CurrentActor;
import org.factorline.shared.CursorPage;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** Where staff land after signing in: a few counts and the usual next steps. */
@Controller
class StaffHomePages {

    /** Client counts stop here and show as "200+": a dashboard never scans the whole book. */
    static final int COUNT_CAP = CursorPage.MAX_LIMIT;

    private final Clients clients;
    private final Debtors debtors;

    StaffHomePages(Clients clients, Debtors debtors) {
        this.clients = clients;
        this.debtors = debtors;
    }

    @GetMapping("/staff")
    String home(Model model) {
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
}
