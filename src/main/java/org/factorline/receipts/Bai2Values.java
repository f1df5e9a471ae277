package org.factorline.receipts;

import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.regex.Pattern;
import org.factorline.shared.Money;

/**
 * The fields of BAI2 records, each read from a {@link Bai2Fields} and checked where it stands, so that
 * an error names the line, the field and the value: amounts in whole cents, control totals and counts,
 * dates and times, and the funds types with the fields each brings.
 */
final class Bai2Values {

    private static final DateTimeFormatter YYMMDD =
            DateTimeFormatter.ofPattern("uuMMdd").withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter HHMM =
            DateTimeFormatter.ofPattern("HHmm").withResolverStyle(ResolverStyle.STRICT);
    private static final Pattern TYPE_CODE = Pattern.compile("\\d{3}");
    private static final Pattern UNSIGNED = Pattern.compile("\\d{1,18}");
    private static final Pattern SIGNED = Pattern.compile("[+-]?\\d{1,18}");
    private static final Pattern TOTAL = Pattern.compile("[+-]?\\d{1,24}");
    private static final Pattern COUNT = Pattern.compile("\\d{1,9}");
    /** Pairs a distributed (D) funds type may list: one for each day of a month is already generous. */
    private static final int MAX_DISTRIBUTIONS = 100;

    private Bai2Values() {}

    /** A three-digit type code, 001 to 999. */
    static boolean isTypeCode(String code) {
        return code != null && TYPE_CODE.matcher(code).matches() && !code.equals("000");
    }

    static CreditDebit direction(Bai2Fields f, String typeCode) {
        if (typeCode == null || !TYPE_CODE.matcher(typeCode).matches()) {
            throw BankFileException.at(f.line(), "typeCode", typeCode, "is not a type code: three digits");
        }
        int code = Integer.parseInt(typeCode);
        if (code >= 100 && code <= 399) {
            return CreditDebit.CREDIT;
        }
        if (code >= 400 && code <= 699) {
            return CreditDebit.DEBIT;
        }
        if (code >= 700) {
            return CreditDebit.UNDETERMINED;
        }
        throw BankFileException.at(
                f.line(),
                "typeCode",
                typeCode,
                "is a status code (001 to 099), which belongs on an account identifier (03), not on a detail");
    }

    /** The funds type and the fields it brings: V a value date and time, S three amounts, D pairs of days and amounts. */
    static FundsAvailability funds(Bai2Fields f, Currency currency) {
        String code = f.next();
        if (code == null || code.isEmpty()) {
            return FundsAvailability.of(FundsAvailability.Type.UNKNOWN);
        }
        FundsAvailability.Type type = FundsAvailability.Type.ofCode(code);
        if (type == null) {
            throw BankFileException.at(f.line(), "fundsType", code, "is not a funds type: 0, 1, 2, S, V, D or Z");
        }
        return switch (type) {
            case VALUE_DATED ->
                new FundsAvailability(type, date(f, "valueDate"), time(f, "valueTime", false), List.of());
            case DISTRIBUTED -> {
                List<FundsAvailability.Portion> portions = new ArrayList<>();
                String[] names = {"immediateAmount", "oneDayAmount", "twoOrMoreDaysAmount"};
                for (int day = 0; day < 3; day++) {
                    Money amount = signedAmount(f, names[day], currency);
                    if (amount != null) {
                        portions.add(new FundsAvailability.Portion(day, amount));
                    }
                }
                yield new FundsAvailability(type, null, null, portions);
            }
            case DISTRIBUTED_BY_DAYS -> {
                String n = f.next();
                if (n == null || !n.matches("\\d{1,3}") || Integer.parseInt(n) > MAX_DISTRIBUTIONS) {
                    throw BankFileException.at(
                            f.line(), "numberOfDistributions", n, "must be a number from 0 to " + MAX_DISTRIBUTIONS);
                }
                List<FundsAvailability.Portion> portions = new ArrayList<>();
                for (int i = 0; i < Integer.parseInt(n); i++) {
                    String days = f.next();
                    if (days == null || !days.matches("\\d{1,3}")) {
                        throw BankFileException.at(
                                f.line(), "availabilityDays", days, "must be a number of days from 0 to 999");
                    }
                    Money amount = signedAmount(f, "availabilityAmount", currency);
                    if (amount == null) {
                        throw BankFileException.at(f.line(), "availabilityAmount", "", "is missing");
                    }
                    portions.add(new FundsAvailability.Portion(Integer.parseInt(days), amount));
                }
                yield new FundsAvailability(type, null, null, portions);
            }
            default -> FundsAvailability.of(type);
        };
    }

