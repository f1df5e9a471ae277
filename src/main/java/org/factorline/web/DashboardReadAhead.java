package org.factorline.web;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Reads the staff dashboard's earlier figures ahead of visits ({@link StaffDashboard#readAhead}): once as soon
 * as the application is up, then every {@code factorline.dashboard.read-ahead} (10 minutes, under the quarter
 * hour a figure is kept). Over a large book the earlier weeks' points take seconds to read; this way a visit finds
 * them kept and reads only today's. It runs with the recurring jobs ({@code factorline.jobs.enabled}; tests and
 * the command-line tools turn them off), on each instance for its own dashboard, on one thread of its own.
 */
@Component
public class DashboardReadAhead implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DashboardReadAhead.class);

    private final StaffDashboard dashboard;
    private final boolean jobs;
    private final Duration every;
    private ScheduledExecutorService executor;

    DashboardReadAhead(
            StaffDashboard dashboard,
            @Value("${factorline.jobs.enabled:true}") String jobs,
            @Value("${factorline.dashboard.read-ahead:PT10M}") Duration every) {
        if (every.isNegative() || every.isZero() || every.compareTo(StaffDashboard.PAST_POINTS_KEPT) >= 0) {
            throw new IllegalArgumentException("factorline.dashboard.read-ahead: " + every
                    + " must be above zero and under the " + StaffDashboard.PAST_POINTS_KEPT
                    + " a figure is kept");
        }
        this.dashboard = dashboard;
        // read as the recurring jobs read it (on only when "true"), so that a setting given twice, as a command
        // that turns the jobs off is sometimes given it again, reads "false,false" and is off, not an error
        this.jobs = "true".equalsIgnoreCase(jobs.strip());
        this.every = every;
    }

    /** Reads ahead now, on the caller's thread: what the schedule does each time. */
    public void readAhead() {
        long started = System.nanoTime();
        dashboard.readAhead();
        log.debug("Dashboard figures read ahead in {} ms", (System.nanoTime() - started) / 1_000_000);
    }

    @Override
    public void start() {
        if (!jobs) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dashboard-read-ahead");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(
                () -> {
                    try {
                        readAhead();
                    } catch (RuntimeException e) {
                        log.warn("Reading the dashboard's figures ahead failed; visits read them themselves", e);
                    }
                },
                0,
                every.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }

    @Override
    public int getPhase() {
        // after the web server, as the recurring jobs
        return Integer.MAX_VALUE - 100;
    }
}
