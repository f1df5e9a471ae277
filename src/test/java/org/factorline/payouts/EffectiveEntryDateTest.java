package org.factorline.payouts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.factorline.payouts.PayoutFixtures.CHICAGO;
import static org.factorline.payouts.PayoutFixtures.chicago;
import static org.factorline.payouts.PayoutFixtures.workedExampleAdvance;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.factorline.shared.BusinessCalendar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * When clients get their money: the business day after the file is made, or a later requested day,
 * never a weekend or a Federal Reserve holiday. One row per case.
 */
class EffectiveEntryDateTest {

    private final NachaWriter writer = new NachaWriter(new BusinessCalendar());

    @ParameterizedTest(name = "file made {0} ({1}) -> money on {2}")
    @CsvSource({
        "2026-11-20, FRIDAY,    2026-11-23, the weekend is skipped",
        "2026-11-21, SATURDAY,  2026-11-23, a file made on a weekend goes out on Monday",
        "2026-11-24, TUESDAY,   2026-11-25, an ordinary weekday",
        "2026-11-25, WEDNESDAY, 2026-11-27, Thanksgiving (Thursday 2026-11-26) is a holiday",
        "2026-12-24, THURSDAY,  2026-12-28, Christmas on Friday and then the weekend",
        "2027-01-15, FRIDAY,    2027-01-19, weekend then Martin Luther King Jr. Day",
        "2026-07-02, THURSDAY,  2026-07-03, July 4th on a Saturday is not moved to the Friday",
    })
    void theNextBusinessDayAfterTheFileDate(LocalDate fileDate, DayOfWeek day, LocalDate effective, String why) {
        assertThat(fileDate.getDayOfWeek()).as("the table's own day of week").isEqualTo(day);
        assertThat(writer.effectiveEntryDate(fileDate, null)).as(why).isEqualTo(effective);
        assertThat(writtenEffectiveDate(
                        chicago(fileDate.getYear(), fileDate.getMonthValue(), fileDate.getDayOfMonth(), 9, 0),
                        CHICAGO,
                        null))
                .as(why)
                .isEqualTo(effective);
    }

    @ParameterizedTest(name = "file made {0}, asked for {1} -> money on {2}")
    @CsvSource({
        "2026-11-20, 2026-11-24, 2026-11-24, a later business day is kept",
        "2026-11-20, 2026-11-28, 2026-11-30, a Saturday moves to Monday",
        "2026-11-20, 2026-11-26, 2026-11-27, Thanksgiving moves to Friday",
        "2026-11-20, 2026-11-23, 2026-11-23, the earliest possible day is kept",
        "2026-11-20, 2026-11-20, 2026-11-23, the file date itself is too early: the earliest possible day",
        "2026-11-20, 2026-11-02, 2026-11-23, a past date: the earliest possible day",
    })
    void aRequestedDateIsTheEarliestTheMoneyArrives(
            LocalDate fileDate, LocalDate requested, LocalDate effective, String why) {
        assertThat(writer.effectiveEntryDate(fileDate, requested)).as(why).isEqualTo(effective);
        Instant morning = chicago(fileDate.getYear(), fileDate.getMonthValue(), fileDate.getDayOfMonth(), 9, 0);
        assertThat(writtenEffectiveDate(morning, CHICAGO, requested)).as(why).isEqualTo(effective);
    }

    @Test
    void theFileDateIsCountedInTheFactorsTimeZone() {
        // Thursday 19 November 2026, 21:00 in Chicago, is already Friday 03:00 in UTC.
        Instant thursdayEvening = chicago(2026, 11, 19, 21, 0);
        assertThat(writtenEffectiveDate(thursdayEvening, CHICAGO, null)).isEqualTo(LocalDate.of(2026, 11, 20));
        assertThat(writtenEffectiveDate(thursdayEvening, ZoneOffset.UTC, null)).isEqualTo(LocalDate.of(2026, 11, 23));

        NachaFile file = write(thursdayEvening, CHICAGO, null);
        assertThat(file.header().creationDate()).isEqualTo(LocalDate.of(2026, 11, 19));
        assertThat(file.text().substring(23, 33)).isEqualTo("2611192100");
    }

    private LocalDate writtenEffectiveDate(Instant createdAt, ZoneId zone, LocalDate requested) {
        NachaFile file = write(createdAt, zone, requested);
        String batchHeader = file.text().split("\n")[1];
        LocalDate inTheRecord = LocalDate.parse(
                "20" + batchHeader.substring(69, 75), java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
        assertThat(file.batches().get(0).effectiveEntryDate()).isEqualTo(inTheRecord);
        return inTheRecord;
    }

    private NachaFile write(Instant createdAt, ZoneId zone, LocalDate requested) {
        NachaBatch batch = new NachaBatch("ADVANCE", "", "", requested, List.of(workedExampleAdvance()));
        return writer.write(new NachaFileRequest(PayoutFixtures.ORIGINATOR, createdAt, zone, 'A', "", List.of(batch)));
    }
}
