package org.factorline.outreach;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.UUID;
import org.factorline.debtors.DebtorId;
import org.factorline.shared.BusinessCalendar;
import org.factorline.shared.FieldProblem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The contact policy on its own: business hours and days where the debtor is, one message a business day
 * and three a rolling week per mailbox across all clients, and a client's rule that can only tighten it.
 */
class ContactPolicyTest {

    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    static final ZoneId LOS_ANGELES = ZoneId.of("America/Los_Angeles");
    static final LocalTime NINE = LocalTime.of(9, 0);
    static final LocalTime FIVE = LocalTime.of(17, 0);
    static final UUID CLIENT = UUID.fromString("0190f2a4-0000-7000-8000-00000000c11e");
    static final DebtorId DEBTOR = new DebtorId(UUID.fromString("0190f2a4-0000-7000-8000-0000000de870"));
    static final String OTHER_CLIENT = "Other Client Holdings";

    final ContactPolicy policy = new ContactPolicy(new BusinessCalendar(), NINE, FIVE);
    final ContactSettings settings = ContactSettings.defaults();
    final ContactRule none = ContactRule.none(CLIENT, DEBTOR);

    static Instant at(String localDateTime, ZoneId zone) {
        return ZonedDateTime.of(java.time.LocalDateTime.parse(localDateTime), zone)
                .toInstant();
    }

    static LocalDate d(String date) {
        return LocalDate.parse(date);
    }

    static ContactPolicy.History mailbox(String... days) {
        return new ContactPolicy.History(
                List.of(days).stream().map(LocalDate::parse).toList(), List.of());
    }

    static ContactPolicy.History pair(String... days) {
        List<LocalDate> ds = List.of(days).stream().map(LocalDate::parse).toList();
        return new ContactPolicy.History(ds, ds);
    }

    static ContactRule rule(Integer maxPerWeek, Integer minDaysBetween, LocalTime quietBefore, LocalTime quietAfter) {
        return new ContactRule(
                CLIENT,
                DEBTOR,
                maxPerWeek,
                minDaysBetween,
                true,
                true,
                quietBefore,
                quietAfter,
                false,
                null,
                null,
                null);
    }

    ContactPolicy.Decision decide(Instant now, ZoneId zone, ContactRule rule, ContactPolicy.History history) {
        ContactPolicy.Decision decision = policy.decide(now, zone, settings, rule, history);
        assertThat(decision.reason()).doesNotContain(OTHER_CLIENT).doesNotContain(CLIENT.toString());
        return decision;
    }

    // ---- hours and days where the debtor is ----

    @Test
    void theSameMorningInstantIsBusinessHoursInNewYorkButTooEarlyInLosAngeles() {
        Instant now = Instant.parse("2026-03-03T14:30:00Z"); // a Tuesday: 09:30 in New York, 06:30 in Los Angeles

        assertThat(decide(now, NEW_YORK, none, mailbox()))
                .isEqualTo(new ContactPolicy.Send(d("2026-03-03"), now, "within the contact policy; goes out now"));
        assertThat(decide(now, LOS_ANGELES, none, mailbox()))
                .isEqualTo(new ContactPolicy.Send(
                        d("2026-03-03"),
                        at("2026-03-03T09:00", LOS_ANGELES),
                        "within the contact policy; goes out at 09:00 America/Los_Angeles on 2026-03-03"));
    }

    @Test
    void theSameEveningInstantIsAfterHoursInNewYorkButBusinessHoursInLosAngeles() {
        Instant now = Instant.parse("2026-03-03T22:30:00Z"); // 17:30 in New York, 14:30 in Los Angeles

        assertThat(policy.slot(now, NEW_YORK, none)).isEqualTo(ZonedDateTime.of(d("2026-03-04"), NINE, NEW_YORK));
        assertThat(policy.slot(now, LOS_ANGELES, none).toInstant()).isEqualTo(now);
    }

