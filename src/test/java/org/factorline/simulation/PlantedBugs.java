package org.factorline.simulation;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import org.factorline.outreach.ContactPolicy;
import org.factorline.outreach.ContactRule;
import org.factorline.outreach.ContactSettings;
import org.factorline.shared.BusinessCalendar;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * Deliberate faults for proving that the simulator catches what it claims to catch. Test code only: each is
 * a configuration added to the simulated application, and production never sees them.
 */
public final class PlantedBugs {

    private PlantedBugs() {}

    /**
     * A realistic slip in the contact policy: the mailbox cap counted per client instead of across all
     * clients, so a mailbox that two clients sell to can hear from both on the same day and more than three
     * times a week.
     */
    @TestConfiguration(proxyBeanMethods = false)
    public static class MailboxCapCountedPerClient {

        @Bean
        @Primary
        ContactPolicy mailboxCapCountedPerClient(BusinessCalendar calendar) {
            return new ContactPolicy(calendar, LocalTime.of(9, 0), LocalTime.of(17, 0)) {
                @Override
                public Decision decide(
                        Instant now, ZoneId zone, ContactSettings settings, ContactRule rule, History history) {
                    return super.decide(now, zone, settings, rule, new History(history.pairDays(), history.pairDays()));
                }
            };
        }
    }
}
