package org.factorline.payouts;

import java.util.UUID;

public record PayoutId(
        @com.fasterxml.jackson.annotation.JsonValue UUID value) {
    public PayoutId {
        java.util.Objects.requireNonNull(value, "payout id");
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
