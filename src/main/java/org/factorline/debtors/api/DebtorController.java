package org.factorline.debtors.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.factorline.debtors.ClientDebtor;
import org.factorline.debtors.Debtor;
import org.factorline.debtors.DebtorDetails;
import org.factorline.debtors.DebtorId;
import org.factorline.debtors.DebtorStatus;
import org.factorline.debtors.Debtors;
import org.factorline.shared.CursorPage;
import org.factorline.shared.FactorlineException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/debtors")
@Tag(
        name = "Debtors",
        description = "The clients' customers: AP contacts, time zone, credit limit and client relationships")
class DebtorController {

    private final Debtors debtors;

    DebtorController(Debtors debtors) {
        this.debtors = debtors;
    }

    record DebtorUpdate(DebtorDetails details, Integer version) {}

    record StatusChange(DebtorStatus status, String reason, Integer version) {}

    @GetMapping
    @Operation(summary = "List debtors, newest first (a client user sees only the debtors its client sells on)")
    CursorPage<Debtor> list(
            @RequestParam(required = false) String q,
            @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer limit) {
        return debtors.list(CursorPage.Request.of(cursor, limit), q);
    }

    @PostMapping
    @Operation(
            summary = "Register a debtor; a second debtor with the same name (ignoring case, punctuation and"
                    + " suffixes such as Inc.) is refused")
    ResponseEntity<Debtor> register(@RequestBody DebtorDetails details) {
        Debtor d = debtors.register(details);
        return ResponseEntity.created(URI.create("/api/v1/debtors/" + d.id())).body(d);
    }

    @GetMapping("/{id}")
    Debtor get(@PathVariable UUID id) {
        return debtors.get(new DebtorId(id));
    }

    @PutMapping("/{id}")
    @Operation(summary = "Change a debtor's details (contacts are replaced as a whole); send the version you read")
    Debtor update(@PathVariable UUID id, @RequestBody DebtorUpdate update) {
        if (update.details() == null) {
            throw FactorlineException.invalid("details", null, "is required");
        }
        return debtors.update(new DebtorId(id), update.details(), version(update.version()));
    }

    @PostMapping("/{id}/status")
    @Operation(summary = "Put a debtor on hold, mark it insolvent, close or reactivate it; a reason is required")
    Debtor changeStatus(@PathVariable UUID id, @RequestBody StatusChange change) {
        return debtors.changeStatus(new DebtorId(id), change.status(), change.reason(), version(change.version()));
    }

    @GetMapping("/{id}/relationships")
    @Operation(summary = "The clients selling on this debtor and their notice state (a client user sees only its own)")
    List<ClientDebtor> relationships(@PathVariable UUID id) {
        return debtors.relationships(new DebtorId(id));
    }

    record Notice(org.factorline.debtors.NotificationState state, String note) {}

    @PostMapping("/{id}/relationships/{clientId}/notice")
    @Operation(summary = "Record a notice of assignment sent or acknowledged outside the system (by post, by e-mail)")
    ClientDebtor recordNotice(@PathVariable UUID id, @PathVariable UUID clientId, @RequestBody Notice body) {
        return debtors.recordNotice(clientId, new DebtorId(id), body.state(), body.note());
    }

    private static int version(Integer version) {
        if (version == null) {
            throw FactorlineException.invalid("version", null, "is required: send the version you read");
        }
        return version;
    }
}
