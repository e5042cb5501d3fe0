package org.garant.geo;

import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.CoordinateSequenceFilter;
import org.locationtech.jts.geom.Geometry;

/**
 * The theatre's metric projection: Lambert azimuthal equal-area on the WGS84 ellipsoid, centred at 48.5° N,
 * 31.5° E (the middle of Ukraine), with x east and y north in metres (Snyder, <i>Map Projections: A Working
 * Manual</i>, 1987, pp. 182–190; the same as PROJ's {@code +proj=laea +lat_0=48.5 +lon_0=31.5 +ellps=WGS84}).
 *
 * <p>Why this projection: it is equal-area, so areas of occupied territory and zones are exact up to
 * floating point; and its scale error grows only with the square of the distance from the centre, so distances
 * anywhere in Ukraine are within 0.15 % of the geodesic distance (within 0.1 % along the contact line, which lies
 * within about 530 km of the centre). The tests check both against an independent geodesic computation.
 *
 * <p>Stateless and thread-safe; {@link #forwardX}/{@link #forwardY} allocate nothing, for the query hot path.
 */
public final class TheatreProjection {
    public static final double LAT0 = 48.5;
    public static final double LON0 = 31.5;

    private static final double A = 6378137.0;
    private static final double F = 1 / 298.257223563;
    private static final double E2 = F * (2 - F);
    private static final double E = Math.sqrt(E2);
    private static final double QP = q(1.0);
    private static final double RQ = A * Math.sqrt(QP / 2);
    private static final double SIN_B1;
    private static final double COS_B1;
    private static final double D;
    private static final double LAMBDA0 = Math.toRadians(LON0);

    static {
        double phi1 = Math.toRadians(LAT0);
        double sinPhi1 = Math.sin(phi1);
        SIN_B1 = q(sinPhi1) / QP;
        COS_B1 = Math.sqrt(1 - SIN_B1 * SIN_B1);
        double m1 = Math.cos(phi1) / Math.sqrt(1 - E2 * sinPhi1 * sinPhi1);
        D = A * m1 / (RQ * COS_B1);
    }

    private TheatreProjection() {
    }

    private static double q(double sinPhi) {
        double esin = E * sinPhi;
        return (1 - E2) * (sinPhi / (1 - esin * esin) - (1 / (2 * E)) * Math.log((1 - esin) / (1 + esin)));
    }

    private static final double E4 = E2 * E2;
    private static final double E6 = E4 * E2;
    private static final double E8 = E4 * E4;
    private static final double E10 = E8 * E2;

    /**
     * {@link #q} without the logarithm: {@code -(1/2e) ln((1-e x)/(1+e x)) = artanh(e x)/e} expanded as
     * {@code x + e²x³/3 + e⁴x⁵/5 + ...}; with e² ≈ 0.0067 the terms kept make it exact to about 1e-14 (the tests
     * compare the projection with proj4j to the millimetre).
     */
    private static double qSeries(double x) {
        double x2 = x * x;
        double artanhOverE = x * (1 + x2 * (E2 / 3 + x2 * (E4 / 5 + x2 * (E6 / 7 + x2 * (E8 / 9 + x2 * E10 / 11)))));
        return (1 - E2) * (x / (1 - E2 * x2) + artanhOverE);
    }

    /** Projects (lon, lat) in degrees into {@code out[0] = x, out[1] = y} in metres. */
    public static void forward(double lon, double lat, double[] out) {
        double sinB = qSeries(Math.sin(Math.toRadians(lat))) / QP;
        double cosB = Math.sqrt(Math.max(0, 1 - sinB * sinB));
        double dl = Math.toRadians(lon) - LAMBDA0;
        double sinDl = Math.sin(dl);
        double cosDl = Math.cos(dl);
        double b = RQ * Math.sqrt(2 / (1 + SIN_B1 * sinB + COS_B1 * cosB * cosDl));
        out[0] = b * D * cosB * sinDl;
        out[1] = (b / D) * (COS_B1 * sinB - SIN_B1 * cosB * cosDl);
    }

    /** Inverse of {@link #forward}: (x, y) in metres to {@code out[0] = lon, out[1] = lat} in degrees. */
    public static void inverse(double x, double y, double[] out) {
        double xd = x / D;
        double yd = D * y;
        double rho = Math.sqrt(xd * xd + yd * yd);
        if (rho < 1e-9) {
            out[0] = LON0;
            out[1] = LAT0;
            return;
        }
        double ce = 2 * Math.asin(Math.min(1, rho / (2 * RQ)));
        double sinCe = Math.sin(ce);
        double cosCe = Math.cos(ce);
        double qv = QP * (cosCe * SIN_B1 + D * y * sinCe * COS_B1 / rho);
        double phi = Math.asin(Math.max(-1, Math.min(1, qv / 2)));
        for (int i = 0; i < 15; i++) {
            double sinPhi = Math.sin(phi);
            double esin = E * sinPhi;
            double oneMinus = 1 - esin * esin;
            double delta = oneMinus * oneMinus / (2 * Math.cos(phi))
                    * (qv / (1 - E2) - sinPhi / oneMinus + (1 / (2 * E)) * Math.log((1 - esin) / (1 + esin)));
            phi += delta;
            if (Math.abs(delta) < 1e-14) {
                break;
            }
        }
        double lambda = LAMBDA0 + Math.atan2(x * sinCe, D * rho * COS_B1 * cosCe - D * D * y * SIN_B1 * sinCe);
        out[0] = Math.toDegrees(lambda);
        out[1] = Math.toDegrees(phi);
    }

    /** A projected copy of a lon/lat geometry (the argument is not changed). */
    public static Geometry project(Geometry lonLat) {
        Geometry g = lonLat.copy();
        g.apply(new Filter(true));
        g.geometryChanged();
        return g;
    }

    /** A lon/lat copy of a projected geometry (the argument is not changed). */
    public static Geometry unproject(Geometry projected) {
        Geometry g = projected.copy();
        g.apply(new Filter(false));
        g.geometryChanged();
        return g;
    }

    private static final class Filter implements CoordinateSequenceFilter {
        private final boolean forward;
        private final double[] out = new double[2];

        Filter(boolean forward) {
            this.forward = forward;
        }

        @Override
        public void filter(CoordinateSequence seq, int i) {
            if (forward) {
                forward(seq.getX(i), seq.getY(i), out);
            } else {
                inverse(seq.getX(i), seq.getY(i), out);
            }
            seq.setOrdinate(i, 0, out[0]);
            seq.setOrdinate(i, 1, out[1]);
        }

        @Override
        public boolean isDone() {
            return false;
        }

        @Override
        public boolean isGeometryChanged() {
            return true;
        }
    }
}
