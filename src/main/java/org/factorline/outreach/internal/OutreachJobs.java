package org.factorline.outreach.internal;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import java.time.Duration;
import java.time.ZoneId;
import org.factorline.outreach.Outbox;
import org.factorline.outreach.Planner;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The planner runs every hour (a run adds only what became due since the last; the contact policy places
 * each message in the debtor's business hours) and the outbox sender every 30 seconds, each on one
 * instance at a time through db-scheduler.
 */
@Configuration(proxyBeanMethods = false)
class OutreachJobs {

    @Bean
    RecurringTask<Void> outreachPlanner(
            Planner planner,
            @Value("${factorline.outreach.planner-cron:0 5 * * * *}") String cron,
            @Value("${factorline.outreach.planner-zone:America/Chicago}") String zone) {
        return Tasks.recurring("outreach-planner", Schedules.cron(cron, ZoneId.of(zone)))
                .execute((instance, ctx) -> planner.plan());
    }

    @Bean
    RecurringTask<Void> outboxSender(
            Outbox outbox, @Value("${factorline.outreach.sender-every:PT30S}") Duration every) {
        return Tasks.recurring("outbox-sender", FixedDelay.of(every)).execute((instance, ctx) -> outbox.deliverDue());
    }
}
