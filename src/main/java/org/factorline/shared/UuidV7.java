package org.factorline.shared;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Time-ordered UUIDs (RFC 9562 version 7) from the injected clock, so that identifiers sort by creation
 * and index well. A 12-bit counter keeps identifiers made in the same millisecond in order.
 */
public final class UuidV7 {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final AtomicLong LAST = new AtomicLong();

    private UuidV7() {}

    public static UUID next(Clock clock) {
        long millis = clock.millis();
        long stamp = LAST.updateAndGet(prev -> {
            long prevMillis = prev >>> 12;
            if (millis > prevMillis) {
                return millis << 12;
            }
            return prev + 1; // same or earlier millisecond: keep counting within the last one
        });
        long timePart = stamp >>> 12;
        long counter = stamp & 0xFFF;
        long msb = (timePart << 16) | (0x7L << 12) | counter;
        long lsb = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }
}
