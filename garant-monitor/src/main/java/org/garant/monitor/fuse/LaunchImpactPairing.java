package org.garant.monitor.fuse;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.garant.monitor.sense.Event;
import org.garant.monitor.sense.KindHint;
import org.garant.monitor.sense.WeaponClass;

/**
 * Links each impact to the launch that caused it: among launches (and events of unknown kind) not yet paired,
 * earlier than the impact and within the hold time, the one whose time of flight best matches the time of flight
 * a weapon class needs for that range (within 4σ, σ = 1 % of the flight time + 0.3 s), the range being within the
 * class's reach. A launch with another launch from the same place within 3 s is a rocket of a ripple and can only
 * be MLRS (no gun or mortar fires that fast); without this, a long ripple offers some earlier rocket whose flight
 * time happens to fit a gun's. Greedy in the order impacts arrive. Events are held for {@code holdS} (longer than any flight)
 * so that a launch leaves with its pairing; then passed on, in order. Not thread-safe.
 */
public final class LaunchImpactPairing implements Consumer<Event> {
    private final Consumer<Event> out;
    private final long holdNs;
    private final ArrayDeque<Event[]> held = new ArrayDeque<>();   // a one-element array, so a held event can be replaced
    private long paired;

    public LaunchImpactPairing(Consumer<Event> out, double holdS) {
        this.out = out;
        this.holdNs = (long) (holdS * 1e9);
    }

    public long paired() {
        return paired;
    }

    @Override
    public void accept(Event e) {
        Event[] box = {e};
        if (e.kind() == KindHint.IMPACT) {
            Event[] bestBox = null;
            WeaponClass bestClass = null;
            double bestZ = 4;
            for (Event[] other : held) {
                Event l = other[0];
                if (l.pairedWith() != null || l.kind() == KindHint.IMPACT || l.timeNs() >= e.timeNs()) {
                    continue;
                }
                double tof = (e.timeNs() - l.timeNs()) / 1e9;
                double range = Math.hypot(e.x() - l.x(), e.y() - l.y());
                boolean ripple = rippled(l);
                for (WeaponClass w : WeaponClass.values()) {
                    if (range > w.maxRangeM() * 1.05 || (ripple && w != WeaponClass.MLRS)) {
                        continue;
                    }
                    double expected = w.timeOfFlightS(range);
                    double z = Math.abs(tof - expected) / (0.01 * expected + 0.3);
                    if (z < bestZ) {
                        bestZ = z;
                        bestBox = other;
                        bestClass = w;
                    }
                }
            }
            if (bestBox != null) {
                Event launch = bestBox[0];
                bestBox[0] = launch.withPairing(bestClass, e.id());
                box[0] = e.withPairing(bestClass, launch.id());
                paired++;
            }
        }
        held.addLast(box);
        while (!held.isEmpty() && held.peekFirst()[0].timeNs() < e.timeNs() - holdNs) {
            out.accept(held.pollFirst()[0]);
        }
    }

    /**
     * Whether another launch came from the same place (within 300 m) within 3 s: only a rocket launcher fires that
     * fast (a gun or mortar needs 8 s or more between rounds), so such a launch is an MLRS rocket.
     */
    private boolean rippled(Event l) {
        for (Event[] other : held) {
            Event m = other[0];
            if (m != l && m.kind() != KindHint.IMPACT && Math.abs(m.timeNs() - l.timeNs()) <= 3_000_000_000L
                    && Math.hypot(m.x() - l.x(), m.y() - l.y()) <= 300) {
                return true;
            }
        }
        return false;
    }

    /** Passes on everything still held. */
    public void flush() {
        List<Event> rest = new ArrayList<>();
        held.forEach(b -> rest.add(b[0]));
        held.clear();
        rest.forEach(out);
    }
}
