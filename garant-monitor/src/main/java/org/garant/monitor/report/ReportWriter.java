package org.garant.monitor.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.garant.geo.Theatre;
import org.garant.monitor.verify.Violation;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.util.LinearComponentExtracter;
import org.locationtech.jts.geom.util.PolygonExtracter;
import org.locationtech.jts.simplify.DouglasPeuckerSimplifier;

/** The daily report as JSON, CSV (one row per violation, ACLED-like columns) and printable HTML with a map. */
public final class ReportWriter {
    private static final ObjectMapper M = new ObjectMapper();
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.of("Europe/Kyiv"));

    private ReportWriter() {
    }

    public static String json(DailyReport r) {
        ObjectNode o = M.createObjectNode();
        o.put("date", r.date().toString());
        o.put("from", r.from().toString());
        o.put("to", r.to().toString());
        o.put("summary", r.summary());
        o.put("violations", r.violations());
        o.put("explosions", r.explosions());
        o.put("previous_violations", r.previousViolations());
        o.put("previous_explosions", r.previousExplosions());
        o.set("by_oblast", counts(r.byOblast()));
        o.set("by_sector", counts(r.bySector()));
        o.set("by_attribution", M.valueToTree(r.byAttribution()));
        o.set("withdrawal_zone", list(r.withdrawal()));
        o.set("buffer_zone", list(r.buffer()));
        o.set("force_protection_alerts", list(r.alerts()));
        o.set("notable", list(r.notable()));
        try {
            return M.writerWithDefaultPrettyPrinter().writeValueAsString(o);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One row per violation of the period, with ACLED-style columns. */
    public static String csv(DailyReport r) {
        StringBuilder sb = new StringBuilder("event_date,event_type,sub_event_type,actor1,admin1,location,latitude,longitude,"
                + "geo_precision,source,notes,mgrs,confidence,evidence,time_kyiv\n");
        for (Violation v : r.all()) {
            String local = LOCAL.format(java.time.Instant.ofEpochSecond(0, v.timeNs()));
            sb.append(local, 0, 10).append(',')
                    .append(v.rule().name()).append(',')
                    .append(csvField(v.weapon() == null ? "" : v.weapon())).append(',')
                    .append(v.attribution().label()).append(',')
                    .append(csvField(v.oblast())).append(',')
                    .append(csvField(v.settlement())).append(',')
                    .append(String.format(Locale.ROOT, "%.6f,%.6f", v.position().lat(), v.position().lon())).append(',')
                    .append(v.rule().name().equals("BUFFER_ZONE_INCURSION") || v.rule().name().equals("WITHDRAWAL_ZONE") ? "2" : "1").append(',')
                    .append("Garant monitoring,")
                    .append(csvField(v.detail())).append(',')
                    .append(v.position().mgrs()).append(',')
                    .append(String.format(Locale.ROOT, "%.4f", v.attribution().confidence())).append(',')
                    .append(csvField(String.join(" ", v.evidence().subList(0, Math.min(3, v.evidence().size()))))).append(',')
                    .append(local.substring(11))
                    .append('\n');
        }
        return sb.toString();
    }

    /** A printable page: summary, tables and a small map of the day's violations over the theatre. */
    public static String html(DailyReport r, Theatre theatre) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Daily report ").append(r.date())
                .append("</title><style>body{font:14px/1.4 sans-serif;max-width:60em;margin:2em auto}table{border-collapse:collapse;"
                        + "margin:.5em 0}td,th{border:1px solid #999;padding:2px 6px;text-align:left}th{background:#eee}"
                        + "@media print{body{margin:0}}</style></head><body>");
        h.append("<h1>Ceasefire monitoring — daily report</h1><p>Period: ").append(LOCAL.format(r.from())).append(" to ")
                .append(LOCAL.format(r.to())).append(" (Kyiv time)</p>");
        h.append("<h2>Summary</h2><p>").append(esc(r.summary())).append("</p>");
        h.append(map(r, theatre));
        h.append("<h2>Ceasefire violations</h2><table><tr><th></th><th>this period</th><th>previous period</th></tr>")
                .append("<tr><td>violations</td><td>").append(r.violations()).append("</td><td>").append(r.previousViolations())
                .append("</td></tr><tr><td>of which explosions</td><td>").append(r.explosions()).append("</td><td>")
                .append(r.previousExplosions()).append("</td></tr></table>");
        h.append(countTable("Per oblast", "oblast", r.byOblast()));
        h.append(countTable("Per sector", "sector", r.bySector()));
        h.append("<h3>Attribution</h3><table><tr><th>origin</th><th>violations</th></tr>");
        r.byAttribution().forEach((k, v) -> h.append("<tr><td>").append(k).append("</td><td>").append(v).append("</td></tr>"));
        h.append("</table>");
        h.append(violationTable("Weapons in violation of withdrawal lines", r.withdrawal()));
        h.append(violationTable("Buffer-zone incursions", r.buffer()));
        h.append(violationTable("Force-protection alerts", r.alerts()));
        h.append(violationTable("Notable incidents", r.notable()));
        h.append("</body></html>\n");
        return h.toString();
    }

    private static String map(DailyReport r, Theatre theatre) {
        if (theatre == null) {
            return "";
        }
        double minLon = 22;
        double maxLon = 40.5;
        double minLat = 44;
        double maxLat = 52.5;
        double w = 720;
        double hgt = w * (maxLat - minLat) / ((maxLon - minLon) * Math.cos(Math.toRadians(48.5)));
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "<h2>Map</h2><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\">",
                w, hgt, w, hgt));
        java.util.function.BiFunction<Double, Double, String> xy = (lon, lat) -> String.format(Locale.ROOT, "%.1f,%.1f",
                (lon - minLon) / (maxLon - minLon) * w, (maxLat - lat) / (maxLat - minLat) * hgt);
        Geometry outline = DouglasPeuckerSimplifier.simplify(theatre.ukraine(), 0.02);
        for (Object p : PolygonExtracter.getPolygons(outline)) {
            s.append("<polygon fill=\"#f4f1e8\" stroke=\"#666\" points=\"");
            for (Coordinate c : ((Polygon) p).getExteriorRing().getCoordinates()) {
                s.append(xy.apply(c.x, c.y)).append(' ');
            }
            s.append("\"/>");
        }
        for (Object l : LinearComponentExtracter.getLines(DouglasPeuckerSimplifier.simplify(theatre.contactLine(), 0.01))) {
            s.append("<polyline fill=\"none\" stroke=\"#c00\" stroke-width=\"2\" points=\"");
            for (Coordinate c : ((LineString) l).getCoordinates()) {
                s.append(xy.apply(c.x, c.y)).append(' ');
            }
            s.append("\"/>");
        }
        for (Violation v : r.all()) {
            if (v.rule().name().equals("CEASEFIRE_VIOLATION")) {
                String colour = switch (v.attribution().label()) {
                    case "OCCUPIED" -> "#b22";
                    case "UKRAINE_HELD" -> "#26c";
                    default -> "#888";
                };
                s.append("<circle r=\"2\" fill=\"").append(colour).append("\" cx=\"")
                        .append(xy.apply(v.position().lon(), v.position().lat()).replace(",", "\" cy=\"")).append("\"/>");
            }
        }
        return s.append("</svg><p>Red line: contact line. Dots: violations, by origin (red occupied side, blue"
                + " Ukraine-held side, grey undetermined).</p>").toString();
    }

    private static String countTable(String title, String what, Map<String, long[]> m) {
        StringBuilder h = new StringBuilder("<h3>").append(title).append("</h3><table><tr><th>").append(what)
                .append("</th><th>violations</th><th>explosions</th></tr>");
        m.forEach((k, v) -> h.append("<tr><td>").append(esc(k)).append("</td><td>").append(v[0]).append("</td><td>").append(v[1]).append("</td></tr>"));
        return h.append("</table>").toString();
    }

    private static String violationTable(String title, List<Violation> vs) {
        StringBuilder h = new StringBuilder("<h3>").append(title).append(" (").append(vs.size()).append(")</h3>");
        if (vs.isEmpty()) {
            return h.append("<p>None.</p>").toString();
        }
        h.append("<table><tr><th>time</th><th>where</th><th>MGRS</th><th>what</th><th>origin</th><th>evidence</th></tr>");
        for (Violation v : vs.subList(0, Math.min(50, vs.size()))) {
            h.append("<tr><td>").append(LOCAL.format(java.time.Instant.ofEpochSecond(0, v.timeNs()))).append("</td><td>")
                    .append(esc(String.format(Locale.ROOT, "%.1f km from %s (%s)", v.settlementKm(), v.settlement(), v.oblast())))
                    .append("</td><td>").append(v.position().mgrs()).append("</td><td>").append(esc(v.detail()))
                    .append("</td><td>").append(v.attribution().label()).append(String.format(Locale.ROOT, " %.2f", v.attribution().confidence()))
                    .append("</td><td>").append(esc(String.join(", ", v.evidence().subList(0, Math.min(2, v.evidence().size())))))
                    .append("</td></tr>");
        }
        return h.append("</table>").toString();
    }

    private static ObjectNode counts(Map<String, long[]> m) {
        ObjectNode o = M.createObjectNode();
        m.forEach((k, v) -> {
            ObjectNode c = o.putObject(k);
            c.put("violations", v[0]);
            c.put("explosions", v[1]);
        });
        return o;
    }

    private static ArrayNode list(List<Violation> vs) {
        ArrayNode a = M.createArrayNode();
        for (Violation v : vs) {
            try {
                a.add(M.readTree(org.garant.monitor.verify.VerifyFiles.violationLine(v)));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return a;
    }

    private static String csvField(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
