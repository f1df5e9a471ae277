package org.factorline.reports.internal;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.factorline.shared.FactorlineException;

/** Reads a report's request parameters, refusing bad values with the field, the value and what is wanted. */
public final class Params {

    private final Map<String, String> values;

    public Params(Map<String, String> values) {
        this.values = values == null ? Map.of() : values;
    }

    public String raw(String name) {
        String v = values.get(name);
        return v == null || v.isBlank() ? null : v.strip();
    }

    public LocalDate date(String name, LocalDate fallback) {
        String v = raw(name);
        if (v == null) {
            return fallback;
        }
        try {
            return LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            throw FactorlineException.invalid(name, v, "is not a date (YYYY-MM-DD)");
        }
    }

    public UUID uuid(String name) {
        String v = raw(name);
        if (v == null) {
            return null;
        }
        try {
            return UUID.fromString(v);
        } catch (IllegalArgumentException e) {
            throw FactorlineException.invalid(name, v, "is not an id");
        }
    }

    public Currency currency() {
        String v = raw("currency");
        if (v == null) {
            return Currency.getInstance("USD");
        }
        try {
            return Currency.getInstance(v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw FactorlineException.invalid("currency", v, "is not an ISO 4217 currency code");
        }
    }

    public <E extends Enum<E>> E choice(String name, Class<E> type, E fallback) {
        String v = raw(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Enum.valueOf(type, v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw FactorlineException.invalid(name, v, "is not one of " + Arrays.toString(type.getEnumConstants()));
        }
    }

    /** A whole number from {@code min} to {@code max}. */
    public int whole(String name, int fallback, int min, int max) {
        String v = raw(name);
        if (v == null) {
            return fallback;
        }
        int n;
        try {
            n = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw FactorlineException.invalid(name, v, "is not a whole number");
        }
        if (n < min || n > max) {
            throw FactorlineException.invalid(name, v, "must be from " + min + " to " + max);
        }
        return n;
    }

    /** Ascending whole days, e.g. {@code 30,60,90}: one to ten of them, each 1 to 3650. */
    public List<Integer> buckets(String name, List<Integer> fallback) {
        String v = raw(name);
        if (v == null) {
            return fallback;
        }
        List<Integer> out = new ArrayList<>();
        for (String part : v.split(",")) {
            String p = part.strip();
            int days;
            try {
                days = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                throw FactorlineException.invalid(name, v, "'" + p + "' is not a whole number of days");
            }
            if (days < 1 || days > 3650) {
                throw FactorlineException.invalid(name, v, "each bucket is 1 to 3650 days");
            }
            if (!out.isEmpty() && days <= out.get(out.size() - 1)) {
                throw FactorlineException.invalid(name, v, "buckets must rise, e.g. 30,60,90");
            }
            out.add(days);
        }
        if (out.size() > 10) {
            throw FactorlineException.invalid(name, v, "at most ten buckets");
        }
        return List.copyOf(out);
    }

    /** A period: {@code from} on or before {@code to}, at most ten years. */
    public LocalDate[] period(LocalDate defaultFrom, LocalDate defaultTo) {
        LocalDate from = date("from", defaultFrom);
        LocalDate to = date("to", defaultTo);
        if (from.isAfter(to)) {
            throw FactorlineException.invalid("from", from, "is after 'to' (" + to + ")");
        }
        if (from.plusYears(10).isBefore(to)) {
            throw FactorlineException.invalid("to", to, "the period is at most ten years");
        }
        return new LocalDate[] {from, to};
    }
}
