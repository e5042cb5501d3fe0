package org.garant.geo.io;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/**
 * KML 2.2 of any features: one Folder per layer, a Placemark per feature with its properties as ExtendedData, points,
 * lines and polygons (with holes), multi-geometries as MultiGeometry. Opens in Google Earth and QGIS.
 */
public final class KmlWriter {
    private KmlWriter() {
    }

    /** Writes the layers (folder name → features); {@code nameProperty} names each placemark if present. */
    public static void write(Writer w, String document, Map<String, List<GeoFeature>> layers, String nameProperty) throws IOException {
        w.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<kml xmlns=\"http://www.opengis.net/kml/2.2\"><Document><name>");
        w.write(xml(document));
        w.write("</name>\n");
        for (Map.Entry<String, List<GeoFeature>> layer : layers.entrySet()) {
            w.write("<Folder><name>" + xml(layer.getKey()) + "</name>\n");
            for (GeoFeature f : layer.getValue()) {
                Object n = f.properties().get(nameProperty);
                w.write("<Placemark><name>" + xml(n == null ? layer.getKey() + " " + (f.index() + 1) : n.toString()) + "</name><ExtendedData>");
                for (Map.Entry<String, Object> p : f.properties().entrySet()) {
                    if (p.getValue() != null) {
                        w.write("<Data name=\"" + xml(p.getKey()) + "\"><value>" + xml(p.getValue().toString()) + "</value></Data>");
                    }
                }
                w.write("</ExtendedData>");
                geometry(w, f.geometry());
                w.write("</Placemark>\n");
            }
            w.write("</Folder>\n");
        }
        w.write("</Document></kml>\n");
    }

    private static void geometry(Writer w, Geometry g) throws IOException {
        if (g instanceof Point p) {
            w.write("<Point><coordinates>" + coordinate(p.getCoordinate()) + "</coordinates></Point>");
        } else if (g instanceof LineString l) {
            w.write("<LineString><tessellate>1</tessellate><coordinates>" + coordinates(l.getCoordinates()) + "</coordinates></LineString>");
        } else if (g instanceof Polygon p) {
            w.write("<Polygon><outerBoundaryIs><LinearRing><coordinates>" + coordinates(p.getExteriorRing().getCoordinates())
                    + "</coordinates></LinearRing></outerBoundaryIs>");
            for (int i = 0; i < p.getNumInteriorRing(); i++) {
                w.write("<innerBoundaryIs><LinearRing><coordinates>" + coordinates(p.getInteriorRingN(i).getCoordinates())
                        + "</coordinates></LinearRing></innerBoundaryIs>");
            }
            w.write("</Polygon>");
        } else {
            w.write("<MultiGeometry>");
            for (int i = 0; i < g.getNumGeometries(); i++) {
                geometry(w, g.getGeometryN(i));
            }
            w.write("</MultiGeometry>");
        }
    }

    private static String coordinates(Coordinate[] cs) {
        StringBuilder sb = new StringBuilder(cs.length * 24);
        for (Coordinate c : cs) {
            sb.append(sb.length() == 0 ? "" : " ").append(coordinate(c));
        }
        return sb.toString();
    }

    private static String coordinate(Coordinate c) {
        return String.format(Locale.ROOT, "%.6f,%.6f", c.x, c.y);
    }

    static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
