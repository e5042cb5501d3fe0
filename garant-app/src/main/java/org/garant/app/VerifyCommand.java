package org.garant.app;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.garant.geo.Side;
import org.garant.geo.Site;
import org.garant.geo.Theatre;
import org.garant.geo.demo.DemoTheatre;
import org.garant.geo.io.SiteImport;
import org.garant.monitor.fuse.Scoring;
import org.garant.monitor.sense.Event;
import org.garant.monitor.sense.MonitorFiles;
import org.garant.monitor.simulate.TruthFiles;
import org.garant.monitor.simulate.TruthRecord;
import org.garant.monitor.verify.Attribution;
import org.garant.monitor.verify.Corroboration;
import org.garant.monitor.verify.Observation;
import org.garant.monitor.verify.ObservationFiles;
import org.garant.monitor.verify.Reliability;
import org.garant.monitor.verify.Sighting;
import org.garant.monitor.verify.Verifier;
import org.garant.monitor.verify.VerifyFiles;
import org.garant.monitor.verify.Violation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Apply the ceasefire rules to fused events and weapon sightings: violations (attributed, located)",
                "and force-protection alerts, written to DIR/violations.jsonl and DIR/alerts.jsonl."})
final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TheatreSource theatre;

    @Option(names = "--events", required = true, paramLabel = "FILE.jsonl", description = "events from 'garant fuse'")
    Path eventsFile;

    @Option(names = "--sightings", paramLabel = "FILE.jsonl", description = "weapon sightings")
    Path sightingsFile;

    @Option(names = "--observations", paramLabel = "FILE.jsonl", description = "monitors' observations (OSCE form)")
    Path observationsFile;

    @Option(names = "--cities", paramLabel = "FILE", description = "garrison sites and settlements (default: the demo cities)")
    Path cities;

    @Option(names = "--truth", paramLabel = "FILE", description = "truth.jsonl of a simulation: score the attribution")
    Path truth;

    @Option(names = "--threshold", defaultValue = "0.95", description = "attribution confidence below which it is UNDETERMINED (default: ${DEFAULT-VALUE})")
    double threshold;

    @Option(names = "--alert-km", defaultValue = "10", description = "force-protection alert distance from a site (default: ${DEFAULT-VALUE})")
    double alertKm;

    @Option(names = "--buffer-km", defaultValue = "15", description = "buffer zone width on each side (default: ${DEFAULT-VALUE})")
    double bufferKm;

    @Option(names = "--out", required = true, paramLabel = "DIR")
    Path out;

    @Option(names = "--json", description = "print one JSON line of counts")
    boolean json;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        Theatre t = theatre.load();
        List<Site> sites = (cities == null ? DemoTheatre.cities() : SiteImport.cities(cities)).sites();
        Warnings warnings = new Warnings(err);
        List<Event> events = MonitorFiles.readEvents(eventsFile, warnings.skipped(eventsFile));
        List<Sighting> sightings = sightingsFile == null ? List.of() : VerifyFiles.readSightings(sightingsFile, warnings.skipped(sightingsFile));
        List<Observation> observations = observationsFile == null ? List.of() : ObservationFiles.read(observationsFile,
                warnings.skipped(observationsFile));
        List<Event> sensorEvents = events;
        events = new ArrayList<>(events);
        long usable = 0;
        long corroborated = 0;
        java.util.Map<String, Observation> byEvent = new java.util.HashMap<>();
        for (Observation ob : observations) {
            if (ob.review() == Observation.Review.REJECTED) {
                continue;
            }
            usable++;
            Event oe = ob.toEvent();
            events.add(oe);
            byEvent.put(oe.id(), ob);
            if (Corroboration.corroborates(oe, ob, sensorEvents)) {
                corroborated++;
            }
        }
        Verifier.Result r = new Verifier(t, sites, new Verifier.Options(threshold, bufferKm, alertKm)).verify(events, sightings, byEvent);
        Files.createDirectories(out);
        write(out.resolve("violations.jsonl"), r.violations());
        write(out.resolve("alerts.jsonl"), r.alerts());
        ObjectNode o = Json.object();
        o.put("events", events.size());
        o.put("sightings", sightings.size());
        o.put("observations", observations.size());
        o.put("observations_used", usable);
        o.put("observations_corroborated", corroborated);
        o.put("skipped", warnings.count());
        o.put("violations", r.violations().size());
        o.put("alerts", r.alerts().size());
        Map<String, Long> byRule = new TreeMap<>();
        Map<String, Long> byAttribution = new TreeMap<>();
        for (Violation v : r.violations()) {
            byRule.merge(v.rule().name(), 1L, Long::sum);
            byAttribution.merge(v.attribution().label(), 1L, Long::sum);
        }
        o.set("by_rule", Json.MAPPER.valueToTree(byRule));
        o.set("by_attribution", Json.MAPPER.valueToTree(byAttribution));
        if (truth != null) {
            List<TruthRecord> tr = TruthFiles.read(truth);
            events = sensorEvents;
            int[] m = Scoring.match(events, tr);
            long matched = 0;
            long attributed = 0;
            long right = 0;
            Reliability rel = new Reliability();
            for (int i = 0; i < events.size(); i++) {
                if (m[i] < 0) {
                    continue;
                }
                matched++;
                Attribution a = r.attributionByEvent().get(events.get(i).id());
                Side trueSide = tr.get(m[i]).side();
                if (a.determined()) {
                    attributed++;
                    boolean ok = a.side() == trueSide;
                    if (ok) {
                        right++;
                    }
                    rel.add(a.confidence(), ok);
                }
            }
            o.put("attribution_accuracy", Json.round(attributed == 0 ? Double.NaN : right / (double) attributed, 4));
            o.put("attributed_fraction", Json.round(matched == 0 ? Double.NaN : attributed / (double) matched, 4));
            ArrayNode table = o.putArray("reliability");
            for (Reliability.Bin b : rel.bins()) {
                if (b.count() > 0) {
                    ObjectNode bn = table.addObject();
                    bn.put("from", b.from());
                    bn.put("to", b.to());
                    bn.put("count", b.count());
                    bn.put("mean_confidence", Json.round(b.meanConfidence(), 4));
                    bn.put("accuracy", Json.round(b.accuracy(), 4));
                }
            }
        }
        PrintWriter pw = spec.commandLine().getOut();
        if (!json) {
            pw.printf(Locale.ROOT, "%d events, %d sightings -> %d violations, %d force-protection alerts in %s%n",
                    events.size(), sightings.size(), r.violations().size(), r.alerts().size(), out);
            byRule.forEach((k, v) -> pw.printf(Locale.ROOT, "  %-22s %d%n", k, v));
        }
        pw.println(Json.line(o));
        pw.flush();
        return 0;
    }

    private static void write(Path file, List<Violation> vs) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (Violation v : vs) {
                w.write(VerifyFiles.violationLine(v));
                w.write('\n');
            }
        }
    }
}
