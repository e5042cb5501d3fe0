package org.garant.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.MultiLineString;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

/**
 * Golden cases for contact-line derivation on small synthetic theatres written as WKT (lon/lat), placed in
 * Donbas so that the theatre projection is representative. "Ukraine" is the square 36–38° E, 47–49° N.
 */
class TheatreDerivationTest {
    private static final WKTReader WKT = new WKTReader();
    private static final String SQUARE = "POLYGON ((36 47, 38 47, 38 49, 36 49, 36 47))";
    /** The length of the meridian arc from 47° to 49° N on WGS84, in km. */
    private static final double MERIDIAN_47_49_KM = 222.44;

    static Geometry wkt(String s) {
        try {
            return WKT.read(s);
        } catch (ParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static Theatre area(String occupied, DerivationOptions o) {
        return Theatre.build(wkt(SQUARE), Occupation.ofArea(wkt(occupied), new GeometryFactory().createMultiPolygon(),
                null, "test", List.of()), o);
    }

    @Test
    void eastHalfOccupied_lineIsTheDividingMeridianLessTheToleranceAtBothEnds() {
        Theatre t = area("POLYGON ((37 47, 38 47, 38 49, 37 49, 37 47))", DerivationOptions.DEFAULT);
        assertThat(t.contactLineParts()).isEqualTo(1);
        assertThat(t.contactLineKm()).isCloseTo(MERIDIAN_47_49_KM - 2 * 3, within(0.6));
        assertThat(t.locate(48, 37.5).side()).isEqualTo(Side.OCCUPIED);
        assertThat(t.locate(48, 36.5).side()).isEqualTo(Side.UKRAINE_HELD);
        assertThat(t.locate(48, 39).side()).isEqualTo(Side.OUTSIDE);
        // 0.1° of longitude at 48° N is about 7.46 km
        assertThat(t.locate(48, 37.1).distanceKm()).isCloseTo(7.46, within(0.05));
        assertThat(t.occupiedKm2() / t.ukraineKm2()).isCloseTo(0.5, within(0.002));
    }

    @Test
    void theToleranceDecidesHowMuchNearTheBorderIsNotLine() {
        DerivationOptions tenKm = new DerivationOptions(10, 3, 100, 25);
        Theatre t = area("POLYGON ((37 47, 38 47, 38 49, 37 49, 37 47))", tenKm);
        assertThat(t.contactLineKm()).isCloseTo(MERIDIAN_47_49_KM - 2 * 10, within(0.6));
    }

    @Test
    void aLimanInsideOccupiedTerritoryIsNoFront() {
        // the occupied half has a hole: water the outline counts as land and the source does not
        Theatre t = area("POLYGON ((37 47, 38 47, 38 49, 37 49, 37 47), (37.4 47.9, 37.6 47.9, 37.6 48.1, 37.4 48.1, 37.4 47.9))",
                DerivationOptions.DEFAULT);
        assertThat(t.contactLineKm()).isCloseTo(MERIDIAN_47_49_KM - 6, within(0.6));
        assertThat(t.contactLineParts()).isEqualTo(1);
        assertThat(t.locate(48, 37.5).side()).isEqualTo(Side.OCCUPIED);
        assertThat(t.warnings()).anyMatch(w -> w.matches(".*enclave.*: 33\\d km²"));
    }

    @Test
    void aBayBetweenOccupiedShoresAndTheCoastIsNoFront() {
        // a notch cut into the occupied half from the eastern edge (the coast): a bay open to the sea
        Theatre t = area("POLYGON ((37 47, 38 47, 38 47.9, 37.7 47.9, 37.7 48.1, 38 48.1, 38 49, 37 49, 37 47))",
                DerivationOptions.DEFAULT);
        assertThat(t.contactLineKm()).isCloseTo(MERIDIAN_47_49_KM - 6, within(0.6));
    }

    @Test
    void hairlineGapsBetweenTouchingPolygonsAreClosed() {
        String twoPolygonsWithAGap = "MULTIPOLYGON (((37 47, 38 47, 38 47.9999, 37 47.9999, 37 47)),"
                + " ((37 48.0001, 38 48.0001, 38 49, 37 49, 37 48.0001)))";
        Theatre closed = area(twoPolygonsWithAGap, DerivationOptions.DEFAULT);
        assertThat(closed.contactLineKm()).isCloseTo(MERIDIAN_47_49_KM - 6, within(0.6));
        // without the closing, the 22 m gap would add two false lines of about 74 km each
        Theatre open = area(twoPolygonsWithAGap, new DerivationOptions(3, 3, 0, 25));
        assertThat(open.contactLineKm()).isGreaterThan(MERIDIAN_47_49_KM + 100);
    }

    @Test
    void slivers_shorterThanTheMinimumPart_areRemovedAndReported() {
        // a small occupied bump just inside the western border: its boundary away from the border is ~4 km
        Theatre t = area("MULTIPOLYGON (((37 47, 38 47, 38 49, 37 49, 37 47)), ((36 48, 36.045 48, 36.045 48.005, 36 48.005, 36 48)))",
                new DerivationOptions(3, 5, 100, 25));
        assertThat(t.contactLineParts()).isEqualTo(1);
        assertThat(t.warnings()).anyMatch(w -> w.contains("sliver"));
    }

    @Test
    void aLineGivenDirectly_splitsUkraine_andTheSideWithDonetskIsOccupied() {
        MultiLineString line = (MultiLineString) wkt("MULTILINESTRING ((37 46.9, 37 49.1))");
        Theatre t = Theatre.build(wkt(SQUARE), Occupation.ofLine(line, null, "test", List.of()), DerivationOptions.DEFAULT);
        assertThat(t.contactLineKm()).isCloseTo(MERIDIAN_47_49_KM, within(0.6));
        assertThat(t.locate(48.0159, 37.8028).side()).isEqualTo(Side.OCCUPIED);
        assertThat(t.locate(48, 36.5).side()).isEqualTo(Side.UKRAINE_HELD);
        assertThat(t.occupiedKm2() / t.ukraineKm2()).isCloseTo(0.5, within(0.002));
    }

    @Test
    void aLineEndingShortOfTheBorderIsExtendedToIt() {
        MultiLineString line = (MultiLineString) wkt("MULTILINESTRING ((37 47.1, 37 48.9))");
        Theatre t = Theatre.build(wkt(SQUARE), Occupation.ofLine(line, null, "test", List.of()), DerivationOptions.DEFAULT);
        assertThat(t.contactLineKm()).isCloseTo(MERIDIAN_47_49_KM, within(0.6));
        assertThat(t.locate(48, 37.5).side()).isEqualTo(Side.OCCUPIED);
    }

    @Test
    void aLineThatDoesNotDivideUkraineIsReportedAndNothingIsOccupied() {
        MultiLineString line = (MultiLineString) wkt("MULTILINESTRING ((37 47.5, 37 48.5))");
        Theatre t = Theatre.build(wkt(SQUARE), Occupation.ofLine(line, null, "test", List.of()), DerivationOptions.DEFAULT);
        assertThat(t.warnings()).anyMatch(w -> w.contains("does not divide Ukraine"));
        assertThat(t.occupiedKm2()).isZero();
    }

    @Test
    void noOverlapWithUkraineIsAnError() {
        assertThatThrownBy(() -> area("POLYGON ((10 10, 11 10, 11 11, 10 11, 10 10))", DerivationOptions.DEFAULT))
                .isInstanceOf(GeoInputException.class).hasMessageContaining("no overlap with Ukraine");
        MultiLineString far = (MultiLineString) wkt("MULTILINESTRING ((10 10, 11 11))");
        assertThatThrownBy(() -> Theatre.build(wkt(SQUARE), Occupation.ofLine(far, null, "far.geojson", List.of()),
                DerivationOptions.DEFAULT)).hasMessageStartingWith("far.geojson: no overlap with Ukraine");
    }

    @Test
    void greyZoneIsItsOwnSide() {
        Theatre t = Theatre.build(wkt(SQUARE), Occupation.ofArea(wkt("POLYGON ((37 47, 38 47, 38 49, 37 49, 37 47))"),
                wkt("POLYGON ((36.9 47.5, 37 47.5, 37 48.5, 36.9 48.5, 36.9 47.5))"), null, "test", List.of()),
                DerivationOptions.DEFAULT);
        assertThat(t.locate(48, 36.95).side()).isEqualTo(Side.GREY_ZONE);
        assertThat(t.greyZoneKm2()).isCloseTo(7.46 * 111.2, within(10.0));
    }
}
