package org.garant.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import net.sf.geographiclib.Geodesic;
import org.garant.geo.demo.DemoTheatre;
import org.junit.jupiter.api.Test;
import org.locationtech.proj4j.CRSFactory;
import org.locationtech.proj4j.CoordinateTransform;
import org.locationtech.proj4j.CoordinateTransformFactory;
import org.locationtech.proj4j.ProjCoordinate;

class TheatreProjectionTest {

    @Test
    void agreesWithProj4jToTheMillimetreAcrossTheMapExtent() {
        CRSFactory f = new CRSFactory();
        CoordinateTransform t = new CoordinateTransformFactory().createTransform(
                f.createFromParameters("wgs84", "+proj=longlat +datum=WGS84 +no_defs"),
                f.createFromParameters("laea", "+proj=laea +lat_0=48.5 +lon_0=31.5 +x_0=0 +y_0=0 +ellps=WGS84 +units=m +no_defs"));
        SplittableRandom r = new SplittableRandom(1);
        double[] xy = new double[2];
        for (int i = 0; i < 2000; i++) {
            double lon = 20 + 22 * r.nextDouble();
            double lat = 43 + 11 * r.nextDouble();
            ProjCoordinate out = t.transform(new ProjCoordinate(lon, lat), new ProjCoordinate());
            TheatreProjection.forward(lon, lat, xy);
            assertThat(xy[0]).isCloseTo(out.x, within(1e-3));
            assertThat(xy[1]).isCloseTo(out.y, within(1e-3));
        }
    }

    @Test
    void inverseUndoesForward() {
        SplittableRandom r = new SplittableRandom(2);
        double[] xy = new double[2];
        double[] ll = new double[2];
        for (int i = 0; i < 2000; i++) {
            double lon = 20 + 22 * r.nextDouble();
            double lat = 43 + 11 * r.nextDouble();
            TheatreProjection.forward(lon, lat, xy);
            TheatreProjection.inverse(xy[0], xy[1], ll);
            assertThat(ll[0]).isCloseTo(lon, within(1e-9));
            assertThat(ll[1]).isCloseTo(lat, within(1e-9));
        }
    }

    /** The documented error bound: planar distance in the projection within 0.15 % of the geodesic in Ukraine. */
    @Test
    void distancesInUkraineAreWithinTheDocumentedBoundOfTheGeodesic() {
        SplittableRandom r = new SplittableRandom(3);
        double[] a = new double[2];
        double[] b = new double[2];
        double worst = 0;
        var ukraine = new org.locationtech.jts.geom.prep.PreparedGeometryFactory().create(DemoTheatre.ukraine());
        var gf = new org.locationtech.jts.geom.GeometryFactory();
        for (int i = 0; i < 5000; i++) {
            double lon1 = 22.2 + 18 * r.nextDouble();
            double lat1 = 44.4 + 7.9 * r.nextDouble();
            double lon2 = lon1 + (r.nextDouble() - 0.5) * 3;
            double lat2 = lat1 + (r.nextDouble() - 0.5) * 2;
            if (!ukraine.contains(gf.createPoint(new org.locationtech.jts.geom.Coordinate(lon1, lat1)))
                    || !ukraine.contains(gf.createPoint(new org.locationtech.jts.geom.Coordinate(lon2, lat2)))) {
                continue;
            }
            double geodesic = Geodesic.WGS84.Inverse(lat1, lon1, lat2, lon2).s12;
            if (geodesic < 1000) {
                continue;
            }
            TheatreProjection.forward(lon1, lat1, a);
            TheatreProjection.forward(lon2, lat2, b);
            double planar = Math.hypot(a[0] - b[0], a[1] - b[1]);
            worst = Math.max(worst, Math.abs(planar - geodesic) / geodesic);
        }
        assertThat(worst).isLessThan(0.0015);
    }
}
