package org.garant.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.garant.geo.Theatre;
import org.garant.geo.demo.DemoTheatre;
import org.garant.monitor.fuse.FusionEngine;
import org.garant.monitor.fuse.LaunchImpactPairing;
import org.garant.monitor.fuse.ParallelFusion;
import org.garant.monitor.fuse.Scoring;
import org.garant.monitor.sense.Detection;
import org.garant.monitor.sense.Event;
import org.garant.monitor.sense.Sensor;
import org.garant.monitor.simulate.FireSimulator;
import org.garant.monitor.simulate.Intensity;
import org.garant.monitor.simulate.SensorNetwork;
import org.garant.monitor.simulate.TruthRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "fusion", mixinStandardHelpOptions = true,
        description = {"End-to-end fusion on a simulated run of the demo theatre: detections are generated in memory,",
                "then fused; prints association, localisation and pairing figures, throughput and peak heap.",
                "With --stream the simulator feeds the engine directly (for multi-day runs: memory stays bounded)."})
final class FusionBench implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--scenario", defaultValue = "peak", description = "quiet, tense, peak or war (default: ${DEFAULT-VALUE})")
    String scenario;

    @Option(names = "--hours", defaultValue = "24")
    double hours;

    @Option(names = "--seed", defaultValue = "7")
    long seed;

    @Option(names = "--stream", description = "feed the engine from the simulator as it generates (no scoring)")
    boolean stream;

    @Option(names = "--sectors", defaultValue = "1",
            description = "fuse with this many sector engines in parallel, one per core (default: ${DEFAULT-VALUE})")
    int sectors;

    @Option(names = "--json", description = "print only the JSON line")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        Intensity intensity = Intensity.parse(scenario);
        Theatre t = DemoTheatre.theatre();
        List<Sensor> sensors = SensorNetwork.place(t, SensorNetwork.Options.defaults());
        List<TruthRecord> truth = new ArrayList<>();
        FireSimulator sim = new FireSimulator(t, sensors, intensity, hours, seed, Instant.parse("2026-05-01T00:00:00Z"), 10,
                stream ? r -> { } : truth::add);
        List<Event> events = new ArrayList<>();
        long[] count = {0};
        LaunchImpactPairing pairing = new LaunchImpactPairing(e -> {
            count[0]++;
            if (!stream) {
                events.add(e);
            }
        }, 100);
        FusionEngine engine = new FusionEngine(sensors, FusionEngine.Options.defaults(), pairing);
        long detections = 0;
        long fuseNs;
        Progress progress = new Progress(err, stream ? "simulating and fusing" : "simulating", hours * 3600);
        long startNs = Instant.parse("2026-05-01T00:00:00Z").getEpochSecond() * 1_000_000_000L;
        if (stream) {
            Heap.reset();
            fuseNs = 0;
            while (sim.hasNext()) {
                Detection d = sim.next();
                long t0 = System.nanoTime();
                engine.ingest(d);
                fuseNs += System.nanoTime() - t0;
                if ((++detections & 65535) == 0) {
                    progress.update((d.arrivalNs() - startNs) / 1e9);
                }
            }
            long t0 = System.nanoTime();
            engine.flush();
            pairing.flush();
            fuseNs += System.nanoTime() - t0;
            progress.done();
        } else {
            List<Detection> all = new ArrayList<>();
            while (sim.hasNext()) {
                Detection d = sim.next();
                all.add(d);
                if ((all.size() & 65535) == 0) {
                    progress.update((d.arrivalNs() - startNs) / 1e9);
                }
            }
            progress.done();
            detections = all.size();
            err.printf(Locale.ROOT, "fusing %,d detections ...%n", detections);
            err.flush();
            Heap.reset();
            long t0 = System.nanoTime();
            if (sectors > 1) {
                ParallelFusion.Result r = ParallelFusion.fuse(sensors, all, FusionEngine.Options.defaults(), sectors, 100);
                events.addAll(r.events());
                count[0] = r.events().size();
            } else {
                for (Detection d : all) {
                    engine.ingest(d);
                }
                engine.flush();
                pairing.flush();
            }
            fuseNs = System.nanoTime() - t0;
        }
        ObjectNode o = Json.object();
        o.put("benchmark", "fusion");
        o.put("scenario", intensity.name().toLowerCase(Locale.ROOT));
        o.put("hours", hours);
        o.put("sectors", stream ? 1 : sectors);
        o.put("sensors", sensors.size());
        o.put("rounds", sim.rounds());
        o.put("detections", detections);
        o.put("events", count[0]);
        if (!stream) {
            FuseCommand.putScore(o, Scoring.score(events, truth));
        }
        o.put("detections_per_s", Math.round(detections / (fuseNs / 1e9)));
        o.put("fusion_s", Json.round(fuseNs / 1e9, 2));
        o.put("peak_heap_mb", Heap.peakMb());
        o.put("peak_detections_held", engine.peakHeld());
        o.put("max_heap_mb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        PrintWriter out = spec.commandLine().getOut();
        out.println(Json.line(o));
        out.flush();
        return 0;
    }
}
