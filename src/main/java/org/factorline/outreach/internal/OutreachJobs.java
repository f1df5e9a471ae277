package org.factorline.outreach.internal;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import java.time.Duration;
import java.time.ZoneId;
import org.factorline.outreach.Outbox;
import org.factorline.outreach.Planner;
import org.factorline.shared.JobRuns;
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
            JobRuns jobs,
            @Value("${factorline.outreach.planner-cron:0 5 * * * *}") String cron,
            @Value("${factorline.outreach.planner-zone:America/Chicago}") String zone) {
        return jobs.recurring("outreach-planner", Schedules.cron(cron, ZoneId.of(zone)), () -> {
            Planner.Result r = planner.plan();
            return r.debtorMessages() + r.clientMessages() + r.tasks();
        });
    }

    @Bean
    RecurringTask<Void> outboxSender(
            Outbox outbox, JobRuns jobs, @Value("${factorline.outreach.sender-every:PT30S}") Duration every) {
        return jobs.recurring("outbox-sender", FixedDelay.of(every), () -> {
            Outbox.Delivery d = outbox.deliverDue();
            return d.sent() + d.captured() + d.retried() + d.failed();
        });
    }
}
