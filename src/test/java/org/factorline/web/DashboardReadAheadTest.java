package org.factorline.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DashboardReadAheadTest {

    @Test
    void itRunsOnlyWithTheJobsAndASettingGivenTwiceIsNoError() {
        // a command line that turns the jobs off and is given the same setting again binds it as "false,false"
        DashboardReadAhead twice = new DashboardReadAhead(null, "false,false", Duration.ofMinutes(10));
        twice.start();
        assertThat(twice.isRunning()).isFalse();

        DashboardReadAhead off = new DashboardReadAhead(null, "false", Duration.ofMinutes(10));
        off.start();
        assertThat(off.isRunning()).isFalse();

        DashboardReadAhead on =
                new DashboardReadAhead(null, "TRUE", Duration.ofHours(1).minusMinutes(50));
        on.start();
        try {
            assertThat(on.isRunning()).isTrue();
        } finally {
            on.stop();
        }
        assertThat(on.isRunning()).isFalse();
    }

    @Test
    void aReadAheadNoShorterThanAFigureIsKeptIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> new DashboardReadAhead(null, "true", StaffDashboard.PAST_POINTS_KEPT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("factorline.dashboard.read-ahead");
        assertThatThrownBy(() -> new DashboardReadAhead(null, "true", Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
