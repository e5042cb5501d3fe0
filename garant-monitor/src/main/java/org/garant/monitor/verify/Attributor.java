package org.garant.monitor.verify;

import org.garant.geo.Placement;
import org.garant.geo.Side;
import org.garant.geo.Theatre;
import org.garant.geo.TheatreProjection;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.operation.distance.DistanceOp;

/**
 * Attributes a round to the side it was fired from by integrating the origin's position uncertainty against the
 * contact line. The line is treated as straight over the uncertainty (its curvature is kilometres, the
 * uncertainty metres to hundreds of metres): with d the distance from the origin to the line and σₙ the standard
 * deviation of the position along the line's normal there (nᵀCn), the probability that the origin is on the side
 * it was estimated on is Φ(d/σₙ). Below {@code threshold} the attribution is undetermined. Thread-safe.
 */
public final class Attributor {
    private static final GeometryFactory GF = new GeometryFactory();
    private final Theatre theatre;
    private final double threshold;

    public Attributor(Theatre theatre, double threshold) {
        if (!(threshold >= 0.5 && threshold < 1)) {
            throw new IllegalArgumentException("attribution threshold must be in [0.5, 1), was " + threshold);
        }
        this.theatre = theatre;
        this.threshold = threshold;
    }

    /** Attribution of an origin at projected (x, y) with covariance (cxx, cxy, cyy), m². */
    public Attribution attribute(double x, double y, double cxx, double cxy, double cyy) {
        double[] ll = new double[2];
        TheatreProjection.inverse(x, y, ll);
        Placement p = theatre.locate(ll[1], ll[0]);
        if (p.side() != Side.UKRAINE_HELD && p.side() != Side.OCCUPIED && p.side() != Side.GREY_ZONE) {
            return Attribution.UNKNOWN_ORIGIN;
        }
        Side side = p.side() == Side.GREY_ZONE ? Side.UKRAINE_HELD : p.side();
        double d = p.distanceM();
        if (!Double.isFinite(d)) {
            return Attribution.UNKNOWN_ORIGIN;
        }
        double sigmaN;
        if (d < 1e-6) {
            sigmaN = Math.sqrt(Math.max(cxx, cyy));
        } else {
            Coordinate q = DistanceOp.nearestPoints(theatre.contactLineProjected(), GF.createPoint(new Coordinate(x, y)))[0];
            double nx = (x - q.x) / d;
            double ny = (y - q.y) / d;
            sigmaN = Math.sqrt(Math.max(1e-12, nx * nx * cxx + 2 * nx * ny * cxy + ny * ny * cyy));
        }
        double confidence = phi(d / sigmaN);
        return confidence >= threshold ? new Attribution(side, confidence) : new Attribution(null, confidence);
    }

    // Gauss–Hermite nodes and weights (probabilists', 10 points) for an expectation over a standard normal
    private static final double[] GH_X = {-4.859462828332312, -3.581823483551927, -2.484325841638955, -1.465989094391158,
        -0.484935707515498, 0.484935707515498, 1.465989094391158, 2.484325841638955, 3.581823483551927, 4.859462828332312};
    private static final double[] GH_W = {4.310652630718e-06, 7.5807093431222e-04, 1.911158050077e-02, 1.354837029802677e-01,
        3.44642334932019e-01, 3.44642334932019e-01, 1.354837029802677e-01, 1.911158050077e-02, 7.5807093431222e-04, 4.310652630718e-06};
    private static final int RADIAL_STEPS = 24;

    /**
     * Attribution of the origin an outgoing observation reports, integrating the observation's own error model rather
     * than a Gaussian: the distance uniform over the band, the bearing Gaussian with its σ (24 radial midpoints ×
     * 10 Gauss–Hermite bearings, each placed with the fast locator). A band has no tails, so this is better
     * calibrated than Φ(d/σₙ) for observations.
     */
    public Attribution attribute(Observation o) {
        double[] obs = new double[2];
        TheatreProjection.forward(o.observer().lon(), o.observer().lat(), obs);
        double held = 0;
        double occupied = 0;
        double[] ll = new double[2];
        for (int i = 0; i < RADIAL_STEPS; i++) {
            double r = (o.minKm() + (i + 0.5) / RADIAL_STEPS * (o.maxKm() - o.minKm())) * 1000;
            for (int k = 0; k < GH_X.length; k++) {
                double th = Math.toRadians(o.bearingDeg() + GH_X[k] * o.bearingSigmaDeg());
                TheatreProjection.inverse(obs[0] + Math.sin(th) * r, obs[1] + Math.cos(th) * r, ll);
                Side s = theatre.locate(ll[1], ll[0]).side();
                double w = GH_W[k] / RADIAL_STEPS;
                if (s == Side.OCCUPIED) {
                    occupied += w;
                } else if (s == Side.UKRAINE_HELD || s == Side.GREY_ZONE) {
                    held += w;
                }
            }
        }
        double total = held + occupied;
        if (total <= 0) {
            return Attribution.UNKNOWN_ORIGIN;
        }
        Side side = held >= occupied ? Side.UKRAINE_HELD : Side.OCCUPIED;
        double confidence = Math.max(held, occupied) / total;
        return confidence >= threshold ? new Attribution(side, confidence) : new Attribution(null, confidence);
    }

    /** The standard normal CDF (Abramowitz–Stegun 7.1.26 on erf, |error| &lt; 1.5e-7). */
    static double phi(double z) {
        double t = 1 / (1 + 0.3275911 * Math.abs(z) / Math.sqrt(2));
        double erf = 1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
                * Math.exp(-z * z / 2);
        return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
    }
}
