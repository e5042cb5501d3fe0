package org.garant.monitor.fuse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.garant.geo.LatLon;
import org.garant.geo.TheatreProjection;
import org.garant.monitor.sense.Acoustics;
import org.garant.monitor.sense.Detection;
import org.garant.monitor.sense.Event;
import org.garant.monitor.sense.KindHint;
import org.garant.monitor.sense.Sensor;

/**
 * The streaming fusion engine: detections in delivery order in, located events out.
 *
 * <p><b>Association.</b> Detections wait until the watermark (the latest arrival time seen, less the allowed
 * lateness) has passed their arrival time plus the longest travel time a sound within range can have. Then the
 * earliest unassigned detection is the seed: its sensor is, in all likelihood, the nearest to an unlocated source.
 * The four nearest sensors that heard something the seed allows (|t − t₀| ≤ distance/c) are anchors; hypotheses
 * are the seed with one candidate from each of three anchors, pairwise consistent in time and the third heard
 * near when the places fitting the other three predict, solved in closed form
 * (Gauss–Newton when the anchors are collinear or the source lies beyond the network's edge), dropped unless the
 * solution fits its own four detections, and scored by how many sensors in range have a detection where the
 * hypothesis predicts one (dropped early when the six nearest do not). Every combination is tried (at most 4 × 6³)
 * until one is confirmed by ten sensors.
 * Every sensor in range is then gated for the detection that fits the best hypothesis (4σ, and the bearing within
 * 4σ where one is given), and Gauss–Newton refines on the members, twice (three times when the second gate
 * changed them). Sources that overlap in space and time
 * (bursts, MLRS ripples) are separated because each gate is a few milliseconds wide. A seed that forms no event of
 * at least five members with χ²/dof ≤ 6 is noise (a false alarm or a sound too few sensors heard).
 *
 * <p><b>State.</b> Only detections within the association window are kept; memory is bounded by the window, not by
 * the length of the input.
 *
 * <p><b>Bad input.</b> Unknown sensors, duplicate ids, arrival times older than the allowed lateness, and
 * non-finite values are rejected with a reason through {@link #ingest}'s result; nothing else is affected.
 *
 * <p>Not thread-safe: one engine per stream (or per sector of the line).
 */
public final class FusionEngine {
    /** Tunables with defaults fit for the simulated network. */
    public record Options(double celsius, double allowedLatenessS, int seedNeighbours, double gateSigmas, int minMembers)
            implements java.io.Serializable {
        public Options {
            // four detections fix a place and a time; the search's early stops (fewer than three of the six nearest
            // sensors) rely on an event needing more than three
            if (minMembers < 4) {
                throw new IllegalArgumentException("an event needs at least 4 members, not " + minMembers);
            }
        }

        public static Options defaults() {
            return new Options(10, 5, 10, 4, 5);
        }
    }

    /** Why a detection was rejected; null when it was accepted. */
    public enum Rejection {
        UNKNOWN_SENSOR("unknown sensor id"),
        DUPLICATE_ID("duplicate detection id"),
        TOO_LATE("arrival time older than the allowed lateness"),
        NOT_FINITE("a value is not a finite number");

        private final String reason;

