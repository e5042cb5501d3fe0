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

    /** The standard normal CDF (Abramowitz–Stegun 7.1.26 on erf, |error| &lt; 1.5e-7). */
    static double phi(double z) {
        double t = 1 / (1 + 0.3275911 * Math.abs(z) / Math.sqrt(2));
        double erf = 1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
                * Math.exp(-z * z / 2);
        return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
    }
}
