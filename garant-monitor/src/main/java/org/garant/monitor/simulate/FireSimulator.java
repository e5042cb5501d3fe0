package org.garant.monitor.simulate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.garant.geo.Placement;
import org.garant.geo.Side;
import org.garant.geo.Theatre;
import org.garant.geo.TheatreProjection;
import org.garant.monitor.sense.Acoustics;
import org.garant.monitor.sense.Detection;
import org.garant.monitor.sense.KindHint;
import org.garant.monitor.sense.Sensor;
import org.garant.monitor.sense.SensorGrid;
import org.garant.monitor.sense.WeaponClass;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.util.LinearComponentExtracter;
import org.locationtech.jts.linearref.LengthIndexedLine;

/**
 * Simulates fire across the contact line and what the sensor network hears of it, as a stream of detections in
 * delivery order (arrival time plus network latency), generated lazily in ten-minute chunks so that a week of war
 * needs no more memory than a few minutes of it.
 *
 * <p>The fire model: bursts at hot spots along the line (a few spots get most of the fire, as in the OSCE
 * reports), each burst one weapon class firing from one position on one side at a target across the line:
 * mortars 2–8 rounds 8–20 s apart from 1–5 km behind the line; tube artillery 2–10 rounds 10–30 s apart from
 * 5–18 km; MLRS 4–16 rockets 1–2 s apart from 8–18 km (the monitored belt reaches 15 km; fire from deeper is
 * heard by fewer sensors, as in reality). Each round is a launch blast at the firing position and an
 * impact blast at the target (dispersed by ~100 m) after the class's time of flight (±0.5 %).
 *
 * <p>The sensing model: each sensor within range hears a blast with probability {@link Sensor#probabilityOfDetection};
 * the arrival time is travel time at the speed of sound plus Gaussian clock error; arrays add a bearing with
 * Gaussian error; the classifier says launch/impact correctly 85 % of the time, unknown 10 %, wrong 5 %; each
 * sensor adds Poisson false alarms. Delivery adds an exponential latency (mean 0.3 s), so detections arrive out
 * of arrival-time order, as from a real network.
 *
 * <p>Deterministic for a seed. Not thread-safe.
 */
public final class FireSimulator implements Iterator<Detection> {
    private static final long CHUNK_NS = 600_000_000_000L;
    private static final double NS = 1e9;

    private final Theatre theatre;
    private final List<Sensor> sensors;
    private final SensorGrid grid;
    private final double c;
    private final long startNs;
    private final long endNs;
    private final double burstsPerNs;
    private final SplittableRandom rnd;
    private final Consumer<TruthRecord> truth;
    private final List<Coordinate> hotSpots = new ArrayList<>();
    private final List<double[]> hotSpotNormals = new ArrayList<>();
    private final double[] hotSpotCumWeight;
    private final PriorityQueue<Pending> queue = new PriorityQueue<>();
    private long generatedUntilNs;
    private long nextRound;
    private long nextDetection;
    private long rounds;

    private record Pending(long deliveryNs, long seq, Detection d) implements Comparable<Pending> {
        @Override
        public int compareTo(Pending o) {
            int c = Long.compare(deliveryNs, o.deliveryNs);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    public FireSimulator(Theatre theatre, List<Sensor> sensors, Intensity intensity, double hours, long seed,
                         Instant start, double celsius, Consumer<TruthRecord> truth) {
        if (!(hours > 0)) {
            throw new IllegalArgumentException("--hours must be positive, was " + hours);
        }
        if (sensors.isEmpty()) {
            throw new IllegalArgumentException("the sensor network is empty: is there a contact line?");
        }
        this.theatre = theatre;
        this.sensors = sensors;
        this.grid = new SensorGrid(sensors, sensors.stream().mapToDouble(Sensor::rangeM).max().orElse(20_000));
        this.c = Acoustics.speedOfSound(celsius);
        this.startNs = start.getEpochSecond() * 1_000_000_000L + start.getNano();
        this.endNs = startNs + (long) (hours * 3600 * NS);
        this.rnd = new SplittableRandom(seed);
        this.truth = truth;
        double meanRoundsPerBurst = 0.40 * 5 + 0.45 * 6 + 0.15 * 10;
        this.burstsPerNs = intensity.roundsPerDay() / meanRoundsPerBurst / (86_400 * NS);
        this.generatedUntilNs = startNs;
        // hot spots: one per ~40 km of line, weighted 1/(k+1) so that a few carry most of the fire
        Geometry line = theatre.contactLineProjected();
        double total = line.getLength();
        int n = Math.max(5, (int) (total / 40_000));
        hotSpotCumWeight = new double[n];
        double cum = 0;
        List<?> parts = LinearComponentExtracter.getLines(line);
        for (int k = 0; k < n; k++) {
            double at = rnd.nextDouble() * total;
            for (Object o : parts) {
                LineString ls = (LineString) o;
                if (at <= ls.getLength()) {
                    LengthIndexedLine lil = new LengthIndexedLine(ls);
                    Coordinate p = lil.extractPoint(at);
                    Coordinate a = lil.extractPoint(Math.max(0, at - 500));
                    Coordinate b = lil.extractPoint(Math.min(ls.getLength(), at + 500));
                    double tx = b.x - a.x;
                    double ty = b.y - a.y;
                    double len = Math.hypot(tx, ty);
                    hotSpots.add(p);
                    hotSpotNormals.add(new double[] {-ty / len, tx / len});
                    break;
                }
                at -= ls.getLength();
            }
            cum += 1.0 / (k + 1);
            hotSpotCumWeight[k] = cum;
        }
    }

    /** Rounds fired so far (grows as the stream is consumed). */
    public long rounds() {
        return rounds;
    }

    @Override
    public boolean hasNext() {
        fill();
        return !queue.isEmpty();
    }

    @Override
    public Detection next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Pending p = queue.poll();
        Detection d = p.d();
        // ids are given in delivery order, so they say nothing about the source
        return new Detection(String.format("d%09d", nextDetection++), d.sensorId(), d.arrivalNs(), d.bearingDeg(),
                d.bearingSigmaDeg(), d.kindHint(), d.amplitude());
    }

