package org.garant.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.garant.geo.Theatre;
import org.garant.monitor.sense.Detection;
import org.garant.monitor.sense.MonitorFiles;
import org.garant.monitor.sense.Sensor;
import org.garant.monitor.simulate.FireSimulator;
import org.garant.monitor.simulate.Intensity;
import org.garant.monitor.simulate.SensorNetwork;
import org.garant.monitor.simulate.TruthFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Simulate a monitored ceasefire: a sensor network along the contact line, fire across it, and",
                "what the network hears. Writes sensors.csv, detections.jsonl (delivery order) and truth.jsonl."})
final class SimulateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TheatreSource theatre;

    @Option(names = "--scenario", defaultValue = "tense", description = "quiet, tense, peak or war (default: ${DEFAULT-VALUE})")
    String scenario;

    @Option(names = "--hours", defaultValue = "24", description = "simulated hours (default: ${DEFAULT-VALUE})")
    double hours;

    @Option(names = "--seed", defaultValue = "7", description = "random seed; the same seed gives the same run")
    long seed;

    @Option(names = "--start", defaultValue = "2026-05-01T00:00:00Z", description = "start instant (default: ${DEFAULT-VALUE})")
    String start;

    @Option(names = "--celsius", defaultValue = "10", description = "air temperature, sets the speed of sound")
    double celsius;

    @Option(names = "--spacing-km", defaultValue = "5", description = "sensor spacing along each row (default: ${DEFAULT-VALUE})")
    double spacingKm;

    @Option(names = "--out", required = true, paramLabel = "DIR")
    Path out;

    @Option(names = "--json", description = "print one JSON line of counts")
    boolean json;

    @Override
    public Integer call() throws IOException {
        Intensity intensity = Intensity.parse(scenario);
        Instant t0;
        try {
            t0 = Instant.parse(start);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--start: '" + start + "' is not an ISO-8601 instant");
        }
        if (!(spacingKm > 0)) {
            throw new IllegalArgumentException("--spacing-km must be positive");
        }
        PrintWriter err = spec.commandLine().getErr();
        Theatre t = theatre.load();
        SensorNetwork.Options defaults = SensorNetwork.Options.defaults();
        SensorNetwork.Options opts = new SensorNetwork.Options(spacingKm * 1000, defaults.depthsM(), defaults.clockSigmaS(),
                defaults.arrayClockSigmaS(), defaults.bearingSigmaDeg(), defaults.rangeM(), defaults.pdNear(), defaults.falseAlarmsPerHour());
        List<Sensor> sensors = SensorNetwork.place(t, opts);
        Files.createDirectories(out);
        MonitorFiles.writeSensors(out.resolve("sensors.csv"), sensors);
        long detections = 0;
        long[] truthEvents = {0};
        Progress progress = new Progress(err, "simulating", hours * 3600);
        try (BufferedWriter dw = Files.newBufferedWriter(out.resolve("detections.jsonl"), StandardCharsets.UTF_8);
             TruthFiles.Writer tw = new TruthFiles.Writer(out.resolve("truth.jsonl"))) {
            FireSimulator sim = new FireSimulator(t, sensors, intensity, hours, seed, t0, celsius, r -> {
                tw.write(r);
                truthEvents[0]++;
            });
            long startNs = t0.getEpochSecond() * 1_000_000_000L + t0.getNano();
            while (sim.hasNext()) {
                Detection d = sim.next();
                dw.write(MonitorFiles.detectionLine(d));
                dw.write('\n');
                detections++;
                if ((detections & 4095) == 0) {
                    progress.update((d.arrivalNs() - startNs) / 1e9);
                }
            }
            progress.done();
            ObjectNode o = Json.object();
            o.put("detections", detections);
            o.put("events", truthEvents[0]);
            o.put("rounds", sim.rounds());
            o.put("sensors", sensors.size());
            o.put("scenario", intensity.name().toLowerCase(Locale.ROOT));
            o.put("hours", hours);
            o.put("seed", seed);
            PrintWriter pw = spec.commandLine().getOut();
            if (!json) {
                pw.printf(Locale.ROOT, "%d sensors, %d rounds (%d launches and impacts), %d detections -> %s%n",
                        sensors.size(), sim.rounds(), truthEvents[0], detections, out);
            }
            pw.println(Json.line(o));
            pw.flush();
        }
        return 0;
    }
}
