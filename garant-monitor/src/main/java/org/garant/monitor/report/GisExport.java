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
                extra.put("site_km", Math.round(v.siteKm() * 10) / 10.0);
            }
            extra.put("settlement_km", Math.round(v.settlementKm() * 10) / 10.0);
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
            // enough to read the event back (garant import gis): its covariance, quality and evidence
            extra.put("cov_xx_m2", Math.round(e.cxx() * 1000) / 1000.0);
            extra.put("cov_xy_m2", Math.round(e.cxy() * 1000) / 1000.0);
            extra.put("cov_yy_m2", Math.round(e.cyy() * 1000) / 1000.0);
            extra.put("residual_rms_ms", Math.round(e.residualRmsS() * 1e6) / 1000.0);
            extra.put("crlb_sigma_m", Math.round(e.crlbSigmaM() * 1000) / 1000.0);
            extra.put("detections", String.join(" ", e.detectionIds()));
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

    /**
     * A feature written by this export (from GeoPackage, KML or GeoJSON) back as an event line ({@code events.jsonl});
     * IllegalArgumentException naming the property at fault.
     */
    public static String eventLine(org.garant.geo.io.GeoFeature f) {
        com.fasterxml.jackson.databind.node.ObjectNode o = base(f);
        o.put("kind", need(f, "sub_event_type"));
        String weapon = f.property("notes");
        if (weapon != null && !weapon.isBlank()) {
            o.put("weapon_class", weapon);
        }
        if (f.property("paired_with") != null) {
            o.put("paired_with", f.property("paired_with"));
        }
        o.putArray("cov_m2").add(number(f, "cov_xx_m2")).add(number(f, "cov_xy_m2")).add(number(f, "cov_yy_m2"));
        o.put("residual_rms_ms", number(f, "residual_rms_ms"));
        o.put("crlb_sigma_m", number(f, "crlb_sigma_m"));
        ids(o.putArray("detections"), need(f, "detections"));
        return org.garant.monitor.sense.MonitorFiles.eventLine(org.garant.monitor.sense.MonitorFiles.parseEvent(o.toString()));
    }

    /** A feature written by this export back as a violation line; IllegalArgumentException naming the property at fault. */
    public static String violationLine(org.garant.geo.io.GeoFeature f) {
        com.fasterxml.jackson.databind.node.ObjectNode o = base(f);
        o.put("rule", need(f, "event_type"));
        String weapon = f.property("sub_event_type");
        if (weapon != null && !weapon.isBlank()) {
            o.put("weapon", weapon);
        }
        o.put("side", need(f, "side")).put("attribution", need(f, "actor1")).put("confidence", number(f, "confidence"))
                .put("oblast", String.valueOf(f.properties().getOrDefault("admin1", ""))).put("nearest_settlement",
                        String.valueOf(f.properties().getOrDefault("location", ""))).put("detail", String.valueOf(f.properties().getOrDefault("notes", "")));
        if (f.property("settlement_km") != null) {
            o.put("settlement_km", number(f, "settlement_km"));
        }
        if (f.property("site") != null) {
            o.put("site", f.property("site")).put("site_km", number(f, "site_km"));
        }
        ids(o.putArray("evidence"), f.property("evidence"));
        return org.garant.monitor.verify.VerifyFiles.violationLine(org.garant.monitor.verify.VerifyFiles.parseViolation(o.toString()));
    }

    /** Ids the export wrote space-separated into one column. */
    private static void ids(com.fasterxml.jackson.databind.node.ArrayNode into, String spaced) {
        if (spaced != null && !spaced.isBlank()) {
            for (String id : spaced.trim().split("\\s+")) {
                into.add(id);
            }
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private static com.fasterxml.jackson.databind.node.ObjectNode base(org.garant.geo.io.GeoFeature f) {
        if (!(f.geometry() instanceof org.locationtech.jts.geom.Point pt) || pt.isEmpty()) {
            throw new IllegalArgumentException("a " + f.geometry().getGeometryType() + ", not a point");
        }
        String time = need(f, "event_date");
        try {
            Instant.parse(time);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("property 'event_date': '" + time + "' is not an ISO-8601 instant");
        }
        return JSON.createObjectNode().put("id", need(f, "id")).put("time", time)
                .put("lat", pt.getY()).put("lon", pt.getX());
    }

    private static String need(org.garant.geo.io.GeoFeature f, String key) {
        String v = f.property(key);
        if (v == null || v.isBlank()) {
            // GeoPackage columns cannot be called "id": the export wrote it as "id_"
            v = key.equals("id") ? f.property("id_") : null;
            if (v == null || v.isBlank()) {
                throw new IllegalArgumentException("property '" + key + "' is missing");
            }
        }
        return v;
    }

    private static double number(org.garant.geo.io.GeoFeature f, String key) {
        String v = need(f, key);
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("property '" + key + "': '" + v + "' is not a number");
        }
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

    /** A CSV field, quoted when it must be (RFC 4180). */
    public static String csv(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
