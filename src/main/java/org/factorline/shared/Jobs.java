package org.factorline.shared;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerBuilder;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.event.SchedulerListener;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The recurring jobs of every module (the outreach planner, the outbox sender, the recourse sweep) on
 * db-scheduler: each job's next run is a row in {@code scheduled_tasks}, and an instance runs it only
 * after claiming that row, so two or more instances on one database never run a job twice at once.
 * Modules contribute {@link RecurringTask} beans; tests switch the scheduler off
 * ({@code factorline.jobs.enabled=false}) and call the jobs' services themselves with a clock they move.
 *
 * <p>Each instance looks for due jobs every {@code factorline.jobs.polling-interval} (10 s; a job is at most
 * that late) and names itself in {@code scheduled_tasks.picked_by} as {@code factorline.jobs.scheduler-name}
 * (the host name unless set, so two instances on one host should each set their own). Any
 * {@link SchedulerListener} beans see each job run start and end.
 */
@Configuration(proxyBeanMethods = false)
public class Jobs {

    private static final Logger log = LoggerFactory.getLogger(Jobs.class);

    @Bean
    @ConditionalOnProperty(name = "factorline.jobs.enabled", havingValue = "true", matchIfMissing = true)
    JobScheduler jobScheduler(
            DataSource dataSource,
            List<RecurringTask<?>> tasks,
            ObjectProvider<SchedulerListener> listeners,
            @Value("${factorline.jobs.polling-interval:PT10S}") Duration pollingInterval,
            @Value("${factorline.jobs.scheduler-name:}") String name) {
        SchedulerBuilder builder = Scheduler.create(dataSource)
                .startTasks(tasks)
                .pollingInterval(pollingInterval)
                // a running job marks itself alive this often; after 6 missed beats (an instance that died
                // mid-run) another instance reschedules it
                .heartbeatInterval(Duration.ofSeconds(30))
                // on shutdown, wait this long for running jobs (not db-scheduler's 30 minutes); a job cut off
                // stops within its transaction, and its row is taken over as above
                .shutdownMaxWait(Duration.ofSeconds(30))
                .threads(2);
        if (!name.isBlank()) {
            builder.schedulerName(new SchedulerName.Fixed(name));
        }
        listeners.orderedStream().forEach(builder::addSchedulerListener);
        log.info(
                "Recurring jobs: {}, polled every {}",
                tasks.stream().map(RecurringTask::getName).sorted().toList(),
                pollingInterval);
        return new JobScheduler(builder.build());
    }

    /** Starts the scheduler once the application is up and stops it, letting running jobs finish, on shutdown. */
    public static final class JobScheduler implements SmartLifecycle {

        private final Scheduler scheduler;
        private volatile boolean running;

        JobScheduler(Scheduler scheduler) {
            this.scheduler = scheduler;
        }

        @Override
        public void start() {
            scheduler.start();
            running = true;
        }

        @Override
        public void stop() {
            scheduler.stop();
            running = false;
        }

        @Override
        public boolean isRunning() {
            return running;
        }

        @Override
        public int getPhase() {
            // after the web server, so a job never runs against a half-started application
            return Integer.MAX_VALUE - 100;
        }
    }
}
