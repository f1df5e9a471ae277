package org.factorline.receipts;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Objects;
import org.factorline.shared.Money;

/**
 * When the money of a BAI2 transaction can be used, as the bank reports it (the BAI2 funds type). It
 * matters to factoring because fees run until collected funds are available: a check that clears in two
 * days earns two more days of discount fee than a wire.
 *
 * @param valueDate for {@link Type#VALUE_DATED} only
 * @param valueTime for {@link Type#VALUE_DATED} only, and only when the bank gives it
 * @param portions for {@link Type#DISTRIBUTED} (days 0, 1 and 2: immediate, one day, two or more days)
 *     and {@link Type#DISTRIBUTED_BY_DAYS} (the bank's own days); empty otherwise
 */
public record FundsAvailability(Type type, LocalDate valueDate, LocalTime valueTime, List<Portion> portions) {

    /** The BAI2 funds types, with their one-character codes. */
    public enum Type {
        IMMEDIATE("0"),
        ONE_DAY("1"),
        TWO_OR_MORE_DAYS("2"),
        /** Code Z, or the field left blank. */
        UNKNOWN("Z"),
        VALUE_DATED("V"),
        /** Code S: amounts available immediately, in one day and in two or more days. */
        DISTRIBUTED("S"),
        /** Code D: any number of (days, amount) pairs. */
        DISTRIBUTED_BY_DAYS("D");

        private final String code;

        Type(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        static Type ofCode(String code) {
            for (Type t : values()) {
                if (t.code.equals(code)) {
                    return t;
                }
            }
            return null;
        }
    }

    /** An amount that becomes available {@code days} after the as-of date. */
    public record Portion(int days, Money amount) {
        public Portion {
            Objects.requireNonNull(amount, "amount");
            if (days < 0) {
                throw new IllegalArgumentException("days must not be negative: " + days);
            }
        }
    }

    public FundsAvailability {
        Objects.requireNonNull(type, "type");
        portions = List.copyOf(portions);
    }

    public static FundsAvailability of(Type type) {
        return new FundsAvailability(type, null, null, List.of());
    }
}
