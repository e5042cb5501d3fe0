package org.garant.monitor.fuse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.garant.monitor.sense.Detection;
import org.garant.monitor.sense.Event;
import org.garant.monitor.sense.Sensor;
import org.garant.monitor.simulate.Intensity;
import org.junit.jupiter.api.Test;

/** Slices of time fused side by side give the single engine's events: none duplicated or lost at a cut. */
class TimeSlicedFusionTest {
    @Test
    void slicesGiveTheSameEventsAsOneEngine() {
        List<Sensor> sensors = SameEvents.sensors();
        List<Detection> all = SameEvents.simulate(sensors, Intensity.WAR, 2);
        FusionEngine.Options options = FusionEngine.Options.defaults();
        List<Event> one = new ArrayList<>();
        FusionEngine engine = new FusionEngine(sensors, options, one::add);
        all.forEach(engine::ingest);
        engine.flush();
        assertThat(one).hasSizeGreaterThan(5_000);
        // 10-minute slices: twelve cuts through a war-intensity stream; one, two and three workers
        for (int threads : new int[] {1, 2, 3}) {
            List<Event> sliced = new ArrayList<>();
            try (TimeSlicedFusion f = new TimeSlicedFusion(sensors, options, threads, 600_000_000_000L, sliced::add)) {
                all.forEach(f::ingest);
                f.flush();
                assertThat(f.rejected()).isZero();
                assertThat(f.slices()).isGreaterThanOrEqualTo(12);
            }
            SameEvents.assertSame(sliced, one, threads + " threads");
            assertThat(sliced.stream().map(Event::id).distinct().count()).isEqualTo(sliced.size());
        }
    }

    @Test
    void refusedDetectionsAreCountedAndReportedOnce() {
        List<Sensor> sensors = SameEvents.sensors();
        String id = sensors.get(0).id();
        long t0 = Instant.parse("2026-05-01T00:00:00Z").getEpochSecond() * 1_000_000_000L;
        List<String> refused = new ArrayList<>();
        try (TimeSlicedFusion f = new TimeSlicedFusion(sensors, FusionEngine.Options.defaults(), 2, 600_000_000_000L, e -> { },
                (d, r) -> refused.add(d.id() + ": " + r))) {
            f.ingest(new Detection("a", id, t0 + 1_000_000_000L, Double.NaN, Double.NaN, org.garant.monitor.sense.KindHint.UNKNOWN, 1));
            // the same id again: refused by the slice that owns it (and by no other, though the next one sees it too)
            f.ingest(new Detection("a", id, t0 + 599_000_000_000L, Double.NaN, Double.NaN, org.garant.monitor.sense.KindHint.UNKNOWN, 1));
            f.ingest(new Detection("b", id, t0 + 3_600_000_000_000L, Double.NaN, Double.NaN, org.garant.monitor.sense.KindHint.UNKNOWN, 1));
            f.ingest(new Detection("late", id, t0 + 2_000_000_000L, Double.NaN, Double.NaN, org.garant.monitor.sense.KindHint.UNKNOWN, 1));
            f.flush();
            assertThat(f.rejected()).isEqualTo(2);
        }
        assertThat(refused).containsExactlyInAnyOrder("a: DUPLICATE_ID", "late: TOO_LATE");
    }

    @Test
    void aSliceShorterThanTheWindowsItNeedsIsRefused() {
        List<Sensor> sensors = SameEvents.sensors();
        assertThatThrownBy(() -> new TimeSlicedFusion(sensors, FusionEngine.Options.defaults(), 2, 60_000_000_000L, e -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least");
    }
}
