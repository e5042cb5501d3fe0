package org.garant.monitor.fuse;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import org.garant.monitor.sense.Event;
import org.garant.monitor.sense.KindHint;
import org.garant.monitor.sense.WeaponClass;

/**
 * Links each impact to the launch that caused it. A launch (or event of unknown kind) and a later impact can be
 * a pair when the impact's range is within a weapon class's reach and the time of flight fits that class's
 * flight time for the range within 4σ (σ = 1 % of the flight time + 0.1 s); the fit is z = |tof − expected| / σ.
 * A launch with another launch from the same place within 3 s is a rocket of a ripple and can only be MLRS (no gun
 * or mortar fires that fast); without this, a long ripple offers some earlier rocket whose flight time happens to
 * fit a gun's.
 *
 * <p>Events are held for {@code holdS} (longer than any flight). When the oldest held event leaves, it is paired
 * with the partner that fits it best unless that partner fits another held event better (then the next is tried)
 * — best fit first over the window rather than in arrival order, which at war intensity lets an early impact take a
 * launch that a later one fits far better. Events leave in the order they came. Not thread-safe.
 */
public final class LaunchImpactPairing implements Consumer<Event> {
    private final Consumer<Event> out;
    private final long holdNs;
    private final Held held = new Held();
    private long paired;

    private record Candidate(double z, int launch, int impact, WeaponClass w) {
    }

    /** The weapon classes (one array: {@code values()} clones its array on every call, and pairing asks per pair). */
    private static final WeaponClass[] WEAPONS = WeaponClass.values();

    /** The square of the longest range any weapon class may be paired over (its reach + 5 %), m². */
    private static final double MAX_REACH2;

    static {
        double reach = 0;
        for (WeaponClass w : WEAPONS) {
            reach = Math.max(reach, w.maxRangeM() * 1.05);
        }
        MAX_REACH2 = reach * reach;
    }

    public LaunchImpactPairing(Consumer<Event> out, double holdS) {
        this.out = out;
        this.holdNs = (long) (holdS * 1e9);
    }

    public long paired() {
        return paired;
    }

    @Override
    public void accept(Event e) {
        boolean ripple = false;
        if (e.kind() != KindHint.IMPACT) {
            for (int k = 0; k < held.size(); k++) {
                double dx = held.x(k) - e.x();
                double dy = held.y(k) - e.y();
                if (!held.impact(k) && Math.abs(held.time(k) - e.timeNs()) <= 3_000_000_000L && dx * dx + dy * dy <= 300 * 300) {
                    held.markRipple(k);
                    ripple = true;
                }
            }
        }
        held.add(e);
        if (ripple) {
            held.markRipple(held.size() - 1);
        }
        while (held.size() > 0 && held.time(0) < e.timeNs() - holdNs) {
            release();
        }
    }

    /**
     * No event older than {@code eventTimeNs} is still to come (the engine's watermark): passes on the held events
     * that a later event could no longer pair with.
     */
    public void advanceTo(long eventTimeNs) {
        while (held.size() > 0 && held.time(0) < eventTimeNs - holdNs) {
            release();
        }
    }

    /** Passes on everything still held. */
    public void flush() {
        while (held.size() > 0) {
            release();
        }
    }

    private void release() {
        if (!held.paired(0)) {
            pairHead();
        }
        out.accept(held.removeFirst());
    }

    /**
     * Pairs the head with the partner that fits it best, unless that partner fits another held event better (then
     * the next best partner is tried): greedy best-fit over the window, evaluated only around the head.
     */
    private void pairHead() {
        List<Candidate> mine = partners(0);
        mine.sort(Comparator.comparingDouble(Candidate::z));
        for (Candidate c : mine) {
            int other = c.launch() == 0 ? c.impact() : c.launch();
            if (!fitsAnotherBetter(other, c.z())) {
                Event la = held.get(c.launch());
                Event imp = held.get(c.impact());
                held.set(c.launch(), la.withPairing(c.w(), imp.id()));
                held.set(c.impact(), imp.withPairing(c.w(), la.id()));
                paired++;
                return;
            }
        }
    }

    /** The possible pairs (z &lt; 4) of held event {@code k} with the other unpaired held events. */
    private List<Candidate> partners(int k) {
        List<Candidate> out = new ArrayList<>();
        if (!held.paired(k)) {
            for (int q = 0; q < held.size(); q++) {
                fit(k, q, 4, out);
            }
        }
        return out;
    }

