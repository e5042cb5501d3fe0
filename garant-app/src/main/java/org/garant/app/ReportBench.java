package org.garant.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import org.garant.geo.Theatre;
import org.garant.geo.demo.DemoTheatre;
import org.garant.monitor.fuse.FusionEngine;
import org.garant.monitor.report.DailyReport;
import org.garant.monitor.report.ReportWriter;
import org.garant.monitor.sense.Event;
import org.garant.monitor.sense.Sensor;
import org.garant.monitor.simulate.FireSimulator;
import org.garant.monitor.simulate.Intensity;
import org.garant.monitor.simulate.SensorNetwork;
import org.garant.monitor.verify.Verifier;
import org.garant.monitor.verify.Violation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Daily report over a year of peak-intensity violations: one simulated peak day is fused and",
                "verified, repeated over 365 days, and the report for a day in the middle is built (median of runs)."})
final class ReportBench implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--days", defaultValue = "365")
    int days;

    @Option(names = "--json", description = "print only the JSON line")
    boolean json;

    @Override
    public Integer call() {
        Theatre t = DemoTheatre.theatre();
        List<Sensor> sensors = SensorNetwork.place(t, SensorNetwork.Options.defaults());
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        FireSimulator sim = new FireSimulator(t, sensors, Intensity.PEAK, 24, 7, start, 10, r -> { });
        List<Event> events = FusionEngine.fuseAll(sensors, sim, FusionEngine.Options.defaults());
        Verifier.Result day = new Verifier(t, DemoTheatre.cities().sites(), Verifier.Options.defaults()).verify(events, List.of());
        List<Violation> year = new ArrayList<>();
        List<Violation> alerts = new ArrayList<>();
        for (int d = 0; d < days; d++) {
            long shift = d * 86_400_000_000_000L;
            for (Violation v : day.violations()) {
                year.add(shifted(v, shift, d));
            }
            for (Violation v : day.alerts()) {
                alerts.add(shifted(v, shift, d));
            }
        }
        year.sort(Comparator.comparingLong(Violation::timeNs));
        alerts.sort(Comparator.comparingLong(Violation::timeNs));
        LocalDate mid = LocalDate.of(2026, 1, 1).plusDays(days / 2);
        double[] build = new double[15];
        double[] html = new double[15];
        for (int i = 0; i < build.length; i++) {
            long t0 = System.nanoTime();
            DailyReport r = DailyReport.build(mid, year, alerts, DailyReport.KYIV, DailyReport.CUTOFF);
            ReportWriter.json(r);
            long t1 = System.nanoTime();
            ReportWriter.html(r, t);
            long t2 = System.nanoTime();
            build[i] = (t1 - t0) / 1e6;
            html[i] = (t2 - t0) / 1e6;
        }
        Arrays.sort(build);
        Arrays.sort(html);
        ObjectNode o = Json.object();
        o.put("benchmark", "report");
        o.put("days", days);
        o.put("events", (long) events.size() * days);
        o.put("violations", year.size());
        o.put("ms", Json.round(build[build.length / 2], 2));
        o.put("ms_with_html", Json.round(html[html.length / 2], 2));
        spec.commandLine().getOut().println(Json.line(o));
        spec.commandLine().getOut().flush();
        return 0;
    }

    private static Violation shifted(Violation v, long shift, int d) {
        return new Violation(v.id() + "." + d, v.rule(), v.timeNs() + shift, v.position(), v.side(), v.weapon(), v.attribution(),
                v.evidence(), v.settlement(), v.settlementKm(), v.oblast(), v.site(), v.siteKm(), v.detail());
    }
}
