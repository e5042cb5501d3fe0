package org.garant.geo.io;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.garant.geo.GeoInputException;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.util.GeometryFixer;
import org.locationtech.jts.geom.util.PolygonExtracter;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;
import org.locationtech.jts.operation.union.UnaryUnionOp;

/**
 * Derives the demo theatre's outlines from Natural Earth admin-0 countries (public domain), as packaged in
 * TopoJSON by the npm package {@code world-atlas} ({@code countries-50m.json}).
 *
 * <p>Natural Earth draws de-facto control: it puts Crimea (and Sevastopol) inside Russia's polygon. Garant
 * needs Ukraine's internationally recognised outline, so the derivation moves the Russian polygon that contains
 * Simferopol or Sevastopol back into Ukraine (the two share their arcs at the Perekop isthmus, so the union is
 * seamless) and removes it from Russia. Neighbours are clipped to the theatre's map extent.
 */
public final class NaturalEarthOutline {
    /** The map extent of the theatre's basemap: lon 20–42° E, lat 43–54° N. */
    public static final Envelope MAP_EXTENT = new Envelope(20, 42, 43, 54);
    private static final GeometryFactory GF = new GeometryFactory();
    private static final Point SIMFEROPOL = GF.createPoint(new Coordinate(34.1024, 44.9521));
    private static final Point SEVASTOPOL = GF.createPoint(new Coordinate(33.5254, 44.6167));

    /** Ukraine with Crimea, and the neighbours clipped to {@link #MAP_EXTENT}. */
    public record Outlines(Geometry ukraine, Map<String, Geometry> neighbours) {
    }

    private NaturalEarthOutline() {
    }

    public static Outlines derive(Path countriesTopoJson) {
        List<GeoFeature> countries = TopoJson.read(countriesTopoJson, "countries");
        Geometry ukraine = null;
        Geometry russia = null;
        Map<String, Geometry> neighbours = new LinkedHashMap<>();
        Geometry extent = GF.toGeometry(MAP_EXTENT);
        for (GeoFeature f : countries) {
            String id = f.property("id");
            if ("804".equals(id)) {
                ukraine = f.geometry();
            } else if ("643".equals(id)) {
                russia = f.geometry();
            } else if (f.geometry().getEnvelopeInternal().intersects(MAP_EXTENT)) {
                Geometry clipped = clip(f.geometry(), extent);
                if (!clipped.isEmpty()) {
                    neighbours.put(f.property("name"), clipped);
                }
            }
        }
        if (ukraine == null || russia == null) {
            throw new GeoInputException(countriesTopoJson.toString(),
                    "has no Ukraine (id 804) or no Russia (id 643) in its 'countries' object");
        }
        List<Polygon> crimea = new ArrayList<>();
        List<Polygon> rest = new ArrayList<>();
        for (Object o : PolygonExtracter.getPolygons(russia)) {
            Polygon p = (Polygon) o;
            if (p.contains(SIMFEROPOL) || p.contains(SEVASTOPOL)) {
                crimea.add(p);
            } else {
                rest.add(p);
            }
        }
        if (crimea.isEmpty()) {
            throw new GeoInputException(countriesTopoJson.toString(), "no Crimean polygon found in Russia's geometry;"
                    + " Ukraine's outline would lack Crimea");
        }
        List<Geometry> parts = new ArrayList<>(crimea);
        parts.add(ukraine);
        Geometry ukraineWithCrimea = UnaryUnionOp.union(parts);
        rest.removeIf(p -> !p.getEnvelopeInternal().intersects(MAP_EXTENT));
        Geometry russiaClipped = clip(GF.createMultiPolygon(rest.toArray(new Polygon[0])), extent);
        neighbours.put("Russia", russiaClipped);
        return new Outlines(ukraineWithCrimea, neighbours);
    }

    private static Geometry clip(Geometry g, Geometry extent) {
        Geometry valid = g.isValid() ? g : GeometryFixer.fix(g);
        return OverlayNGRobust.overlay(valid, extent, OverlayNG.INTERSECTION);
    }

    /** The outlines as GeoJSON features: Ukraine first, then each neighbour, with a {@code name} property. */
    public static List<ObjectNode> features(Outlines o) {
        List<ObjectNode> out = new ArrayList<>();
        out.add(GeoJson.feature(o.ukraine(), Map.of("name", "Ukraine", "role", "theatre",
                "note", "Natural Earth 1:50m admin-0 (public domain) via world-atlas 2.0.2; Crimea restored to Ukraine")));
        o.neighbours().forEach((name, g) -> out.add(GeoJson.feature(g, Map.of("name", name, "role", "neighbour"))));
        return out;
    }
}