    /** Generates chunks until the head of the queue can no longer be overtaken by a later chunk. */
    private void fill() {
        // a burst starting in a later chunk delivers no earlier than that chunk's start
        // (a false alarm or a blast next to a sensor can be delivered from the very start of its chunk; a second
        // of margin covers clock error)
        while (generatedUntilNs < endNs && (queue.isEmpty() || queue.peek().deliveryNs() >= generatedUntilNs - 1_000_000_000L)) {
            long chunkEnd = Math.min(endNs, generatedUntilNs + CHUNK_NS);
            generateBursts(generatedUntilNs, chunkEnd);
            generateFalseAlarms(generatedUntilNs, chunkEnd);
            generatedUntilNs = chunkEnd;
        }
    }

    private void generateBursts(long from, long to) {
        double expected = burstsPerNs * (to - from);
        int n = poisson(expected);
        for (int i = 0; i < n; i++) {
            long t = from + (long) (rnd.nextDouble() * (to - from));
            burst(t);
        }
    }

    private void burst(long t0) {
        int h = pickHotSpot();
        Coordinate spot = hotSpots.get(h);
        double[] normal = hotSpotNormals.get(h);
        double u = rnd.nextDouble();
        WeaponClass w = u < 0.40 ? WeaponClass.MORTAR : u < 0.85 ? WeaponClass.TUBE_ARTILLERY : WeaponClass.MLRS;
        double fireDepth;
        int roundsInBurst;
        double minGap;
        double maxGap;
        switch (w) {
            case MORTAR -> {
                fireDepth = 1_000 + rnd.nextDouble() * 4_000;
                roundsInBurst = 2 + rnd.nextInt(7);
                minGap = 8;
                maxGap = 20;
            }
            case TUBE_ARTILLERY -> {
                fireDepth = 5_000 + rnd.nextDouble() * 13_000;
                roundsInBurst = 2 + rnd.nextInt(9);
                minGap = 10;
                maxGap = 30;
            }
            default -> {
                fireDepth = 8_000 + rnd.nextDouble() * 10_000;
                roundsInBurst = 4 + rnd.nextInt(13);
                minGap = 1;
                maxGap = 2;
            }
        }
        // which side fires: pick a side, and find which way along the normal it lies
        Side firing = rnd.nextBoolean() ? Side.UKRAINE_HELD : Side.OCCUPIED;
        double lateral = (rnd.nextDouble() - 0.5) * 10_000;
        double[] tangent = {normal[1], -normal[0]};
        double sign = sideOf(spot.x + normal[0] * 2_000, spot.y + normal[1] * 2_000) == firing ? 1 : -1;
        double fx = spot.x + sign * normal[0] * fireDepth + tangent[0] * lateral;
        double fy = spot.y + sign * normal[1] * fireDepth + tangent[1] * lateral;
        Side actual = sideOf(fx, fy);
        if (actual != Side.UKRAINE_HELD && actual != Side.OCCUPIED) {
            return; // the line bends here and the position fell outside Ukraine: no fire from the sea
        }
        firing = actual;
        double maxTargetDepth = Math.max(500, Math.min(10_000, w.maxRangeM() - fireDepth - 3_000));
        double targetDepth = 500 + rnd.nextDouble() * (maxTargetDepth - 500);
        double tl = lateral + (rnd.nextDouble() - 0.5) * 6_000;
        double tx = spot.x - sign * normal[0] * targetDepth + tangent[0] * tl;
        double ty = spot.y - sign * normal[1] * targetDepth + tangent[1] * tl;
        double range = Math.hypot(tx - fx, ty - fy);
        if (range > w.maxRangeM()) {
            double k = w.maxRangeM() * 0.95 / range;
            tx = fx + (tx - fx) * k;
            ty = fy + (ty - fy) * k;
        }
        long t = t0;
        for (int r = 0; r < roundsInBurst; r++) {
            long round = nextRound++;
            rounds++;
            double ix = tx + rnd.nextGaussian() * 100;
            double iy = ty + rnd.nextGaussian() * 100;
            double tof = w.timeOfFlightS(Math.hypot(ix - fx, iy - fy)) * (1 + 0.005 * rnd.nextGaussian());
            long impactNs = t + (long) (tof * NS);
            truth.accept(new TruthRecord(round, KindHint.LAUNCH, firing, w, t, fx, fy));
            truth.accept(new TruthRecord(round, KindHint.IMPACT, firing, w, impactNs, ix, iy));
            sound(t, fx, fy, KindHint.LAUNCH);
            sound(impactNs, ix, iy, KindHint.IMPACT);
            t += (long) ((minGap + rnd.nextDouble() * (maxGap - minGap)) * NS);
        }
    }

