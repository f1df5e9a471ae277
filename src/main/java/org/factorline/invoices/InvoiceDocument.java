package org.factorline.invoices;

import java.time.Instant;
import java.util.UUID;

/**
 * A document filed with an invoice (the invoice itself, a bill of lading, a proof of delivery). The
 * content type is what the bytes are, not what the file name claims.
 */
public record InvoiceDocument(
        UUID id,
        InvoiceId invoiceId,
        String fileName,
        String contentType,
        long sizeBytes,
        String sha256,
        Instant uploadedAt,
        String uploadedBy) {

    /** A document with its bytes, for download. */
    public record Content(InvoiceDocument document, byte[] bytes) {}
}
