package org.factorline.invoices;

import java.util.UUID;

public record ScheduleId(
        @com.fasterxml.jackson.annotation.JsonValue UUID value) {
    public ScheduleId {
        java.util.Objects.requireNonNull(value, "schedule id");
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
