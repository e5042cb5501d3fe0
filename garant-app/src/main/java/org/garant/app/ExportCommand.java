package org.garant.app;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.garant.geo.Site;
import org.garant.geo.Theatre;
import org.garant.geo.WeaponClass;
import org.garant.geo.demo.DemoTheatre;
import org.garant.geo.io.GeoFeature;
import org.garant.geo.io.GeoJson;
import org.garant.geo.io.GeoPackageIo;
import org.garant.geo.io.KmlWriter;
import org.garant.geo.io.SiteImport;
import org.garant.geo.io.ZoneFeatures;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.WKTWriter;
import org.garant.monitor.report.GisExport;
import org.garant.monitor.sense.MonitorFiles;
import org.garant.monitor.verify.VerifyFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Export events, violations, the theatre (contact line, occupied area, buffer and withdrawal zones) or the",
                "garrison sites as GeoPackage, KML, GeoJSON or CSV (events and violations with ACLED-style columns), for QGIS,",
                "Google Earth and spreadsheets. Events and violations come from --in, optionally cut to a time range; the theatre",
                "from the theatre options (default: the demo theatre); sites from --cities (default: the demo cities)."})
final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--format", required = true, description = "gpkg, kml, geojson or csv")
    String format;

    @Option(names = "--what", required = true, description = "events, violations, theatre or sites")
    String what;

    @Option(names = "--in", paramLabel = "FILE", description = "events.jsonl (from fuse) or violations.jsonl (from verify)")
    Path in;

    @Option(names = "--cities", paramLabel = "FILE.csv", description = "sites to export (default: the demo cities)")
    Path cities;

    @Mixin
    TheatreSource theatre;

    @Option(names = "--from", paramLabel = "INSTANT")
    String from;

    @Option(names = "--to", paramLabel = "INSTANT")
    String to;

    @Option(names = "--out", required = true, paramLabel = "FILE")
    Path out;

    @Override
    public Integer call() throws IOException {
        if (!format.matches("gpkg|kml|geojson|csv")) {
            throw new IllegalArgumentException("--format: '" + format + "' is not gpkg, kml, geojson or csv");
        }
        if (!what.matches("events|violations|theatre|sites")) {
            throw new IllegalArgumentException("--what: '" + what + "' is not events, violations, theatre or sites");
        }
        Map<String, List<GeoFeature>> layers;
        int count;
        if (what.equals("events") || what.equals("violations")) {
            if (in == null) {
                throw new IllegalArgumentException("--in: missing (the " + what + ".jsonl file to export)");
            }
            long f = instant(from, "--from", Long.MIN_VALUE);
            long t = instant(to, "--to", Long.MAX_VALUE);
            Warnings warnings = new Warnings(spec.commandLine().getErr());
            List<GisExport.Row> rows = what.equals("events")
                    ? GisExport.ofEvents(MonitorFiles.readEvents(in, warnings.skipped(in)))
                    : GisExport.ofViolations(VerifyFiles.readViolations(in, warnings.skipped(in)));
            rows = rows.stream().filter(r -> r.timeNs() >= f && r.timeNs() <= t).toList();
            count = rows.size();
            if (!format.equals("gpkg")) { // the row formats: ACLED-style columns
                writeRows(rows);
                return done(count);
            }
            layers = Map.of(what, GisExport.features(rows));
        } else if (what.equals("theatre")) {
            layers = theatreLayers(theatre.load());
            count = layers.values().stream().mapToInt(List::size).sum();
        } else {
            SiteImport.Result r = cities == null ? DemoTheatre.cities() : SiteImport.cities(cities);
            List<GeoFeature> fs = new ArrayList<>();
            for (Site s : r.sites()) {
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("name", s.name());
                p.put("kind", s.kind());
                p.put("oblast", s.oblast());
                p.put("population", s.population());
                p.put("mgrs", s.position().mgrs());
                fs.add(new GeoFeature(fs.size(), GF.createPoint(new Coordinate(s.position().lon(), s.position().lat())), p));
            }
            layers = Map.of("sites", fs);
            count = fs.size();
        }
        switch (format) {
            case "gpkg" -> GeoPackageIo.write(out, layers);
            case "kml" -> {
                try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
                    KmlWriter.write(w, "Garant " + what, layers, "name");
                }
            }
            case "geojson" -> {
                List<ObjectNode> fs = new ArrayList<>();
                layers.forEach((layer, list) -> list.forEach(x -> {
                    Map<String, Object> p = new LinkedHashMap<>();
                    p.put("layer", layer);
                    p.putAll(x.properties());
                    fs.add(GeoJson.feature(x.geometry(), p));
                }));
                GeoJson.write(out, fs);
            }
            default -> { // csv: one row per feature, the geometry as WKT
                try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
                    java.util.Set<String> keys = new java.util.LinkedHashSet<>();
                    layers.values().forEach(list -> list.forEach(x -> keys.addAll(x.properties().keySet())));
                    w.write("layer," + String.join(",", keys) + ",wkt\n");
                    WKTWriter wkt = new WKTWriter();
                    for (Map.Entry<String, List<GeoFeature>> e : layers.entrySet()) {
                        for (GeoFeature x : e.getValue()) {
                            StringBuilder line = new StringBuilder(GisExport.csv(e.getKey()));
                            for (String k : keys) {
                                Object v = x.properties().get(k);
                                line.append(',').append(v == null ? "" : GisExport.csv(v.toString()));
                            }
                            w.write(line.append(',').append(GisExport.csv(wkt.write(x.geometry()))).append('\n').toString());
                        }
                    }
                }
            }
        }
        return done(count);
    }

    private int done(int count) {
        spec.commandLine().getOut().println("wrote " + count + " " + what + " features to " + out);
        spec.commandLine().getOut().flush();
        return 0;
    }

    private void writeRows(List<GisExport.Row> rows) throws IOException {
        if (format.equals("geojson")) {
            try (OutputStream o = Files.newOutputStream(out)) {
                GisExport.geojson(rows, o);
            }
        } else {
            try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
                if (format.equals("kml")) {
                    GisExport.kml(rows, w);
                } else {
                    GisExport.csv(rows, w);
                }
            }
        }
    }

    private static final GeometryFactory GF = new GeometryFactory();

    /** The theatre as layers: contact_line, occupied, zones (buffer and each withdrawal class, both sides). */
    static Map<String, List<GeoFeature>> theatreLayers(Theatre t) {
        Map<String, List<GeoFeature>> layers = new LinkedHashMap<>();
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("name", "contact line");
        line.put("date", String.valueOf(t.date()));
        line.put("km", Math.round(t.contactLineKm() * 10) / 10.0);
        line.put("source", t.source());
        layers.put("contact_line", List.of(new GeoFeature(0, t.contactLine(), line)));
        Map<String, Object> occ = new LinkedHashMap<>();
        occ.put("name", "occupied area");
        occ.put("km2", Math.round(t.occupiedKm2()));
        layers.put("occupied", List.of(new GeoFeature(0, t.occupied(), occ)));
        layers.put("zones", ZoneFeatures.of(t, WeaponClass.DEFAULT_BUFFER_KM));
        return layers;
    }


    private static long instant(String s, String option, long dflt) {
        if (s == null) {
            return dflt;
        }
        try {
            Instant i = Instant.parse(s);
            return i.getEpochSecond() * 1_000_000_000L + i.getNano();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(option + ": '" + s + "' is not an ISO-8601 instant");
        }
    }
}
