package org.garant.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.garant.flink.FusionJob;
import org.garant.geo.Theatre;
import org.garant.geo.demo.DemoTheatre;
import org.garant.monitor.fuse.FusionEngine;
import org.garant.monitor.fuse.LaunchImpactPairing;
import org.garant.monitor.verify.EventChecker;
import org.garant.monitor.verify.Verifier;
import org.garant.monitor.sense.Detection;
import org.garant.monitor.sense.Event;
import org.garant.monitor.sense.Sensor;
import org.garant.monitor.simulate.FireSimulator;
import org.garant.monitor.simulate.Intensity;
import org.garant.monitor.simulate.SensorNetwork;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "flink", mixinStandardHelpOptions = true,
        description = {"The fusion job on a local Flink MiniCluster against the in-process engine, on the same simulated",
                "detections (generated in memory first) on the same machine: detections per second of each, and their ratio.",
                "Flink's time includes its job start; a first small job warms the JVM for both."})
final class FlinkBench implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--scenario", defaultValue = "war", description = "quiet, tense, peak or war (default: ${DEFAULT-VALUE})")
    String scenario;

    @Option(names = "--hours", defaultValue = "24", description = "simulated hours (default: ${DEFAULT-VALUE}, a day of the scenario)")
    double hours;

    @Option(names = "--seed", defaultValue = "7")
    long seed;

    @Option(names = "--parallelism", defaultValue = "0", description = "Flink task slots (default: the machine's cores)")
    int parallelism;

    @Option(names = "--sectors", defaultValue = "0", description = "sectors along the line (default: one per slot)")
    int sectors;

    @Option(names = "--json", description = "print only the JSON line")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (!(hours > 0 && hours <= 48)) {
            throw new IllegalArgumentException("--hours " + hours + " must be in (0, 48]");
        }
        int p = parallelism > 0 ? parallelism : Runtime.getRuntime().availableProcessors();
        int k = sectors > 0 ? sectors : p;
        PrintWriter err = spec.commandLine().getErr();
        Theatre t = DemoTheatre.theatre();
        List<Sensor> sensors = SensorNetwork.place(t, SensorNetwork.Options.defaults());
        List<Detection> all = detections(t, sensors, Intensity.parse(scenario), hours, seed);
        err.printf(Locale.ROOT, "%,d detections simulated (%s, %.1f h); warming up%n", all.size(), scenario, hours);
        err.flush();
        FusionJob.Setup setup = FusionJob.Setup.onDemoTheatre(sensors, k);
        List<Detection> warm = detections(t, sensors, Intensity.parse(scenario), 0.25, seed + 1);
        runFlink(warm, setup, p);

        inProcess(sensors, warm);
        long t0 = System.nanoTime();
        long[] inProcess = inProcess(sensors, all);
        double inS = (System.nanoTime() - t0) / 1e9;
        err.printf(Locale.ROOT, "in-process engine: %,d events, %,d violations in %.2f s; now Flink (parallelism %d, %d sectors)%n",
                inProcess[0], inProcess[1], inS, p, k);
        err.flush();
        t0 = System.nanoTime();
        long flinkEvents = runFlink(all, setup, p);
        double flinkS = (System.nanoTime() - t0) / 1e9;
        double inRate = all.size() / inS;
        double flinkRate = all.size() / flinkS;
        ObjectNode o = Json.object();
        o.put("bench", "flink");
        o.put("scenario", scenario);
        o.put("hours", hours);
        o.put("detections", all.size());
        o.put("parallelism", p);
        o.put("sectors", k);
        o.put("inprocess_events", inProcess[0]);
        o.put("inprocess_violations", inProcess[1]);
        o.put("flink_events", flinkEvents);
        o.put("inprocess_s", Json.round(inS, 3));
        o.put("flink_s", Json.round(flinkS, 3));
        o.put("inprocess_detections_per_s", Math.round(inRate));
        o.put("flink_detections_per_s", Math.round(flinkRate));
        o.put("ratio", Json.round(flinkRate / inRate, 3));
        o.put("ratio_per_core", Json.round(flinkRate / inRate / p, 3));
        PrintWriter out = spec.commandLine().getOut();
        if (!json) {
            out.printf(Locale.ROOT, "in-process %,.0f detections/s; Flink MiniCluster %,.0f detections/s (%d slots): ratio %.2f, %.2f per core%n",
                    inRate, flinkRate, p, flinkRate / inRate, flinkRate / inRate / p);
        }
        out.println(Json.line(o));
        out.flush();
        return 0;
    }

    /**
     * What the server does in-process, on one thread: the engine, launch–impact pairing, and the rules on each paired
     * event (the same stages as the Flink job). Returns events and violations (alerts included).
     */
    static long[] inProcess(List<Sensor> sensors, List<Detection> detections) {
        EventChecker checker = new EventChecker(new Verifier(DemoTheatre.theatre(), DemoTheatre.cities().sites(), Verifier.Options.defaults()));
        long[] n = new long[2];
        LaunchImpactPairing pairing = new LaunchImpactPairing(e -> {
            EventChecker.Checked c = checker.check(e);
            n[0]++;
            n[1] += c.violations().size() + c.alerts().size();
        }, 100);
        FusionEngine engine = new FusionEngine(sensors, FusionEngine.Options.defaults(), pairing);
        detections.forEach(engine::ingest);
        engine.flush();
        pairing.flush();
        return n;
    }

    static List<Detection> detections(Theatre t, List<Sensor> sensors, Intensity intensity, double hours, long seed) {
        FireSimulator sim = new FireSimulator(t, sensors, intensity, hours, seed, Instant.parse("2026-05-01T00:00:00Z"), 10, r -> { });
        List<Detection> all = new ArrayList<>();
        sim.forEachRemaining(all::add);
        return all;
    }

    /** The detections the source hands out: the MiniCluster runs in this JVM, so they are read where they lie. */
    private static volatile List<Detection> input;

    /** Runs the job over the detections on a local MiniCluster; returns the number of events it produced (violations go to a side output). */
    static long runFlink(List<Detection> detections, FusionJob.Setup setup, int parallelism) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism);
        input = detections;
        // a generator source over the list in memory, in order (a collection source would serialise the whole list into
        // the job and deserialise it again: work the in-process run does not do)
        DataGeneratorSource<Detection> source = new DataGeneratorSource<>(i -> input.get((int) (long) i), detections.size(), FusionJob.DETECTIONS);
        // events are counted where they come out and dropped, as the in-process run counts them (not shipped to a client)
        FusionJob.wire(env.fromSource(source, WatermarkStrategy.noWatermarks(), "detections in memory").setParallelism(1), setup)
                .map(new Count()).sinkTo(new DiscardingSink<>());
        Long n = env.execute("garant bench flink").getAccumulatorResult("events");
        return n == null ? 0 : n;
    }

    /** Counts the events in a Flink accumulator. */
    static final class Count extends RichMapFunction<Event, Event> {
        private transient LongCounter events;

        @Override
        public void open(OpenContext context) {
            events = getRuntimeContext().getLongCounter("events");
        }

        @Override
        public Event map(Event e) {
            events.add(1L);
            return e;
        }
    }
}
