package org.factorline.clients;

import java.util.UUID;

public record ClientId(
        @com.fasterxml.jackson.annotation.JsonValue UUID value) {
    public ClientId {
        java.util.Objects.requireNonNull(value, "client id");
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
