package org.factorline.shared;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 */
@Configuration(proxyBeanMethods = false)
public class Jobs {

    private static final Logger log = LoggerFactory.getLogger(Jobs.class);

    @Bean
    @ConditionalOnProperty(name = "factorline.jobs.enabled", havingValue = "true", matchIfMissing = true)
    JobScheduler jobScheduler(DataSource dataSource, List<RecurringTask<?>> tasks) {
        Scheduler scheduler = Scheduler.create(dataSource)
                .startTasks(tasks)
                .pollingInterval(Duration.ofSeconds(10))
                .heartbeatInterval(Duration.ofSeconds(30))
                .threads(2)
                .build();
        log.info(
                "Recurring jobs: {}",
                tasks.stream().map(RecurringTask::getName).sorted().toList());
        return new JobScheduler(scheduler);
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
