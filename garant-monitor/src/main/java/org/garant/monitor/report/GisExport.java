package org.garant.monitor.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.garant.geo.io.GeoJson;
import org.garant.monitor.sense.Event;
import org.garant.monitor.verify.Violation;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;

/**
 * Events and violations as GeoJSON (points with their properties), KML (placemarks with an extended-data table)
 * and CSV with ACLED-style columns (event_date, event_type, sub_event_type, actor1, admin1, location, latitude,
 * longitude, geo_precision, source, notes).
 */
public final class GisExport {
    private static final GeometryFactory GF = new GeometryFactory();

    private GisExport() {
    }

    /** One row of any export: an event or a violation, flattened. */
    public record Row(String id, long timeNs, double lat, double lon, String eventType, String subType, String actor,
                      String admin1, String location, int geoPrecision, String notes, Map<String, Object> extra) {
    }

    public static List<Row> ofViolations(List<Violation> vs) {
        List<Row> rows = new ArrayList<>();
        for (Violation v : vs) {
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("mgrs", v.position().mgrs());
            extra.put("side", v.side().name());
            extra.put("confidence", v.attribution().confidence());
            extra.put("evidence", String.join(" ", v.evidence()));
            if (v.site() != null) {
                extra.put("site", v.site());
            }
            rows.add(new Row(v.id(), v.timeNs(), v.position().lat(), v.position().lon(), v.rule().name(),
                    v.weapon() == null ? "" : v.weapon(), v.attribution().label(), v.oblast(), v.settlement(),
                    v.rule().name().equals("BUFFER_ZONE_INCURSION") ? 2 : 1, v.detail(), extra));
        }
        return rows;
    }

    public static List<Row> ofEvents(List<Event> es) {
        List<Row> rows = new ArrayList<>();
        for (Event e : es) {
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("mgrs", e.position().mgrs());
            extra.put("cep50_m", Math.round(e.cep50M() * 10) / 10.0);
            extra.put("sensors", e.sensors());
            if (e.pairedWith() != null) {
                extra.put("paired_with", e.pairedWith());
            }
            rows.add(new Row(e.id(), e.timeNs(), e.position().lat(), e.position().lon(), "EVENT", e.kind().name(),
                    "", "", "", e.cep50M() < 100 ? 1 : e.cep50M() < 5_000 ? 2 : 3,
                    e.weaponClass() == null ? "" : e.weaponClass().name(), extra));
        }
        return rows;
    }

    /** The rows as point features with the export's properties (for GeoPackage and other layered formats). */
    public static List<org.garant.geo.io.GeoFeature> features(List<Row> rows) {
        List<org.garant.geo.io.GeoFeature> fs = new ArrayList<>(rows.size());
        for (Row r : rows) {
            fs.add(new org.garant.geo.io.GeoFeature(fs.size(), GF.createPoint(new Coordinate(r.lon(), r.lat())), properties(r)));
        }
        return fs;
    }

    public static void geojson(List<Row> rows, OutputStream out) throws IOException {
        List<ObjectNode> fs = new ArrayList<>();
        for (Row r : rows) {
            fs.add(GeoJson.feature(GF.createPoint(new Coordinate(r.lon(), r.lat())), properties(r)));
        }
        GeoJson.write(out, fs);
    }

    public static void kml(List<Row> rows, Writer w) throws IOException {
        w.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<kml xmlns=\"http://www.opengis.net/kml/2.2\"><Document>\n");
        for (Row r : rows) {
            w.write("<Placemark><name>" + xml(r.id() + " " + r.eventType()) + "</name><TimeStamp><when>"
                    + Instant.ofEpochSecond(0, r.timeNs()) + "</when></TimeStamp><description>" + xml(r.notes())
                    + "</description><ExtendedData>");
            for (Map.Entry<String, Object> e : properties(r).entrySet()) {
                w.write("<Data name=\"" + xml(e.getKey()) + "\"><value>" + xml(String.valueOf(e.getValue())) + "</value></Data>");
            }
            w.write(String.format(Locale.ROOT, "</ExtendedData><Point><coordinates>%.7f,%.7f</coordinates></Point></Placemark>%n",
                    r.lon(), r.lat()));
        }
        w.write("</Document></kml>\n");
    }

    public static void csv(List<Row> rows, Writer w) throws IOException {
        w.write("event_date,event_type,sub_event_type,actor1,admin1,location,latitude,longitude,geo_precision,source,notes,id,time_utc\n");
        for (Row r : rows) {
            String instant = Instant.ofEpochSecond(0, r.timeNs()).toString();
            w.write(String.join(",", instant.substring(0, 10), csv(r.eventType()), csv(r.subType()),
                    csv(r.actor()), csv(r.admin1()), csv(r.location()), String.format(Locale.ROOT, "%.6f", r.lat()),
                    String.format(Locale.ROOT, "%.6f", r.lon()), Integer.toString(r.geoPrecision()), "Garant monitoring",
                    csv(r.notes()), csv(r.id()), instant));
            w.write('\n');
        }
    }

    private static Map<String, Object> properties(Row r) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("id", r.id());
        p.put("event_date", Instant.ofEpochSecond(0, r.timeNs()).toString());
        p.put("event_type", r.eventType());
        p.put("sub_event_type", r.subType());
        p.put("actor1", r.actor());
        p.put("admin1", r.admin1());
        p.put("location", r.location());
        p.put("geo_precision", r.geoPrecision());
        p.put("notes", r.notes());
        p.putAll(r.extra());
        return p;
    }

    private static String csv(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
