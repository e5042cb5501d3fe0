package org.garant.flink;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Supplier;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.typeutils.TupleTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.garant.geo.Site;
import org.garant.geo.Theatre;
import org.garant.monitor.fuse.FusionEngine;
import org.garant.monitor.fuse.LaunchImpactPairing;
import org.garant.monitor.fuse.SectorPlan;
import org.garant.monitor.sense.Detection;
import org.garant.monitor.sense.Event;
import org.garant.monitor.sense.Sensor;
import org.garant.monitor.verify.EventChecker;
import org.garant.monitor.verify.Verifier;
import org.garant.monitor.verify.Violation;

/**
 * The monitor's fusion as an Apache Flink job, its processors unchanged inside the operators:
 * <pre>
 * detections (event time = arrival, watermark = newest arrival − the engine's allowed lateness)
 *   → ToSectors: each detection to every sector its sensor feeds (a {@link SectorPlan}: cores along the line, overlaps
 *     of twice the detection range)
 *   → keyBy(sector) → SectorFusion: a {@link FusionEngine} per sector (association, localisation); an event is kept
 *     only by the sector whose core holds it, so none is duplicated or lost at a border
 *   → keyBy(line) → Pair: events in time order once the watermark has passed them, {@link LaunchImpactPairing} over
 *     the whole line (one subtask), each event with its partner
 *   → rebalance → Check: {@link EventChecker} ({@link Verifier}: attribution, rules) side by side; paired events out,
 *     violations and alerts to {@link #VIOLATIONS}
 * </pre>
 * Sources and sinks are the caller's: a collection or file in tests, Kafka in a deployment. The engines live in the
 * operators' memory, not in Flink state: a restarted job starts with empty engines (their window is a minute of
 * sound), which is what a restart of the in-process server does too.
 */
public final class FusionJob {
    /** The detections' type for sources (a hand-written serializer: see {@link Serializers}). */
    public static final org.apache.flink.api.common.typeinfo.TypeInformation<Detection> DETECTIONS = Serializers.DETECTION;

    /** Violations and alerts, beside the events. */
    public static final OutputTag<Violation> VIOLATIONS = new OutputTag<>("violations") { };

    private FusionJob() {
    }

    /** What the job needs to know: the network, the engine's options, the sectors, the theatre and sites for the rules. */
    public record Setup(List<Sensor> sensors, FusionEngine.Options options, int sectors, double pairingHoldS,
                        SerializableSupplier<Theatre> theatre, SerializableSupplier<List<Site>> sites) implements Serializable {
        public Setup {
            sensors = List.copyOf(sensors);
        }

        /** The demo theatre and its garrison sites for the rules, the engine's default options, pairing held 100 s. */
        public static Setup onDemoTheatre(List<Sensor> sensors, int sectors) {
            return new Setup(sensors, FusionEngine.Options.defaults(), sectors, 100, org.garant.geo.demo.DemoTheatre::theatre,
                    () -> org.garant.geo.demo.DemoTheatre.cities().sites());
        }
    }

    /** A supplier Flink can ship to its task managers (the theatre is rebuilt there, not serialised). */
    public interface SerializableSupplier<T> extends Supplier<T>, Serializable {
    }

