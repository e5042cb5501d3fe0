package org.garant.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.garant.geo.demo.DemoTheatre;
import org.garant.monitor.sense.Detection;
import org.garant.monitor.sense.Sensor;
import org.garant.monitor.simulate.FireSimulator;
import org.garant.monitor.simulate.Intensity;
import org.garant.monitor.simulate.SensorNetwork;
import org.garant.store.Releasability;
import org.garant.store.Store;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The live fusion yields to detections being ingested, within its bounds. */
class LiveFusionTest {
    private static final List<Sensor> SENSORS = SensorNetwork.place(DemoTheatre.theatre(), SensorNetwork.Options.defaults());

    private static List<Detection> tenMinutesOfWar() {
        List<Detection> out = new ArrayList<>();
        new FireSimulator(DemoTheatre.theatre(), SENSORS, Intensity.WAR, 10 / 60.0, 5, Instant.parse("2026-06-01T00:00:00Z"), 10, r -> { })
                .forEachRemaining(out::add);
        return out;
    }

    private static LiveFusion fusion(Store store, AtomicBoolean ingestBusy, long maxDeferNs, long maxDeferredDetections) {
        return new LiveFusion(store, DemoTheatre.theatre(), DemoTheatre.cities().sites(), () -> SENSORS, new LiveFeed(),
                new SimpleMeterRegistry(), ingestBusy::get, maxDeferNs, maxDeferredDetections);
    }

    @Test
    void waitsWhileDetectionsAreIngestedAndFusesWhenTheyStop(@TempDir Path dir) throws Exception {
        List<Detection> ds = tenMinutesOfWar().subList(0, 1_000);
        AtomicBoolean busy = new AtomicBoolean(true);
        try (Store store = Store.open(dir.resolve("a").toString()); LiveFusion f = fusion(store, busy, 60_000_000_000L, 10_000_000)) {
            f.submit(ds, Releasability.COALITION);
            Thread.sleep(1_000);
            assertThat(f.detectionsQueued()).as("nothing fused while ingest is busy").isEqualTo(1_000);
            busy.set(false);
            f.drain(true);
            assertThat(f.detectionsQueued()).isZero();
            assertThat(f.eventsStored()).isPositive();
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(120)
    void waitsNoLongerThanItsBounds(@TempDir Path dir) {
        List<Detection> ds = tenMinutesOfWar();
        AtomicBoolean busy = new AtomicBoolean(true); // ingest never stops
        // bounded in time: the batch is fused 0.4 s after it was handed over
        try (Store store = Store.open(dir.resolve("t").toString()); LiveFusion f = fusion(store, busy, 400_000_000L, 10_000_000)) {
            long t0 = System.nanoTime();
            f.submit(ds, Releasability.COALITION);
            f.drain(true);
            assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(400_000_000L);
            assertThat(f.eventsStored()).isGreaterThan(10);
        }
        // bounded in memory: with more detections queued than it may hold back, it does not wait at all
        try (Store store = Store.open(dir.resolve("m").toString()); LiveFusion f = fusion(store, busy, 3_600_000_000_000L, ds.size() / 2)) {
            f.submit(ds, Releasability.COALITION);
            f.drain(true);
            assertThat(f.eventsStored()).isGreaterThan(10);
        }
    }
}