    @ParameterizedTest(name = "{0} in {1} goes out {2}")
    @CsvSource({
        // Friday after hours: next Monday 09:00 local (New York moves to summer time on March 8, 2026)
        "2026-03-06T17:30, America/New_York,    2026-03-09T09:00",
        "2026-03-06T17:00, America/Los_Angeles, 2026-03-09T09:00",
        "2026-03-06T16:59, America/New_York,    2026-03-06T16:59",
        "2026-03-07T10:00, America/New_York,    2026-03-09T09:00",
        "2026-03-08T23:59, America/Los_Angeles, 2026-03-09T09:00",
        // Memorial Day, May 25, 2026, is a Federal holiday: the Friday before after hours goes on the Tuesday
        "2026-05-22T18:00, America/Los_Angeles, 2026-05-26T09:00",
        "2026-05-25T10:00, America/New_York,    2026-05-26T09:00",
        "2026-05-26T08:59, America/New_York,    2026-05-26T09:00",
        // Christmas Day, a Friday in 2026
        "2026-12-24T17:05, America/Los_Angeles, 2026-12-28T09:00",
    })
    void onlyBusinessHoursAndBusinessDaysWhereTheDebtorIs(String localNow, String zone, String localSlot) {
        ZoneId z = ZoneId.of(zone);
        Instant now = at(localNow, z);

        ContactPolicy.Decision decision = decide(now, z, none, mailbox());

        Instant expected = at(localSlot, z);
        assertThat(decision).isInstanceOfSatisfying(ContactPolicy.Send.class, s -> {
            assertThat(s.notBefore()).isEqualTo(expected);
            assertThat(s.localDate()).isEqualTo(expected.atZone(z).toLocalDate());
        });
    }

    // ---- the mailbox's caps, across all clients ----

    @Test
    void oneMessageABusinessDayPerMailboxWhicheverClientSentIt() {
        Instant now = at("2026-03-04T11:00", NEW_YORK);

        ContactPolicy.Decision decision = decide(now, NEW_YORK, none, mailbox("2026-03-04"));

        assertThat(decision).isInstanceOfSatisfying(ContactPolicy.Delay.class, delay -> {
            assertThat(delay.earliest()).isEqualTo(d("2026-03-05"));
            assertThat(delay.reason())
                    .contains("already has a message from the factor on 2026-03-04")
                    .contains("at most one a business day across all clients");
        });
        assertThat(decide(now, NEW_YORK, none, mailbox("2026-03-03"))).isInstanceOf(ContactPolicy.Send.class);
    }

    @Test
    void aMessageWaitingForFridayAfterHoursCountsAgainstMondaysCap() {
        Instant fridayEvening = at("2026-03-06T18:00", NEW_YORK);

        ContactPolicy.Decision decision = decide(fridayEvening, NEW_YORK, none, mailbox("2026-03-09"));

        assertThat(decision)
                .isInstanceOfSatisfying(
                        ContactPolicy.Delay.class,
                        delay -> assertThat(delay.earliest()).isEqualTo(d("2026-03-10")));
    }

    @Test
    void threeMessagesARolling7DaysPerMailbox() {
        Instant thursday = at("2026-03-05T10:00", NEW_YORK);

        ContactPolicy.Decision decision =
                decide(thursday, NEW_YORK, none, mailbox("2026-03-02", "2026-03-03", "2026-03-04"));

        assertThat(decision).isInstanceOfSatisfying(ContactPolicy.Delay.class, delay -> {
            // Monday the 9th is the first day whose 7 days hold fewer than three
            assertThat(delay.earliest()).isEqualTo(d("2026-03-09"));
            assertThat(delay.reason())
                    .contains("has had 3 messages from the factor in the 7 days to 2026-03-05")
                    .contains("at most 3 across all clients");
        });
        assertThat(decide(thursday, NEW_YORK, none, mailbox("2026-02-27", "2026-02-28", "2026-03-02")))
                .as("February 27 is the first of the 7 days to March 5")
                .isInstanceOf(ContactPolicy.Delay.class);
        assertThat(decide(thursday, NEW_YORK, none, mailbox("2026-02-26", "2026-02-27", "2026-02-28")))
                .as("February 26 is outside the 7 days to March 5")
                .isInstanceOf(ContactPolicy.Send.class);
    }