    /** Wires the job onto a stream of detections (in arrival order per source partition); returns the paired, checked events. */
    public static SingleOutputStreamOperator<Event> wire(DataStream<Detection> detections, Setup setup) {
        long latenessMs = (long) (setup.options().allowedLatenessS() * 1000);
        // timestamps and the fan-out to sectors run beside the source (chained, no reshuffle), so each partition's
        // arrival order reaches the engines; across partitions the engines' allowed lateness absorbs the skew
        int sourceParallelism = detections.getParallelism();
        int[] routes = routes(setup.sectors(), detections.getExecutionEnvironment().getParallelism());
        return detections
                .assignTimestampsAndWatermarks(WatermarkStrategy.<Detection>forBoundedOutOfOrderness(Duration.ofMillis(latenessMs))
                        .withTimestampAssigner((d, previous) -> Math.floorDiv(d.arrivalNs(), 1_000_000L)))
                .setParallelism(sourceParallelism).name("arrival time")
                .flatMap(new ToSectors(setup, routes))
                .returns(new TupleTypeInfo<>(Types.INT, Serializers.DETECTION))
                .setParallelism(sourceParallelism).name("to sectors")
                .keyBy(t -> t.f0)
                .process(new SectorFusion(setup, routes))
                .returns(Serializers.EVENT).setMaxParallelism(MAX_PARALLELISM).name("sector fusion")
                .keyBy(e -> 0)
                .process(new Pair(setup)).returns(new TupleTypeInfo<>(Serializers.EVENT, Serializers.EVENT)).name("pairing").setParallelism(1)
                .rebalance()
                .process(new Check(setup)).returns(Serializers.EVENT).name("rules");
    }

    /** The sector operator's key groups (fixed, so that the routing below holds). */
    static final int MAX_PARALLELISM = 128;

    /**
     * The key each sector is sent under, chosen so that sector k lands on subtask k mod parallelism: Flink spreads keys
     * by hash, and four small integers can all hash to one subtask (measured: one engine did all the work).
     */
    static int[] routes(int sectors, int parallelism) {
        int[] key = new int[sectors];
        java.util.Set<Integer> used = new java.util.HashSet<>();
        for (int k = 0; k < sectors; k++) {
            for (int candidate = 0; ; candidate++) {
                if (!used.contains(candidate) && org.apache.flink.runtime.state.KeyGroupRangeAssignment.assignKeyToParallelOperator(
                        candidate, MAX_PARALLELISM, parallelism) == k % parallelism) {
                    key[k] = candidate;
                    used.add(candidate);
                    break;
                }
            }
        }
        return key;
    }

    static SectorPlan plan(Setup s) {
        double range = s.sensors().stream().mapToDouble(Sensor::rangeM).max().orElse(20_000);
        return SectorPlan.of(s.sensors(), s.sectors(), 2 * range);
    }

    /** Each detection to every sector whose engine its sensor feeds. */
    static final class ToSectors extends RichFlatMapFunction<Detection, Tuple2<Integer, Detection>> {
        private final Setup setup;
        private final int[] routes;
        private transient SectorPlan plan;

        ToSectors(Setup setup, int[] routes) {
            this.setup = setup;
            this.routes = routes;
        }

        @Override
        public void open(OpenContext context) {
            plan = plan(setup);
        }

        @Override
        public void flatMap(Detection d, Collector<Tuple2<Integer, Detection>> out) {
            for (int k = 0; k < plan.sectors(); k++) {
                if (plan.feeds(k, d.sensorId())) {
                    out.collect(Tuple2.of(routes[k], d));
                }
            }
        }
    }

    /** One engine per sector; flushed when the input ends (the final watermark). */
    static final class SectorFusion extends KeyedProcessFunction<Integer, Tuple2<Integer, Detection>, Event> {
        private final Setup setup;
        private transient SectorPlan plan;
        private transient Map<Integer, FusionEngine> engines;
        private transient List<Event> emitted;

        private final int[] routes;
        private transient Map<Integer, Integer> sectorOfKey;

        SectorFusion(Setup setup, int[] routes) {
            this.setup = setup;
            this.routes = routes;
        }

        @Override
        public void open(OpenContext context) {
            plan = plan(setup);
            sectorOfKey = new HashMap<>();
            for (int k = 0; k < routes.length; k++) {
                sectorOfKey.put(routes[k], k);
            }
            engines = new HashMap<>();
            emitted = new ArrayList<>();
        }

        private FusionEngine engine(int sector, Context ctx) {
            FusionEngine e = engines.get(sector);
            if (e == null) {
                e = new FusionEngine(plan.sensorsOf(sector, setup.sensors()), setup.options(), ev -> {
                    if (plan.owner(ev.x(), ev.y()) == sector) {
                        emitted.add(ev);
                    }
                }, "s" + sector + "e");
                engines.put(sector, e);
                ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
            }
            return e;
        }

