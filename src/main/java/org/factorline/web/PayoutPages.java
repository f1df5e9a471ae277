package org.factorline.web;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.factorline.clients.Client;
import org.factorline.clients.ClientId;
import org.factorline.clients.Clients;
import org.factorline.identity.CurrentActor;
import org.factorline.identity.Role;
import org.factorline.payouts.Payout;
import org.factorline.payouts.PayoutFile;
import org.factorline.payouts.PayoutFileId;
import org.factorline.payouts.PayoutFileStatus;
import org.factorline.payouts.PayoutFilter;
import org.factorline.payouts.PayoutId;
import org.factorline.payouts.PayoutStatus;
import org.factorline.payouts.Payouts;
import org.factorline.pricing.PayoutMethod;
import org.factorline.shared.CursorPage;
import org.factorline.shared.FactorlineException;
import org.factorline.shared.FieldProblem;
import org.factorline.shared.Money;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
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
 * Staff pages for paying clients: pending payouts by method with a button to release them into a bank
 * file (by someone other than whoever created them), the released files to download and mark sent, and
 * the payouts the bank has, to settle, return and reissue.
 */
@Controller
@RequestMapping("/staff/payouts")
class PayoutPages {

    static final int PAGE_SIZE = 50;
    /** Pending payouts shown per method; a release takes every pending one, shown or not. */
    static final int PENDING_SHOWN = 200;

    private final Payouts payouts;
    private final Clients clients;

    PayoutPages(Payouts payouts, Clients clients) {
        this.payouts = payouts;
        this.clients = clients;
    }

    @GetMapping
    String list(
            @RequestParam(required = false) UUID client,
            @RequestParam(required = false) PayoutStatus status,
            @RequestParam(required = false) PayoutMethod method,
            @RequestParam(required = false) String cursor,
            Model model) {
        Map<PayoutMethod, List<Payout>> pending = new LinkedHashMap<>();
        Map<PayoutMethod, Money> pendingTotals = new LinkedHashMap<>();
        for (PayoutMethod m : PayoutMethod.values()) {
            List<Payout> items = payouts.list(PayoutFilter.pending(m), CursorPage.Request.first(PENDING_SHOWN))
                    .items();
            pending.put(m, items);
            pendingTotals.put(
                    m, items.stream().map(Payout::amount).reduce(Money::plus).orElse(Money.zero(Money.USD)));
        }
        PayoutFilter filter = new PayoutFilter(client == null ? null : new ClientId(client), status, method);
        CursorPage<Payout> page;
        try {
            page = payouts.list(filter, CursorPage.Request.of(cursor, PAGE_SIZE));
        } catch (FactorlineException e) {
            PageSupport.showProblems(model, e);
            page = payouts.list(filter, CursorPage.Request.first(PAGE_SIZE));
        }
        model.addAttribute("pending", pending);
        model.addAttribute("pendingTotals", pendingTotals);
        model.addAttribute(
                "releasedFiles",
                payouts.files(PayoutFileStatus.RELEASED, CursorPage.Request.first(PAGE_SIZE))
                        .items());
        model.addAttribute(
                "recentFiles", payouts.files(null, CursorPage.Request.first(20)).items());
        model.addAttribute("page", page);
        model.addAttribute("client", client);
        model.addAttribute("status", status);
        model.addAttribute("method", method);
        model.addAttribute("statuses", PayoutStatus.values());
        model.addAttribute("methods", PayoutMethod.values());
        common(model);
        return "staff/payouts/list";
    }

    @PostMapping("/release")
    String release(@RequestParam(required = false) PayoutMethod method, RedirectAttributes flash) {
        try {
            PayoutFile file = payouts.release(method, null);
            flash.addFlashAttribute(
                    "flash",
                    method + " file " + file.reference() + " released: " + file.entryCount() + " payouts, "
                            + file.total().display() + ". Download it, upload it to the bank, then mark it sent.");
            return "redirect:/staff/payouts/files/" + file.id();
        } catch (RuntimeException e) {
            refused(flash, "method", method, e);
            return "redirect:/staff/payouts";
        }
    }

