package org.factorline.clients;

import java.util.UUID;

public record AgreementId(
        @com.fasterxml.jackson.annotation.JsonValue UUID value) {
    public AgreementId {
        java.util.Objects.requireNonNull(value, "agreement id");
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
