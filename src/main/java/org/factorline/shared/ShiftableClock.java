package org.factorline.shared;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/**
 * The application's clock: the system's time, plus a shift that is zero except while the demo loader
 * writes the demo book as it would have happened (see {@link TimeTravel}).
 */
public final class ShiftableClock extends Clock {

    private final Clock base;
    private volatile Duration shift = Duration.ZERO;

    public ShiftableClock(Clock base) {
        this.base = base;
    }

    public Duration shift() {
        return shift;
    }

    void setShift(Duration shift) {
        this.shift = shift;
    }

    /** Shifts so that the clock now reads {@code when}. */
    void shiftTo(Instant when) {
        this.shift = Duration.between(base.instant(), when);
    }

    @Override
    public ZoneId getZone() {
        return base.getZone();
    }

    @Override
    public Clock withZone(ZoneId zone) {
        ShiftableClock c = new ShiftableClock(base.withZone(zone));
        c.shift = shift;
        return c;
    }

    @Override
    public Instant instant() {
        return base.instant().plus(shift);
    }
}
