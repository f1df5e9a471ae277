package org.factorline.web;

import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import org.factorline.clients.Clients;
import org.factorline.ledger.Ledger;
import org.factorline.ledger.LedgerInvariants;
import org.factorline.shared.CursorPage;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The books for staff and auditors: the trial balance as of any date, journal entries, the invariant check. */
@Controller
@RequestMapping("/staff/ledger")
class LedgerPages {

    static final int PAGE_SIZE = 50;

    private final Ledger ledger;
    private final LedgerInvariants invariants;
    private final Clients clients;

    LedgerPages(Ledger ledger, LedgerInvariants invariants, Clients clients) {
        this.ledger = ledger;
        this.invariants = invariants;
        this.clients = clients;
    }

    @GetMapping
    String trialBalance(@RequestParam(required = false) LocalDate asOf, Model model) {
        model.addAttribute("tb", ledger.trialBalance(asOf));
        model.addAttribute("clientNames", clientNames());
        return "staff/ledger/trial-balance";
    }

    @GetMapping("/entries")
    String entries(
            @RequestParam(required = false) UUID client, @RequestParam(required = false) String cursor, Model model) {
        model.addAttribute("page", ledger.entries(client, null, null, CursorPage.Request.of(cursor, PAGE_SIZE)));
        model.addAttribute("client", client);
        model.addAttribute("clientNames", clientNames());
        return "staff/ledger/entries";
    }

    @GetMapping("/entries/{id}")
    String entry(@PathVariable UUID id, Model model) {
        try {
            model.addAttribute("e", ledger.entry(id));
        } catch (org.factorline.shared.FactorlineException e) {
            // an id that names no entry is a page that is not there, not a server error
            throw new org.springframework.web.server.ResponseStatusException(
                    org.springframework.http.HttpStatus.NOT_FOUND);
        }
        model.addAttribute("clientNames", clientNames());
        return "staff/ledger/entry";
    }

    @GetMapping("/invariants")
    String invariants(Model model) {
        model.addAttribute("report", invariants.check());
        return "staff/ledger/invariants";
    }

    private Map<UUID, String> clientNames() {
        return PageSupport.clientNames(clients.allVisible());
    }
}
