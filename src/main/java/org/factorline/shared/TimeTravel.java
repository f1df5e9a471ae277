package org.factorline.shared;

import java.time.Clock;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Runs work as if it happened at an earlier instant, so that a book written after the fact (the demo
 * data on a first start) carries the dates it would have had. Works with the application's
 * {@link ShiftableClock} and the tests' {@link MutableClock}; with any other clock it refuses.
 */
public final class TimeTravel {

    private TimeTravel() {}

    public static <T> T at(Clock clock, Instant when, Supplier<T> work) {
        if (clock instanceof ShiftableClock shiftable) {
            java.time.Duration before = shiftable.shift();
            shiftable.shiftTo(when);
            try {
                return work.get();
            } finally {
                shiftable.setShift(before);
            }
        }
        if (clock instanceof MutableClock mutable) {
            Instant before = mutable.instant();
            mutable.set(when);
            try {
                return work.get();
            } finally {
                mutable.set(before);
            }
        }
        throw new IllegalStateException("the clock " + clock + " cannot be moved");
    }

    public static void at(Clock clock, Instant when, Runnable work) {
        at(clock, when, () -> {
            work.run();
            return null;
        });
    }
}