    @Test
    void anAgreementMayLowerTheWeeklyCapButNotRaiseItAboveThree() {
        Instant thursday = at("2026-03-05T10:00", NEW_YORK);
        ContactSettings two = settings.with(new ContactSettings.Overrides(2, null, null, null, null, null, null, null));
        ContactSettings five = new ContactSettings(5, 5, 2, 5, 3, 7, 2, 1);

        assertThat(policy.decide(thursday, NEW_YORK, two, none, mailbox("2026-03-02", "2026-03-03")))
                .isInstanceOfSatisfying(
                        ContactPolicy.Delay.class,
                        delay -> assertThat(delay.reason()).contains("at most 2 across all clients"));
        assertThat(policy.decide(thursday, NEW_YORK, five, none, mailbox("2026-03-02", "2026-03-03", "2026-03-04")))
                .isInstanceOfSatisfying(
                        ContactPolicy.Delay.class,
                        delay -> assertThat(delay.reason()).contains("at most 3 across all clients"));
    }

    // ---- the client's rule only tightens ----

    @Test
    void theClientsWeeklyCapCountsOnlyItsOwnMessages() {
        Instant thursday = at("2026-03-05T10:00", NEW_YORK);
        ContactRule onceAWeek = rule(1, null, null, null);

        assertThat(decide(thursday, NEW_YORK, onceAWeek, pair("2026-03-02")))
                .isInstanceOfSatisfying(ContactPolicy.Delay.class, delay -> {
                    assertThat(delay.earliest()).isEqualTo(d("2026-03-09"));
                    assertThat(delay.reason())
                            .isEqualTo("the client asked for at most 1 a week to this customer; 1 in the 7 days to"
                                    + " 2026-03-05");
                });
        // another client's message on Monday fills the mailbox, not this client's week
        assertThat(decide(thursday, NEW_YORK, onceAWeek, mailbox("2026-03-02"))).isInstanceOf(ContactPolicy.Send.class);
    }

    @Test
    void theClientsSpacingHoldsBackTheNextMessage() {
        Instant thursday = at("2026-03-05T10:00", NEW_YORK);
        ContactRule spaced = rule(null, 5, null, null);

        assertThat(decide(thursday, NEW_YORK, spaced, pair("2026-03-02")))
                .isInstanceOfSatisfying(ContactPolicy.Delay.class, delay -> {
                    assertThat(delay.earliest()).isEqualTo(d("2026-03-07"));
                    assertThat(delay.reason())
                            .contains("at least 5 days between messages to this customer")
                            .contains("the last was on 2026-03-02");
                });
        assertThat(decide(thursday, NEW_YORK, spaced, pair("2026-02-28"))).isInstanceOf(ContactPolicy.Send.class);
    }

    @Test
    void theClientsQuietHoursNarrowTheDay() {
        ContactRule narrow = rule(null, null, LocalTime.of(11, 0), LocalTime.of(15, 0));

        assertThat(policy.slot(at("2026-03-04T09:30", NEW_YORK), NEW_YORK, narrow))
                .isEqualTo(ZonedDateTime.of(d("2026-03-04"), LocalTime.of(11, 0), NEW_YORK));
        assertThat(policy.slot(at("2026-03-04T12:00", NEW_YORK), NEW_YORK, narrow)
                        .toInstant())
                .isEqualTo(at("2026-03-04T12:00", NEW_YORK));
        assertThat(policy.slot(at("2026-03-04T15:00", NEW_YORK), NEW_YORK, narrow))
                .isEqualTo(ZonedDateTime.of(d("2026-03-05"), LocalTime.of(11, 0), NEW_YORK));
        assertThat(decide(at("2026-03-06T15:30", LOS_ANGELES), LOS_ANGELES, narrow, mailbox()))
                .isInstanceOfSatisfying(
                        ContactPolicy.Send.class,
                        s -> assertThat(s.reason()).endsWith("goes out at 11:00 America/Los_Angeles on 2026-03-09"));
    }

