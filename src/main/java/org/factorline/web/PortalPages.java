package org.factorline.web;

import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.factorline.clients.ClientId;
import org.factorline.clients.Clients;
import org.factorline.debtors.Debtor;
import org.factorline.debtors.Debtors;
import org.factorline.identity.Actor;
import org.factorline.identity.CurrentActor;
import org.factorline.identity.UserAccounts;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The client portal's home: the business's own account, its account manager, and its customers. Only
 * client users reach it (see the security configuration); everything shown is scoped to their client.
 */
@Controller
class PortalPages {

    private final Clients clients;
    private final Debtors debtors;
    private final UserAccounts users;
    private final java.time.Clock clock;

    PortalPages(Clients clients, Debtors debtors, UserAccounts users, java.time.Clock clock) {
        this.clients = clients;
        this.debtors = debtors;
        this.users = users;
        this.clock = clock;
    }

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
        model.addAttribute(
                "agreement",
                clients.agreementInForce(client.id(), java.time.LocalDate.now(clock))
                        .orElse(null));
        return "portal/home";
    }
}
