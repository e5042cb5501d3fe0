package org.garant.geo.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.garant.geo.GeoInputException;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;

/**
 * The point placemarks of a KML file (as Garant's export and Google Earth write them) as features: the point, the
 * placemark's {@code name} and its {@code ExtendedData} values as properties. Placemarks without a point are skipped
 * (lines are {@link KmlLines}' business). DTDs and external entities are refused.
 */
public final class KmlPoints {
    private static final GeometryFactory GF = new GeometryFactory();

    private KmlPoints() {
    }

    public static List<GeoFeature> read(Path file) {
        XMLInputFactory xf = XMLInputFactory.newFactory();
        xf.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        xf.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        List<GeoFeature> out = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            XMLStreamReader r = xf.createXMLStreamReader(in);
            Map<String, Object> props = null;
            String dataName = null;
            String element = null;
            Coordinate point = null;
            boolean inPoint = false;
            StringBuilder text = new StringBuilder();
            int placemark = 0;
            while (r.hasNext()) {
                int ev = r.next();
                if (ev == XMLStreamConstants.START_ELEMENT) {
                    element = r.getLocalName();
                    text.setLength(0);
                    switch (element) {
                        case "Placemark" -> {
                            props = new LinkedHashMap<>();
                            point = null;
                            placemark++;
                        }
                        case "Data" -> dataName = r.getAttributeValue(null, "name");
                        case "Point" -> inPoint = true;
                        default -> {
                        }
                    }
                } else if (ev == XMLStreamConstants.CHARACTERS || ev == XMLStreamConstants.CDATA) {
                    text.append(r.getText());
                } else if (ev == XMLStreamConstants.END_ELEMENT) {
                    String end = r.getLocalName();
                    if (props != null && end.equals("name") && !props.containsKey("name")) {
                        props.put("name", text.toString().trim());
                    } else if (props != null && end.equals("value") && dataName != null) {
                        props.put(dataName, text.toString().trim());
                    } else if (end.equals("Data")) {
                        dataName = null;
                    } else if (inPoint && end.equals("coordinates")) {
                        String[] c = text.toString().trim().split("\\s*,\\s*");
                        try {
                            point = new Coordinate(Double.parseDouble(c[0]), Double.parseDouble(c[1]));
                        } catch (RuntimeException e) {
                            throw new GeoInputException(file.toString(), "placemark " + placemark + ": coordinates '" + text.toString().trim()
                                    + "' are not lon,lat");
                        }
                    } else if (end.equals("Point")) {
                        inPoint = false;
                    } else if (end.equals("Placemark") && props != null) {
                        if (point != null) {
                            out.add(new GeoFeature(placemark - 1, GF.createPoint(point), props));
                        }
                        props = null;
                    }
                    text.setLength(0);
                }
            }
        } catch (NoSuchFileException e) {
            throw new GeoInputException(file.toString(), "file not found");
        } catch (IOException | XMLStreamException e) {
            throw new GeoInputException(file.toString(), "is not readable KML: " + e.getMessage());
        }
        return out;
    }
}
