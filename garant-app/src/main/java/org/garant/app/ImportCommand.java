package org.garant.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.garant.geo.Placement;
import org.garant.geo.Side;
import org.garant.geo.Theatre;
import org.garant.monitor.ingest.OpenSourceImport;
import org.garant.monitor.ingest.Report;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Import real open-source reports: 'events' (CIR/Bellingcat CSV, or the Bellingcat civilian-harm JSON)",
                "or 'firms' (NASA FIRMS VIIRS CSV); each record gets its side of the contact line and distance to it.",
                "'gis' reads events or violations Garant exported (GeoPackage, KML, GeoJSON) back into JSON lines (--what)."})
final class ImportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "events|firms|gis")
    String what;

    @Parameters(index = "1", paramLabel = "FILE")
    Path file;

    @Mixin
    TheatreSource theatre;

    @Option(names = "--out", required = true, paramLabel = "FILE.jsonl")
    Path out;

    @Option(names = "--json", description = "print one JSON line of counts")
    boolean json;

    @Option(names = "--what", paramLabel = "events|violations", description = "with 'gis': what the file holds")
    String gisWhat;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        if (what.equals("gis")) {
            return importGis(err);
        }
        if (!what.equals("events") && !what.equals("firms")) {
            throw new IllegalArgumentException("import what? '" + what + "': expected 'events', 'firms' or 'gis'");
        }
        Theatre t = theatre.load();
        long[] records = {0};
        long[] rejected = {0};
        Map<String, Long> bySide = new LinkedHashMap<>();
        for (Side s : Side.values()) {
            bySide.put(s.name(), 0L);
        }
        Map<String, Long> byBand = new LinkedHashMap<>();
        for (String b : new String[] {"0-5", "5-15", "15-50", "50+"}) {
            byBand.put(b, 0L);
        }
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            java.util.function.Consumer<Report> good = r -> {
                Placement p = t.locate(r.position());
                double km = p.distanceKm();
                bySide.merge(p.side().name(), 1L, Long::sum);
                byBand.merge(km < 5 ? "0-5" : km < 15 ? "5-15" : km < 50 ? "15-50" : "50+", 1L, Long::sum);
                records[0]++;
                try {
                    w.write(OpenSourceImport.line(r, p.side().name(), km));
                    w.write('\n');
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            };
            java.util.function.Consumer<OpenSourceImport.Rejected> bad = r -> {
                rejected[0]++;
                err.println("garant: warning: " + file + ": " + (file.toString().endsWith(".json") ? "record " : "line ")
                        + r.line() + " rejected: " + r.reason());
            };
            if (what.equals("firms")) {
                OpenSourceImport.firms(file, good, bad);
            } else if (file.toString().toLowerCase(Locale.ROOT).endsWith(".json")) {
                OpenSourceImport.civilianHarm(file, good, bad);
            } else {
                OpenSourceImport.cirBellingcat(file, good, bad);
            }
        }
        ObjectNode o = Json.object();
        o.put("records", records[0]);
        o.put("rejected", rejected[0]);
        o.put("theatre_date", t.date() == null ? null : t.date().toString());
        o.set("by_side", Json.MAPPER.valueToTree(bySide));
        o.set("by_distance_km", Json.MAPPER.valueToTree(byBand));
        PrintWriter pw = spec.commandLine().getOut();
        if (!json) {
            pw.printf(Locale.ROOT, "%d records imported, %d rejected -> %s%n", records[0], rejected[0], out);
        }
        pw.println(Json.line(o));
        pw.flush();
        return 0;
    }

    /**
     * Events or violations that Garant exported to GeoPackage, KML or GeoJSON (perhaps edited in a GIS), back as their
     * JSON-lines files; each feature is checked as the files' own readers check a line, a bad one rejected by number.
     */
    private int importGis(PrintWriter err) throws IOException {
        if (gisWhat == null || !gisWhat.matches("events|violations")) {
            throw new IllegalArgumentException("--what: '" + gisWhat + "' is not events or violations (import gis needs it)");
        }
        List<org.garant.geo.io.GeoFeature> features = org.garant.geo.io.OccupationImport.features(file, gisWhat);
        long records = 0;
        long rejected = 0;
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            for (org.garant.geo.io.GeoFeature f : features) {
                try {
                    w.write(gisWhat.equals("events") ? org.garant.monitor.report.GisExport.eventLine(f)
                            : org.garant.monitor.report.GisExport.violationLine(f));
                    w.write('\n');
                    records++;
                } catch (IllegalArgumentException e) {
                    rejected++;
                    err.println("garant: warning: " + file + ": feature " + (f.index() + 1) + " rejected: " + e.getMessage());
                }
            }
        }
        ObjectNode o = Json.object();
        o.put("records", records);
        o.put("rejected", rejected);
        PrintWriter pw = spec.commandLine().getOut();
        if (!json) {
            pw.printf(Locale.ROOT, "%d %s imported, %d rejected -> %s%n", records, gisWhat, rejected, out);
        }
        pw.println(Json.line(o));
        pw.flush();
        return 0;
    }
}