    private Side sideOf(double x, double y) {
        double[] ll = new double[2];
        TheatreProjection.inverse(x, y, ll);
        if (ll[1] < -90 || ll[1] > 90) {
            return Side.OUTSIDE;
        }
        Placement p = theatre.locate(ll[1], ll[0]);
        return p.side() == Side.GREY_ZONE ? Side.UKRAINE_HELD : p.side();
    }

    private void sound(long tNs, double x, double y, KindHint kind) {
        grid.forEachWithin(x, y, s -> {
            double r = Math.hypot(s.x() - x, s.y() - y);
            if (rnd.nextDouble() >= s.probabilityOfDetection(r)) {
                return;
            }
            long arrival = tNs + (long) ((r / c + rnd.nextGaussian() * s.clockSigmaS()) * NS);
            double bearing = Double.NaN;
            if (s.reportsBearing()) {
                bearing = (Math.toDegrees(Math.atan2(x - s.x(), y - s.y())) + s.bearingSigmaDeg() * rnd.nextGaussian() + 360) % 360;
            }
            double q = rnd.nextDouble();
            KindHint hint = q < 0.85 ? kind : q < 0.95 ? KindHint.UNKNOWN
                    : kind == KindHint.LAUNCH ? KindHint.IMPACT : KindHint.LAUNCH;
            double amplitude = 150 - 20 * Math.log10(Math.max(r, 10)) + 3 * rnd.nextGaussian();
            deliver(new Detection(null, s.id(), arrival, bearing, s.reportsBearing() ? s.bearingSigmaDeg() : Double.NaN, hint, amplitude));
        });
    }

    private void generateFalseAlarms(long from, long to) {
        double hours = (to - from) / (3600 * NS);
        for (Sensor s : sensors) {
            int n = poisson(s.falseAlarmsPerHour() * hours);
            for (int i = 0; i < n; i++) {
                long t = from + (long) (rnd.nextDouble() * (to - from));
                double bearing = s.reportsBearing() ? rnd.nextDouble() * 360 : Double.NaN;
                deliver(new Detection(null, s.id(), t, bearing, s.reportsBearing() ? s.bearingSigmaDeg() : Double.NaN,
                        KindHint.UNKNOWN, 60 + 5 * rnd.nextGaussian()));
            }
        }
    }

    private void deliver(Detection d) {
        long latency = (long) (-Math.log(1 - rnd.nextDouble()) * 0.3 * NS);
        queue.add(new Pending(d.arrivalNs() + latency, seq++, d));
    }

    private long seq;

    private int pickHotSpot() {
        double u = rnd.nextDouble() * hotSpotCumWeight[hotSpotCumWeight.length - 1];
        for (int i = 0; i < hotSpotCumWeight.length; i++) {
            if (u <= hotSpotCumWeight[i]) {
                return i;
            }
        }
        return hotSpotCumWeight.length - 1;
    }

    private int poisson(double mean) {
        if (mean > 50) {
            return Math.max(0, (int) Math.round(mean + Math.sqrt(mean) * rnd.nextGaussian()));
        }
        double l = Math.exp(-mean);
        int k = 0;
        double p = 1;
        do {
            k++;
            p *= rnd.nextDouble();
        } while (p > l);
        return k - 1;
    }
}
