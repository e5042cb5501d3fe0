package org.garant.geo.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.garant.geo.GeoInputException;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateList;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;

/**
 * Reads polygon objects of a TopoJSON topology (as published in the world-atlas package of Natural Earth
 * boundaries): quantised, delta-encoded arcs are decoded and stitched into JTS polygons in lon/lat. Features
 * carry their {@code id} and their properties. Thread-safe (stateless).
 */
public final class TopoJson {
    private static final GeometryFactory GF = new GeometryFactory();

    private TopoJson() {
    }

    /** The features of the named object (e.g. {@code countries}) of a TopoJSON file. */
    public static List<GeoFeature> read(Path file, String objectName) {
        String name = file.toString();
        JsonNode root;
        try {
            root = GeoJson.MAPPER.readTree(file.toFile());
        } catch (NoSuchFileException e) {
            throw new GeoInputException(name, "file not found");
        } catch (IOException e) {
            if (!Files.exists(file)) {
                throw new GeoInputException(name, "file not found");
            }
            throw new GeoInputException(name, "not TopoJSON: " + e.getMessage());
        }
        if (!"Topology".equals(root.path("type").asText())) {
            throw new GeoInputException(name, "not TopoJSON: the top-level type must be 'Topology'");
        }
        JsonNode object = root.path("objects").get(objectName);
        if (object == null) {
            throw new GeoInputException(name, "has no object named '" + objectName + "'");
        }
        List<Coordinate[]> arcs = decodeArcs(root);
        List<GeoFeature> out = new ArrayList<>();
        int index = 0;
        for (JsonNode g : object.path("geometries")) {
            String where = objectName + " geometry " + index;
            Map<String, Object> props = new LinkedHashMap<>();
            g.path("properties").fields().forEachRemaining(e -> props.put(e.getKey(), e.getValue().asText()));
            if (g.has("id")) {
                props.put("id", g.get("id").asText());
            }
            Geometry geometry = switch (g.path("type").asText()) {
                case "Polygon" -> polygon(g.path("arcs"), arcs, name, where);
                case "MultiPolygon" -> {
                    List<Polygon> ps = new ArrayList<>();
                    for (JsonNode p : g.path("arcs")) {
                        ps.add(polygon(p, arcs, name, where));
                    }
                    yield GF.createMultiPolygon(ps.toArray(new Polygon[0]));
                }
                default -> GF.createGeometryCollection();
            };
            out.add(new GeoFeature(index++, geometry, props));
        }
        return out;
    }

    private static List<Coordinate[]> decodeArcs(JsonNode root) {
        JsonNode transform = root.get("transform");
        double sx = 1, sy = 1, tx = 0, ty = 0;
        boolean quantised = transform != null;
        if (quantised) {
            sx = transform.path("scale").get(0).asDouble();
            sy = transform.path("scale").get(1).asDouble();
            tx = transform.path("translate").get(0).asDouble();
            ty = transform.path("translate").get(1).asDouble();
        }
        List<Coordinate[]> arcs = new ArrayList<>();
        for (JsonNode arc : root.path("arcs")) {
            Coordinate[] cs = new Coordinate[arc.size()];
            double x = 0, y = 0;
            for (int i = 0; i < cs.length; i++) {
                JsonNode p = arc.get(i);
                if (quantised) {
                    x += p.get(0).asDouble();
                    y += p.get(1).asDouble();
                    cs[i] = new Coordinate(x * sx + tx, y * sy + ty);
                } else {
                    cs[i] = new Coordinate(p.get(0).asDouble(), p.get(1).asDouble());
                }
            }
            arcs.add(cs);
        }
        return arcs;
    }

    private static Polygon polygon(JsonNode rings, List<Coordinate[]> arcs, String name, String where) {
        LinearRing shell = null;
        List<LinearRing> holes = new ArrayList<>();
        for (JsonNode ring : rings) {
            CoordinateList cl = new CoordinateList();
            for (JsonNode a : ring) {
                int i = a.asInt();
                boolean reversed = i < 0;
                int k = reversed ? ~i : i;
                if (k >= arcs.size()) {
                    throw new GeoInputException(name, where + ": arc index " + i + " out of range");
                }
                Coordinate[] cs = arcs.get(k);
                for (int j = 0; j < cs.length; j++) {
                    Coordinate c = reversed ? cs[cs.length - 1 - j] : cs[j];
                    cl.add(new Coordinate(c), false);
                }
            }
            cl.closeRing();
            if (cl.size() < 4) {
                continue;
            }
            LinearRing lr = GF.createLinearRing(cl.toCoordinateArray());
            if (shell == null) {
                shell = lr;
            } else {
                holes.add(lr);
            }
        }
        if (shell == null) {
            throw new GeoInputException(name, where + ": polygon without a usable ring");
        }
        return GF.createPolygon(shell, holes.toArray(new LinearRing[0]));
    }
}
