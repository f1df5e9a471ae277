package org.factorline.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class JobRunsTest {

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T14:00:00Z"));
    final JobRuns jobs = new JobRuns(registry, clock);

    double runs(String outcome) {
        return registry.get("factorline.job.runs")
                .tag("job", "sweep")
                .tag("outcome", outcome)
                .counter()
                .count();
    }

    double lastSuccess() {
        return registry.get("factorline.job.last.success")
                .tag("job", "sweep")
                .gauge()
                .value();
    }

    @Test
    void aSuccessIsCountedTimedAndStampedAndAFailureOnlyCountedAndThrownOn() {
        jobs.run("sweep", () -> 7);
        assertThat(runs("success")).isEqualTo(1);
        assertThat(lastSuccess()).isEqualTo(clock.instant().getEpochSecond());
        assertThat(registry.get("factorline.job.items")
                        .tag("job", "sweep")
                        .counter()
                        .count())
                .isEqualTo(7);

        clock.set(Instant.parse("2026-03-02T15:00:00Z"));
        assertThatThrownBy(() -> jobs.run("sweep", () -> {
                    throw new IllegalStateException("database gone");
                }))
                .hasMessage("database gone");
        assertThat(runs("failure")).isEqualTo(1);
        assertThat(runs("success")).isEqualTo(1);
        // the last success is still the one before the failure
        assertThat(lastSuccess())
                .isEqualTo(Instant.parse("2026-03-02T14:00:00Z").getEpochSecond());
        assertThat(registry.get("factorline.job.duration")
                        .tag("job", "sweep")
                        .timer()
                        .count())
                .isEqualTo(2);

        jobs.run("sweep", () -> JobRuns.NO_COUNT);
        assertThat(registry.get("factorline.job.items")
                        .tag("job", "sweep")
                        .counter()
                        .count())
                .isEqualTo(7);
    }
}
