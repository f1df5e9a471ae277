package org.factorline.outreach;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.UUID;
import org.factorline.outreach.ContactEntry.Channel;
import org.junit.jupiter.api.Test;

/** Relationship health from the contact log: contacts per month, answer time, days to pay. */
class RelationshipHealthTest {

    static ContactEntry entry(String at, Channel channel) {
        return entry(at, channel, "x");
    }

    static ContactEntry entry(String at, Channel channel, String summary) {
        return new ContactEntry(
                UUID.randomUUID(), Instant.parse(at), null, null, null, null, channel, summary, null, "t");
    }

    @Test
    void countsContactsPerMonthAndMeasuresAnswersFromTheEmailBeforeThem() {
        // newest first, as the log reads
        List<ContactEntry> log = List.of(
                entry("2026-03-10T15:00:00Z", Channel.RESPONSE), // a second click: not a second answer
                entry("2026-03-10T14:00:00Z", Channel.RESPONSE),
                entry("2026-03-09T15:00:00Z", Channel.RESPONSE, "Opened the link"), // not an answer
                entry("2026-03-09T14:00:00Z", Channel.EMAIL),
                entry("2026-03-05T12:00:00Z", Channel.CLIENT),
                entry("2026-02-20T10:00:00Z", Channel.CALL),
                entry("2026-02-03T16:00:00Z", Channel.RESPONSE),
                entry("2026-02-02T10:00:00Z", Channel.EMAIL),
                entry("2025-06-01T10:00:00Z", Channel.EMAIL)); // older than six months
        RelationshipHealth h = RelationshipHealth.of(
                log,
                1,
                List.of(
                        new RelationshipHealth.Paid(LocalDate.parse("2026-01-01"), LocalDate.parse("2026-02-15")),
                        new RelationshipHealth.Paid(LocalDate.parse("2026-01-10"), LocalDate.parse("2026-02-10"))),
                LocalDate.parse("2026-03-15"));

        assertThat(h.contactsByMonth()).hasSize(6);
        assertThat(h.contactsByMonth().get(YearMonth.of(2026, 3))).isEqualTo(1);
        assertThat(h.contactsByMonth().get(YearMonth.of(2026, 2))).isEqualTo(2);
        assertThat(h.contactsByMonth().get(YearMonth.of(2025, 10))).isZero();
        assertThat(h.responses()).isEqualTo(2);
        assertThat(h.medianResponseHours()).isEqualTo(24); // 30 and 24 hours: the lower middle
        assertThat(h.disputedInvoices()).isEqualTo(1);
        assertThat(h.closedInvoices()).isEqualTo(2);
        assertThat(h.averageDaysToPay()).isEqualTo(38); // 45 and 31 days
    }

    @Test
    void saysNothingItDoesNotKnow() {
        RelationshipHealth h = RelationshipHealth.of(List.of(), 0, List.of(), LocalDate.parse("2026-03-15"));
        assertThat(h.medianResponseHours()).isNull();
        assertThat(h.averageDaysToPay()).isNull();
        assertThat(h.contactsByMonth().values()).containsOnly(0);
    }
}
