package org.factorline.receipts.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.UUID;
import org.factorline.identity.CurrentActor;
import org.factorline.receipts.Aging;
import org.factorline.receipts.Agings;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Portal", description = "A client user's own book: aging, statements")
class PortalAgingController {

    private final Agings agings;

    PortalAgingController(Agings agings) {
        this.agings = agings;
    }

    @GetMapping("/api/v1/portal/aging")
    @Operation(
            summary = "Aging of the calling client user's open bought invoices per customer, as of `asOf` (default"
                    + " today), by `basis` DUE_DATE (default) or INVOICE_DATE")
    Aging aging(@RequestParam(required = false) LocalDate asOf, @RequestParam(required = false) Aging.Basis basis) {
        return agings.ofClient(caller(), asOf, basis);
    }

    @GetMapping("/api/v1/portal/aging.csv")
    @Operation(summary = "The same aging as CSV: one row per customer, then the total")
    ResponseEntity<byte[]> agingCsv(
            @RequestParam(required = false) LocalDate asOf, @RequestParam(required = false) Aging.Basis basis) {
        Aging aging = agings.ofClient(caller(), asOf, basis);
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename("aging-" + aging.asOf() + ".csv")
                                .build()
                                .toString())
                .body(aging.csv().getBytes(StandardCharsets.UTF_8));
    }

    private static UUID caller() {
        return CurrentActor.get()
                .clientScope()
                .orElseThrow(() -> new AccessDeniedException("the portal endpoints answer a client user"));
    }
}
