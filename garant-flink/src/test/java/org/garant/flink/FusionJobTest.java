package org.garant.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.garant.geo.demo.DemoTheatre;
import org.garant.monitor.fuse.FusionEngine;
import org.garant.monitor.sense.Detection;
import org.garant.monitor.sense.Event;
import org.garant.monitor.sense.Sensor;
import org.garant.monitor.simulate.FireSimulator;
import org.garant.monitor.simulate.Intensity;
import org.garant.monitor.simulate.SensorNetwork;
import org.garant.monitor.verify.Violation;
import org.junit.jupiter.api.Test;

/** The Flink job on a local MiniCluster gives the in-process engine's events: none duplicated or lost at sector borders. */
class FusionJobTest {
    static FusionJob.Setup setup(List<Sensor> sensors, int sectors) {
        return FusionJob.Setup.onDemoTheatre(sensors, sectors);
    }

    @Test
    void theJobOnAMiniClusterGivesTheInProcessEnginesEvents() throws Exception {
        List<Sensor> sensors = SensorNetwork.place(DemoTheatre.theatre(), SensorNetwork.Options.defaults());
        FireSimulator sim = new FireSimulator(DemoTheatre.theatre(), sensors, Intensity.PEAK, 4, 11,
                Instant.parse("2026-05-01T00:00:00Z"), 10, r -> { });
        List<Detection> all = new ArrayList<>();
        sim.forEachRemaining(all::add);
        List<Event> one = FusionEngine.fuseAll(sensors, all.iterator(), FusionEngine.Options.defaults());
        assertThat(one).hasSizeGreaterThan(50);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2);
        SingleOutputStreamOperator<Event> events = FusionJob.wire(env.fromData(all, FusionJob.DETECTIONS).setParallelism(1), setup(sensors, 3));
        List<Violation> violations = new ArrayList<>();
        List<Event> flink = new ArrayList<>();
        // events and violations in one run: the side output is collected through a union of tagged strings
        try (CloseableIterator<Object> it = events.map(e -> (Object) e).returns(Object.class)
                .union(events.getSideOutput(FusionJob.VIOLATIONS).map(v -> (Object) v).returns(Object.class))
                .executeAndCollect("garant fusion test")) {
            it.forEachRemaining(o -> {
                if (o instanceof Event e) {
                    flink.add(e);
                } else {
                    violations.add((Violation) o);
                }
            });
        }
        Set<String> ids = new HashSet<>();
        flink.forEach(e -> assertThat(ids.add(e.id())).as("duplicate %s", e.id()).isTrue());
        assertThat(flink).hasSameSizeAs(one);
        List<Event> a = new ArrayList<>(one);
        List<Event> b = new ArrayList<>(flink);
        Comparator<Event> order = Comparator.comparingLong(Event::timeNs).thenComparingDouble(Event::x);
        a.sort(order);
        b.sort(order);
        for (int i = 0; i < a.size(); i++) {
            assertThat(b.get(i).timeNs()).isEqualTo(a.get(i).timeNs());
            assertThat(b.get(i).x()).isCloseTo(a.get(i).x(), within(1e-6));
            assertThat(b.get(i).y()).isCloseTo(a.get(i).y(), within(1e-6));
            assertThat(b.get(i).detectionIds()).containsExactlyInAnyOrderElementsOf(a.get(i).detectionIds());
            assertThat(b.get(i).kind()).isEqualTo(a.get(i).kind());
        }
        // pairing over the whole line, as the in-process sector-parallel fusion does it (events in time order): the
        // same pairs and weapon classes
        List<Event> parallel = new ArrayList<>(org.garant.monitor.fuse.ParallelFusion.fuse(sensors, all, FusionEngine.Options.defaults(), 3,
                100).events());
        parallel.sort(order);
        java.util.Map<String, Integer> flinkIndex = new java.util.HashMap<>();
        java.util.Map<String, Integer> parallelIndex = new java.util.HashMap<>();
        for (int i = 0; i < b.size(); i++) {
            flinkIndex.put(b.get(i).id(), i);
            parallelIndex.put(parallel.get(i).id(), i);
        }
        int pairs = 0;
        for (int i = 0; i < b.size(); i++) {
            assertThat(b.get(i).weaponClass()).as("weapon class of event %d", i).isEqualTo(parallel.get(i).weaponClass());
            Integer mine = b.get(i).pairedWith() == null ? null : flinkIndex.get(b.get(i).pairedWith());
            Integer theirs = parallel.get(i).pairedWith() == null ? null : parallelIndex.get(parallel.get(i).pairedWith());
            assertThat(mine).as("partner of event %d", i).isEqualTo(theirs);
            pairs += mine == null ? 0 : 1;
        }
        assertThat(pairs).isGreaterThan(50);
        assertThat(violations).isNotEmpty();
        // the rules give what they give in-process on the same pairs: the same violations and alerts, rule by rule
        org.garant.monitor.verify.EventChecker checker = new org.garant.monitor.verify.EventChecker(new org.garant.monitor.verify.Verifier(
                DemoTheatre.theatre(), DemoTheatre.cities().sites(), org.garant.monitor.verify.Verifier.Options.defaults()));
        java.util.Map<String, Long> expected = new java.util.TreeMap<>();
        for (Event e : parallel) {
            var c = checker.check(e);
            c.violations().forEach(v -> expected.merge(v.rule().name(), 1L, Long::sum));
            c.alerts().forEach(v -> expected.merge(v.rule().name(), 1L, Long::sum));
        }
        java.util.Map<String, Long> got = new java.util.TreeMap<>();
        violations.forEach(v -> got.merge(v.rule().name(), 1L, Long::sum));
        assertThat(got).isEqualTo(expected);
        java.util.Map<String, List<Violation>> byId = new java.util.HashMap<>();
        violations.forEach(v -> byId.computeIfAbsent(v.id(), x -> new ArrayList<>()).add(v));
        assertThat(byId.values().stream().filter(l -> l.size() > 1).toList()).as("violations with one id").isEmpty();
    }
}
