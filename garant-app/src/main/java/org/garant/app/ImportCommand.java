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
                "or 'firms' (NASA FIRMS VIIRS CSV); each record gets its side of the contact line and distance to it."})
final class ImportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "events|firms")
    String what;

    @Parameters(index = "1", paramLabel = "FILE")
    Path file;

    @Mixin
    TheatreSource theatre;

    @Option(names = "--out", required = true, paramLabel = "FILE.jsonl")
    Path out;

    @Option(names = "--json", description = "print one JSON line of counts")
    boolean json;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        if (!what.equals("events") && !what.equals("firms")) {
            throw new IllegalArgumentException("import what? '" + what + "': expected 'events' or 'firms'");
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
}
