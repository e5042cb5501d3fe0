package org.garant.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import mil.nga.geopackage.GeoPackage;
import mil.nga.geopackage.GeoPackageManager;
import mil.nga.geopackage.features.user.FeatureDao;
import mil.nga.sf.GeometryType;
import org.garant.geo.demo.DemoTheatre;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** The theatre and the sites in GIS formats, checked with the formats' own readers, and a GeoPackage read back as a theatre. */
class GisFormatsCliTest {
    @TempDir
    Path dir;

    @Test
    void theTheatreAsGeoPackageOpensInNgasReaderAndReadsBackAsTheSameTheatre() throws Exception {
        Path gpkg = dir.resolve("theatre.gpkg");
        GarantCliTest.Run r = GarantCliTest.run("export", "--format", "gpkg", "--what", "theatre", "--out", gpkg.toString());
        assertThat(r.status()).as(r.err()).isZero();
        try (GeoPackage gp = GeoPackageManager.open(gpkg.toFile(), false)) {
            assertThat(gp.getFeatureTables()).containsExactlyInAnyOrder("contact_line", "occupied", "zones");
            for (String t : gp.getFeatureTables()) {
                assertThat(gp.getFeatureDao(t).getSrsId()).as(t).isEqualTo(4326);
            }
            FeatureDao zones = gp.getFeatureDao("zones");
            assertThat(zones.count()).isEqualTo(2 * (1 + org.garant.geo.WeaponClass.MINSK_II.size()));
            assertThat(zones.getColumnNames()).contains("kind", "class", "km", "side");
            assertThat(gp.getFeatureDao("occupied").getGeometryType()).isIn(GeometryType.POLYGON, GeometryType.MULTIPOLYGON);
            assertThat(gp.getFeatureDao("contact_line").getGeometryType()).isIn(GeometryType.LINESTRING, GeometryType.MULTILINESTRING);
            // the table's extent is the theatre's
            mil.nga.geopackage.BoundingBox box = gp.getFeatureDao("contact_line").getBoundingBox();
            assertThat(box.getMinLongitude()).isBetween(30.0, 36.0);
            assertThat(box.getMaxLongitude()).isBetween(37.0, 41.0);
        }
        // imported again: the contact line and the occupied area are those exported
        GarantCliTest.Run back = GarantCliTest.run("theatre", "--line", gpkg.toString(), "--json");
        assertThat(back.status()).as(back.err()).isZero();
        assertThat(back.json().get("contact_line_km").asDouble()).isCloseTo(DemoTheatre.theatre().contactLineKm(),
                org.assertj.core.data.Offset.offset(0.5));
        GarantCliTest.Run occ = GarantCliTest.run("theatre", "--occupied", gpkg.toString(), "--json");
        assertThat(occ.status()).as(occ.err()).isZero();
        assertThat(occ.json().get("occupied_km2").asDouble()).isCloseTo(DemoTheatre.theatre().occupiedKm2(),
                org.assertj.core.data.Offset.offset(DemoTheatre.theatre().occupiedKm2() * 0.001));
    }

