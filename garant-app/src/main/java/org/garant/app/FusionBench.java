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
import org.garant.monitor.fuse.TimeSlicedFusion;
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
                "then fused (by default with one engine per core over slices of time, after a first, warm-up pass);",
                "prints association, localisation and pairing figures, throughput (wall clock, and per second of the",
                "process's CPU in the measured pass) and peak heap.",
                "With --stream the simulator feeds one engine directly (for multi-day runs: memory stays bounded)."})
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
            description = "fuse with this many sector engines in parallel, one per core, as the Flink job does (default: ${DEFAULT-VALUE})")
    int sectors;

    @Option(names = "--threads", description = {"replay with this many engines side by side, each fusing its own slices of "
            + "time (TimeSlicedFusion); 1: one engine (default: the machine's cores; with --stream, 1)"})
    Integer threads;

    @Option(names = "--slice-minutes", defaultValue = "120", description = "length of a slice of time with --threads above 1 (default: ${DEFAULT-VALUE})")
    int sliceMinutes;

    @Option(names = "--warmup-hours", description = {"fuse the first hours once before the measured run, its rate printed as "
            + "warmup_detections_per_s (not with --stream; default: all of them, i.e. the measured run is the second pass; 0: none)"})
    Double warmupHours;

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
        if (sectors > 1 && threads != null && threads > 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--sectors and --threads: choose one way to fuse in parallel");
        }
        if (stream && threads != null && threads > 1) {
            // the engine's time is measured detection by detection between the simulator's; worker threads would fuse
            // outside those intervals
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--stream measures one engine: no --threads above 1");
        }
        int workers = sectors > 1 || stream ? 1 : threads != null ? threads : Runtime.getRuntime().availableProcessors();
        if (workers < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--threads must be at least 1");
        }
        // one engine, or engines side by side over slices of time: either way a detection in, paired events out
        Replay replay = Replay.open(sensors, workers, sliceMinutes, pairing);
        long detections = 0;
        long warmupDetections = 0;
        double warmupPerS = Double.NaN;
        long fuseNs;
        long fuseCpuNs = 0;
        Progress progress = new Progress(err, stream ? "simulating and fusing" : "simulating", hours * 3600);
        long startNs = Instant.parse("2026-05-01T00:00:00Z").getEpochSecond() * 1_000_000_000L;
        if (stream) {
            Heap.reset();
            fuseNs = 0;
            while (sim.hasNext()) {
                Detection d = sim.next();
                long t0 = System.nanoTime();
                replay.ingest(d);
                fuseNs += System.nanoTime() - t0;
                if ((++detections & 65535) == 0) {
                    progress.update((d.arrivalNs() - startNs) / 1e9);
                }
            }
            long t0 = System.nanoTime();
            replay.finish();
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
            double warmHours = warmupHours == null ? hours : warmupHours;
            if (warmHours > 0) {
                // the same path over the first hours, its events thrown away: the measured figure is the compiled
                // engine's (the JIT compiler shares the two cores with the engines for the first few seconds: a day's
                // first pass with two threads measured 570,000-620,000 detections/s, the second 790,000-900,000)
                long until = startNs + (long) (warmHours * 3600e9);
                err.printf(Locale.ROOT, "warming up on the first %.1f h ...%n", warmHours);
                err.flush();
                while (warmupDetections < all.size() && all.get((int) warmupDetections).arrivalNs() < until) {
                    warmupDetections++;
                }
                List<Detection> first = all.subList(0, (int) warmupDetections);
                long w0 = System.nanoTime();
                if (sectors > 1) {
                    ParallelFusion.fuse(sensors, first, FusionEngine.Options.defaults(), sectors, 100);
                } else {
                    Replay warm = Replay.open(sensors, workers, sliceMinutes, e -> { });
                    first.forEach(warm::ingest);
                    warm.finish();
                }
                warmupPerS = warmupDetections / ((System.nanoTime() - w0) / 1e9);
            }
            err.printf(Locale.ROOT, "fusing %,d detections ...%n", detections);
            err.flush();
            Heap.reset();
            long cpu0 = processCpuNs();
            long t0 = System.nanoTime();
            if (sectors > 1) {
                ParallelFusion.Result r = ParallelFusion.fuse(sensors, all, FusionEngine.Options.defaults(), sectors, 100);
                events.addAll(r.events());
                count[0] = r.events().size();
            } else {
                all.forEach(replay::ingest);
                replay.finish();
                pairing.flush();
            }
            fuseNs = System.nanoTime() - t0;
            fuseCpuNs = processCpuNs() - cpu0;
        }
        ObjectNode o = Json.object();
        o.put("benchmark", "fusion");
        o.put("scenario", intensity.name().toLowerCase(Locale.ROOT));
        o.put("hours", hours);
        o.put("sectors", stream ? 1 : sectors);
        o.put("threads", workers);
        o.put("warmup_detections", warmupDetections);
        if (warmupDetections > 0) {
            o.put("warmup_detections_per_s", Math.round(warmupPerS));
        }
        o.put("sensors", sensors.size());
        o.put("rounds", sim.rounds());
        o.put("detections", detections);
        o.put("events", count[0]);
        if (!stream) {
            FuseCommand.putScore(o, Scoring.score(events, truth));
        }
        o.put("detections_per_s", Math.round(detections / (fuseNs / 1e9)));
        o.put("fusion_s", Json.round(fuseNs / 1e9, 2));
        if (fuseCpuNs > 0) {
            // the CPU the whole process spent in the measured pass (engines, feeding, pairing, collector): what the
            // work cost, beside how long it took (it shows, for one, the collector's share)
            o.put("fusion_cpu_s", Json.round(fuseCpuNs / 1e9, 2));
            o.put("detections_per_cpu_s", Math.round(detections / (fuseCpuNs / 1e9)));
        }
        o.put("peak_heap_mb", Heap.peakMb());
        o.put("peak_detections_held", replay.peakHeld());
        o.put("max_heap_mb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        PrintWriter out = spec.commandLine().getOut();
        out.println(Json.line(o));
        out.flush();
        return 0;
    }

    /** One engine, or engines side by side over slices of time ({@link TimeSlicedFusion}): detections in, events out. */
    private record Replay(FusionEngine engine, TimeSlicedFusion sliced) {
        static Replay open(List<Sensor> sensors, int workers, int sliceMinutes, java.util.function.Consumer<Event> out) {
            return workers == 1 ? new Replay(new FusionEngine(sensors, FusionEngine.Options.defaults(), out), null)
                    : new Replay(null, new TimeSlicedFusion(sensors, FusionEngine.Options.defaults(), workers, sliceMinutes * 60_000_000_000L, out));
        }

        void ingest(Detection d) {
            if (engine != null) {
                engine.ingest(d);
            } else {
                sliced.ingest(d);
            }
        }

        /** End of input: every event handed over. */
        void finish() {
            if (engine != null) {
                engine.flush();
            } else {
                sliced.flush();
                sliced.close();
            }
        }

        /** The most detections one engine held at once (with slices: one slice's engine; at most two take input at once). */
        int peakHeld() {
            return engine != null ? engine.peakHeld() : sliced.peakHeld();
        }
    }

    /** CPU time of the whole process so far, ns (0 where the JVM does not tell). */
    private static long processCpuNs() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? Math.max(0, sun.getProcessCpuTime()) : 0;
    }
}
