package org.garant.monitor.fuse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.garant.geo.demo.DemoTheatre;
import org.garant.monitor.sense.Detection;
import org.garant.monitor.sense.Event;
import org.garant.monitor.sense.Sensor;
import org.garant.monitor.simulate.FireSimulator;
import org.garant.monitor.simulate.Intensity;
import org.garant.monitor.simulate.SensorNetwork;

/** What the tests of parallel fusion (sectors, slices of time) share: a simulated stream, and one engine's events as the reference. */
final class SameEvents {
    private SameEvents() {
    }

    /** The demo theatre's default network. */
    static List<Sensor> sensors() {
        return SensorNetwork.place(DemoTheatre.theatre(), SensorNetwork.Options.defaults());
    }

    /** The detections of a simulated run from 2026-05-01 (seed 11), in delivery order. */
    static List<Detection> simulate(List<Sensor> sensors, Intensity intensity, double hours) {
        FireSimulator sim = new FireSimulator(DemoTheatre.theatre(), sensors, intensity, hours, 11,
                Instant.parse("2026-05-01T00:00:00Z"), 10, r -> { });
        List<Detection> all = new ArrayList<>();
        sim.forEachRemaining(all::add);
        return all;
    }

    /** The same events, compared in time order: time, position within 1e-6 m, the same detections, kind. */
    static void assertSame(List<Event> actual, List<Event> expected, String as) {
        assertThat(actual).as(as).hasSameSizeAs(expected);
        List<Event> a = new ArrayList<>(expected);
        List<Event> b = new ArrayList<>(actual);
        a.sort(Comparator.comparingLong(Event::timeNs));
        b.sort(Comparator.comparingLong(Event::timeNs));
        for (int i = 0; i < a.size(); i++) {
            assertThat(b.get(i).timeNs()).as("%s, event %d", as, i).isEqualTo(a.get(i).timeNs());
            assertThat(b.get(i).x()).as("%s, event %d", as, i).isCloseTo(a.get(i).x(), within(1e-6));
            assertThat(b.get(i).detectionIds()).as("%s, event %d", as, i).containsExactlyInAnyOrderElementsOf(a.get(i).detectionIds());
            assertThat(b.get(i).kind()).as("%s, event %d", as, i).isEqualTo(a.get(i).kind());
        }
    }
}
