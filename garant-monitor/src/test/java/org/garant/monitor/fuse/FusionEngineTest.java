package org.garant.monitor.fuse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.garant.geo.LatLon;
import org.garant.geo.TheatreProjection;
import org.garant.monitor.sense.Detection;
import org.garant.monitor.sense.Event;
import org.garant.monitor.sense.KindHint;
import org.garant.monitor.sense.Sensor;
import org.garant.monitor.sense.SensorKind;
import org.junit.jupiter.api.Test;

/** Association on crafted inputs: overlapping sources, false alarms, bad input, pairing. */
class FusionEngineTest {
    static final double C = 337.36; // 10 °C
    static final long T0 = 1_777_593_600_000_000_000L;

    /** A 5 × 5 grid of microphones 5 km apart around Donbas. */
    static List<Sensor> grid() {
        List<Sensor> s = new ArrayList<>();
        double[] ll = new double[2];
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                TheatreProjection.inverse(600_000 + i * 5_000.0, -50_000 + j * 5_000.0, ll);
                s.add(Sensor.of("m" + i + j, new LatLon(ll[1], ll[0]), SensorKind.MICROPHONE, 0.001, 20_000, 1, 0, Double.NaN));
            }
        }
        return s;
    }

    static List<Detection> blast(List<Sensor> sensors, double x, double y, long tNs, KindHint kind, String prefix) {
        List<Detection> out = new ArrayList<>();
        for (Sensor s : sensors) {
            double r = Math.hypot(s.x() - x, s.y() - y);
            out.add(new Detection(prefix + s.id(), s.id(), tNs + (long) (r / C * 1e9), Double.NaN, Double.NaN, kind, 80));
        }
        return out;
    }

    static List<Event> fuse(List<Sensor> sensors, List<Detection> in, List<FusionEngine.Rejection> rejections) {
        in.sort((a, b) -> Long.compare(a.arrivalNs(), b.arrivalNs()));
        List<Event> out = new ArrayList<>();
        LaunchImpactPairing pairing = new LaunchImpactPairing(out::add, 100);
        FusionEngine e = new FusionEngine(sensors, FusionEngine.Options.defaults(), pairing);
        for (Detection d : in) {
            FusionEngine.Rejection r = e.ingest(d);
            if (r != null) {
                rejections.add(r);
            }
        }
        e.flush();
        pairing.flush();
        return out;
    }

    @Test
    void twoSourcesOverlappingInSpaceAndTimeAreSeparated() {
        List<Sensor> s = grid();
        List<Detection> in = new ArrayList<>();
        in.addAll(blast(s, 608_000, -41_000, T0, KindHint.IMPACT, "a"));
        in.addAll(blast(s, 609_000, -40_000, T0 + 300_000_000L, KindHint.IMPACT, "b"));   // 1.4 km and 0.3 s apart
        in.addAll(blast(s, 612_000, -35_000, T0 + 100_000_000L, KindHint.IMPACT, "c"));
        List<FusionEngine.Rejection> rej = new ArrayList<>();
        List<Event> ev = fuse(s, in, rej);
        assertThat(rej).isEmpty();
        assertThat(ev).hasSize(3);
        for (Event e : ev) {
            String first = e.detectionIds().get(0).substring(0, 1);
            assertThat(e.detectionIds()).allMatch(id -> id.startsWith(first));
            assertThat(e.sensors()).isEqualTo(25);
        }
        assertThat(ev).anySatisfy(e -> assertThat(Math.hypot(e.x() - 609_000, e.y() + 40_000)).isLessThan(0.5));
    }

    @Test
    void falseAlarmsFormNoEvent() {
        List<Sensor> s = grid();
        List<Detection> in = new ArrayList<>(blast(s, 608_000, -41_000, T0, KindHint.LAUNCH, "a"));
        for (int i = 0; i < 10; i++) {
            in.add(new Detection("fa" + i, s.get(i * 2).id(), T0 + i * 1_700_000_000L, Double.NaN, Double.NaN, KindHint.UNKNOWN, 50));
        }
        List<Event> ev = fuse(s, in, new ArrayList<>());
        assertThat(ev).hasSize(1);
        assertThat(ev.get(0).detectionIds()).noneMatch(id -> id.startsWith("fa"));
        assertThat(ev.get(0).kind()).isEqualTo(KindHint.LAUNCH);
    }

    @Test
    void anImpactIsPairedWithItsLaunch() {
        List<Sensor> s = grid();
        double range = Math.hypot(615_000 - 603_000, -38_000 + 45_000);
        long tof = (long) (org.garant.monitor.sense.WeaponClass.TUBE_ARTILLERY.timeOfFlightS(range) * 1e9);
        List<Detection> in = new ArrayList<>();
        in.addAll(blast(s, 603_000, -45_000, T0, KindHint.LAUNCH, "L"));
        in.addAll(blast(s, 615_000, -38_000, T0 + tof, KindHint.IMPACT, "I"));
        in.addAll(blast(s, 604_000, -30_000, T0 + 20_000_000_000L, KindHint.LAUNCH, "X"));   // another launch, no impact
        List<Event> ev = fuse(s, in, new ArrayList<>());
        Event launch = ev.stream().filter(e -> e.detectionIds().get(0).startsWith("L")).findFirst().orElseThrow();
        Event impact = ev.stream().filter(e -> e.detectionIds().get(0).startsWith("I")).findFirst().orElseThrow();
        assertThat(impact.pairedWith()).isEqualTo(launch.id());
        assertThat(launch.pairedWith()).isEqualTo(impact.id());
        assertThat(impact.weaponClass()).isEqualTo(org.garant.monitor.sense.WeaponClass.TUBE_ARTILLERY);
    }

    @Test
    void badDetectionsAreRejectedWithAReasonAndTheRestIsFused() {
        List<Sensor> s = grid();
        List<Detection> in = new ArrayList<>(blast(s, 608_000, -41_000, T0, KindHint.IMPACT, "a"));
        in.add(new Detection("unknown", "nope", T0 + 1_000_000_000L, Double.NaN, Double.NaN, KindHint.UNKNOWN, 1));
        in.add(new Detection("am00", "m00", T0 + 40_000_000_000L, Double.NaN, Double.NaN, KindHint.UNKNOWN, 1));  // a resent id
        in.add(new Detection("late", "m11", T0 + 60_000_000_000L, Double.NaN, Double.NaN, KindHint.UNKNOWN, 1));
        in.add(new Detection("late2", "m12", T0 + 10_000_000_000L, Double.NaN, Double.NaN, KindHint.UNKNOWN, 1)); // 50 s late
        List<FusionEngine.Rejection> rej = new ArrayList<>();
        Detection late2 = in.remove(in.size() - 1);
        List<Detection> ordered = new ArrayList<>(in);
        ordered.sort((a, b) -> Long.compare(a.arrivalNs(), b.arrivalNs()));
        ordered.add(late2); // delivered after everything else: 50 s older than the newest arrival
        List<Event> out = new ArrayList<>();
        FusionEngine e = new FusionEngine(s, FusionEngine.Options.defaults(), out::add);
        for (Detection d : ordered) {
            FusionEngine.Rejection r = e.ingest(d);
            if (r != null) {
                rej.add(r);
            }
        }
        e.flush();
        assertThat(rej).containsExactlyInAnyOrder(FusionEngine.Rejection.UNKNOWN_SENSOR, FusionEngine.Rejection.DUPLICATE_ID,
                FusionEngine.Rejection.TOO_LATE);
        assertThat(out).hasSize(1);
        assertThat(out.get(0).sensors()).isEqualTo(25);
    }
}