        Rejection(String reason) {
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    /** Largest χ² per degree of freedom of an accepted event; above it the members do not share one source. */
    static final double MAX_CHI2_PER_DOF = 6;

    private static final class Det {
        final String id;
        final int sensor;
        final long tNs;
        final double bearing;      // radians or NaN
        final double bearingSigma; // radians
        final KindHint hint;
        /** The bearing as a unit vector (east, north), and the cosine of the widest angle the gate lets it be off. */
        final double east;
        final double north;
        final double cosGate;
        boolean assigned;

        Det(String id, int sensor, long tNs, double bearing, double bearingSigma, KindHint hint, double gateSigmas) {
            this.id = id;
            this.sensor = sensor;
            this.tNs = tNs;
            this.bearing = bearing;
            this.bearingSigma = bearingSigma;
            this.hint = hint;
            this.east = Math.sin(bearing);
            this.north = Math.cos(bearing);
            double gate = gateSigmas * bearingSigma + Math.toRadians(1);
            // a gate of half a turn or more lets every direction through (−2: below any cosine, rounding included)
            this.cosGate = gate >= Math.PI ? -2 : Math.cos(gate);
        }
    }

    private final Options o;
    private final String idPrefix;
    private final double c;
    private final Map<String, Integer> sensorIndex;
    private final Sensor[] sensors;
    private final int[][] neighbours;     // per sensor: sensors within 2 × range, nearest first (itself first)
    private final double[][] neighbourDist; // their distances, metres
    // sensor fields as primitive arrays, for locality in the hot loops
    private final double[] sensX;
    private final double[] sensY;
    private final double[] sensRange2;
    private final double[] sensGateRange2;
    private final double[] sensClockSigmaS;
    private final long[] sensConfirmTolNs;
    private final DetQueue[] bySensor;
    /**
     * The detections waiting to seed a search, earliest arrival first (ties in the order taken): kept sorted by
     * insertion from the back, which is cheap because detections are delivered nearly in arrival order.
     */
    private final DetQueue seeds = new DetQueue();
    private final RecentIds recentIds = new RecentIds();
    private final Consumer<Event> out;
    private final long windowNs;
    private final long latenessNs;
    /** The newest watermark processed to. */
    private long watermark = Long.MIN_VALUE;
    private long maxArrivalNs = Long.MIN_VALUE;
    private long processedUntilNs = Long.MIN_VALUE;
    private long nextEvent;
    private long accepted;
    private long noiseSeeds;
    private int kept;
    private int peakKept;

    // work arrays for one localisation (sized for the neighbourhood)
    private double[] xs;
    private double[] ys;
    private double[] ts;
    private double[] sig;
    private double[] br;
    private double[] bs;
    private Det[] cand;
    /** The members of the previous gate round. */
    private Det[] previousCand;
    private int[] idx;
    private boolean[] inlierFlags;

    @SuppressWarnings("unchecked")
    public FusionEngine(List<Sensor> sensorList, Options options, Consumer<Event> out) {
        this(sensorList, options, out, "e");
    }

    /** An engine whose event ids start with {@code idPrefix} (one per sector, so ids stay unique when merged). */
    public FusionEngine(List<Sensor> sensorList, Options options, Consumer<Event> out, String idPrefix) {
        this(network(sensorList, options), out, idPrefix);
    }

    /**
     * An engine over a network's tables built once ({@link #network}): engines for slices of time or sectors share
     * them instead of each spending tens of milliseconds on the same neighbour lists.
     */
    public FusionEngine(Network net, Consumer<Event> out, String idPrefix) {
        this.idPrefix = idPrefix;
        this.o = net.options;
        this.c = net.c;
        this.out = out;
        this.sensorIndex = net.sensorIndex;
        this.sensors = net.sensors;
        this.windowNs = net.windowNs;
        this.latenessNs = (long) (o.allowedLatenessS() * 1e9);
        this.sensX = net.sensX;
        this.sensY = net.sensY;
        this.sensRange2 = net.sensRange2;
        this.sensGateRange2 = net.sensGateRange2;
        this.sensClockSigmaS = net.sensClockSigmaS;
        this.sensConfirmTolNs = net.sensConfirmTolNs;
        this.neighbours = net.neighbours;
        this.neighbourDist = net.neighbourDist;
        bySensor = new DetQueue[sensors.length];
        for (int i = 0; i < sensors.length; i++) {
            bySensor[i] = new DetQueue();
        }
        int maxN = net.maxNeighbours;
        xs = new double[maxN];
        ys = new double[maxN];
        ts = new double[maxN];
        sig = new double[maxN];
        br = new double[maxN];
        bs = new double[maxN];
        cand = new Det[maxN];
        previousCand = new Det[maxN];
        picks = new Det[maxN];
        bestPicks = new Det[maxN];
        idx = new int[maxN];
        inlierFlags = new boolean[maxN];
    }

    /** What an engine knows of its network and never changes: read-only, shared by any number of engines. */
    public static final class Network {
        final Options options;
        final double c;
        final Map<String, Integer> sensorIndex = new HashMap<>();
        final Sensor[] sensors;
        final int[][] neighbours;     // per sensor: sensors within 2 × range, nearest first (itself first)
        final double[][] neighbourDist; // their distances, metres
        // sensor fields as primitive arrays, for locality in the hot loops
        final double[] sensX;
        final double[] sensY;
        final double[] sensRange2;
        /** (1.05 × range)²: a sensor is gated for a source within its range and 5 %. */
        final double[] sensGateRange2;
        final double[] sensClockSigmaS;
        final long[] sensConfirmTolNs;
        final long windowNs;
        final double maxRange;
        final int maxNeighbours;

        private Network(List<Sensor> sensorList, Options options) {
            this.options = options;
            this.c = Acoustics.speedOfSound(options.celsius());
            this.sensors = sensorList.toArray(new Sensor[0]);
            double range = 0;
            for (int i = 0; i < sensors.length; i++) {
                if (sensorIndex.put(sensors[i].id(), i) != null) {
                    throw new IllegalArgumentException("duplicate sensor id " + sensors[i].id());
                }
                range = Math.max(range, sensors[i].rangeM());
            }
            this.maxRange = range;
            this.windowNs = windowNs(sensorList, options);
            this.sensX = new double[sensors.length];
            this.sensY = new double[sensors.length];
            this.sensRange2 = new double[sensors.length];
            this.sensGateRange2 = new double[sensors.length];
            this.sensClockSigmaS = new double[sensors.length];
            this.sensConfirmTolNs = new long[sensors.length];
            for (int i = 0; i < sensors.length; i++) {
                sensX[i] = sensors[i].x();
                sensY[i] = sensors[i].y();
                sensRange2[i] = sensors[i].rangeM() * sensors[i].rangeM() * 1.1;
                sensGateRange2[i] = (sensors[i].rangeM() * 1.05) * (sensors[i].rangeM() * 1.05);
                sensClockSigmaS[i] = sensors[i].clockSigmaS();
                sensConfirmTolNs[i] = (long) ((options.gateSigmas() * sensors[i].clockSigmaS() + 0.003) * 1e9);
            }
            this.neighbours = new int[sensors.length][];
            this.neighbourDist = new double[sensors.length][];
            org.garant.monitor.sense.SensorGrid grid = new org.garant.monitor.sense.SensorGrid(sensorList, 2 * maxRange);
            int maxN = 1;
            for (int i = 0; i < sensors.length; i++) {
                Sensor s = sensors[i];
                List<Integer> nb = new ArrayList<>();
                grid.forEachWithinDistance(s.x(), s.y(), 2 * maxRange, t -> nb.add(sensorIndex.get(t.id())));
                nb.sort((a, b) -> Double.compare(Math.hypot(sensors[a].x() - s.x(), sensors[a].y() - s.y()),
                        Math.hypot(sensors[b].x() - s.x(), sensors[b].y() - s.y())));
                neighbours[i] = nb.stream().mapToInt(Integer::intValue).toArray();
                neighbourDist[i] = nb.stream().mapToDouble(j -> Math.sqrt(Math.pow(sensors[j].x() - s.x(), 2) + Math.pow(sensors[j].y() - s.y(), 2))).toArray();
                maxN = Math.max(maxN, neighbours[i].length);
            }
            this.maxNeighbours = maxN;
        }
    }

    /** The tables of a network for engines with these options (see {@link #FusionEngine(Network, Consumer, String)}). */
    public static Network network(List<Sensor> sensors, Options options) {
        return new Network(sensors, options);
    }

    /**
     * Fuses a whole stream in one go: an engine and launch–impact pairing (100 s hold), flushed at the end; the
     * events come back in the order they leave the pairing. Rejected detections are dropped (use {@link #ingest}
     * directly to see why).
     */
    public static List<Event> fuseAll(List<Sensor> sensors, java.util.Iterator<Detection> in, Options options) {
        List<Event> events = new ArrayList<>();
        LaunchImpactPairing pairing = new LaunchImpactPairing(events::add, 100);
        FusionEngine engine = new FusionEngine(sensors, options, pairing);
        in.forEachRemaining(engine::ingest);
        engine.flush();
        pairing.flush();
        return events;
    }

    /** Detections accepted so far. */
    public long accepted() {
        return accepted;
    }

    /** Seeds that formed no event (false alarms and sounds heard by too few sensors). */
    public long noiseSeeds() {
        return noiseSeeds;
    }

    /** The largest number of detections held at once (the window's footprint). */
    public int peakHeld() {
        return peakKept;
    }

    /** Takes one detection; returns why it was rejected, or null. Events are emitted as the watermark advances. */
    public Rejection ingest(Detection d) {
        Integer s = sensorIndex.get(d.sensorId());
        if (s == null) {
            return Rejection.UNKNOWN_SENSOR;
        }
        if (d.hasBearing() && !(Double.isFinite(d.bearingDeg()) && Double.isFinite(d.bearingSigmaDeg()) && d.bearingSigmaDeg() > 0)) {
            return Rejection.NOT_FINITE;
        }
        if (d.arrivalNs() < processedUntilNs || (maxArrivalNs != Long.MIN_VALUE && d.arrivalNs() < maxArrivalNs - latenessNs)) {
            return Rejection.TOO_LATE;
        }
        if (!recentIds.add(d.id(), d.arrivalNs())) {
            return Rejection.DUPLICATE_ID;
        }
        Det det = new Det(d.id(), s, d.arrivalNs(), d.hasBearing() ? Math.toRadians(d.bearingDeg()) : Double.NaN,
                d.hasBearing() ? Math.toRadians(d.bearingSigmaDeg()) : Double.NaN, d.kindHint(), o.gateSigmas());
        kept -= bySensor[s].removeBefore(evictBefore);
        bySensor[s].add(det);
        seeds.add(det);
        kept++;
        peakKept = Math.max(peakKept, kept);
        accepted++;
        if (d.arrivalNs() > maxArrivalNs) {
            maxArrivalNs = d.arrivalNs();
            watermark = Math.max(watermark, maxArrivalNs - latenessNs);
            advance(watermark);
        }
        return null;
    }

    /**
     * Time has passed without detections (a live source's clock): processes every seed whose window closed before
     * {@code watermarkNs}; a later detection older than it is then late. Does nothing if the watermark is not newer.
     */
    public void advanceTo(long watermarkNs) {
        if (watermarkNs > watermark) {
            watermark = watermarkNs;
            advance(watermarkNs);
        }
    }

    /**
     * How far the stream has advanced (not counting {@link #flush}): every seed whose window closed before this has
     * been processed, so an event still to come has a seed arriving after {@code watermarkNs() - window}.
     */
    public long watermarkNs() {
        return watermark;
    }

    /** How late (in arrival time) a detection may come after a newer one and still be fused. */
    public long latenessNs() {
        return latenessNs;
    }

    /** The association window: the longest a detection can arrive after its source's event (sound travel and margin). */
    public long windowNs() {
        return windowNs;
    }

    /** The association window an engine over these sensors has: the longest detection range at the speed of sound, plus 1 s. */
    public static long windowNs(List<Sensor> sensors, Options options) {
        double maxRange = 0;
        for (Sensor s : sensors) {
            maxRange = Math.max(maxRange, s.rangeM());
        }
        return (long) ((maxRange / Acoustics.speedOfSound(options.celsius()) + 1) * 1e9);
    }

    /** End of input: processes everything still held. */
    public void flush() {
        advance(Long.MAX_VALUE - windowNs - 1);
    }

    private void advance(long watermark) {
        while (seeds.size() > 0 && seeds.time(0) + windowNs <= watermark) {
            Det d0 = seeds.poll();
            processedUntilNs = Math.max(processedUntilNs, d0.tNs);
            if (!d0.assigned) {
                if (!formEvent(d0)) {
                    noiseSeeds++;
                }
            }
            evict(d0.tNs - windowNs);
        }
        // ids are remembered for as long as a copy could still be accepted (the window and the lateness, twice)
        if (processedUntilNs != Long.MIN_VALUE) {
            recentIds.forgetBefore(processedUntilNs - 2 * windowNs - latenessNs);
        }
    }

    /**
     * Drops detections older than {@code before}: every seed before it has been processed, so they can no longer
     * join an event. A sensor's queue sheds them as it takes its next detection ({@link #ingest}); every 4,096 seeds
     * all queues do, for the sensors that have heard nothing since (so its cost is spread thin).
     */
    private void evict(long before) {
        evictBefore = before;
        if ((++evictCounter & 4095) != 0) {
            return;
        }
        for (DetQueue list : bySensor) {
            kept -= list.removeBefore(before);
        }
    }

    /** Detections before this can no longer join an event (the latest seed's arrival less the window). */
    private long evictBefore = Long.MIN_VALUE;
    private long evictCounter;

    private boolean formEvent(Det d0) {
        int s0 = d0.sensor;
        Sensor seed = sensors[s0];
        double ox = seed.x();
        double oy = seed.y();
        long t0 = d0.tNs;
        int anchors = findAnchors(s0, ox, oy, t0);
        if (anchors < 3) {
            return false;
        }
        double[] sol = new double[3];
        int bestScore = bestHypothesis(d0, anchors, ox, oy, t0, sol);
        if (bestScore < o.minMembers()) {
            return false;
        }
        // 3. gate every sensor in range for the detection that fits best; refine; twice, and a third time unless the
        // second gate found the members the first did around a place Gauss-Newton had settled on (the third gate would
        // be the second again)
        int members = 0;
        int previous = -1;
        boolean settled = false;
        for (int round = 0; round < 3; round++) {
            if (round == 0) {
                // the closed-form hypothesis may be a few ms off: the first gate is as wide as the confirmation, whose
                // scoring of the best hypothesis picked its members already
                members = bestPickCount;
                for (int k = 0; k < members; k++) {
                    put(k, bestPicks[k], ox, oy, t0);
                }
            } else {
                members = gate(sol, ox, oy, t0, s0, 0.0005);
            }
            if (members < o.minMembers()) {
                return false;
            }
            if (round == 2 || settled && sameMembers(previous, members)) {
                break;
            }
            for (int k = 0; k < members; k++) {
                idx[k] = k;
                previousCand[k] = cand[k];
            }
            previous = members;
            int fit = Localizer.iterate(xs, ys, ts, sig, br, bs, idx, members, c, sol, 8);
            if (fit == Localizer.SINGULAR) {
                return false;
            }
            settled = fit == Localizer.SETTLED;
        }
        for (int k = 0; k < members; k++) {
            idx[k] = k;
        }
        double chi = Localizer.refine(xs, ys, ts, sig, br, bs, idx, members, c, sol, 8);
        double[] cov = Localizer.positionCovariance(xs, ys, sig, br, bs, idx, members, c, sol[0], sol[1]);
        if (Double.isNaN(chi) || cov == null || chi / Math.max(1, members - 3) > MAX_CHI2_PER_DOF) {
            return false;   // no consistent source: a chance alignment of detections from different sounds
        }
        // the seed must belong to its own event, or it is not this source's nearest detection
        boolean seedIn = false;
        for (int k = 0; k < members; k++) {
            seedIn |= cand[k] == d0;
        }
        if (!seedIn) {
            return false;
        }
        double crlb = Math.sqrt(cov[0] + cov[2]);
        double dof = Math.max(1, members - 3);
        double inflate = Math.max(1, chi / dof);
        List<String> ids = new ArrayList<>(members);
        int launch = 0;
        int impact = 0;
        for (int k = 0; k < members; k++) {
            cand[k].assigned = true;
            ids.add(cand[k].id);
            if (cand[k].hint == KindHint.LAUNCH) {
                launch++;
            } else if (cand[k].hint == KindHint.IMPACT) {
                impact++;
            }
        }
        KindHint kind = launch > impact ? KindHint.LAUNCH : impact > launch ? KindHint.IMPACT : KindHint.UNKNOWN;
        double ex = ox + sol[0];
        double ey = oy + sol[1];
        double[] ll = new double[2];
        TheatreProjection.inverse(ex, ey, ll);
        long timeNs = t0 + Math.round(sol[2] * 1e9);
        double rms = Math.sqrt(residualSumSquaresS(sol, members) / members);
        out.accept(new Event(idPrefix + (nextEvent++), timeNs, new LatLon(ll[1], ll[0]), ex, ey,
                cov[0] * inflate, cov[1] * inflate, cov[2] * inflate, kind, null, ids, rms, crlb, null));
        return true;
    }

    /**
     * 1. Anchors: the nearest sensors (up to four) that heard something the seed allows (|t − t₀| ≤ distance / c), each
     * with up to six candidate detections in {@link #anchorCand}; returns how many.
     */
    private int findAnchors(int s0, double ox, double oy, long t0) {
        Sensor seed = sensors[s0];
        int[] nb = neighbours[s0];
        int anchors = 0;
        for (int k = 1; k < nb.length && anchors < ANCHORS; k++) {
            int j = nb[k];
            double dx = sensors[j].x() - ox;
            double dy = sensors[j].y() - oy;
            double dist = Math.sqrt(dx * dx + dy * dy);
            if (dist > seed.rangeM() * 1.5) {
                break;
            }
            long slack = (long) (4 * (seed.clockSigmaS() + sensors[j].clockSigmaS()) * 1e9);
            long lo = t0 - slack;
            long hi = t0 + (long) (dist / c * 1e9) + slack;
            DetQueue list = bySensor[j];
            int m = 0;
            for (int q = list.lowerBound(lo); q < list.size() && m < CANDIDATES_PER_ANCHOR; q++) {
                if (list.time(q) > hi) {
                    break;
                }
                Det d = list.get(q);
                if (!d.assigned) {
                    anchorCand[anchors][m++] = d;
                }
            }
            if (m > 0) {
                anchorSensor[anchors] = j;
                anchorCount[anchors] = m;
                anchors++;
            }
        }
        return anchors;
    }

    /**
     * 2. Hypotheses: the seed and one detection from each of three anchors, pairwise consistent in time, solved in closed
     * form; the one that the most sensors in range confirm goes to {@code sol}; returns its number of confirmations.
     * (Its own method, as the anchors', so that the JIT compiles each loop nest on its own and early.)
     */
    private int bestHypothesis(Det d0, int anchors, double ox, double oy, long t0, double[] sol) {
        int s0 = d0.sensor;
        Sensor seed = sensors[s0];
        computeAnchorGaps(anchors);
        double[] trial = new double[3];
        int bestScore = 0;
        int[] hyp = {0, 1, 2, 3};
        for (int skip = anchors - 1; skip >= (anchors == 4 ? 0 : anchors - 1) && bestScore < GOOD_ENOUGH; skip--) {
            int a0 = 0;
            int a1 = skip <= 1 ? 2 : 1;
            int a2 = skip <= 2 ? 3 : 2;
            if (anchors == 3) {
                a1 = 1;
                a2 = 2;
            } else if (skip == 0) {
                a0 = 1;
                a1 = 2;
                a2 = 3;
            }
            // the work slots 0-3 hold the seed and the three candidates, each written when its loop moves on
            put(0, d0, ox, oy, t0);
            for (int i0 = 0; i0 < anchorCount[a0] && bestScore < GOOD_ENOUGH; i0++) {
                Det c0 = anchorCand[a0][i0];
                put(1, c0, ox, oy, t0);
                for (int i1 = 0; i1 < anchorCount[a1] && bestScore < GOOD_ENOUGH; i1++) {
                    Det c1 = anchorCand[a1][i1];
                    if (!consistent(a0, a1, c0, c1)) {
                        continue;
                    }
                    put(2, c1, ox, oy, t0);
                    // where the seed and these two fit, and so when the third anchor would have heard that sound
                    // (worked out for the first third detection consistent in time with them; -1 until then)
                    int placeCount = -1;
                    for (int i2 = 0; i2 < anchorCount[a2] && bestScore < GOOD_ENOUGH; i2++) {
                        Det c2 = anchorCand[a2][i2];
                        if (!consistent(a0, a2, c0, c2) || !consistent(a1, a2, c1, c2)) {
                            continue;
                        }
                        if (placeCount < 0) {
                            placeCount = placesOfThree(anchorSensor[a2], ox, oy);
                        }
                        if (placeCount > 0 && !heardWherePredicted(c2, placeCount, t0)) {
                            continue;
                        }
                        put(3, c2, ox, oy, t0);
                        if (!Localizer.linearStart(xs, ys, ts, hyp, 4, c, trial, linearWork) || trial[0] * trial[0] + trial[1] * trial[1] > 4 * seed.rangeM() * seed.rangeM()) {
                            // collinear anchors or a source beyond the network's edge: Gauss-Newton from beside the seed
                            double mx = (xs[1] + xs[2] + xs[3]) / 3;
                            double my = (ys[1] + ys[2] + ys[3]) / 3;
                            double len = Math.max(1, Math.sqrt(mx * mx + my * my));
                            trial[0] = -mx / len * 2_000;
                            trial[1] = -my / len * 2_000;
                            trial[2] = -2_000 / c;
                            if (!Localizer.converge(xs, ys, ts, sig, br, bs, hyp, 4, c, trial, 8)
                                    || trial[0] * trial[0] + trial[1] * trial[1] > 4 * seed.rangeM() * seed.rangeM()) {
                                continue;
                            }
                        }
                        if (!fits(trial)) {
                            continue;
                        }
                        int score = confirmations(trial, ox, oy, t0, s0, bestScore);
                        if (score > bestScore) {
                            bestScore = score;
                            System.arraycopy(trial, 0, sol, 0, 3);
                            Det[] t = bestPicks;
                            bestPicks = picks;
                            picks = t;
                            bestPickCount = pickCount;
                        }
                    }
                }
            }
        }
        return bestScore;
    }

    /**
     * How far (seconds) a third anchor's detection may lie from the arrival that the places fitting the seed and the
     * other two predict, and still be solved with them. Not the fit's tolerance (it is tested on the solution, in
     * {@link #fits}): a pre-test that spares the closed form and its Gauss–Newton fallback for the detections of other
     * sounds. Three detections with noise can put their places far off where the geometry nearly makes them one
     * (two places close together), so the pre-test is loose, and it asks every real place (also one that noise puts
     * just after the first arrival). Over a week of war (the benchmark's, seed 7) it spares 12.0 of 23.3 million
     * four-detection solves (52 %), and the week fuses into the same 690,857 events as without it: of the hypotheses it
     * dropped, 10 would have fitted their four detections, and none of them changed an event.
     */
    private static final double PREDICTION_SLACK_S = 3;
    private final double[] places = new double[6];
    private final double[] placeArrival = new double[2];

    /**
     * The places that fit the detections in work slots 0–2 exactly ({@link Localizer#threeDetectionPlaces}), and the
     * arrival time each predicts at {@code sensor} (into {@link #placeArrival}); returns how many (0: none, the
     * sensors being collinear or the detections of no one sound).
     */
    private int placesOfThree(int sensor, double ox, double oy) {
        int n = Localizer.threeDetectionPlaces(xs, ys, ts, 0, 1, 2, c, places);
        double ax = sensX[sensor] - ox;
        double ay = sensY[sensor] - oy;
        for (int k = 0; k < n; k++) {
            double dx = places[3 * k] - ax;
            double dy = places[3 * k + 1] - ay;
            placeArrival[k] = places[3 * k + 2] + Math.sqrt(dx * dx + dy * dy) / c;
        }
        return n;
    }

    /** Whether detection {@code d} lies within {@link #PREDICTION_SLACK_S} of an arrival {@link #placesOfThree} predicted. */
    private boolean heardWherePredicted(Det d, int n, long t0) {
        double t = (d.tNs - t0) / 1e9;
        for (int k = 0; k < n; k++) {
            if (Math.abs(t - placeArrival[k]) <= PREDICTION_SLACK_S) {
                return true;
            }
        }
        return false;
    }

    private double residualSumSquaresS(double[] sol, int members) {
        double s = 0;
        for (int k = 0; k < members; k++) {
            double ex = sol[0] - xs[k];
            double ey = sol[1] - ys[k];
            double r = ts[k] - sol[2] - Math.sqrt(ex * ex + ey * ey) / c;
            s += r * r;
        }
        return s;
    }

    private static final int ANCHORS = 4;
    private final double[] linearWork = new double[24];
    /** Sensors in range of the hypothesis last scored by {@link #confirmations}. */
    private int lastInRange;
    private static final int CANDIDATES_PER_ANCHOR = 6;
    /** A hypothesis confirmed by this many sensors is taken without looking further. */
    private static final int GOOD_ENOUGH = 10;
    private final Det[][] anchorCand = new Det[ANCHORS][CANDIDATES_PER_ANCHOR];
    private final int[] anchorSensor = new int[ANCHORS];
    private final int[] anchorCount = new int[ANCHORS];
    private final double[] anchorGapLimitS = new double[ANCHORS * ANCHORS];
    /** The first gate round's members for the hypothesis {@link #confirmations} last scored, and for the best one. */
    private Det[] picks;
    private Det[] bestPicks;
    private int pickCount;
    private int bestPickCount;

    /**
     * Whether the four detections a hypothesis was solved from (work slots 0–3) lie within twice the confirmation
     * tolerance of the arrival times it predicts. Four detections fix the three unknowns and the linearisation's fourth,
     * so the closed form always has a solution; detections of different sounds give one that does not fit them. 96 % of
     * the hypotheses of a war-intensity day end here, before the sensors around are asked to confirm them (war recall
     * with once the confirmation tolerance 0.9848, with twice 0.9864, without the test 0.9865).
     */
    private boolean fits(double[] h) {
        for (int k = 0; k < 4; k++) {
            double ex = h[0] - xs[k];
            double ey = h[1] - ys[k];
            double r = ts[k] - h[2] - Math.sqrt(ex * ex + ey * ey) / c;
            if (Math.abs(r) * 1e9 > 2 * sensConfirmTolNs[cand[k].sensor]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Two detections of anchors {@code a} and {@code b} can come from one sound only if their time difference is at most
     * the sensors' distance / c (and four clock σ of each): the bound of each pair of anchors in {@link #anchorGapLimitS}.
     */
    private boolean consistent(int a, int b, Det da, Det db) {
        return Math.abs(da.tNs - db.tNs) / 1e9 <= anchorGapLimitS[a * ANCHORS + b];
    }

    /** The largest time difference {@link #consistent} allows between the anchors' detections, per pair of anchors. */
    private void computeAnchorGaps(int anchors) {
        for (int a = 0; a < anchors; a++) {
            for (int b = a + 1; b < anchors; b++) {
                int sa = anchorSensor[a];
                int sb = anchorSensor[b];
                double dx = sensX[sa] - sensX[sb];
                double dy = sensY[sa] - sensY[sb];
                double gap = Math.sqrt(dx * dx + dy * dy) / c + 4 * (sensClockSigmaS[sa] + sensClockSigmaS[sb]);
                anchorGapLimitS[a * ANCHORS + b] = gap;
                anchorGapLimitS[b * ANCHORS + a] = gap;
            }
        }
    }

    /**
     * How many sensors in range of a hypothesis have an unassigned detection where it predicts one (± 4σ + 3 ms).
     * Stops early once even every remaining sensor could not beat {@code toBeat}.
     *
     * <p>On the way it picks what the first gate round ({@link #gate} with 3 ms of slack) would pick for this hypothesis:
     * per sensor within the gate's range, the unassigned detection in the same window nearest the prediction whose
     * bearing fits ({@link #picks}, {@link #pickCount}). The hypothesis that ends up best was scored to the end (an early
     * stop means it could not be), so its picks are that gate round's members and the gate is not run again.
     */
    private int confirmations(double[] h, double ox, double oy, long t0, int s0, int toBeat) {
        double hx = ox + h[0];
        double hy = oy + h[1];
        double reach = Math.sqrt(h[0] * h[0] + h[1] * h[1]) + sensors[s0].rangeM() * 1.05;
        int[] nb = neighbours[s0];
        double[] nd = neighbourDist[s0];
        int count = 0;
        int last = withinReach(nd, reach);
        lastInRange = 0;
        pickCount = 0;
        int need = Math.max(toBeat, o.minMembers() - 1);
        for (int k = 0; k < last; k++) {
            if (count + (last - k) <= need) {
                return count;
            }
            int j = nb[k];
            double dx = sensX[j] - hx;
            double dy = sensY[j] - hy;
            double r2 = dx * dx + dy * dy;
            if (r2 > sensGateRange2[j]) {
                continue;
            }
            // within the gate's range; the confirmations count only within the (slightly shorter) detection range
            boolean counts = r2 <= sensRange2[j];
            if (counts) {
                lastInRange++;
                if (lastInRange == 7 && count < 3) {
                    return count; // the six nearest sensors in range would have heard a real source; they did not
                }
            }
            double r = Math.sqrt(r2);
            long pred = t0 + (long) ((h[2] + r / c) * 1e9);
            long tol = sensConfirmTolNs[j];
            DetQueue list = bySensor[j];
            boolean heard = false;
            Det pick = null;
            double bestRes = Double.POSITIVE_INFINITY;
            // as the gate's window (from the horizon at the earliest)
            for (int q = list.lowerBound(Math.max(evictBefore, pred - tol)); q < list.size(); q++) {
                if (list.time(q) > pred + tol) {
                    break;
                }
                Det d = list.get(q);
                if (d.assigned) {
                    continue;
                }
                heard = true;
                double res = Math.abs((d.tNs - pred) / 1e9);
                if (res < bestRes && bearingWithinGate(d, dx, dy, r)) {
                    bestRes = res;
                    pick = d;
                }
            }
            if (heard && counts) {
                count++;
            }
            if (pick != null) {
                picks[pickCount++] = pick;
            }
        }
        return count;
    }

    /**
     * Whether a detection's bearing (if it has one) lies within its gate of the direction from the sensor to the source
     * ((−gx, −gy), r away): the cosine of the angle between them, from the dot product of unit vectors (no arc tangent
     * per detection).
     */
    private static boolean bearingWithinGate(Det d, double gx, double gy, double r) {
        return Double.isNaN(d.bearing) || (d.east * -gx + d.north * -gy) >= d.cosGate * r;
    }

    /** Whether the work slots hold the same {@code members} detections, in the same order, as {@link #previousCand}. */
    private boolean sameMembers(int previous, int members) {
        if (previous != members) {
            return false;
        }
        for (int k = 0; k < members; k++) {
            if (cand[k] != previousCand[k]) {
                return false;
            }
        }
        return true;
    }

    /**
     * How many of a seed's neighbours (by {@code nd}, their distances, nearest first) lie within {@code reach}: the same
     * bound for {@link #confirmations} and {@link #gate}, whose picks must agree.
     */
    private static int withinReach(double[] nd, double reach) {
        int last = nd.length;
        while (last > 0 && nd[last - 1] > reach) {
            last--;
        }
        return last;
    }

    /** Rebuilds the work arrays with, per sensor in range of the solution, the unassigned detection fitting best. */
    private int gate(double[] sol, double ox, double oy, long t0, int s0, double slackS) {
        int n = 0;
        double sx = ox + sol[0];
        double sy = oy + sol[1];
        double reach = Math.sqrt(sol[0] * sol[0] + sol[1] * sol[1]) + sensors[s0].rangeM() * 1.05;
        int[] nbs = neighbours[s0];
        double[] nd = neighbourDist[s0];
        for (int k0 = 0, last = withinReach(nd, reach); k0 < last; k0++) {
            int j = nbs[k0];
            double gx = sensX[j] - sx;
            double gy = sensY[j] - sy;
            double r2 = gx * gx + gy * gy;
            if (r2 > sensGateRange2[j]) {
                continue;
            }
            double r = Math.sqrt(r2);
            double predicted = sol[2] + r / c;
            long predNs = t0 + (long) (predicted * 1e9);
            double gate = o.gateSigmas() * sensClockSigmaS[j] + slackS;
            // nothing before the horizon, whether or not its queue has shed it yet (so the answer does not depend on when)
            long lo = Math.max(evictBefore, predNs - (long) (gate * 1e9));
            long hi = predNs + (long) (gate * 1e9);
            Det pick = null;
            double bestRes = Double.POSITIVE_INFINITY;
            DetQueue list = bySensor[j];
            for (int k = list.lowerBound(lo); k < list.size(); k++) {
                if (list.time(k) > hi) {
                    break;
                }
                Det d = list.get(k);
                if (d.assigned) {
                    continue;
                }
                double res = Math.abs((d.tNs - predNs) / 1e9);
                if (res < bestRes && bearingWithinGate(d, gx, gy, r)) {
                    bestRes = res;
                    pick = d;
                }
            }
            if (pick != null) {
                put(n++, pick, ox, oy, t0);
            }
        }
        return n;
    }

    /**
     * The ids taken recently, in the order taken (which is nearly arrival order), each with its arrival time: an
     * open-addressing set of the ids for the duplicate test (linear probing, at most half full, no entry objects) and
     * a ring of the same ids for forgetting them, oldest first.
     */
    static final class RecentIds {
        private String[] table = new String[2048];
        /** Each entry's hash beside it: probes and removals compare and place by it without reading the strings. */
        private int[] hashes = new int[2048];
        /** 32 less the base-2 logarithm of the table's length: the hash's top bits index it. */
        private int shift = 32 - 11;
        private String[] ring = new String[1024];
        private long[] times = new long[1024];
        private int head;
        private int size;

        /** False (and nothing remembered) when the id is known already. */
        boolean add(String id, long arrivalNs) {
            if (size == ring.length) {
                grow();
            }
            int mask = table.length - 1;
            int h = id.hashCode();
            int i = slot(h);
            for (String t; (t = table[i]) != null; i = (i + 1) & mask) {
                if (hashes[i] == h && t.equals(id)) {
                    return false;
                }
            }
            table[i] = id;
            hashes[i] = h;
            int at = (head + size) & (ring.length - 1);
            ring[at] = id;
            times[at] = arrivalNs;
            size++;
            return true;
        }

        /** Twice the ring, and the set rebuilt at twice its size (so that it stays at most half full). */
        private void grow() {
            String[] r = new String[2 * size];
            long[] t = new long[2 * size];
            for (int k = 0; k < size; k++) {
                r[k] = ring[(head + k) & (ring.length - 1)];
                t[k] = times[(head + k) & (ring.length - 1)];
            }
            ring = r;
            times = t;
            head = 0;
            table = new String[2 * table.length];
            hashes = new int[table.length];
            shift--;
            int mask = table.length - 1;
            for (int k = 0; k < size; k++) {
                int h = r[k].hashCode();
                int i = slot(h);
                while (table[i] != null) {
                    i = (i + 1) & mask;
                }
                table[i] = r[k];
                hashes[i] = h;
            }
        }

        /** Forgets the ids at the front of the ring that arrived before {@code t}. */
        void forgetBefore(long t) {
            while (size > 0 && times[head] < t) {
                remove(ring[head]);
                ring[head] = null;
                head = (head + 1) & (ring.length - 1);
                size--;
            }
        }

        /** Removes an id known to be in the set, shifting back the entries after it that would no longer be found. */
        private void remove(String id) {
            int mask = table.length - 1;
            int i = slot(id.hashCode());
            while (table[i] != id) {
                i = (i + 1) & mask;
            }
            // backward-shift deletion: an entry after the hole moves into it unless its home lies between them
            for (int j = (i + 1) & mask; table[j] != null; j = (j + 1) & mask) {
                int home = slot(hashes[j]);
                if (((j - home) & mask) >= ((j - i) & mask)) {
                    table[i] = table[j];
                    hashes[i] = hashes[j];
                    i = j;
                }
            }
            table[i] = null;
        }

        int size() {
            return size;
        }

        /** Home slot of a hash: Fibonacci hashing, so that ids whose hashes follow each other spread over the table. */
        private int slot(int hash) {
            return (hash * 0x9E3779B9) >>> shift;
        }
    }

    /**
     * Detections sorted by arrival time (one sensor's in the window, or the seeds waiting): times in a primitive array
     * (binary searches touch no objects), insertion from the back, removal from the front by moving the head.
     */
    private static final class DetQueue {
        private long[] times = new long[16];
        private Det[] dets = new Det[16];
        private int head;
        private int tail;

        int size() {
            return tail - head;
        }

        long time(int i) {
            return times[head + i];
        }

        Det get(int i) {
            return dets[head + i];
        }

        void add(Det d) {
            if (tail == times.length) {
                int n = size();
                if (head > times.length / 2) {
                    System.arraycopy(times, head, times, 0, n);
                    System.arraycopy(dets, head, dets, 0, n);
                    java.util.Arrays.fill(dets, n, tail, null);
                } else {
                    times = java.util.Arrays.copyOfRange(times, head, head + 2 * times.length);
                    dets = java.util.Arrays.copyOfRange(dets, head, head + 2 * dets.length);
                }
                head = 0;
                tail = n;
            }
            int pos = tail;
            while (pos > head && times[pos - 1] > d.tNs) {
                pos--;
            }
            if (pos < tail) {
                System.arraycopy(times, pos, times, pos + 1, tail - pos);
                System.arraycopy(dets, pos, dets, pos + 1, tail - pos);
            }
            times[pos] = d.tNs;
            dets[pos] = d;
            tail++;
        }

        /** Index of the first detection at or after {@code t}. */
        int lowerBound(long t) {
            int lo = head;
            int hi = tail;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (times[mid] < t) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo - head;
        }

        /** Removes and returns the earliest; only when not empty. */
        Det poll() {
            Det d = dets[head];
            dets[head++] = null;
            return d;
        }

        /** Drops the detections before {@code t}; returns how many. */
        int removeBefore(long t) {
            int from = head;
            while (head < tail && times[head] < t) {
                dets[head++] = null;
            }
            return head - from;
        }
    }

    private void put(int k, Det d, double ox, double oy, long t0) {
        Sensor s = sensors[d.sensor];
        cand[k] = d;
        xs[k] = s.x() - ox;
        ys[k] = s.y() - oy;
        ts[k] = (d.tNs - t0) / 1e9;
        sig[k] = s.clockSigmaS();
        br[k] = d.bearing;
        bs[k] = d.bearingSigma;
    }
}
