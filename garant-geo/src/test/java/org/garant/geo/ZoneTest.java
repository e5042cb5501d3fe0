package org.garant.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.garant.geo.demo.DemoTheatre;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Envelope;

/**
 * Zone areas from polygon overlay (buffer ∩ side, in the equal-area projection) against an independent
 * calculation: counting the points of a regular grid in the projection whose brute-force side and distance put
 * them in the zone.
 */
class ZoneTest {

    static double[] sampledKm2(Theatre t, double widthKm, double stepM) {
        Envelope env = t.ukraineProjected().getEnvelopeInternal();
        double[] ll = new double[2];
        long held = 0;
        long occ = 0;
        for (double x = env.getMinX() + stepM / 2; x < env.getMaxX(); x += stepM) {
            for (double y = env.getMinY() + stepM / 2; y < env.getMaxY(); y += stepM) {
                TheatreProjection.inverse(x, y, ll);
                Placement p = t.locateBruteForce(ll[1], ll[0]);
                if (p.distanceM() <= widthKm * 1000) {
                    if (p.side() == Side.UKRAINE_HELD || p.side() == Side.GREY_ZONE) {
                        held++;
                    } else if (p.side() == Side.OCCUPIED) {
                        occ++;
                    }
                }
            }
        }
        double cellKm2 = stepM * stepM / 1e6;
        return new double[] {held * cellKm2, occ * cellKm2};
    }

    @Test
    void bufferAndWithdrawalZoneAreasAgreeWithGridSampling() {
        Theatre t = DemoTheatre.theatre();
        for (WeaponClass c : List.of(WeaponClass.MINSK_II.get(0), WeaponClass.MINSK_II.get(3))) {
            Zone z = t.zone(c.name(), c.withdrawKm());
            double[] sampled = sampledKm2(t, c.withdrawKm(), 2500);
            assertThat(z.ukraineSideKm2()).as("%s, Ukraine-held side", c.name()).isCloseTo(sampled[0], within(0.02 * sampled[0]));
            assertThat(z.occupiedSideKm2()).as("%s, occupied side", c.name()).isCloseTo(sampled[1], within(0.02 * sampled[1]));
        }
    }

    @Test
    void widerZonesContainNarrowerOnes() {
        Theatre t = DemoTheatre.theatre();
        List<Zone> zs = t.withdrawalZones(WeaponClass.MINSK_II);
        for (int i = 1; i < zs.size(); i++) {
            assertThat(zs.get(i).ukraineSideKm2()).isGreaterThan(zs.get(i - 1).ukraineSideKm2());
            assertThat(zs.get(i).occupiedSideKm2()).isGreaterThan(zs.get(i - 1).occupiedSideKm2());
        }
        // a zone can never be larger than the band 2 × width × length around the line, plus its end caps
        Zone z = t.bufferZone(15);
        assertThat(z.ukraineSideKm2() + z.occupiedSideKm2()).isLessThan(2 * 15 * t.contactLineKm() + Math.PI * 15 * 15 * 2);
    }

    @Test
    void ukraineAreaMatchesTheOfficialFigureWithinTheOutlinesGeneralisation() {
        // 603,628 km² officially; Natural Earth 1:50m is generalised (coasts, spits, limans), so within 1.5 %
        assertThat(DemoTheatre.theatre().ukraineKm2()).isCloseTo(603_628, within(603_628 * 0.015));
    }
}
