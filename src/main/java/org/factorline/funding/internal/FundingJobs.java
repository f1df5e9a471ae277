package org.factorline.funding.internal;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import java.time.ZoneId;
import org.factorline.funding.FeeAccrual;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The daily fee accrual, on one instance at a time through db-scheduler. Early in the morning, before the
 * recourse sweep (06:30) and the day's reports; a run missed while every instance was down runs when one
 * comes back, and works the fee out through that day.
 */
@Configuration(proxyBeanMethods = false)
class FundingJobs {

    @Bean
    RecurringTask<Void> feeAccrualJob(
            FeeAccrual accrual,
            @Value("${factorline.accrual.cron:0 15 5 * * *}") String cron,
            @Value("${factorline.accrual.zone:America/Chicago}") String zone) {
        return Tasks.recurring("fee-accrual", Schedules.cron(cron, ZoneId.of(zone)))
                .execute((instance, ctx) -> accrual.daily());
    }
}
