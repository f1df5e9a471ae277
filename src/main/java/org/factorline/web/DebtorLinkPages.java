package org.factorline.web;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.factorline.outreach.DebtorLinks;
import org.factorline.outreach.Planner;
import org.factorline.shared.FactorlineException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The pages a debtor's payables clerk reaches from a link in our e-mail: no sign-in, readable on a phone,
 * showing only the invoices that message was about. Every answer is logged and the client sees it.
 * Also the public remit-to check, where anyone holding a notice can confirm it is genuine.
 */
@Controller
class DebtorLinkPages {

    private final DebtorLinks links;
    private final Planner planner;

    DebtorLinkPages(DebtorLinks links, Planner planner) {
        this.links = links;
        this.planner = planner;
    }

    @GetMapping("/d/{token}")
    String open(@PathVariable String token, @RequestParam(required = false) String done, Model model) {
        model.addAttribute("view", done == null ? links.open(token) : links.show(token));
        model.addAttribute("token", token);
        model.addAttribute("reasons", DebtorLinks.DisputeReason.values());
        return "public/debtor-link";
    }

    @PostMapping("/d/{token}/acknowledge")
    String acknowledge(@PathVariable String token, RedirectAttributes flash) {
        links.acknowledge(token);
        flash.addFlashAttribute("flash", "Thank you. We have noted that your payables team has the new remit-to.");
        return back(token);
    }

    @PostMapping("/d/{token}/confirm")
    String confirm(
            @PathVariable String token,
            @RequestParam(name = "invoiceId", required = false) List<UUID> invoiceIds,
            RedirectAttributes flash) {
        links.confirm(token, invoiceIds == null ? List.of() : invoiceIds);
        flash.addFlashAttribute(
                "flash",
                invoiceIds == null || invoiceIds.isEmpty()
                        ? "Thank you for confirming the invoices."
                        : "Thank you for confirming the invoice.");
        return back(token);
    }

    @PostMapping("/d/{token}/dispute")
    String dispute(
            @PathVariable String token,
            @RequestParam UUID invoiceId,
            @RequestParam(required = false) DebtorLinks.DisputeReason reason,
            @RequestParam(required = false) String note,
            RedirectAttributes flash) {
        try {
            links.dispute(token, invoiceId, reason, note);
            flash.addFlashAttribute(
                    "flash",
                    "Thank you for telling us. We will sort it out with the supplier and will not send reminders about"
                            + " this invoice meanwhile.");
        } catch (FactorlineException e) {
            flash.addFlashAttribute("problems", e.problems());
        }
        return back(token);
    }

    @PostMapping("/d/{token}/answer")
    String answer(
            @PathVariable String token,
            @RequestParam UUID invoiceId,
            @RequestParam(required = false) DebtorLinks.Answer answer,
            @RequestParam(required = false) LocalDate date,
            @RequestParam(required = false) String reference,
            @RequestParam(required = false) String note,
            RedirectAttributes flash) {
        try {
            links.answer(token, invoiceId, answer, date, reference, note);
            flash.addFlashAttribute(
                    "flash", "Thank you, noted. We will not send reminders about this invoice meanwhile.");
        } catch (FactorlineException e) {
            flash.addFlashAttribute("problems", e.problems());
        }
        return back(token);
    }

    @GetMapping("/remit-check")
    String remitCheck(@RequestParam(required = false) String code, Model model) {
        model.addAttribute("code", code);
        if (code != null && !code.isBlank()) {
            model.addAttribute("check", links.checkRemit(code).orElse(null));
            model.addAttribute("checked", true);
        }
        return "public/remit-check";
    }

    @ExceptionHandler(DebtorLinks.LinkRefused.class)
    @ResponseStatus(HttpStatus.NOT_FOUND)
    String refused(DebtorLinks.LinkRefused e, Model model) {
        model.addAttribute("why", e.getMessage());
        return "public/link-refused";
    }

    private static String back(String token) {
        return "redirect:/d/" + token + "?done";
    }
}
