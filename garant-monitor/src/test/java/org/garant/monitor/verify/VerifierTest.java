package org.garant.monitor.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.garant.geo.LatLon;
import org.garant.geo.Side;
import org.garant.geo.Site;
import org.garant.geo.Theatre;
import org.garant.geo.TheatreProjection;
import org.garant.geo.demo.DemoTheatre;
import org.garant.monitor.sense.Event;
import org.garant.monitor.sense.KindHint;
import org.garant.monitor.sense.WeaponClass;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.operation.distance.DistanceOp;

class VerifierTest {
    static final Theatre T = DemoTheatre.theatre();
    static final long T0 = 1_777_640_000_000_000_000L;

    /** A point at {@code km} from the contact line, on the given side, near Donetsk oblast's part of the line. */
    static double[] offLine(double km, Side side) {
        double[] c = new double[2];
        TheatreProjection.forward(37.75, 48.45, c);   // between Toretsk and Kostiantynivka, on the demo line
        Coordinate q = DistanceOp.nearestPoints(T.contactLineProjected(), new GeometryFactory().createPoint(new Coordinate(c[0], c[1])))[0];
        // the normal towards the held side: west-north-west here
        double nx = -0.9;
        double ny = 0.3;
        double len = Math.hypot(nx, ny);
        double s = side == Side.UKRAINE_HELD ? 1 : -1;
        return new double[] {q.x + s * nx / len * km * 1000, q.y + s * ny / len * km * 1000};
    }

    static Event event(String id, double[] xy, double sigma, KindHint kind, WeaponClass w, String paired) {
        double[] ll = new double[2];
        TheatreProjection.inverse(xy[0], xy[1], ll);
        return new Event(id, T0, new LatLon(ll[1], ll[0]), xy[0], xy[1], sigma * sigma, 0, sigma * sigma, kind, w, List.of("d-" + id),
                0, sigma, paired);
    }

    @Test
    void namesTheNearestSiteAndItsDistance() {
        List<Site> sites = DemoTheatre.cities().sites();
        assertThat(sites.size()).isGreaterThan(5);
        Verifier v = new Verifier(T, sites, Verifier.Options.defaults());
        java.util.Random rnd = new java.util.Random(8);
        for (int i = 0; i < 300; i++) {
            double[] xy = offLine(1 + rnd.nextDouble() * 80, rnd.nextBoolean() ? Side.UKRAINE_HELD : Side.OCCUPIED);
            xy[0] += (rnd.nextDouble() - 0.5) * 600_000;
            xy[1] += (rnd.nextDouble() - 0.5) * 300_000;
            Event e = event("E" + i, xy, 20, KindHint.IMPACT, null, null);
            Site nearest = null;
            double best = Double.POSITIVE_INFINITY;
            double[] s = new double[2];
            for (Site site : sites) {
                TheatreProjection.forward(site.position().lon(), site.position().lat(), s);
                double km = Math.hypot(s[0] - xy[0], s[1] - xy[1]) / 1000;
                if (km < best) {
                    best = km;
                    nearest = site;
                }
            }
            Violation fire = v.verify(List.of(e), List.of()).violations().get(0);
            assertThat(fire.settlement()).isEqualTo(nearest.name());
            assertThat(fire.settlementKm()).isCloseTo(best, within(1e-6));
        }
    }

    @Test
    void writesDistancesAsTheFormatterWould() {
        java.util.Random rnd = new java.util.Random(5);
        for (int i = 0; i < 10_000; i++) {
            double km = rnd.nextDouble() * (i % 2 == 0 ? 2 : 300);
            assertThat(Verifier.oneDecimal(km)).isEqualTo(String.format(java.util.Locale.ROOT, "%.1f", km));
        }
        assertThat(Verifier.oneDecimal(0)).isEqualTo("0.0");
        assertThat(Verifier.oneDecimal(9.96)).isEqualTo("10.0");
    }

