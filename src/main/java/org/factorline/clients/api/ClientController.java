package org.factorline.clients.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.factorline.clients.Agreement;
import org.factorline.clients.AgreementTerms;
import org.factorline.clients.Client;
import org.factorline.clients.ClientDetails;
import org.factorline.clients.ClientExport;
import org.factorline.clients.ClientId;
import org.factorline.clients.ClientStatus;
import org.factorline.clients.Clients;
import org.factorline.shared.CursorPage;
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
@RequestMapping("/api/v1/clients")
@Tag(name = "Clients", description = "Clients, their payout accounts and factoring agreements")
class ClientController {

    private final Clients clients;
    private final ClientExport export;

    ClientController(Clients clients, ClientExport export) {
        this.clients = clients;
        this.export = export;
    }

    record StatusChange(ClientStatus status, String reason, int version) {}

    record PayoutAccountChange(String accountName, String routingNumber, String accountNumber, int version) {}

    record ClientUpdate(ClientDetails details, int version) {}

    @GetMapping
    @Operation(summary = "List clients (a client user sees only its own)")
    CursorPage<Client> list(
            @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String q,
            @RequestParam(required = false) ClientStatus status) {
        return clients.list(CursorPage.Request.of(cursor, limit), q, status);
    }

    @PostMapping
    @Operation(summary = "Register a client (starts as PROSPECT)")
    ResponseEntity<Client> register(@RequestBody ClientDetails details) {
        Client c = clients.register(details);
        return ResponseEntity.created(URI.create("/api/v1/clients/" + c.id())).body(c);
    }

    @GetMapping("/{id}")
    Client get(@PathVariable UUID id) {
        return clients.get(new ClientId(id));
    }

    @GetMapping("/{id}/export")
    @Operation(
            summary = "Everything held about one client as a ZIP (one CSV per kind of record, documents as files,"
                    + " manifest.json with counts and SHA-256); administrators and auditors; audit-logged")
    void export(@PathVariable UUID id, HttpServletResponse response) throws IOException {
        Client c = export.authorize(new ClientId(id));
        response.setContentType("application/zip");
        response.setHeader("Content-Disposition", "attachment; filename=\"" + export.fileName(c) + "\"");
        export.write(c, response.getOutputStream());
    }

    @PutMapping("/{id}")
    @Operation(summary = "Change a client's details; send the version you read")
    Client update(@PathVariable UUID id, @RequestBody ClientUpdate update) {
        return clients.update(new ClientId(id), update.details(), update.version());
    }

    @PostMapping("/{id}/status")
    Client changeStatus(@PathVariable UUID id, @RequestBody StatusChange change) {
        return clients.changeStatus(new ClientId(id), change.status(), change.reason(), change.version());
    }

    @PutMapping("/{id}/payout-account")
    @Operation(summary = "Set the payout bank account; the number is stored encrypted and shown masked")
    Client payoutAccount(@PathVariable UUID id, @RequestBody PayoutAccountChange change) {
        return clients.setPayoutAccount(
                new ClientId(id),
                change.accountName(),
                change.routingNumber(),
                change.accountNumber(),
                change.version());
    }

    @GetMapping("/{id}/agreements")
    List<Agreement> agreements(@PathVariable UUID id) {
        return clients.agreements(new ClientId(id));
    }

    @PostMapping("/{id}/agreements")
    @Operation(summary = "Add a new agreement version; earlier versions stay as they were")
    ResponseEntity<Agreement> addAgreement(@PathVariable UUID id, @RequestBody AgreementTerms terms) {
        Agreement a = clients.addAgreementVersion(new ClientId(id), terms);
        return ResponseEntity.created(URI.create("/api/v1/clients/" + id + "/agreements/" + a.id()))
                .body(a);
    }
}
