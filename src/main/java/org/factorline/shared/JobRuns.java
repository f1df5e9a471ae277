package org.factorline.shared;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedule;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import org.springframework.stereotype.Component;

/**
 * Runs the recurring jobs and counts them for operators: per job ({@code job} tag, the db-scheduler task name)
 * the runs by outcome, how long each took, when it last succeeded (epoch seconds, from the application's
 * clock) and how many items it handled when the job says. The figures are this instance's: with several
 * instances, take the sum of the counters and the maximum of the last-success time across them.
 *
 * <p>Meters exist from the start (a job that never ran shows a last success of 0), so an alert on a job that
 * has not succeeded for too long also fires after a restart that never got to run it.
 */
@Component
public class JobRuns {

    /** What a job returns when it has no count of items to report. */
    public static final int NO_COUNT = -1;

    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<String, Meters> meters = new ConcurrentHashMap<>();

    public JobRuns(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    private record Meters(Counter success, Counter failure, Timer duration, AtomicLong lastSuccess, Counter items) {}

    /** A db-scheduler recurring task that runs {@code work} through {@link #run}. */
    public RecurringTask<Void> recurring(String job, Schedule schedule, IntSupplier work) {
        meters(job);
        return Tasks.recurring(job, schedule).execute((instance, ctx) -> run(job, work));
    }

    /**
     * Runs one job once, counting it; {@code work} returns the items it handled, or {@link #NO_COUNT}. A
     * failure is counted and thrown on, for db-scheduler to record and retry at the next run.
     */
    public void run(String job, IntSupplier work) {
        Meters m = meters(job);
        Timer.Sample sample = Timer.start(registry);
        try {
            int items = work.getAsInt();
            m.success().increment();
            m.lastSuccess().set(clock.instant().getEpochSecond());
            if (items > 0) {
                m.items().increment(items);
            }
        } catch (RuntimeException | Error e) {
            m.failure().increment();
            throw e;
        } finally {
            sample.stop(m.duration());
        }
    }

    private Meters meters(String job) {
        return meters.computeIfAbsent(job, j -> {
            AtomicLong last = new AtomicLong();
            Gauge.builder("factorline.job.last.success", last, AtomicLong::get)
                    .description(
                            "When the job last succeeded on this instance, in seconds since the epoch (0: not yet)")
                    .baseUnit("seconds")
                    .tag("job", j)
                    .register(registry);
            return new Meters(
                    Counter.builder("factorline.job.runs")
                            .description("Job runs by outcome")
                            .tag("job", j)
                            .tag("outcome", "success")
                            .register(registry),
                    Counter.builder("factorline.job.runs")
                            .description("Job runs by outcome")
                            .tag("job", j)
                            .tag("outcome", "failure")
                            .register(registry),
                    Timer.builder("factorline.job.duration")
                            .description("How long each job run took")
                            .tag("job", j)
                            .register(registry),
                    last,
                    Counter.builder("factorline.job.items")
                            .description("Items the job handled (messages planned or sent, digests, webhook events)")
                            .tag("job", j)
                            .register(registry));
        });
    }
}
