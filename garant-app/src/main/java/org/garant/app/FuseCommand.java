package org.garant.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.garant.monitor.fuse.FusionEngine;
import org.garant.monitor.fuse.LaunchImpactPairing;
import org.garant.monitor.fuse.Scoring;
import org.garant.monitor.fuse.TimeSlicedFusion;
import org.garant.monitor.sense.Detection;
import org.garant.monitor.sense.Event;
import org.garant.monitor.sense.JsonLines;
import org.garant.monitor.sense.MonitorFiles;
import org.garant.monitor.sense.Sensor;
import org.garant.monitor.simulate.TruthFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "fuse", mixinStandardHelpOptions = true,
        description = {"Fuse detections into located events (association, localisation, launch-impact pairing).",
                "With --truth, score the result against the simulator's truth."})
final class FuseCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--sensors", required = true, paramLabel = "FILE", description = "sensors.csv")
    Path sensorsFile;

    @Option(names = "--in", required = true, paramLabel = "FILE", description = "detections.jsonl, in delivery order")
    Path in;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "events.jsonl")
    Path out;

    @Option(names = "--truth", paramLabel = "FILE", description = "truth.jsonl of a simulation, to score against")
    Path truth;

    @Option(names = "--celsius", defaultValue = "10", description = "air temperature (default: ${DEFAULT-VALUE})")
    double celsius;

    @Option(names = "--lateness-s", defaultValue = "5", description = "allowed lateness of arrival times (default: ${DEFAULT-VALUE})")
    double latenessS;

    @Option(names = "--threads", defaultValue = "1", description = {"fuse with this many engines side by side, each over its own "
            + "slices of arrival time (a recorded file: the same events as one engine; detections_per_s is then the wall "
            + "clock of reading and fusing together; default: ${DEFAULT-VALUE})"})
    int threads;

    @Option(names = "--slice-minutes", defaultValue = "120", description = "length of a slice of time with --threads above 1 (default: ${DEFAULT-VALUE})")
    int sliceMinutes;

    @Option(names = "--json", description = "print one JSON line of figures")
    boolean json;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        List<Sensor> sensors = MonitorFiles.readSensors(sensorsFile);
        Heap.reset();
        List<Event> kept = truth != null ? new ArrayList<>() : null;
        long[] events = {0};
        Map<FusionEngine.Rejection, Long> rejected = new EnumMap<>(FusionEngine.Rejection.class);
        long[] malformed = {0};
        long[] fuseNs = {0};
        long[] lines = {0};
        int[] reported = {0};
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            LaunchImpactPairing pairing = new LaunchImpactPairing(e -> {
                try {
                    w.write(MonitorFiles.eventLine(e));
                    w.write('\n');
                } catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
                events[0]++;
                if (kept != null) {
                    kept.add(e);
                }
            }, 100);
            FusionEngine.Options options = new FusionEngine.Options(celsius, latenessS, 10, 4, 5);
            java.util.function.BiConsumer<Detection, FusionEngine.Rejection> refused = (d, r) -> {
                rejected.merge(r, 1L, Long::sum);
                if (reported[0]++ < 20) {
                    err.println("garant: warning: " + in + ": detection '" + d.id() + "' skipped: " + r.reason());
                }
            };
            java.util.function.Consumer<JsonLines.BadLine> malformedLine = bad -> {
                malformed[0]++;
                if (reported[0]++ < 20) {
                    err.println("garant: warning: " + in + ": line " + bad.line() + " skipped: " + bad.reason());
                }
            };
            if (threads <= 1) {
                FusionEngine engine = new FusionEngine(sensors, options, pairing);
                MonitorFiles.readDetections(in, d -> {
                    lines[0]++;
                    long t = System.nanoTime();
                    FusionEngine.Rejection r = engine.ingest(d);
                    fuseNs[0] += System.nanoTime() - t;
                    if (r != null) {
                        refused.accept(d, r);
                    }
                }, malformedLine);
                long t = System.nanoTime();
                engine.flush();
                pairing.flush();
                fuseNs[0] += System.nanoTime() - t;
            } else {
                // the engines fuse while the file is read: the figure is the wall clock of both
                long t = System.nanoTime();
                try (TimeSlicedFusion sliced = new TimeSlicedFusion(sensors, options, threads, sliceMinutes * 60_000_000_000L, pairing, refused)) {
                    MonitorFiles.readDetections(in, d -> {
                        lines[0]++;
                        sliced.ingest(d);
                    }, malformedLine);
                    sliced.flush();
                }
                pairing.flush();
                fuseNs[0] = System.nanoTime() - t;
            }
            if (reported[0] > 20) {
                err.println("garant: warning: " + (reported[0] - 20) + " more skipped lines not shown");
            }
        }
        long detections = lines[0] + malformed[0];
        long skipped = malformed[0] + rejected.values().stream().mapToLong(Long::longValue).sum();
        ObjectNode o = Json.object();
        o.put("detections", detections);
        o.put("skipped", skipped);
        o.put("malformed", malformed[0]);
        for (FusionEngine.Rejection r : FusionEngine.Rejection.values()) {
            o.put(r.name().toLowerCase(Locale.ROOT), rejected.getOrDefault(r, 0L));
        }
        o.put("events", events[0]);
        if (truth != null) {
            Scoring.Score s = Scoring.score(kept, TruthFiles.read(truth));
            putScore(o, s);
        }
        o.put("detections_per_s", Math.round(lines[0] / (fuseNs[0] / 1e9)));
        o.put("peak_heap_mb", Heap.peakMb());
        PrintWriter pw = spec.commandLine().getOut();
        if (!json) {
            pw.printf(Locale.ROOT, "%d detections (%d skipped) -> %d events in %s%n", detections, skipped, events[0], out);
        }
        pw.println(Json.line(o));
        pw.flush();
        return 0;
    }

    static void putScore(ObjectNode o, Scoring.Score s) {
        o.put("truth", s.truth());
        o.put("matched", s.matched());
        o.put("precision", Json.round(s.precision(), 4));
        o.put("recall", Json.round(s.recall(), 4));
        o.put("f1", Json.round(s.f1(), 4));
        o.put("rmse_m", Json.round(s.rmseM(), 2));
        o.put("cep50_m", Json.round(s.cep50M(), 2));
        o.put("crlb_ratio", Json.round(s.crlbRatio(), 3));
        o.put("pairing_accuracy", Json.round(s.pairingAccuracy(), 4));
        o.put("gospa", Json.round(s.gospa(), 2));
        o.put("ellipse_coverage_95", Json.round(s.ellipseCoverage95(), 4));
    }
}