        @Override
        public void processElement(Tuple2<Integer, Detection> in, Context ctx, Collector<Event> out) {
            engine(sectorOfKey.get(in.f0), ctx).ingest(in.f1);
            drain(out);
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<Event> out) {
            FusionEngine e = engines.remove(sectorOfKey.get(ctx.getCurrentKey()));
            if (e != null) {
                e.flush();
                drain(out);
            }
        }

        private void drain(Collector<Event> out) {
            for (Event e : emitted) {
                out.collect(e);
            }
            emitted.clear();
        }
    }

    /**
     * The sectors' events, put in time order once no earlier one can come (the watermark is past the event's time by
     * twice the association window and the lateness), and paired over the whole line: one subtask, light work; each
     * event leaves with its partner (or none) so that the rules can run side by side.
     */
    static final class Pair extends KeyedProcessFunction<Integer, Event, Tuple2<Event, Event>> {
        private final Setup setup;
        private transient PriorityQueue<Event> held;
        private transient LaunchImpactPairing pairing;
        private transient EventChecker.Partners partners;
        private transient List<Event> paired;
        private transient long settleMs;

        Pair(Setup setup) {
            this.setup = setup;
        }

        @Override
        public void open(OpenContext context) {
            held = new PriorityQueue<>((a, b) -> a.timeNs() != b.timeNs() ? Long.compare(a.timeNs(), b.timeNs()) : a.id().compareTo(b.id()));
            paired = new ArrayList<>();
            pairing = new LaunchImpactPairing(paired::add, setup.pairingHoldS());
            partners = new EventChecker.Partners();
            long latenessNs = (long) (setup.options().allowedLatenessS() * 1e9);
            settleMs = (2 * FusionEngine.windowNs(setup.sensors(), setup.options()) + latenessNs) / 1_000_000L + 1;
        }

        @Override
        public void processElement(Event e, Context ctx, Collector<Tuple2<Event, Event>> out) {
            held.add(e);
            long due = Math.floorDiv(e.timeNs(), 1_000_000L) + settleMs;
            ctx.timerService().registerEventTimeTimer(Math.max(due, ctx.timerService().currentWatermark() + 1));
            // and once at the end of input, whatever is still held by then: the pairing keeps its newest events back
            // for a partner, and when the watermark had already passed every held event's time before the input
            // ended, no other timer was left to flush them (the Kafka test lost the last four events one run in four)
            ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<Tuple2<Event, Event>> out) {
            long watermark = ctx.timerService().currentWatermark();
            while (!held.isEmpty() && (watermark == Long.MAX_VALUE || Math.floorDiv(held.peek().timeNs(), 1_000_000L) + settleMs <= watermark)) {
                pairing.accept(held.poll());
            }
            if (watermark == Long.MAX_VALUE) {
                pairing.flush();
            }
            for (Event e : paired) {
                out.collect(Tuple2.of(e, partners.partnerOf(e)));
            }
            paired.clear();
        }
    }

    /** The rules (attribution, zones, sites) on each paired event with its partner; violations and alerts to {@link #VIOLATIONS}. */
    static final class Check extends ProcessFunction<Tuple2<Event, Event>, Event> {
        private final Setup setup;
        private transient EventChecker checker;

        Check(Setup setup) {
            this.setup = setup;
        }

        @Override
        public void open(OpenContext context) {
            checker = new EventChecker(new Verifier(setup.theatre().get(), setup.sites().get(), Verifier.Options.defaults()));
        }

        @Override
        public void processElement(Tuple2<Event, Event> p, Context ctx, Collector<Event> out) {
            EventChecker.Checked c = checker.check(p.f0, p.f1);
            c.violations().forEach(v -> ctx.output(VIOLATIONS, v));
            c.alerts().forEach(v -> ctx.output(VIOLATIONS, v));
            out.collect(p.f0);
        }
    }
}
