package org.garant.geo.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.garant.geo.SharedData;
import org.garant.geo.TheatreProjection;
import org.garant.geo.demo.DemoTheatre;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;

class NaturalEarthOutlineTest {
    private static final GeometryFactory GF = new GeometryFactory();

    @Test
    void derivationPutsCrimeaBackIntoUkraineAndOutOfRussia() {
        NaturalEarthOutline.Outlines o = NaturalEarthOutline.derive(SharedData.file("cities-boundaries/world-atlas_countries-50m.json"));
        var simferopol = GF.createPoint(new Coordinate(34.1024, 44.9521));
        assertThat(o.ukraine().contains(simferopol)).isTrue();
        assertThat(o.neighbours().get("Russia").contains(simferopol)).isFalse();
        assertThat(o.neighbours()).containsKeys("Poland", "Belarus", "Moldova", "Romania", "Hungary", "Slovakia");
        // the shipped outline is what the derivation produces (up to rounding to 1e-6 degrees)
        double derived = TheatreProjection.project(o.ukraine()).getArea();
        double shipped = TheatreProjection.project(DemoTheatre.ukraine()).getArea();
        assertThat(shipped).isCloseTo(derived, within(derived * 1e-5));
    }

    @Test
    void shippedOutlineIsValidAndHasCrimea() {
        assertThat(DemoTheatre.ukraine().isValid()).isTrue();
        assertThat(DemoTheatre.ukraine().contains(GF.createPoint(new Coordinate(33.5254, 44.6167)))).isTrue();
        assertThat(DemoTheatre.outlines()).containsKey("Russia");
    }
}
