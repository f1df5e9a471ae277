package org.factorline.settlement.internal;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import java.time.ZoneId;
import org.factorline.settlement.Recourse;
import org.factorline.shared.JobRuns;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The daily recourse sweep, on one instance at a time through db-scheduler. */
@Configuration(proxyBeanMethods = false)
class SettlementJobs {

    @Bean
    RecurringTask<Void> recourseSweep(
            Recourse recourse,
            JobRuns jobs,
            @Value("${factorline.recourse.cron:0 30 6 * * *}") String cron,
            @Value("${factorline.recourse.zone:America/Chicago}") String zone) {
        return jobs.recurring("recourse-sweep", Schedules.cron(cron, ZoneId.of(zone)), () -> {
            recourse.daily();
            return JobRuns.NO_COUNT;
        });
    }
}