    /** Whether held event {@code k} pairs with some held event other than the head with a fit below {@code z}. */
    private boolean fitsAnotherBetter(int k, double z) {
        if (held.paired(k)) {
            return false;
        }
        for (int q = 1; q < held.size(); q++) {
            if (fit(k, q, z, null) < z) {
                return true;
            }
        }
        return false;
    }

    /**
     * The best fit z of held events {@code k} and {@code q} as a launch and its impact, over the weapon classes (infinite
     * when they cannot be a pair); with {@code out}, every class's fit below {@code limit} is added to it as a candidate.
     */
    private double fit(int k, int q, double limit, List<Candidate> out) {
        boolean isImpact = held.impact(k);
        if (q == k || held.paired(q) || held.impact(q) == isImpact) {
            return Double.POSITIVE_INFINITY;
        }
        int l = isImpact ? q : k;
        int i = isImpact ? k : q;
        long launchNs = held.time(l);
        long impactNs = held.time(i);
        if (launchNs >= impactNs || impactNs - launchNs > holdNs) {
            return Double.POSITIVE_INFINITY;
        }
        double dx = held.x(i) - held.x(l);
        double dy = held.y(i) - held.y(l);
        double d2 = dx * dx + dy * dy;
        if (d2 > MAX_REACH2) {
            return Double.POSITIVE_INFINITY;   // beyond every weapon class's reach: most held events, on a 1,200 km line
        }
        double tof = (impactNs - launchNs) / 1e9;
        double range = Math.sqrt(d2);
        boolean ripple = held.ripple(l);
        double best = Double.POSITIVE_INFINITY;
        for (WeaponClass w : WEAPONS) {
            if (range > w.maxRangeM() * 1.05 || (ripple && w != WeaponClass.MLRS)) {
                continue;
            }
            double expected = w.timeOfFlightS(range);
            double z = Math.abs(tof - expected) / (0.01 * expected + 0.1);
            if (z < limit) {
                best = Math.min(best, z);
                if (out != null) {
                    out.add(new Candidate(z, l, i, w));
                }
            }
        }
        return best;
    }

    /**
     * The held events, oldest first, in a ring, with their times, places, kinds and whether paired in primitive arrays
     * beside them: the pairing scans every held event per event (a hundred seconds of war: some hundred), and reads
     * those fields only.
     */
    private static final class Held {
        private Event[] events = new Event[128];
        private long[] times = new long[128];
        private double[] xs = new double[128];
        private double[] ys = new double[128];
        private boolean[] impacts = new boolean[128];
        private boolean[] paired = new boolean[128];
        /** Another launch came from the same place (within 300 m) within 3 s: a rocket of an MLRS ripple. */
        private boolean[] ripples = new boolean[128];
        private int head;
        private int size;

        int size() {
            return size;
        }

        private int at(int k) {
            return (head + k) & (events.length - 1);
        }

        Event get(int k) {
            return events[at(k)];
        }

        long time(int k) {
            return times[at(k)];
        }

        double x(int k) {
            return xs[at(k)];
        }

        double y(int k) {
            return ys[at(k)];
        }

        boolean impact(int k) {
            return impacts[at(k)];
        }

        boolean paired(int k) {
            return paired[at(k)];
        }

        boolean ripple(int k) {
            return ripples[at(k)];
        }

        void markRipple(int k) {
            ripples[at(k)] = true;
        }

        void add(Event e) {
            if (size == events.length) {
                grow();
            }
            put(at(size), e);
            ripples[at(size)] = false;
            size++;
        }

        /** Replaces the {@code k}th (with its pairing: same time, place, kind and ripple). */
        void set(int k, Event e) {
            put(at(k), e);
        }

        Event removeFirst() {
            Event e = events[head];
            events[head] = null;
            head = (head + 1) & (events.length - 1);
            size--;
            return e;
        }

        private void put(int slot, Event e) {
            events[slot] = e;
            times[slot] = e.timeNs();
            xs[slot] = e.x();
            ys[slot] = e.y();
            impacts[slot] = e.kind() == KindHint.IMPACT;
            paired[slot] = e.pairedWith() != null;
        }

        private void grow() {
            Event[] old = new Event[size];
            boolean[] oldRipples = new boolean[size];
            for (int k = 0; k < size; k++) {
                old[k] = get(k);
                oldRipples[k] = ripple(k);
            }
            int n = 2 * events.length;
            events = new Event[n];
            times = new long[n];
            xs = new double[n];
            ys = new double[n];
            impacts = new boolean[n];
            paired = new boolean[n];
            ripples = new boolean[n];
            head = 0;
            for (int k = 0; k < size; k++) {
                put(k, old[k]);
                ripples[k] = oldRipples[k];
            }
        }
    }
}
