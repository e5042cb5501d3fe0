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
    private final List<Event> held = new ArrayList<>();
    private final java.util.Set<String> rippled = new java.util.HashSet<>();
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
        if (e.kind() != KindHint.IMPACT) {
            for (Event m : held) {
                double dx = m.x() - e.x();
                double dy = m.y() - e.y();
                if (m.kind() != KindHint.IMPACT && Math.abs(m.timeNs() - e.timeNs()) <= 3_000_000_000L && dx * dx + dy * dy <= 300 * 300) {
                    rippled.add(m.id());
                    rippled.add(e.id());
                }
            }
        }
        held.add(e);
        while (!held.isEmpty() && held.get(0).timeNs() < e.timeNs() - holdNs) {
            release();
        }
    }

    /**
     * No event older than {@code eventTimeNs} is still to come (the engine's watermark): passes on the held events
     * that a later event could no longer pair with.
     */
    public void advanceTo(long eventTimeNs) {
        while (!held.isEmpty() && held.get(0).timeNs() < eventTimeNs - holdNs) {
            release();
        }
    }

    /** Passes on everything still held. */
    public void flush() {
        while (!held.isEmpty()) {
            release();
        }
    }

    private void release() {
        Event head = held.get(0);
        if (head.pairedWith() == null) {
            pairHead();
        }
        Event gone = held.remove(0);
        rippled.remove(gone.id());
        out.accept(gone);
    }

    /**
     * Pairs the head with the partner that fits it best, unless that partner fits another held event better (then
     * the next best partner is tried): greedy best-fit over the window, evaluated only around the head.
     */
    private void pairHead() {
        Event head = held.get(0);
        List<Candidate> mine = partners(0);
        mine.sort(Comparator.comparingDouble(Candidate::z));
        for (Candidate c : mine) {
            int other = c.launch() == 0 ? c.impact() : c.launch();
            boolean preempted = false;
            for (Candidate oc : partners(other)) {
                int third = oc.launch() == other ? oc.impact() : oc.launch();
                if (third != 0 && oc.z() < c.z()) {
                    preempted = true;
                    break;
                }
            }
            if (!preempted) {
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
        Event e = held.get(k);
        if (e.pairedWith() != null) {
            return out;
        }
        boolean isImpact = e.kind() == KindHint.IMPACT;
        for (int q = 0; q < held.size(); q++) {
            Event f = held.get(q);
            if (q == k || f.pairedWith() != null || (f.kind() == KindHint.IMPACT) == isImpact) {
                continue;
            }
            int l = isImpact ? q : k;
            int i = isImpact ? k : q;
            Event la = held.get(l);
            Event imp = held.get(i);
            if (la.timeNs() >= imp.timeNs() || imp.timeNs() - la.timeNs() > holdNs) {
                continue;
            }
            double dx = imp.x() - la.x();
            double dy = imp.y() - la.y();
            double d2 = dx * dx + dy * dy;
            if (d2 > MAX_REACH2) {
                continue;   // beyond every weapon class's reach: most held events, on a 1,200 km line
            }
            double tof = (imp.timeNs() - la.timeNs()) / 1e9;
            double range = Math.sqrt(d2);
            boolean ripple = rippled(la);
            for (WeaponClass w : WEAPONS) {
                if (range > w.maxRangeM() * 1.05 || (ripple && w != WeaponClass.MLRS)) {
                    continue;
                }
                double expected = w.timeOfFlightS(range);
                double z = Math.abs(tof - expected) / (0.01 * expected + 0.1);
                if (z < 4) {
                    out.add(new Candidate(z, l, i, w));
                }
            }
        }
        return out;
    }

    /** Whether another launch came from the same place (within 300 m) within 3 s: a rocket of an MLRS ripple. */
    private boolean rippled(Event l) {
        return rippled.contains(l.id());
    }
}
