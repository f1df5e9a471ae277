package org.factorline.identity.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.factorline.identity.AuditChain;
import org.factorline.identity.AuditLog;
import org.factorline.shared.CursorPage;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/audit")
@Tag(name = "Audit", description = "The append-only audit log (administrators and auditors)")
class AuditController {

    private final AuditLog audit;
    private final AuditChain chain;

    AuditController(AuditLog audit, AuditChain chain) {
        this.audit = audit;
        this.chain = chain;
    }

    @GetMapping("/verify")
    @Operation(
            summary = "Walk the audit log's hash chain; intact is false and broken names the first line that"
                    + " was changed or is missing")
    AuditChain.Verification verify() {
        return chain.verify();
    }

    @GetMapping
    @Operation(summary = "Audit events, newest first; filter by entityType (client, debtor, user…) and entityId")
    CursorPage<AuditLog.Entry> list(
            @RequestParam(required = false) String entityType,
            @RequestParam(required = false) UUID entityId,
            @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer limit) {
        return audit.search(entityType, entityId, CursorPage.Request.of(cursor, limit));
    }
}
