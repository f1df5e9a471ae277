package org.factorline.web;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.factorline.clients.Clients;
import org.factorline.identity.CurrentActor;
import org.factorline.identity.Role;
import org.factorline.ledger.InvariantReport;
import org.factorline.ledger.LedgerInvariants;
import org.factorline.pricing.PayoutMethod;
import org.factorline.settlement.Settlement;
import org.factorline.settlement.SettlementRun;
import org.factorline.shared.FactorlineException;
import org.factorline.shared.FieldProblem;
import org.factorline.shared.Money;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Settlement runs as staff see them: each run paid every client the rebates closed out since the last,
 * net of what the client owed; a run's page shows each client's line and gives the statement for the
 * clients' bookkeepers. Running one creates the payouts, which a second person then releases.
 */
@Controller
@RequestMapping("/staff/settlements")
class SettlementPages {

    static final int RECENT_LIMIT = 50;

    private final Settlement settlement;
    private final Clients clients;
    private final LedgerInvariants invariants;

    SettlementPages(Settlement settlement, Clients clients, LedgerInvariants invariants) {
        this.settlement = settlement;
        this.clients = clients;
        this.invariants = invariants;
    }

    /** A run with the total netted for what clients owed, which the run itself does not carry. */
    record RunRow(SettlementRun run, Money netted) {}

    @GetMapping
    String list(Model model) {
        model.addAttribute(
                "runs",
                settlement.recent(RECENT_LIMIT).stream()
                        .map(r -> new RunRow(r, netted(r)))
                        .toList());
        model.addAttribute("methods", PayoutMethod.values());
        model.addAttribute("canRun", canRun());
        return "staff/settlements/list";
    }

    @PostMapping("/runs")
    String run(@RequestParam(defaultValue = "ACH") PayoutMethod method, RedirectAttributes flash) {
        try {
            SettlementRun r = settlement.run(method);
            flash.addFlashAttribute(
                    "flash",
                    "Settlement run " + r.reference() + ": " + r.lines().size()
                            + (r.lines().size() == 1 ? " client" : " clients") + ", rebates "
                            + r.rebateTotal().display() + ", " + r.netTotal().display() + " to pay by " + method
                            + ". A second person releases the payouts.");
            InvariantReport books = invariants.check();
            if (!books.holds()) {
                flash.addFlashAttribute("problemTitle", "Look at the ledger checks:");
                flash.addFlashAttribute(
                        "problems",
                        List.of(FieldProblem.of(
                                "ledger",
                                books.violationCount() + " violations",
                                "the ledger invariants do not hold after this run")));
            }
            return "redirect:/staff/settlements/runs/" + r.id();
        } catch (FactorlineException e) {
            flash.addFlashAttribute(
                    "problems",
                    e.problems().isEmpty() ? List.of(FieldProblem.of("run", null, e.getMessage())) : e.problems());
            flash.addFlashAttribute("problemTitle", "No settlement run was made:");
        } catch (OptimisticLockingFailureException e) {
            flash.addFlashAttribute("flash", "Someone else ran settlement at the same moment; look at the runs below.");
        }
        return "redirect:/staff/settlements";
    }

    @GetMapping("/runs/{id}")
    String show(@PathVariable UUID id, Model model) {
        SettlementRun r = found(id);
        model.addAttribute("r", r);
        model.addAttribute("netted", netted(r));
        model.addAttribute("clientNames", PageSupport.clientNames(clients.allVisible()));
        return "staff/settlements/run";
    }

    @GetMapping("/runs/{id}/statement.csv")
    ResponseEntity<byte[]> statement(@PathVariable UUID id) {
        SettlementRun r = found(id);
        byte[] csv = settlement.statementCsv(id).getBytes(StandardCharsets.UTF_8);
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename(r.reference() + "-statement.csv", StandardCharsets.UTF_8)
                                .build()
                                .toString())
                .header("X-Content-Type-Options", "nosniff")
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .contentLength(csv.length)
                .body(csv);
    }

    private SettlementRun found(UUID id) {
        try {
            return settlement.get(id);
        } catch (FactorlineException e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
    }

    private static Money netted(SettlementRun r) {
        return r.lines().stream()
                .map(SettlementRun.Line::netted)
                .reduce(Money::plus)
                .orElse(Money.zero(r.rebateTotal().currency()));
    }

    private static boolean canRun() {
        return CurrentActor.get().hasAnyRole(Role.ADMIN, Role.FUNDING_OFFICER);
    }
}