    @Test
    void attributionIntegratesTheUncertaintyAgainstTheLine() {
        Attributor a = new Attributor(T, 0.95);
        double[] p = offLine(1, Side.UKRAINE_HELD);
        assertThat(T.locate(event("x", p, 1, KindHint.LAUNCH, null, null).position()).side()).isEqualTo(Side.UKRAINE_HELD);
        Attribution sure = a.attribute(p[0], p[1], 100, 0, 100);       // σ 10 m, 1 km away
        assertThat(sure.side()).isEqualTo(Side.UKRAINE_HELD);
        assertThat(sure.confidence()).isGreaterThan(0.9999);
        Attribution half = a.attribute(p[0], p[1], 500 * 500, 0, 500 * 500);   // 2σ
        assertThat(half.confidence()).isCloseTo(0.977, within(0.01));
        assertThat(half.side()).isEqualTo(Side.UKRAINE_HELD);
        Attribution unsure = a.attribute(p[0], p[1], 1000 * 1000, 0, 1000 * 1000);   // 1σ
        assertThat(unsure.confidence()).isCloseTo(0.841, within(0.02));
        assertThat(unsure.determined()).isFalse();
        assertThat(Attributor.phi(1.96)).isCloseTo(0.975, within(1e-4));
    }

    @Test
    void fireAcrossTheLineFromInsideAWithdrawalZoneNearATown() {
        double[] gun = offLine(20, Side.OCCUPIED);
        double[] target = offLine(3, Side.UKRAINE_HELD);
        Event launch = event("L", gun, 1, KindHint.LAUNCH, WeaponClass.TUBE_ARTILLERY, "I");
        Event impact = event("I", target, 1, KindHint.IMPACT, WeaponClass.TUBE_ARTILLERY, "L");
        Site town = new Site("Testivka", "CITY", 10_000, impact.position(), "Donetsk", "");
        Verifier.Result r = new Verifier(T, List.of(town), Verifier.Options.defaults()).verify(List.of(launch, impact), List.of());
        assertThat(r.violations()).extracting(Violation::rule).containsExactlyInAnyOrder(Rule.CEASEFIRE_VIOLATION,
                Rule.CEASEFIRE_VIOLATION, Rule.CROSS_LINE_FIRE, Rule.WITHDRAWAL_ZONE);
        Violation cross = r.violations().stream().filter(v -> v.rule() == Rule.CROSS_LINE_FIRE).findFirst().orElseThrow();
        assertThat(cross.attribution().side()).isEqualTo(Side.OCCUPIED);
        assertThat(cross.evidence()).contains("L", "I", "d-L", "d-I");
        assertThat(cross.side()).isEqualTo(Side.UKRAINE_HELD);
        assertThat(r.attributionByEvent().get("I").side()).isEqualTo(Side.OCCUPIED);   // an impact takes its launch's origin
        assertThat(r.alerts()).isNotEmpty().allSatisfy(a -> {
            assertThat(a.rule()).isEqualTo(Rule.FORCE_PROTECTION);
            assertThat(a.site()).isEqualTo("Testivka");
        });
    }

    @Test
    void sightingsInsideZones() {
        double[] p30 = offLine(30, Side.UKRAINE_HELD);
        double[] p5 = offLine(5, Side.OCCUPIED);
        double[] ll = new double[2];
        TheatreProjection.inverse(p30[0], p30[1], ll);
        Sighting mlrs = new Sighting("s1", T0, new LatLon(ll[1], ll[0]), SightingClass.MLRS, 2, "patrol");
        Sighting tank = new Sighting("s2", T0, new LatLon(ll[1], ll[0]), SightingClass.TANK, 1, "patrol");   // 30 km: allowed
        TheatreProjection.inverse(p5[0], p5[1], ll);
        Sighting troops = new Sighting("s3", T0, new LatLon(ll[1], ll[0]), SightingClass.TROOPS, 40, "imagery");
        Verifier.Result r = new Verifier(T, List.of(), Verifier.Options.defaults()).verify(List.of(), List.of(mlrs, tank, troops));
        assertThat(r.violations()).extracting(Violation::rule, v -> v.evidence().get(0))
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(Rule.WITHDRAWAL_ZONE, "s1"),
                        org.assertj.core.groups.Tuple.tuple(Rule.BUFFER_ZONE_INCURSION, "s3"));
    }
}