    @Test
    void noEmailOrAZeroWeeklyCapMeansAPersonTakesOver() {
        Instant now = at("2026-03-04T10:00", NEW_YORK);
        ContactRule noEmail =
                new ContactRule(CLIENT, DEBTOR, null, null, false, true, null, null, false, null, null, null);

        assertThat(decide(now, NEW_YORK, noEmail, mailbox()))
                .isInstanceOfSatisfying(
                        ContactPolicy.Refuse.class,
                        r -> assertThat(r.reason()).contains("no e-mail").contains("a person will phone"));
        assertThat(decide(now, NEW_YORK, rule(0, null, null, null), mailbox()))
                .isInstanceOfSatisfying(
                        ContactPolicy.Refuse.class, r -> assertThat(r.reason()).contains("no automated messages"));
    }

    // ---- a rule that would loosen the policy is refused ----

    @ParameterizedTest(name = "maxPerWeek={0} minDays={1} quiet {2}..{3} refused on {4}")
    @CsvSource({
        "4,  ,   ,      , maxPerWeek",
        "-1, ,   ,      , maxPerWeek",
        "  , 61, ,      , minDaysBetween",
        "  , -1, ,      , minDaysBetween",
        "  , ,   08:00, , quietBefore",
        "  , ,   ,      18:00, quietAfter",
        "  , ,   16:30, , quietAfter",
        "  , ,   12:00, 12:30, quietAfter",
        // quiet hours wholly outside business hours
        "  , ,   23:30, , quietBefore",
        "  , ,   17:00, , quietBefore",
        "  , ,   ,      08:00, quietAfter",
        "  , ,   ,      00:30, quietAfter",
    })
    void aRuleThatWouldLoosenThePolicyIsRefused(
            Integer maxPerWeek, Integer minDays, LocalTime quietBefore, LocalTime quietAfter, String field) {
        ContactRule loose = rule(maxPerWeek, minDays, quietBefore, quietAfter);

        List<FieldProblem> problems = loose.validate(settings, NINE, FIVE).problems();

        assertThat(problems).extracting(FieldProblem::field).contains(field);
    }

    @Test
    void lateEveningQuietHoursWereAcceptedBecauseAnHourAfter2330WrapsToMorning() {
        ContactRule lateEvening = rule(null, null, LocalTime.of(23, 30), null);

        assertThat(lateEvening.validate(settings, NINE, FIVE).problems())
                .extracting(FieldProblem::field)
                .contains("quietBefore");
        // what such a rule would have done: a message at 23:30 at the debtor's
        assertThat(policy.slot(at("2026-03-04T10:00", NEW_YORK), NEW_YORK, lateEvening)
                        .toLocalTime())
                .isEqualTo(LocalTime.of(23, 30));
    }

    @Test
    void theWeeklyCapOfTheAgreementBoundsTheClientsRule() {
        ContactSettings two = settings.with(new ContactSettings.Overrides(2, null, null, null, null, null, null, null));

        assertThat(rule(3, null, null, null).validate(two, NINE, FIVE).problems())
                .singleElement()
                .satisfies(p -> assertThat(p.toString()).contains("maxPerWeek").contains("from 0 to 2"));
    }

    @Test
    void aRuleThatTightensIsAccepted() {
        assertThat(rule(1, 7, LocalTime.of(10, 0), LocalTime.of(15, 0))
                        .validate(settings, NINE, FIVE)
                        .isEmpty())
                .isTrue();
        assertThat(rule(0, 0, NINE, FIVE).validate(settings, NINE, FIVE).isEmpty())
                .isTrue();
        assertThat(none.validate(settings, NINE, FIVE).isEmpty()).isTrue();
        assertThat(rule(3, null, LocalTime.of(16, 0), null)
                        .validate(settings, NINE, FIVE)
                        .isEmpty())
                .isTrue();
    }
}