    @Test
    void sitesAsKmlAndCsvAndTheTheatreAsKml() throws Exception {
        int sites = DemoTheatre.cities().sites().size();
        assertThat(GarantCliTest.run("export", "--format", "kml", "--what", "sites", "--out", dir.resolve("s.kml").toString()).status()).isZero();
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document kml = f.newDocumentBuilder().parse(dir.resolve("s.kml").toFile());
        assertThat(kml.getDocumentElement().getNamespaceURI()).isEqualTo("http://www.opengis.net/kml/2.2");
        assertThat(kml.getElementsByTagNameNS("*", "Placemark").getLength()).isEqualTo(sites);
        assertThat(kml.getElementsByTagNameNS("*", "Point").getLength()).isEqualTo(sites);

        assertThat(GarantCliTest.run("export", "--format", "kml", "--what", "theatre", "--out", dir.resolve("t.kml").toString()).status()).isZero();
        Document t = f.newDocumentBuilder().parse(dir.resolve("t.kml").toFile());
        assertThat(t.getElementsByTagNameNS("*", "Folder").getLength()).isEqualTo(3);
        assertThat(t.getElementsByTagNameNS("*", "LineString").getLength()).isPositive();
        assertThat(t.getElementsByTagNameNS("*", "Polygon").getLength()).isPositive();
        // the KML contact line reads back through the KML importer
        GarantCliTest.Run back = GarantCliTest.run("theatre", "--line", dir.resolve("t.kml").toString(), "--json");
        assertThat(back.status()).as(back.err()).isZero();
        assertThat(back.json().get("contact_line_km").asDouble()).isGreaterThan(0);

        assertThat(GarantCliTest.run("export", "--format", "csv", "--what", "sites", "--out", dir.resolve("s.csv").toString()).status()).isZero();
        List<String> csv = Files.readAllLines(dir.resolve("s.csv"));
        assertThat(csv.get(0)).isEqualTo("layer,name,kind,oblast,population,mgrs,wkt");
        assertThat(csv).hasSize(sites + 1);
        assertThat(csv.get(1)).startsWith("sites,Kyiv,").contains("POINT (30.5234 50.4501)");
    }

    @Test
    void sitesReadBackFromAGeoPackageAndGeoJson() throws Exception {
        int sites = DemoTheatre.cities().sites().size();
        for (String format : List.of("gpkg", "geojson")) {
            Path f = dir.resolve("sites." + format);
            assertThat(GarantCliTest.run("export", "--format", format, "--what", "sites", "--out", f.toString()).status()).isZero();
            GarantCliTest.Run back = GarantCliTest.run("theatre", "--cities", f.toString(), "--json");
            assertThat(back.status()).as(back.err()).isZero();
            assertThat(back.json().get("cities").size()).as(format).isEqualTo(sites);
        }
        // a feature that is not a point, or has no name, is rejected by number; the others are kept
        Path mixed = dir.resolve("mixed.geojson");
        Files.writeString(mixed, "{\"type\":\"FeatureCollection\",\"features\":["
                + "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[30.52,50.45]},\"properties\":{\"name\":\"Kyiv\",\"population\":2952000}},"
                + "{\"type\":\"Feature\",\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[30,50],[31,51]]},\"properties\":{\"name\":\"road\"}},"
                + "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[36.23,49.99]},\"properties\":{}}]}");
        GarantCliTest.Run r = GarantCliTest.run("theatre", "--cities", mixed.toString(), "--json");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.json().get("cities").size()).isEqualTo(1);
        assertThat(r.err()).contains("feature 2: a LineString, not a point").contains("feature 3: property 'name' is missing");
    }

    @Test
    void badInputGetsAClearErrorAndNoFile() throws Exception {
        GarantCliTest.Run noIn = GarantCliTest.run("export", "--format", "gpkg", "--what", "events", "--out", dir.resolve("e.gpkg").toString());
        assertThat(noIn.status()).isEqualTo(2);
        assertThat(noIn.err()).contains("--in: missing");
        assertThat(dir.resolve("e.gpkg")).doesNotExist();
        GarantCliTest.Run what = GarantCliTest.run("export", "--format", "gpkg", "--what", "units", "--out", dir.resolve("u.gpkg").toString());
        assertThat(what.status()).isEqualTo(2);
        assertThat(what.err()).contains("--what: 'units'");
        Path notGpkg = dir.resolve("not.gpkg");
        Files.writeString(notGpkg, "this is not a GeoPackage");
        GarantCliTest.Run bad = GarantCliTest.run("theatre", "--line", notGpkg.toString(), "--json");
        assertThat(bad.status()).isEqualTo(2);
        assertThat(bad.err()).contains("not.gpkg").contains("GeoPackage");
    }
}
