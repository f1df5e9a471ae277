package org.factorline.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The generator keeps one "last issued" stamp for the whole JVM (other tests issue identifiers too), so
 * each test starts its clock just after whatever was issued before it.
 */
class UuidV7Test {

    @Test
    void versionSevenWithTheRfcVariantAndTheClocksMillisecond() {
        Clock clock = freshClock();
        UUID id = UuidV7.next(clock);
        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat((id.getLeastSignificantBits() >>> 62)).isEqualTo(0b10L);
        assertThat(((id.getMostSignificantBits() >>> 12) & 0xF)).isEqualTo(7L);
        assertThat(millisOf(id)).isEqualTo(clock.millis());
    }

    @Test
    void tenThousandIdsInOneMillisecondOfAFixedClockStayInOrder() {
        Clock clock = freshClock();
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(UuidV7.next(clock));
        }
        assertThat(new HashSet<>(ids)).hasSize(10_000);
        for (int i = 1; i < ids.size(); i++) {
            UUID before = ids.get(i - 1);
            UUID after = ids.get(i);
            assertThat(Long.compareUnsigned(before.getMostSignificantBits(), after.getMostSignificantBits()))
                    .as("id %d sorts after id %d", i, i - 1)
                    .isNegative();
            assertThat(before.toString()).isLessThan(after.toString());
            assertThat(before).isLessThan(after);
            assertThat(after.version()).isEqualTo(7);
            assertThat(after.variant()).isEqualTo(2);
        }
        assertThat(millisOf(ids.get(0))).isEqualTo(clock.millis());
        // 12 counter bits give 4,096 ids per millisecond; beyond that the stamp moves on, never back.
        assertThat(millisOf(ids.get(4095))).isEqualTo(clock.millis());
        assertThat(millisOf(ids.get(9999))).isBetween(clock.millis(), clock.millis() + 3);
    }

    @Test
    void aClockThatStepsBackDoesNotBreakTheOrder() {
        Clock clock = freshClock();
        UUID first = UuidV7.next(clock);
        UUID second = UuidV7.next(Clock.offset(clock, Duration.ofHours(-1)));
        assertThat(first).isLessThan(second);
        assertThat(first.toString()).isLessThan(second.toString());
    }

    @Test
    void aLaterMillisecondStartsItsOwnCount() {
        Clock clock = freshClock();
        UUID a = UuidV7.next(clock);
        UUID b = UuidV7.next(Clock.offset(clock, Duration.ofMillis(1)));
        assertThat(millisOf(b)).isEqualTo(clock.millis() + 1);
        assertThat(b.getMostSignificantBits() & 0xFFF).isZero();
        assertThat(a).isLessThan(b);
    }

    private static long millisOf(UUID id) {
        return id.getMostSignificantBits() >>> 16;
    }

    /** A fixed clock a little after the last stamp issued in this JVM. */
    private static Clock freshClock() {
        long last = millisOf(UuidV7.next(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC)));
        long floor = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
        return Clock.fixed(Instant.ofEpochMilli(Math.max(last, floor) + 10), ZoneOffset.UTC);
    }
}
