package org.factorline.simulation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The share of debtors with each behaviour, as whole-number weights ({@code on-time=30,late=10,...}).
 * Debtors get their behaviours in a fixed, seeded order: the same mix, count and seed give the same book.
 */
public record BehaviourMix(Map<Behaviour, Integer> weights) {

    public BehaviourMix {
        EnumMap<Behaviour, Integer> copy = new EnumMap<>(Behaviour.class);
        weights.forEach((b, w) -> {
            if (w < 0) {
                throw new IllegalArgumentException("the weight of " + b.option() + " is negative: " + w);
            }
            if (w > 0) {
                copy.put(b, w);
            }
        });
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("the behaviour mix has no debtor behaviour with a positive weight");
        }
        weights = Collections.unmodifiableMap(copy);
    }

    /** A book where most debtors pay around the due date and every kind of trouble shows up. */
    public static BehaviourMix standard() {
        Map<Behaviour, Integer> w = new EnumMap<>(Behaviour.class);
        w.put(Behaviour.PAYS_EARLY, 10);
        w.put(Behaviour.PAYS_ON_TIME, 30);
        w.put(Behaviour.PAYS_LATE, 12);
        w.put(Behaviour.NEEDS_REMINDER, 12);
        w.put(Behaviour.DISPUTES, 8);
        w.put(Behaviour.SHORT_PAYS, 8);
        w.put(Behaviour.PAYS_CLIENT, 6);
        w.put(Behaviour.GOES_INSOLVENT, 4);
        w.put(Behaviour.NEVER_ANSWERS, 10);
        return new BehaviourMix(w);
    }

    /** Parses {@code name=weight,...}; behaviours not named get weight 0. */
    public static BehaviourMix parse(String text) {
        Map<Behaviour, Integer> w = new EnumMap<>(Behaviour.class);
        for (String part : text.split(",")) {
            String[] kv = part.strip().split("=");
            if (kv.length != 2) {
                throw new IllegalArgumentException("write the mix as name=weight,...; not \"" + part + "\"");
            }
            w.put(Behaviour.ofOption(kv[0].strip()), Integer.parseInt(kv[1].strip()));
        }
        return new BehaviourMix(w);
    }

    /**
     * Behaviours for {@code count} debtors: each behaviour its share (rounded down, at least one while
     * there is room, so a small book still meets every kind of trouble), the rest by weight, shuffled.
     */
    List<Behaviour> assign(int count, Random random) {
        int total = weights.values().stream().mapToInt(Integer::intValue).sum();
        List<Behaviour> out = new ArrayList<>();
        for (Behaviour b : weights.keySet()) {
            if (out.size() < count) {
                out.add(b); // one of each first
            }
        }
        for (var e : weights.entrySet()) {
            int more = count * e.getValue() / total - 1;
            for (int i = 0; i < more && out.size() < count; i++) {
                out.add(e.getKey());
            }
        }
        List<Behaviour> byWeight = new ArrayList<>(weights.keySet());
        while (out.size() < count) {
            int roll = random.nextInt(total);
            for (Behaviour b : byWeight) {
                roll -= weights.get(b);
                if (roll < 0) {
                    out.add(b);
                    break;
                }
            }
        }
        Collections.shuffle(out, random);
        return out;
    }

    /** The mix as the {@code --mix} option writes it, in the behaviours' order. */
    public String option() {
        return String.join(
                ",",
                weights.entrySet().stream()
                        .map(e -> e.getKey().option() + "=" + e.getValue())
                        .toList());
    }
}
