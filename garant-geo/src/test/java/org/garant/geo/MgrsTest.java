package org.garant.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import net.sf.geographiclib.Geodesic;
import org.junit.jupiter.api.Test;

class MgrsTest {
    private static double metres(LatLon a, LatLon b) {
        return Geodesic.WGS84.Inverse(a.lat(), a.lon(), b.lat(), b.lon()).s12;
    }

    @Test
    void formatsAsTheLibraryDoesEverywhereOnEarth() {
        java.util.Random rnd = new java.util.Random(11);
        for (int i = 0; i < 20_000; i++) {
            // UTM's latitudes (MGRS's polar UPS squares are not a theatre's), every zone, 1- and 2-digit ones included
            double lat = -79.9 + rnd.nextDouble() * 163.9;
            double lon = -180 + rnd.nextDouble() * 359.999;
            String library = mil.nga.mgrs.MGRS.from(lon, lat).coordinate(mil.nga.mgrs.grid.GridType.METER);
            assertThat(Mgrs.format(new LatLon(lat, lon))).as("%f, %f", lat, lon).isEqualTo(library);
        }
    }

    @Test
    void kyivRoundTripsAtOneMetre() {
        LatLon kyiv = new LatLon(50.4501, 30.5234);
        String ref = kyiv.mgrs();
        assertThat(ref).startsWith("36UUA").hasSize(15);
        assertThat(metres(Mgrs.parse(ref), kyiv)).isLessThan(1.5);
    }

    @Test
    void acceptsSpacesAndLowerCase() {
        LatLon p = new LatLon(48.0159, 37.8028);
        String ref = p.mgrs();
        String spaced = ref.substring(0, 3) + " " + ref.substring(3, 5) + " " + ref.substring(5, 10) + " " + ref.substring(10);
        assertThat(metres(Mgrs.parse(spaced.toLowerCase()), p)).isLessThan(1.5);
    }

    @Test
    void aCoarseReferenceMeansTheCentreOfItsSquare() {
        LatLon p = new LatLon(49.8397, 24.0297);
        String ref = p.mgrs();
        // 1 km precision: 2 + 2 digits; the centre is at most ~707 m from any point of the square
        String km = ref.substring(0, 5) + ref.substring(5, 7) + ref.substring(10, 12);
        LatLon centre = Mgrs.parse(km);
        assertThat(metres(centre, p)).isLessThan(710);
        LatLon corner = Mgrs.parse(ref.substring(0, 5) + ref.substring(5, 7) + "000" + ref.substring(10, 12) + "000");
        assertThat(metres(centre, corner)).isCloseTo(Math.sqrt(2) * 500, within(5.0));
    }

    @Test
    void badReferencesAreRejectedWithTheReferenceNamed() {
        assertThatThrownBy(() -> Mgrs.parse("36UUA123")).hasMessageContaining("'36UUA123'")
                .hasMessageContaining("even number of digits");
        assertThatThrownBy(() -> Mgrs.parse("hello")).hasMessageContaining("not an MGRS");
        assertThatThrownBy(() -> Mgrs.parse("99ZZZ1234")).isInstanceOf(IllegalArgumentException.class);
    }
}