    @GetMapping("/files/{id}")
    String file(@PathVariable UUID id, Model model) {
        PayoutFile file;
        try {
            file = payouts.file(new PayoutFileId(id));
        } catch (FactorlineException e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        model.addAttribute("file", file);
        model.addAttribute("payouts", payouts.payoutsIn(file.id()));
        common(model);
        return "staff/payouts/file";
    }

    @GetMapping("/files/{id}/content")
    ResponseEntity<byte[]> download(@PathVariable UUID id) {
        PayoutFileId fileId = new PayoutFileId(id);
        PayoutFile file;
        byte[] bytes;
        try {
            file = payouts.file(fileId);
            bytes = payouts.content(fileId);
        } catch (FactorlineException e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        } catch (AccessDeniedException e) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "only administrators and funding officers");
        }
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(file.contentType()))
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename(file.fileName(), StandardCharsets.UTF_8)
                                .build()
                                .toString())
                .header("X-Content-Type-Options", "nosniff")
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .contentLength(bytes.length)
                .body(bytes);
    }

    @PostMapping("/files/{id}/sent")
    String sent(@PathVariable UUID id, RedirectAttributes flash) {
        try {
            PayoutFile file = payouts.markSent(new PayoutFileId(id));
            flash.addFlashAttribute(
                    "flash",
                    "File " + file.reference() + " marked sent; its " + file.entryCount()
                            + " payouts are posted to the ledger.");
        } catch (RuntimeException e) {
            refused(flash, "file", id, e);
        }
        return "redirect:/staff/payouts/files/" + id;
    }

    @PostMapping("/{id}/settled")
    String settled(@PathVariable UUID id, @RequestParam(required = false) UUID file, RedirectAttributes flash) {
        try {
            Payout p = payouts.markSettled(new PayoutId(id));
            flash.addFlashAttribute("flash", "Payout " + p.reference() + " settled.");
        } catch (RuntimeException e) {
            refused(flash, "payout", id, e);
        }
        return back(file);
    }

    @PostMapping("/{id}/returned")
    String returned(
            @PathVariable UUID id,
            @RequestParam(required = false) String reason,
            @RequestParam(required = false) UUID file,
            RedirectAttributes flash) {
        try {
            Payout p = payouts.markReturned(new PayoutId(id), reason);
            flash.addFlashAttribute(
                    "flash",
                    "Payout " + p.reference() + " returned; " + p.amount().display()
                            + " is owed to the client again. Reissue it once the client's account is right.");
        } catch (RuntimeException e) {
            refused(flash, "reason", reason, e);
        }
        return back(file);
    }

    @PostMapping("/{id}/reissue")
    String reissue(@PathVariable UUID id, @RequestParam(required = false) UUID file, RedirectAttributes flash) {
        try {
            Payout p = payouts.reissue(new PayoutId(id));
            flash.addFlashAttribute(
                    "flash",
                    "Payout " + p.reference() + " of " + p.amount().display()
                            + " is pending; another person releases it.");
        } catch (RuntimeException e) {
            refused(flash, "payout", id, e);
        }
        return back(file);
    }

    private void common(Model model) {
        List<Client> visible = clients.allVisible();
        model.addAttribute("clients", visible);
        model.addAttribute("clientNames", PageSupport.clientNames(visible));
        model.addAttribute("canMoveMoney", CurrentActor.get().hasAnyRole(Role.ADMIN, Role.FUNDING_OFFICER));
        model.addAttribute("me", CurrentActor.get().username());
    }

    private static String back(UUID file) {
        return file == null ? "redirect:/staff/payouts" : "redirect:/staff/payouts/files/" + file;
    }

    /** Shows a refusal on the page the person is sent back to; anything else is a real error. */
    private static void refused(RedirectAttributes flash, String field, Object value, RuntimeException e) {
        Function<String, List<FieldProblem>> one = message -> List.of(FieldProblem.of(field, value, message));
        if (e instanceof FactorlineException fe) {
            flash.addFlashAttribute("problems", fe.problems().isEmpty() ? one.apply(fe.getMessage()) : fe.problems());
            flash.addFlashAttribute(
                    "problemTitle", fe.problems().isEmpty() ? "This could not be done:" : fe.getMessage());
        } else if (e instanceof OptimisticLockingFailureException) {
            flash.addFlashAttribute("problems", one.apply(e.getMessage()));
        } else if (e instanceof AccessDeniedException) {
            flash.addFlashAttribute("problems", one.apply("your role does not allow this"));
        } else {
            throw e;
        }
    }
}
