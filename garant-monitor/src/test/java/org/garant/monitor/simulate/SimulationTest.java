package org.garant.monitor.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.garant.geo.demo.DemoTheatre;
import org.garant.monitor.fuse.FusionEngine;
import org.garant.monitor.fuse.Scoring;
import org.garant.monitor.sense.Detection;
import org.garant.monitor.sense.Event;
import org.garant.monitor.sense.Sensor;
import org.junit.jupiter.api.Test;

class SimulationTest {
    @Test
    void aSeedMakesTheRunReproducible_andTheStreamIsInDeliveryOrderWithoutTruthIds() {
        List<Sensor> sensors = SensorNetwork.place(DemoTheatre.theatre(), SensorNetwork.Options.defaults());
        assertThat(sensors).hasSizeGreaterThan(500);
        List<Detection> a = run(sensors, 3, new ArrayList<>());
        List<Detection> b = run(sensors, 3, new ArrayList<>());
        assertThat(a).isEqualTo(b);
        assertThat(a.get(0).id()).matches("d\\d{9}");
        assertThat(run(sensors, 4, new ArrayList<>())).isNotEqualTo(a);
    }

    static List<Detection> run(List<Sensor> sensors, long seed, List<TruthRecord> truth) {
        FireSimulator sim = new FireSimulator(DemoTheatre.theatre(), sensors, Intensity.TENSE, 2, seed,
                Instant.parse("2026-05-01T00:00:00Z"), 10, truth::add);
        List<Detection> out = new ArrayList<>();
        sim.forEachRemaining(out::add);
        return out;
    }

    @Test
    void fusingASimulatedTenseMorningFindsNearlyEveryBlast() {
        List<Sensor> sensors = SensorNetwork.place(DemoTheatre.theatre(), SensorNetwork.Options.defaults());
        List<TruthRecord> truth = new ArrayList<>();
        List<Detection> detections = run(sensors, 7, truth);
        List<Event> events = FusionEngine.fuseAll(sensors, detections.iterator(), FusionEngine.Options.defaults());
        Scoring.Score s = Scoring.score(events, truth);
        assertThat(truth).isNotEmpty();
        assertThat(s.f1()).isGreaterThan(0.95);
        assertThat(s.rmseM()).isLessThan(5);
        assertThat(s.pairingAccuracy()).isGreaterThan(0.9);
    }
}
