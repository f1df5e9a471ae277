package org.factorline.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BusinessCalendarTest {

    private final BusinessCalendar calendar = new BusinessCalendar();

    /** The Federal Reserve's published holiday schedule, as the banks are closed. */
    @ParameterizedTest(name = "{0} {1} is a bank holiday")
    @CsvSource({
        "2026-01-01, New Year's Day",
        "2026-01-19, Birthday of Martin Luther King Jr.",
        "2026-02-16, Washington's Birthday",
        "2026-05-25, Memorial Day",
        "2026-06-19, Juneteenth",
        "2026-09-07, Labor Day",
        "2026-10-12, Columbus Day",
        "2026-11-11, Veterans Day",
        "2026-11-26, Thanksgiving Day",
        "2026-12-25, Christmas Day",
        "2027-01-01, New Year's Day",
        "2027-01-18, Birthday of Martin Luther King Jr.",
        "2027-02-15, Washington's Birthday",
        "2027-05-31, Memorial Day",
        "2027-07-05, Independence Day (Sunday July 4 observed Monday)",
        "2027-09-06, Labor Day",
        "2027-10-11, Columbus Day",
        "2027-11-11, Veterans Day",
        "2027-11-25, Thanksgiving Day",
        "2022-06-20, Juneteenth (Sunday June 19 observed Monday)",
        "2023-01-02, New Year's Day (Sunday observed Monday)",
        "2022-12-26, Christmas Day (Sunday observed Monday)"
    })
    void weekdayHolidaysAreNotBusinessDays(LocalDate date, String name) {
        assertThat(calendar.isHoliday(date)).as(name).isTrue();
        assertThat(calendar.isBusinessDay(date)).as(name).isFalse();
    }

    /** A holiday on a Saturday is not moved: the Federal Reserve is open the Friday before. */
    @ParameterizedTest(name = "{0} is a business day: {1}")
    @CsvSource({
        "2026-07-03, Friday before Independence Day on Saturday July 4 2026",
        "2026-07-06, Monday after Independence Day on Saturday (not observed)",
        "2027-06-18, Friday before Juneteenth on Saturday June 19 2027",
        "2027-12-24, Friday before Christmas on Saturday December 25 2027",
        "2027-12-27, Monday after Christmas on Saturday (not observed)",
        "2027-12-31, Friday before New Year's Day on Saturday January 1 2028",
        "2028-01-03, Monday after New Year's Day on Saturday (not observed)",
        "2026-11-27, Friday after Thanksgiving",
        "2026-12-24, Christmas Eve",
        "2026-03-02, an ordinary Monday"
    })
    void daysAroundSaturdayHolidaysAreBusinessDays(LocalDate date, String why) {
        assertThat(calendar.isHoliday(date)).as(why).isFalse();
        assertThat(calendar.isBusinessDay(date)).as(why).isTrue();
    }

    @Test
    void theWholeHolidayListOf2026And2027() {
        assertThat(BusinessCalendar.federalReserveHolidays(2026))
                .containsExactlyInAnyOrder(
                        d("2026-01-01"),
                        d("2026-01-19"),
                        d("2026-02-16"),
                        d("2026-05-25"),
                        d("2026-06-19"),
                        d("2026-07-04"), // a Saturday, kept as is
                        d("2026-09-07"),
                        d("2026-10-12"),
                        d("2026-11-11"),
                        d("2026-11-26"),
                        d("2026-12-25"));
        assertThat(BusinessCalendar.federalReserveHolidays(2027))
                .containsExactlyInAnyOrder(
                        d("2027-01-01"),
                        d("2027-01-18"),
                        d("2027-02-15"),
                        d("2027-05-31"),
                        d("2027-06-19"), // a Saturday, kept as is
                        d("2027-07-05"),
                        d("2027-09-06"),
                        d("2027-10-11"),
                        d("2027-11-11"),
                        d("2027-11-25"),
                        d("2027-12-25")); // a Saturday, kept as is
        assertThat(BusinessCalendar.federalReserveHolidays(2028)).contains(d("2028-01-01"));
        assertThat(BusinessCalendar.federalReserveHolidays(2027)).doesNotContain(d("2027-12-31"));
        assertThat(d("2026-07-04").getDayOfWeek()).isEqualTo(DayOfWeek.SATURDAY);
        assertThat(d("2027-12-25").getDayOfWeek()).isEqualTo(DayOfWeek.SATURDAY);
        assertThat(d("2028-01-01").getDayOfWeek()).isEqualTo(DayOfWeek.SATURDAY);
        assertThat(d("2027-07-04").getDayOfWeek()).isEqualTo(DayOfWeek.SUNDAY);
    }

    @Test
    void juneteenthOnlyFrom2022() {
        assertThat(BusinessCalendar.federalReserveHolidays(2021)).doesNotContain(d("2021-06-18"), d("2021-06-21"));
        assertThat(BusinessCalendar.federalReserveHolidays(2021)).hasSize(10);
        assertThat(Set.copyOf(BusinessCalendar.federalReserveHolidays(2022))).hasSize(11);
    }

    @Test
    void weekendsAreNotBusinessDays() {
        assertThat(calendar.isBusinessDay(d("2026-03-07"))).isFalse(); // Saturday
        assertThat(calendar.isBusinessDay(d("2026-03-08"))).isFalse(); // Sunday
        assertThat(calendar.isHoliday(d("2026-03-07"))).isFalse();
    }

    @ParameterizedTest(name = "{0} plus {1} business days is {2}")
    @CsvSource({
        "2026-09-04,  1, 2026-09-08", // Friday over the Labor Day weekend to Tuesday
        "2026-09-08, -1, 2026-09-04", // and back
        "2026-09-04,  0, 2026-09-04",
        "2026-09-05,  1, 2026-09-08", // from a Saturday
        "2026-12-24,  1, 2026-12-28", // Christmas on Friday
        "2027-07-02,  1, 2027-07-06", // Independence Day observed on Monday July 5
        "2027-07-06, -1, 2027-07-02",
        "2026-11-25,  2, 2026-11-30", // over Thanksgiving
        "2026-12-31,  1, 2027-01-04", // New Year's Day on Friday
        "2026-07-02,  1, 2026-07-03", // the Friday before a Saturday holiday is open
        "2026-03-02, 10, 2026-03-16"
    })
    void plusBusinessDays(LocalDate from, int days, LocalDate expected) {
        assertThat(calendar.plusBusinessDays(from, days)).isEqualTo(expected);
    }

    @Test
    void nextBusinessDayAndOnOrAfter() {
        assertThat(calendar.nextBusinessDay(d("2026-09-04"))).isEqualTo(d("2026-09-08"));
        assertThat(calendar.nextBusinessDay(d("2026-09-08"))).isEqualTo(d("2026-09-09"));
        assertThat(calendar.onOrAfter(d("2026-09-05"))).isEqualTo(d("2026-09-08"));
        assertThat(calendar.onOrAfter(d("2026-09-07"))).isEqualTo(d("2026-09-08"));
        assertThat(calendar.onOrAfter(d("2026-09-08"))).isEqualTo(d("2026-09-08"));
    }

    @ParameterizedTest(name = "business days after {0} up to {1}: {2}")
    @CsvSource({
        "2026-09-04, 2026-09-08,  1", // Labor Day weekend
        "2026-09-08, 2026-09-04, -1",
        "2026-09-04, 2026-09-04,  0",
        "2026-09-05, 2026-09-07,  0", // Saturday to the holiday Monday
        "2026-11-30, 2026-12-31, 22", // December 2026: 23 weekdays less Christmas
        "2026-12-31, 2027-12-31, 252", // all of 2027: 261 weekdays less 9 weekday holidays
        "2026-03-02, 2026-03-09,  5"
    })
    void businessDaysBetween(LocalDate from, LocalDate to, int expected) {
        assertThat(calendar.businessDaysBetween(from, to)).isEqualTo(expected);
    }

    @Test
    void plusAndBetweenAgree() {
        LocalDate start = d("2026-01-02");
        for (int n = 0; n <= 300; n++) {
            LocalDate end = calendar.plusBusinessDays(start, n);
            assertThat(calendar.businessDaysBetween(start, end)).as("n = %d", n).isEqualTo(n);
            assertThat(calendar.plusBusinessDays(end, -n))
                    .as("back from %s", end)
                    .isEqualTo(start);
        }
    }

    private static LocalDate d(String iso) {
        return LocalDate.parse(iso);
    }
}
