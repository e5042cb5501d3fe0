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
import org.junit.jupiter.api.Test;

/** Sectors fused side by side give the single engine's events: none duplicated or lost at a border. */
class ParallelFusionTest {
    @Test
    void sectorsGiveTheSameEventsAsOneEngine() {
        List<Sensor> sensors = SensorNetwork.place(DemoTheatre.theatre(), SensorNetwork.Options.defaults());
        FireSimulator sim = new FireSimulator(DemoTheatre.theatre(), sensors, Intensity.PEAK, 6, 11,
                Instant.parse("2026-05-01T00:00:00Z"), 10, r -> { });
        List<Detection> all = new ArrayList<>();
        sim.forEachRemaining(all::add);
        List<Event> one = FusionEngine.fuseAll(sensors, all.iterator(), FusionEngine.Options.defaults());
        for (int sectors : new int[] {2, 3, 5, 6, 8}) {
            List<Event> many = ParallelFusion.fuse(sensors, all, FusionEngine.Options.defaults(), sectors, 100).events();
            assertThat(many).as("%d sectors", sectors).hasSameSizeAs(one);
            List<Event> a = new ArrayList<>(one);
            List<Event> b = new ArrayList<>(many);
            a.sort(Comparator.comparingLong(Event::timeNs));
            b.sort(Comparator.comparingLong(Event::timeNs));
            for (int i = 0; i < a.size(); i++) {
                assertThat(b.get(i).timeNs()).isEqualTo(a.get(i).timeNs());
                assertThat(b.get(i).x()).isCloseTo(a.get(i).x(), within(1e-6));
                assertThat(b.get(i).detectionIds()).containsExactlyInAnyOrderElementsOf(a.get(i).detectionIds());
                assertThat(b.get(i).kind()).isEqualTo(a.get(i).kind());
            }
        }
    }
}
