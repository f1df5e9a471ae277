package org.factorline.ledger.internal;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import java.time.ZoneId;
import org.factorline.ledger.LedgerDayTotals;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The ledger's day totals filled for the closed days ({@link LedgerDayTotals#fill}), on one instance at a time
 * through db-scheduler; every hour, so that a horizon moved back by a back-dated posting comes forward again
 * soon. Nothing is done on the embedded H2 database.
 */
@Configuration(proxyBeanMethods = false)
class LedgerJobs {

    @Bean
    RecurringTask<Void> ledgerDayTotalsJob(
            LedgerDayTotals totals,
            @Value("${factorline.ledger.day-totals.cron:0 15 * * * *}") String cron,
            @Value("${factorline.ledger.day-totals.zone:UTC}") String zone) {
        return Tasks.recurring("ledger-day-totals", Schedules.cron(cron, ZoneId.of(zone)))
                .execute((instance, ctx) -> {
                    if (totals.scheduled()) {
                        totals.fill();
                    }
                });
    }
}
