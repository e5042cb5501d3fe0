package org.garant.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.garant.geo.demo.DemoTheatre;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;

/**
 * The fast locator against brute force: side by plain point-in-polygon (exactly equal), distance by JTS on the full
 * line (equal within 20 km of the line, within the documented 0.05 % beyond).
 */
class TheatreLocatorTest {
    private static final GeometryFactory GF = new GeometryFactory();

    static void agreesWithBruteForce(Theatre t, long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] xy = new double[2];
        for (int i = 0; i < n; i++) {
            double lat = 43.8 + 9.2 * r.nextDouble();
            double lon = 21.5 + 19.5 * r.nextDouble();
            Placement fast = t.locate(lat, lon);
            Placement slow = t.locateBruteForce(lat, lon);
            assertThat(fast.side()).as("side at %f, %f", lat, lon).isEqualTo(slow.side());
            assertThat(fast.distanceM()).as("distance at %f, %f", lat, lon).isCloseTo(slow.distanceM(), within(bound(slow.distanceM())));
            if (i % 50 == 0) {
                TheatreProjection.forward(lon, lat, xy);
                Point p = GF.createPoint(new Coordinate(xy[0], xy[1]));
                assertThat(fast.distanceM()).isCloseTo(t.contactLineProjected().distance(p), within(bound(fast.distanceM())));
                Side jts = !t.ukraineProjected().contains(p) ? Side.OUTSIDE
                        : t.occupiedProjected().contains(p) ? Side.OCCUPIED : null;
                if (jts != null) {
                    assertThat(fast.side()).isEqualTo(jts);
                }
            }
        }
    }

    /** The documented error bound of a distance: exact (rounding) within 20 km, 0.05 % beyond. */
    static double bound(double d) {
        return d < 20_000 ? 1e-6 : Math.max(1e-6, TheatreLocator.RELATIVE_TOLERANCE * d);
    }

    @Test
    void demoTheatre_randomPoints_matchBruteForce() {
        agreesWithBruteForce(DemoTheatre.theatre(), 11, 20_000);
    }

    @Test
    void realLine_randomPoints_matchBruteForce() {
        agreesWithBruteForce(RealDeepStateTest.theatre("deepstate-daily/deepstatemap_data_20260101.geojson"), 12, 20_000);
    }

    @Test
    void pointsCloseToTheLine_matchBruteForce() {
        Theatre t = DemoTheatre.theatre();
        // jitter around the line's own vertices, where cells are mixed and candidates matter most
        SplittableRandom r = new SplittableRandom(13);
        var cs = t.contactLine().getCoordinates();
        for (int i = 0; i < 5000; i++) {
            var c = cs[r.nextInt(cs.length)];
            double lat = c.y + (r.nextDouble() - 0.5) * 0.1;
            double lon = c.x + (r.nextDouble() - 0.5) * 0.1;
            Placement fast = t.locate(lat, lon);
            Placement slow = t.locateBruteForce(lat, lon);
            assertThat(fast.side()).isEqualTo(slow.side());
            assertThat(fast.distanceM()).isCloseTo(slow.distanceM(), within(bound(slow.distanceM())));
        }
    }

    @Test
    void concurrentQueriesGiveTheSameAnswers() throws Exception {
        Theatre t = Theatre.build(DemoTheatre.ukraine(), DemoTheatre.contactLine(), DerivationOptions.DEFAULT);
        SplittableRandom r = new SplittableRandom(14);
        int n = 40_000;
        double[] lat = new double[n];
        double[] lon = new double[n];
        for (int i = 0; i < n; i++) {
            lat[i] = 44 + 8 * r.nextDouble();
            lon[i] = 22 + 18 * r.nextDouble();
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<double[]>> fs = new ArrayList<>();
            for (int k = 0; k < 4; k++) {
                fs.add(pool.submit(() -> {
                    double[] d = new double[n];
                    for (int i = 0; i < n; i++) {
                        d[i] = t.locate(lat[i], lon[i]).distanceM() + 1e9 * t.locate(lat[i], lon[i]).side().ordinal();
                    }
                    return d;
                }));
            }
            double[] first = fs.get(0).get();
            for (Future<double[]> f : fs) {
                assertThat(f.get()).containsExactly(first);
            }
            for (int i = 0; i < n; i += 97) {
                Placement slow = t.locateBruteForce(lat[i], lon[i]);
                assertThat(first[i]).isCloseTo(slow.distanceM() + 1e9 * slow.side().ordinal(), within(bound(slow.distanceM()) + 1e-3));
            }
        } finally {
            pool.shutdown();
        }
    }
}
