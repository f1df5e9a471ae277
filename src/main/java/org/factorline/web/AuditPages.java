package org.factorline.web;

import java.util.List;
import java.util.UUID;
import org.factorline.identity.AuditChain;
import org.factorline.identity.AuditLog;
import org.factorline.identity.CurrentActor;
import org.factorline.identity.Role;
import org.factorline.shared.CursorPage;
import org.factorline.shared.FactorlineException;
import org.factorline.shared.FieldProblem;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The audit log for administrators and auditors: every change, who made it, and why. */
@Controller
@RequestMapping("/staff/audit")
class AuditPages {

    static final int PAGE_SIZE = 100;

    /** Kinds of record offered in the filter; any other can be typed. */
    static final List<String> ENTITY_TYPES =
            List.of("client", "agreement", "debtor", "invoice", "schedule", "user", "api_token");

    private final AuditLog audit;
    private final AuditChain chain;

    AuditPages(AuditLog audit, AuditChain chain) {
        this.audit = audit;
        this.chain = chain;
    }

    @GetMapping
    String list(
            @RequestParam(required = false) String entityType,
            @RequestParam(required = false) String entityId,
            @RequestParam(required = false) String cursor,
            @RequestParam(defaultValue = "false") boolean verify,
            Model model) {
        CurrentActor.get().requireRole(Role.ADMIN, Role.AUDITOR);
        UUID id = null;
        if (entityId != null && !entityId.isBlank()) {
            try {
                id = UUID.fromString(entityId.strip());
            } catch (IllegalArgumentException e) {
                model.addAttribute(
                        "problems", List.of(FieldProblem.of("entityId", entityId, "is not a record id (a UUID)")));
            }
        }
        CursorPage<AuditLog.Entry> page;
        try {
            page = audit.search(entityType, id, CursorPage.Request.of(cursor, PAGE_SIZE));
        } catch (FactorlineException e) {
            PageSupport.showProblems(model, e);
            page = audit.search(entityType, id, CursorPage.Request.first(PAGE_SIZE));
        }
        // the walk reads the whole log, so it runs when asked for, not on every page view
        model.addAttribute("chain", verify ? chain.verify() : null);
        model.addAttribute("page", page);
        model.addAttribute("entityType", entityType);
        model.addAttribute("entityId", entityId);
        model.addAttribute("entityTypes", ENTITY_TYPES);
        return "staff/audit";
    }
}
