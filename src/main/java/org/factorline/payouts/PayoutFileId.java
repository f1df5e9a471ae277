package org.factorline.payouts;

import java.util.UUID;

public record PayoutFileId(
        @com.fasterxml.jackson.annotation.JsonValue UUID value) {
    public PayoutFileId {
        java.util.Objects.requireNonNull(value, "payout file id");
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
