package org.garant.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.garant.geo.Theatre;
import org.garant.geo.demo.DemoTheatre;
import org.garant.monitor.fuse.FusionEngine;
import org.garant.monitor.fuse.Scoring;
import org.garant.monitor.report.DailyReport;
import org.garant.monitor.report.ReportWriter;
import org.garant.monitor.sense.Event;
import org.garant.monitor.sense.MonitorFiles;
import org.garant.monitor.sense.Sensor;
import org.garant.monitor.simulate.FireSimulator;
import org.garant.monitor.simulate.Intensity;
import org.garant.monitor.simulate.SensorNetwork;
import org.garant.monitor.simulate.TruthRecord;
import org.garant.monitor.verify.Verifier;
import org.garant.monitor.verify.VerifyFiles;
import org.garant.monitor.verify.Violation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Show Garant working on its built-in demo theatre: the theatre, a simulated day of a monitored",
                "ceasefire fused, verified and reported (files in garant-data/demo), and the demo coalition's force."})
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--scenario", defaultValue = "tense", description = "quiet, tense, peak or war (default: ${DEFAULT-VALUE})")
    String scenario;

    @Option(names = "--out", defaultValue = "garant-data/demo", paramLabel = "DIR", description = "where the day's files go (default: ${DEFAULT-VALUE})")
    Path out;

    @Override
    public Integer call() throws IOException {
        int status = spec.commandLine().getParent().execute("theatre", "--demo-cities", "--min-population", "200000");
        if (status != 0) {
            return status;
        }
        PrintWriter o = spec.commandLine().getOut();
        Intensity intensity = Intensity.parse(scenario);
        Theatre t = DemoTheatre.theatre();
        List<Sensor> sensors = SensorNetwork.place(t, SensorNetwork.Options.defaults());
        Instant start = Instant.parse("2026-05-01T00:00:00Z");
        List<TruthRecord> truth = new ArrayList<>();
        FireSimulator sim = new FireSimulator(t, sensors, intensity, 24, 7, start, 10, truth::add);
        long[] detections = {0};
        long t0 = System.nanoTime();
        java.util.Iterator<org.garant.monitor.sense.Detection> counted = new java.util.Iterator<>() {
            public boolean hasNext() {
                return sim.hasNext();
            }

            public org.garant.monitor.sense.Detection next() {
                detections[0]++;
                return sim.next();
            }
        };
        List<Event> events = FusionEngine.fuseAll(sensors, counted, FusionEngine.Options.defaults());
        double secs = (System.nanoTime() - t0) / 1e9;
        Scoring.Score s = Scoring.score(events, truth);
        Verifier.Result r = new Verifier(t, DemoTheatre.cities().sites(), Verifier.Options.defaults()).verify(events, List.of());
        Files.createDirectories(out);
        MonitorFiles.writeSensors(out.resolve("sensors.csv"), sensors);
        Files.write(out.resolve("events.jsonl"), events.stream().map(MonitorFiles::eventLine).toList(), StandardCharsets.UTF_8);
        Files.write(out.resolve("violations.jsonl"), r.violations().stream().map(VerifyFiles::violationLine).toList(), StandardCharsets.UTF_8);
        Files.write(out.resolve("alerts.jsonl"), r.alerts().stream().map(VerifyFiles::violationLine).toList(), StandardCharsets.UTF_8);
        List<Violation> sorted = new ArrayList<>(r.violations());
        sorted.sort(Comparator.comparingLong(Violation::timeNs));
        List<Violation> alerts = new ArrayList<>(r.alerts());
        alerts.sort(Comparator.comparingLong(Violation::timeNs));
        DailyReport daily = DailyReport.build(LocalDate.of(2026, 5, 1), sorted, alerts, DailyReport.KYIV, DailyReport.CUTOFF);
        Files.writeString(out.resolve("daily-2026-05-01.html"), ReportWriter.html(daily, t), StandardCharsets.UTF_8);
        Map<String, Long> byRule = new TreeMap<>();
        r.violations().forEach(v -> byRule.merge(v.rule().name(), 1L, Long::sum));
        o.printf(Locale.ROOT, "%nA monitored ceasefire, simulated (%s, 24 h, seed 7):%n", intensity.name().toLowerCase(Locale.ROOT));
        o.printf(Locale.ROOT, "  %d sensors in rows 3, 9 and 15 km either side of the line, every 5 km%n", sensors.size());
        o.printf(Locale.ROOT, "  %d rounds fired; %,d detections simulated and fused in %.2f s into %d located events%n", sim.rounds(), detections[0],
                secs, events.size());
        o.printf(Locale.ROOT, "  against the truth: F1 %.3f, CEP50 %.2f m, launch-impact pairing %.3f%n", s.f1(), s.cep50M(),
                s.pairingAccuracy());
        o.printf(Locale.ROOT, "  violations: %s; %d force-protection alerts%n", byRule, r.alerts().size());
        o.printf(Locale.ROOT, "%nDaily report for 2026-05-01:%n  %s%n", daily.summary());
        org.garant.plan.domain.Coalition coalition = org.garant.plan.io.CoalitionCsv.demo(t).coalition();
        org.garant.plan.scenario.Scenario all = org.garant.plan.scenario.Scenario.allHold(coalition.conditions().keySet());
        org.garant.plan.scenario.Evaluation with = org.garant.plan.scenario.Evaluator.evaluate(coalition, all);
        org.garant.plan.scenario.Evaluation without = org.garant.plan.scenario.Evaluator.evaluate(coalition, all.with("US_BACKSTOP", false));
        o.printf(Locale.ROOT, "%nThe reassurance force (illustrative demo coalition of %d nations, %d pledges):%n",
                coalition.nations().size(), coalition.pledges().size());
        o.printf(Locale.ROOT, "  with every condition met: %.1f %% of the required force can be fielded (%d of %d units)%n",
                100 * with.fillRate(), with.unitsFillable(), with.unitsRequired());
        o.printf(Locale.ROOT, "  without the US backstop:   %.1f %% (%d pledges fall away)%n", 100 * without.fillRate(),
                with.pledgesActive() - without.pledgesActive());
        if (!without.shortfalls().isEmpty()) {
            org.garant.plan.scenario.Shortfall first = without.shortfalls().get(0);
            o.printf(Locale.ROOT, "  e.g. short %d × %s at %s: %s%n", first.missing(), first.capability().label(), first.site(), first.reason());
        }
        o.printf(Locale.ROOT, "  (garant plan evaluate | compare | solve | rotate | replan)%n");
        o.printf(Locale.ROOT, "%nFiles: %s (events, violations, alerts, daily report as HTML)%n", out.toAbsolutePath().normalize());
        o.flush();
        return 0;
    }
}
