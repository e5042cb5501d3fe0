package org.garant.app;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import org.garant.monitor.report.GisExport;
import org.garant.monitor.sense.MonitorFiles;
import org.garant.monitor.verify.VerifyFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export events or violations as GeoJSON, KML or CSV (ACLED-style columns), optionally for a time range.")
final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--format", required = true, description = "geojson, kml or csv")
    String format;

    @Option(names = "--what", required = true, description = "events or violations")
    String what;

    @Option(names = "--in", required = true, paramLabel = "FILE", description = "events.jsonl (from fuse) or violations.jsonl (from verify)")
    Path in;

    @Option(names = "--from", paramLabel = "INSTANT")
    String from;

    @Option(names = "--to", paramLabel = "INSTANT")
    String to;

    @Option(names = "--out", required = true, paramLabel = "FILE")
    Path out;

    @Override
    public Integer call() throws IOException {
        if (!format.matches("geojson|kml|csv")) {
            throw new IllegalArgumentException("--format: '" + format + "' is not geojson, kml or csv"
                    + (format.equals("gpkg") ? " (GeoPackage is not yet supported)" : ""));
        }
        if (!what.matches("events|violations")) {
            throw new IllegalArgumentException("--what: '" + what + "' is not events or violations");
        }
        long f = instant(from, "--from", Long.MIN_VALUE);
        long t = instant(to, "--to", Long.MAX_VALUE);
        Warnings warnings = new Warnings(spec.commandLine().getErr());
        List<GisExport.Row> rows = what.equals("events")
                ? GisExport.ofEvents(MonitorFiles.readEvents(in, warnings.skipped(in)))
                : GisExport.ofViolations(VerifyFiles.readViolations(in, warnings.skipped(in)));
        rows = rows.stream().filter(r -> r.timeNs() >= f && r.timeNs() <= t).toList();
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
        spec.commandLine().getOut().println("wrote " + rows.size() + " " + what + " to " + out);
        spec.commandLine().getOut().flush();
        return 0;
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
