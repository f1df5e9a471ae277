package org.factorline.shared;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.temporal.TemporalAdjusters;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Business days as US banks keep them: Monday to Friday, less the Federal Reserve holidays. Like the
 * Federal Reserve, a holiday on a Sunday is observed the Monday after, and one on a Saturday is not
 * moved (banks are open the Friday before). ACH effective dates and "business days before due" use it.
 */
public final class BusinessCalendar {

    private final ConcurrentHashMap<Integer, Set<LocalDate>> holidaysByYear = new ConcurrentHashMap<>();

    public boolean isBusinessDay(LocalDate date) {
        DayOfWeek day = date.getDayOfWeek();
        return day != DayOfWeek.SATURDAY && day != DayOfWeek.SUNDAY && !isHoliday(date);
    }

    public boolean isHoliday(LocalDate date) {
        return holidaysByYear
                .computeIfAbsent(date.getYear(), BusinessCalendar::federalReserveHolidays)
                .contains(date);
    }

    /** The first business day strictly after {@code date}. */
    public LocalDate nextBusinessDay(LocalDate date) {
        return plusBusinessDays(date, 1);
    }

    /** {@code date} itself when it is a business day, else the next one. */
    public LocalDate onOrAfter(LocalDate date) {
        LocalDate d = date;
        while (!isBusinessDay(d)) {
            d = d.plusDays(1);
        }
        return d;
    }

    /** Moves by whole business days; a negative count moves back. */
    public LocalDate plusBusinessDays(LocalDate date, int days) {
        int step = days >= 0 ? 1 : -1;
        int left = Math.abs(days);
        LocalDate d = date;
        while (left > 0) {
            d = d.plusDays(step);
            if (isBusinessDay(d)) {
                left--;
            }
        }
        return d;
    }

    /** Business days after {@code from} up to and including {@code to}; negative when {@code to} is earlier. */
    public int businessDaysBetween(LocalDate from, LocalDate to) {
        if (to.isBefore(from)) {
            return -businessDaysBetween(to, from);
        }
        int count = 0;
        for (LocalDate d = from.plusDays(1); !d.isAfter(to); d = d.plusDays(1)) {
            if (isBusinessDay(d)) {
                count++;
            }
        }
        return count;
    }

    static Set<LocalDate> federalReserveHolidays(int year) {
        Set<LocalDate> days = new java.util.HashSet<>();
        days.add(observed(LocalDate.of(year, Month.JANUARY, 1)));
        days.add(nth(year, Month.JANUARY, DayOfWeek.MONDAY, 3)); // Birthday of Martin Luther King, Jr.
        days.add(nth(year, Month.FEBRUARY, DayOfWeek.MONDAY, 3)); // Washington's Birthday
        days.add(LocalDate.of(year, Month.MAY, 1).with(TemporalAdjusters.lastInMonth(DayOfWeek.MONDAY)));
        if (year >= 2022) {
            days.add(observed(LocalDate.of(year, Month.JUNE, 19))); // Juneteenth
        }
        days.add(observed(LocalDate.of(year, Month.JULY, 4)));
        days.add(nth(year, Month.SEPTEMBER, DayOfWeek.MONDAY, 1)); // Labor Day
        days.add(nth(year, Month.OCTOBER, DayOfWeek.MONDAY, 2)); // Columbus Day
        days.add(observed(LocalDate.of(year, Month.NOVEMBER, 11))); // Veterans Day
        days.add(nth(year, Month.NOVEMBER, DayOfWeek.THURSDAY, 4)); // Thanksgiving
        days.add(observed(LocalDate.of(year, Month.DECEMBER, 25)));
        return Set.copyOf(days);
    }

    private static LocalDate observed(LocalDate holiday) {
        return holiday.getDayOfWeek() == DayOfWeek.SUNDAY ? holiday.plusDays(1) : holiday;
    }

    private static LocalDate nth(int year, Month month, DayOfWeek day, int n) {
        return LocalDate.of(year, month, 1).with(TemporalAdjusters.dayOfWeekInMonth(n, day));
    }
}