    static Money unsignedAmount(Bai2Fields f, String field, String value, Currency currency) {
        if (value == null || value.isEmpty()) {
            throw BankFileException.at(f.line(), field, value == null ? "" : value, "is missing");
        }
        if (!UNSIGNED.matcher(value).matches()) {
            throw BankFileException.at(
                    f.line(), field, value, "is not a whole number of " + BankValues.minorUnits(currency));
        }
        return Money.ofMinor(Long.parseLong(value), currency);
    }

    /** An amount that may be signed ("+" or "-") or left blank (null). */
    static Money signedAmount(Bai2Fields f, String field, Currency currency) {
        String value = f.next();
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (!SIGNED.matcher(value).matches()) {
            throw BankFileException.at(
                    f.line(),
                    field,
                    value,
                    "is not a whole number of " + BankValues.minorUnits(currency) + " (an optional sign, then digits)");
        }
        return Money.ofMinor(Long.parseLong(value), currency);
    }

    /** A trailer's control total, which must equal what the records before it add up to. */
    static void control(Bai2Fields f, String field, BigInteger computed, String what) {
        String value = f.next();
        if (value == null || value.isEmpty()) {
            throw BankFileException.at(f.line(), field, "", "is missing");
        }
        if (!TOTAL.matcher(value).matches()) {
            throw BankFileException.at(
                    f.line(), field, value, "is not a whole number of cents (an optional sign, then digits)");
        }
        BigInteger total = new BigInteger(value.startsWith("+") ? value.substring(1) : value);
        if (!total.equals(computed)) {
            throw BankFileException.at(
                    f.line(), field, value, "does not match " + what + ", which add up to " + computed);
        }
    }

    static void count(Bai2Fields f, String field, long computed, String what) {
        String value = f.next();
        if (value == null || !COUNT.matcher(value).matches()) {
            throw BankFileException.at(f.line(), field, value == null ? "" : value, "must be a count: digits");
        }
        if (Long.parseLong(value) != computed) {
            throw BankFileException.at(f.line(), field, value, "does not match the records: " + what);
        }
    }

    static String plural(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    static Integer optionalCount(Bai2Fields f, String field) {
        String value = f.next();
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (!COUNT.matcher(value).matches()) {
            throw BankFileException.at(f.line(), field, value, "must be a count: digits");
        }
        return Integer.valueOf(value);
    }

    static String required(Bai2Fields f, String field) {
        String value = optional(f, field);
        if (value == null) {
            throw BankFileException.at(f.line(), field, "", "is missing");
        }
        return value;
    }

    static String optional(Bai2Fields f, String field) {
        return BankValues.bounded(f.next(), f.line(), field);
    }

    static LocalDate date(Bai2Fields f, String field) {
        String value = f.next();
        if (value == null || value.isEmpty()) {
            throw BankFileException.at(f.line(), field, "", "is missing");
        }
        try {
            return LocalDate.parse(value, YYMMDD);
        } catch (DateTimeParseException e) {
            throw BankFileException.at(f.line(), field, value, "must be a date as YYMMDD");
        }
    }

    /** HHMM; 2400 and 9999 mean the end of the day. Null when optional and blank. */
    static LocalTime time(Bai2Fields f, String field, boolean required) {
        String value = f.next();
        if (value == null || value.isEmpty()) {
            if (required) {
                throw BankFileException.at(f.line(), field, "", "is missing");
            }
            return null;
        }
        if (value.equals("2400") || value.equals("9999")) {
            return LocalTime.MAX;
        }
        try {
            return LocalTime.parse(value, HHMM);
        } catch (DateTimeParseException e) {
            throw BankFileException.at(f.line(), field, value, "must be a time as HHMM (2400 or 9999: end of day)");
        }
    }
}
