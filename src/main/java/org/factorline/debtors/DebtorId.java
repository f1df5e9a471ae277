package org.factorline.debtors;

import java.util.UUID;

public record DebtorId(
        @com.fasterxml.jackson.annotation.JsonValue UUID value) {
    public DebtorId {
        java.util.Objects.requireNonNull(value, "debtor id");
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
