package org.factorline.pricing;

import java.time.LocalDate;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.factorline.shared.Rate;

/**
 * The prime rate as published over time: each entry holds from its date until the next one. A
 * prime-plus fee charges interest day by day at the prime in force on that day plus the agreed margin.
 */
public final class PrimeRates {

    private final NavigableMap<LocalDate, Rate> table;

    private PrimeRates(NavigableMap<LocalDate, Rate> table) {
        this.table = table;
    }

    public static PrimeRates of(Map<LocalDate, Rate> entries) {
        TreeMap<LocalDate, Rate> t = new TreeMap<>();
        entries.forEach((date, rate) -> {
            if (date == null || rate == null || rate.isNegative()) {
                throw new IllegalArgumentException(
                        "a prime rate needs a date and a non-negative rate: " + date + " = " + rate);
            }
            t.put(date, rate);
        });
        return new PrimeRates(t);
    }

    /** A single rate that has always held (for agreements that fix prime at signing, and for tests). */
    public static PrimeRates constant(Rate rate) {
        return of(Map.of(LocalDate.MIN, rate));
    }

    public static PrimeRates none() {
        return new PrimeRates(new TreeMap<>());
    }

    /** The prime in force on the day; a day before the first entry has no prime and is refused. */
    public Rate on(LocalDate day) {
        Map.Entry<LocalDate, Rate> e = table.floorEntry(day);
        if (e == null) {
            throw new IllegalArgumentException("no prime rate is known for " + day
                    + (table.isEmpty()
                            ? " (the prime rate table is empty)"
                            : "; the table starts on " + table.firstKey()));
        }
        return e.getValue();
    }

    public boolean isEmpty() {
        return table.isEmpty();
    }
}
