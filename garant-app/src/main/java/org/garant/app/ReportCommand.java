package org.garant.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import org.garant.monitor.report.DailyReport;
import org.garant.monitor.report.ReportWriter;
import org.garant.monitor.verify.VerifyFiles;
import org.garant.monitor.verify.Violation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Reports from verified violations: 'daily' (OSCE-style daily report, html, json or csv) or",
                "'spot' (one incident, --id V)."})
final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "daily|spot")
    String kind;

    @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "the report's day (daily)")
    String date;

    @Option(names = "--id", paramLabel = "V", description = "the violation or alert (spot)")
    String id;

    @Option(names = "--in", required = true, paramLabel = "DIR", description = "the output directory of 'garant verify'")
    Path in;

    @Option(names = "--format", defaultValue = "html", description = "html, json or csv (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--cutoff", defaultValue = "19:30", description = "period cut-off, Kyiv time (default: ${DEFAULT-VALUE})")
    String cutoff;

    @Option(names = "--occupied", paramLabel = "FILE", description = "occupied area for the map (default: the demo theatre)")
    Path occupied;

    @Option(names = "--out", required = true, paramLabel = "FILE")
    Path out;

    @Override
    public Integer call() throws IOException {
        PrintWriter err0 = spec.commandLine().getErr();
        if (kind.equals("spot")) {
            if (id == null) {
                throw new IllegalArgumentException("report spot needs --id");
            }
            List<Violation> all = new ArrayList<>(read(in.resolve("violations.jsonl"), err0));
            if (Files.exists(in.resolve("alerts.jsonl"))) {
                all.addAll(read(in.resolve("alerts.jsonl"), err0));
            }
            Violation v = all.stream().filter(x -> x.id().equals(id)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("--id: no violation or alert '" + id + "' in " + in));
            List<Violation> related = all.stream().filter(x -> !x.evidence().isEmpty() && !v.evidence().isEmpty()
                    && (x.evidence().get(0).equals(v.evidence().get(0)) || x.evidence().contains(v.id()) || v.evidence().contains(x.id()))).toList();
            String text = org.garant.monitor.report.SpotReport.text(v, related);
            Files.writeString(out, text, StandardCharsets.UTF_8);
            spec.commandLine().getOut().print(text);
            spec.commandLine().getOut().flush();
            return 0;
        }
        if (!kind.equals("daily")) {
            throw new IllegalArgumentException("report kind '" + kind + "': expected daily or spot");
        }
        if (date == null) {
            throw new IllegalArgumentException("report daily needs --date YYYY-MM-DD");
        }
        LocalDate d;
        LocalTime c;
        try {
            d = LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--date: '" + date + "' is not a date YYYY-MM-DD");
        }
        try {
            c = LocalTime.parse(cutoff);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--cutoff: '" + cutoff + "' is not a time HH:MM");
        }
        if (!format.matches("html|json|csv")) {
            throw new IllegalArgumentException("--format: '" + format + "' is not html, json or csv");
        }
        PrintWriter err = spec.commandLine().getErr();
        List<Violation> violations = read(in.resolve("violations.jsonl"), err);
        List<Violation> alerts = Files.exists(in.resolve("alerts.jsonl")) ? read(in.resolve("alerts.jsonl"), err) : List.of();
        DailyReport r = DailyReport.build(d, violations, alerts, DailyReport.KYIV, c);
        String text = switch (format) {
            case "json" -> ReportWriter.json(r);
            case "csv" -> ReportWriter.csv(r);
            default -> ReportWriter.html(r, occupied == null ? org.garant.geo.demo.DemoTheatre.theatre()
                    : org.garant.geo.Theatre.build(org.garant.geo.demo.DemoTheatre.ukraine(),
                    org.garant.geo.io.OccupationImport.occupiedPolygons(occupied), org.garant.geo.DerivationOptions.DEFAULT));
        };
        Files.writeString(out, text, StandardCharsets.UTF_8);
        spec.commandLine().getOut().println(r.summary());
        spec.commandLine().getOut().flush();
        return 0;
    }

    private static List<Violation> read(Path f, PrintWriter err) {
        List<Violation> vs = new ArrayList<>(VerifyFiles.readViolations(f, new Warnings(err).skipped(f)));
        vs.sort(Comparator.comparingLong(Violation::timeNs));
        return vs;
    }
}
