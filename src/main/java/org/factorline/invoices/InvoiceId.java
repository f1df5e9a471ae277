package org.factorline.invoices;

import java.util.UUID;

public record InvoiceId(
        @com.fasterxml.jackson.annotation.JsonValue UUID value) {
    public InvoiceId {
        java.util.Objects.requireNonNull(value, "invoice id");
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
