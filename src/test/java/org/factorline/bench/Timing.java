package org.factorline.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Runs a piece of work a few times after warming up and keeps the elapsed times, in milliseconds. */
record Timing(List<Double> millis) {

    static Timing of(int warmups, int runs, Runnable work) {
        for (int i = 0; i < warmups; i++) {
            work.run();
        }
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            work.run();
            out.add((System.nanoTime() - t) / 1_000_000.0);
        }
        return new Timing(List.copyOf(out));
    }

    double median() {
        List<Double> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    double min() {
        return Collections.min(millis);
    }

    double max() {
        return Collections.max(millis);
    }
}
