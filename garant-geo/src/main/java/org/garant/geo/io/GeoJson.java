package org.garant.geo.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.garant.geo.GeoInputException;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryCollection;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.MultiLineString;
import org.locationtech.jts.geom.MultiPoint;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/**
 * Reads and writes GeoJSON (RFC 7946) with lon/lat coordinates. Accepts a FeatureCollection, a single Feature or
 * a bare geometry; a third coordinate (height) is ignored. Every problem is reported as a
 * {@link GeoInputException} naming the file, the feature index and what is wrong. Thread-safe (stateless).
 */
public final class GeoJson {
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final GeometryFactory GF = new GeometryFactory();

    private GeoJson() {
    }

    /** Reads every feature of a GeoJSON file. */
    public static List<GeoFeature> read(Path file) {
        String name = file.toString();
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, name);
        } catch (NoSuchFileException e) {
            throw new GeoInputException(name, "file not found");
        } catch (IOException e) {
            throw new GeoInputException(name, "cannot be read: " + e.getMessage());
        }
    }

    /** Reads every feature of a GeoJSON stream; {@code name} is used in error messages. */
    public static List<GeoFeature> read(InputStream in, String name) {
        JsonNode root;
        try {
            root = MAPPER.readTree(in);
        } catch (JsonProcessingException e) {
            throw new GeoInputException(name, "not GeoJSON: invalid JSON at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new GeoInputException(name, "cannot be read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new GeoInputException(name, "not GeoJSON: the top level must be a JSON object");
        }
        String type = root.path("type").asText("");
        List<GeoFeature> out = new ArrayList<>();
        switch (type) {
            case "FeatureCollection" -> {
                JsonNode features = root.get("features");
                if (features == null || !features.isArray()) {
                    throw new GeoInputException(name, "not GeoJSON: a FeatureCollection needs a 'features' array");
                }
                int i = 0;
                for (JsonNode f : features) {
                    out.add(feature(f, i++, name));
                }
            }
            case "Feature" -> out.add(feature(root, 0, name));
            case "Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon",
                    "GeometryCollection" -> out.add(new GeoFeature(0, geometry(root, name, "geometry"), Map.of()));
            default -> throw new GeoInputException(name, "not GeoJSON: unknown top-level type '" + type
                    + "' (expected FeatureCollection, Feature or a geometry)");
        }
        return out;
    }

    private static GeoFeature feature(JsonNode f, int index, String name) {
        String where = "feature " + index;
        if (!f.isObject() || !"Feature".equals(f.path("type").asText())) {
            throw new GeoInputException(name, where + ": not a GeoJSON Feature object");
        }
        Map<String, Object> props = new LinkedHashMap<>();
        JsonNode p = f.get("properties");
        if (p != null && p.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode v = e.getValue();
                Object value = v.isNull() ? null : v.isNumber() ? v.numberValue() : v.isBoolean() ? v.booleanValue()
                        : v.isTextual() ? v.textValue() : v.toString();
                props.put(e.getKey(), value);
            }
        }
        JsonNode g = f.get("geometry");
        Geometry geometry = g == null || g.isNull() ? GF.createGeometryCollection() : geometry(g, name, where);
        return new GeoFeature(index, geometry, props);
    }

    /** Parses one GeoJSON geometry object; {@code where} locates it in error messages. */
    public static Geometry geometry(JsonNode g, String name, String where) {
        String type = g.path("type").asText("");
        if (type.equals("GeometryCollection")) {
            JsonNode parts = g.get("geometries");
            if (parts == null || !parts.isArray()) {
                throw new GeoInputException(name, where + ": GeometryCollection without a 'geometries' array");
            }
            List<Geometry> gs = new ArrayList<>();
            for (JsonNode part : parts) {
                gs.add(geometry(part, name, where));
            }
            return GF.createGeometryCollection(gs.toArray(new Geometry[0]));
        }
        JsonNode c = g.get("coordinates");
        if (c == null || !c.isArray()) {
            throw new GeoInputException(name, where + ": geometry of type '" + type + "' has no 'coordinates' array");
        }
        try {
            return switch (type) {
                case "Point" -> GF.createPoint(coordinate(c));
                case "MultiPoint" -> GF.createMultiPointFromCoords(coordinates(c));
                case "LineString" -> line(c);
                case "MultiLineString" -> {
                    LineString[] ls = new LineString[c.size()];
                    for (int i = 0; i < ls.length; i++) {
                        ls[i] = line(c.get(i));
                    }
                    yield GF.createMultiLineString(ls);
                }
                case "Polygon" -> polygon(c);
                case "MultiPolygon" -> {
                    Polygon[] ps = new Polygon[c.size()];
                    for (int i = 0; i < ps.length; i++) {
                        ps[i] = polygon(c.get(i));
                    }
                    yield GF.createMultiPolygon(ps);
                }
                default -> throw new IllegalArgumentException("unknown geometry type '" + type + "'");
            };
        } catch (IllegalArgumentException e) {
            throw new GeoInputException(name, where + ": " + e.getMessage());
        }
    }

    private static LineString line(JsonNode c) {
        Coordinate[] cs = coordinates(c);
        if (cs.length < 2) {
            throw new IllegalArgumentException("a LineString needs at least 2 positions, found " + cs.length);
        }
        return GF.createLineString(cs);
    }

    private static Polygon polygon(JsonNode c) {
        if (!c.isArray() || c.isEmpty()) {
            throw new IllegalArgumentException("a Polygon needs at least one ring");
        }
        LinearRing shell = ring(c.get(0));
        LinearRing[] holes = new LinearRing[c.size() - 1];
        for (int i = 1; i < c.size(); i++) {
            holes[i - 1] = ring(c.get(i));
        }
        return GF.createPolygon(shell, holes);
    }

    private static LinearRing ring(JsonNode c) {
        Coordinate[] cs = coordinates(c);
        if (cs.length > 0 && !cs[0].equals2D(cs[cs.length - 1])) {
            throw new IllegalArgumentException("a polygon ring must be closed (first position equal to the last)");
        }
        if (cs.length < 4) {
            throw new IllegalArgumentException("a polygon ring needs at least 4 positions, found " + cs.length);
        }
        return GF.createLinearRing(cs);
    }

    private static Coordinate[] coordinates(JsonNode c) {
        if (!c.isArray()) {
            throw new IllegalArgumentException("expected an array of positions");
        }
        Coordinate[] cs = new Coordinate[c.size()];
        for (int i = 0; i < cs.length; i++) {
            cs[i] = coordinate(c.get(i));
        }
        return cs;
    }

    private static Coordinate coordinate(JsonNode c) {
        if (!c.isArray() || c.size() < 2 || !c.get(0).isNumber() || !c.get(1).isNumber()) {
            throw new IllegalArgumentException("expected a position [longitude, latitude], found " + abbreviate(c));
        }
        double lon = c.get(0).doubleValue();
        double lat = c.get(1).doubleValue();
        if (!Double.isFinite(lon) || lon < -180 || lon > 180 || !Double.isFinite(lat) || lat < -90 || lat > 90) {
            throw new IllegalArgumentException("position " + abbreviate(c)
                    + " is not a longitude/latitude in degrees (is the order [lon, lat]? is it projected?)");
        }
        return new Coordinate(lon, lat);
    }

    private static String abbreviate(JsonNode n) {
        String s = n.toString();
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }

    // ---------------------------------------------------------------- writing

    /** A GeoJSON geometry object for a lon/lat geometry, coordinates rounded to 1e-6 degrees (about 0.1 m). */
    public static ObjectNode toJson(Geometry g) {
        ObjectNode o = MAPPER.createObjectNode();
        if (g instanceof Point p) {
            o.put("type", "Point");
            o.set("coordinates", position(p.getCoordinate()));
        } else if (g instanceof LineString l) {
            o.put("type", "LineString");
            o.set("coordinates", positions(l.getCoordinates()));
        } else if (g instanceof Polygon p) {
            o.put("type", "Polygon");
            o.set("coordinates", rings(p));
        } else if (g instanceof MultiPoint mp) {
            o.put("type", "MultiPoint");
            o.set("coordinates", positions(mp.getCoordinates()));
        } else if (g instanceof MultiLineString ml) {
            o.put("type", "MultiLineString");
            ArrayNode a = o.putArray("coordinates");
            for (int i = 0; i < ml.getNumGeometries(); i++) {
                a.add(positions(ml.getGeometryN(i).getCoordinates()));
            }
        } else if (g instanceof MultiPolygon mp) {
            o.put("type", "MultiPolygon");
            ArrayNode a = o.putArray("coordinates");
            for (int i = 0; i < mp.getNumGeometries(); i++) {
                a.add(rings((Polygon) mp.getGeometryN(i)));
            }
        } else if (g instanceof GeometryCollection gc) {
            o.put("type", "GeometryCollection");
            ArrayNode a = o.putArray("geometries");
            for (int i = 0; i < gc.getNumGeometries(); i++) {
                a.add(toJson(gc.getGeometryN(i)));
            }
        } else {
            throw new IllegalArgumentException("cannot write " + g.getGeometryType() + " as GeoJSON");
        }
        return o;
    }

    /** A GeoJSON Feature with the given geometry and properties. */
    public static ObjectNode feature(Geometry g, Map<String, ?> properties) {
        ObjectNode f = MAPPER.createObjectNode();
        f.put("type", "Feature");
        f.set("properties", MAPPER.valueToTree(properties));
        f.set("geometry", toJson(g));
        return f;
    }

    /** Writes a FeatureCollection of the given features. */
    public static void write(OutputStream out, List<ObjectNode> features) throws IOException {
        ObjectNode fc = MAPPER.createObjectNode();
        fc.put("type", "FeatureCollection");
        fc.putArray("features").addAll(features);
        MAPPER.writeValue(out, fc);
    }

    public static void write(Path file, List<ObjectNode> features) {
        try (OutputStream out = Files.newOutputStream(file)) {
            write(out, features);
        } catch (IOException e) {
            throw new GeoInputException(file.toString(), "cannot be written: " + e.getMessage());
        }
    }

    private static ArrayNode rings(Polygon p) {
        ArrayNode a = MAPPER.createArrayNode();
        a.add(positions(p.getExteriorRing().getCoordinates()));
        for (int i = 0; i < p.getNumInteriorRing(); i++) {
            a.add(positions(p.getInteriorRingN(i).getCoordinates()));
        }
        return a;
    }

    private static ArrayNode positions(Coordinate[] cs) {
        ArrayNode a = MAPPER.createArrayNode();
        for (Coordinate c : cs) {
            a.add(position(c));
        }
        return a;
    }

    private static ArrayNode position(Coordinate c) {
        ArrayNode a = MAPPER.createArrayNode();
        a.add(Math.round(c.x * 1e6) / 1e6);
        a.add(Math.round(c.y * 1e6) / 1e6);
        return a;
    }
}
