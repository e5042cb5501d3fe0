package org.garant.geo.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.garant.geo.GeoInputException;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.MultiLineString;

/**
 * Reads the LineStrings of a KML file (any Placemark, any MultiGeometry) into one MultiLineString in lon/lat.
 * External entities and DTDs are refused. Thread-safe (stateless).
 */
public final class KmlLines {
    private static final GeometryFactory GF = new GeometryFactory();

    private KmlLines() {
    }

    public static MultiLineString read(Path file) {
        String name = file.toString();
        XMLInputFactory xf = XMLInputFactory.newFactory();
        xf.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        xf.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        List<LineString> lines = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            XMLStreamReader r = xf.createXMLStreamReader(in);
            boolean inLine = false;
            StringBuilder text = new StringBuilder();
            while (r.hasNext()) {
                int ev = r.next();
                if (ev == XMLStreamReader.START_ELEMENT) {
                    if (r.getLocalName().equals("LineString")) {
                        inLine = true;
                    } else if (inLine && r.getLocalName().equals("coordinates")) {
                        text.setLength(0);
                    }
                } else if (ev == XMLStreamReader.CHARACTERS || ev == XMLStreamReader.CDATA) {
                    if (inLine) {
                        text.append(r.getText());
                    }
                } else if (ev == XMLStreamReader.END_ELEMENT) {
                    if (inLine && r.getLocalName().equals("coordinates")) {
                        lines.add(line(text.toString(), name, r.getLocation().getLineNumber()));
                    } else if (r.getLocalName().equals("LineString")) {
                        inLine = false;
                    }
                }
            }
        } catch (NoSuchFileException e) {
            throw new GeoInputException(name, "file not found");
        } catch (IOException e) {
            throw new GeoInputException(name, "cannot be read: " + e.getMessage());
        } catch (XMLStreamException e) {
            throw new GeoInputException(name, "not KML: invalid XML at line "
                    + (e.getLocation() == null ? "?" : e.getLocation().getLineNumber()) + ": " + e.getMessage());
        }
        if (lines.isEmpty()) {
            throw new GeoInputException(name, "contains no LineString: a contact line file needs lines");
        }
        return GF.createMultiLineString(lines.toArray(new LineString[0]));
    }

    private static LineString line(String text, String name, int lineNo) {
        List<Coordinate> cs = new ArrayList<>();
        for (String tuple : text.trim().split("\\s+")) {
            if (tuple.isEmpty()) {
                continue;
            }
            String[] parts = tuple.split(",");
            try {
                double lon = Double.parseDouble(parts[0]);
                double lat = Double.parseDouble(parts[1]);
                if (lon < -180 || lon > 180 || lat < -90 || lat > 90 || !Double.isFinite(lon + lat)) {
                    throw new NumberFormatException();
                }
                cs.add(new Coordinate(lon, lat));
            } catch (RuntimeException e) {
                throw new GeoInputException(name, "line " + lineNo + ": coordinates '" + tuple
                        + "' are not lon,lat[,alt] in degrees");
            }
        }
        if (cs.size() < 2) {
            throw new GeoInputException(name, "line " + lineNo + ": a LineString needs at least 2 positions");
        }
        return GF.createLineString(cs.toArray(new Coordinate[0]));
    }
}
