package org.garant.geo.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.garant.geo.GeoInputException;
import org.garant.geo.Occupation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input gets a one-line error naming the file, the place in it and what is wrong. */
class GeoInputTest {
    @TempDir
    Path dir;

    Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    @Test
    void missingFile() {
        assertThatThrownBy(() -> OccupationImport.occupiedPolygons(dir.resolve("nope.geojson")))
                .isInstanceOf(GeoInputException.class).hasMessageEndingWith("nope.geojson: file not found");
    }

    @Test
    void notJson() throws IOException {
        Path p = write("bad.geojson", "{\"type\": \"FeatureCollection\", \"features\": [\n{oops}]}");
        assertThatThrownBy(() -> OccupationImport.occupiedPolygons(p))
                .hasMessageContaining("bad.geojson: not GeoJSON: invalid JSON at line 2");
    }

    @Test
    void notGeoJson() throws IOException {
        Path p = write("x.geojson", "{\"hello\": 1}");
        assertThatThrownBy(() -> OccupationImport.occupiedPolygons(p)).hasMessageContaining("unknown top-level type");
    }

    @Test
    void wrongGeometryType() throws IOException {
        Path p = write("points.geojson", "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{},"
                + "\"geometry\":{\"type\":\"Point\",\"coordinates\":[37,48]}}]}");
        assertThatThrownBy(() -> OccupationImport.occupiedPolygons(p))
                .hasMessageContaining("points.geojson: contains no polygon (found Point in 1 features)");
        assertThatThrownBy(() -> OccupationImport.contactLine(p)).hasMessageContaining("contains no line");
    }

    @Test
    void empty() throws IOException {
        Path p = write("empty.geojson", "{\"type\":\"FeatureCollection\",\"features\":[]}");
        assertThatThrownBy(() -> OccupationImport.occupiedPolygons(p)).hasMessageContaining("empty.geojson: is empty");
    }

    @Test
    void coordinatesOutOfRangeNameTheFeature() throws IOException {
        Path p = write("proj.geojson", "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{},"
                + "\"geometry\":{\"type\":\"Point\",\"coordinates\":[1]}},{\"type\":\"Feature\",\"properties\":{},"
                + "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[4000000,5000000],[1,1],[2,2],[4000000,5000000]]]}}]}");
        assertThatThrownBy(() -> GeoJson.read(p)).hasMessageContaining("feature 0: expected a position");
        Path q = write("proj2.geojson", "{\"type\":\"Feature\",\"properties\":{},"
                + "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[4000000,5000000],[1,1],[2,2],[4000000,5000000]]]}}");
        assertThatThrownBy(() -> GeoJson.read(q)).hasMessageContaining("feature 0: position [4000000,5000000]")
                .hasMessageContaining("is it projected?");
    }

    @Test
    void unclosedRing() throws IOException {
        Path p = write("ring.geojson", "{\"type\":\"Polygon\",\"coordinates\":[[[37,48],[38,48],[38,49],[37,49]]]}");
        assertThatThrownBy(() -> GeoJson.read(p)).hasMessageContaining("must be closed");
    }

    @Test
    void aBowTieIsRepairedWithAWarningThatSaysWhatAndWhere() throws IOException {
        Path p = write("bowtie_20250301.geojson", "{\"type\":\"Polygon\",\"coordinates\":[[[37,48],[38,49],[38,48],[37,49],[37,48]]]}");
        Occupation o = OccupationImport.occupiedPolygons(p);
        assertThat(o.warnings()).singleElement().asString().contains("feature 0: repaired invalid polygon (Self-intersection at 48.5");
        assertThat(o.occupied().isValid()).isTrue();
        assertThat(o.occupied().getArea()).isGreaterThan(0.4);
        assertThat(o.date()).hasToString("2025-03-01");
    }

    @Test
    void threeDimensionalCoordinatesAndGeometryCollectionsAreRead() throws IOException {
        Path p = write("raw.geojson", "{\"type\":\"FeatureCollection\",\"features\":["
                + "{\"type\":\"Feature\",\"properties\":{\"name\":\"Окуповано /// Occupied /// geoJSON.status.occupied\"},"
                + "\"geometry\":{\"type\":\"GeometryCollection\",\"geometries\":[{\"type\":\"Polygon\",\"coordinates\":[[[37,48,0],[38,48,0],[38,49,0],[37,49,0],[37,48,0]]]}]}},"
                + "{\"type\":\"Feature\",\"properties\":{\"name\":\"Статус невідомий /// Unknown status\"},"
                + "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[36.9,48],[37,48],[37,49],[36.9,49],[36.9,48]]]}},"
                + "{\"type\":\"Feature\",\"properties\":{\"name\":\"Звільнено /// Liberated\"},"
                + "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[36,48],[36.5,48],[36.5,49],[36,49],[36,48]]]}},"
                + "{\"type\":\"Feature\",\"properties\":{\"name\":\"Something else\"},"
                + "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[30,48],[30.5,48],[30.5,49],[30,49],[30,48]]]}},"
                + "{\"type\":\"Feature\",\"properties\":{\"name\":\"Напрямок удару /// Direction of attack\"},"
                + "\"geometry\":{\"type\":\"Point\",\"coordinates\":[37,48,0]}}]}");
        Occupation o = OccupationImport.deepStateRaw(p);
        assertThat(o.occupied().getArea()).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(o.greyZone().getArea()).isCloseTo(0.1, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(o.warnings()).singleElement().asString().contains("feature 3").contains("'Something else'");
    }

    @Test
    void rawExportWithoutOccupiedPolygonsIsRefused() throws IOException {
        Path p = write("daily.geojson", "{\"type\":\"Polygon\",\"coordinates\":[[[37,48],[38,48],[38,49],[37,49],[37,48]]]}");
        assertThatThrownBy(() -> OccupationImport.deepStateRaw(p)).hasMessageContaining("no polygon is named as occupied");
    }

    @Test
    void kmlLinesAreReadAndBadCoordinatesNamed() throws IOException {
        Path good = write("line.kml", "<?xml version=\"1.0\"?><kml xmlns=\"http://www.opengis.net/kml/2.2\"><Document>"
                + "<Placemark><LineString><coordinates>37,47 37,48,0\n 37.1,49</coordinates></LineString></Placemark>"
                + "<Placemark><MultiGeometry><LineString><coordinates>38,47 38,48</coordinates></LineString></MultiGeometry></Placemark>"
                + "</Document></kml>");
        Occupation o = OccupationImport.contactLine(good);
        assertThat(o.line().getNumGeometries()).isEqualTo(2);
        assertThat(o.line().getGeometryN(0).getNumPoints()).isEqualTo(3);
        Path bad = write("bad.kml", "<kml><Placemark><LineString>\n<coordinates>37,47 abc,48</coordinates></LineString></Placemark></kml>");
        assertThatThrownBy(() -> OccupationImport.contactLine(bad)).hasMessageContaining("bad.kml: line 2: coordinates 'abc,48'");
        Path notXml = write("x.kml", "<kml><oops></kml>");
        assertThatThrownBy(() -> OccupationImport.contactLine(notXml)).hasMessageContaining("not KML");
    }
}
