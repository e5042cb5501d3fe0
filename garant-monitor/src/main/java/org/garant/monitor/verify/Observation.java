package org.garant.monitor.verify;

import java.util.List;
import org.garant.geo.LatLon;
import org.garant.geo.TheatreProjection;
import org.garant.monitor.sense.Event;
import org.garant.monitor.sense.KindHint;

/**
 * A monitor's report, after the OSCE patrol/camera form: who saw what, from where, when, in which direction and at
 * what distance. Immutable.
 *
 * @param observer    where the monitor (or camera) stood
 * @param fromNs      start of the time window
 * @param toNs        end of the time window (≥ start)
 * @param what        what was seen or heard
 * @param count       how many
 * @param bearingDeg  direction from the observer, degrees from north
 * @param bearingSigmaDeg its standard deviation (a 16-point compass point is ±11.25°: σ = 22.5°/√12)
 * @param minKm       nearer edge of the distance band, km
 * @param maxKm       farther edge of the distance band, km
 * @param heading     incoming, outgoing or undetermined
 * @param weapon      the monitor's weapon estimate, free text
 * @param text        free text
 * @param review      the review state
 * @param reviewedBy  who reviewed it (empty while unverified)
 * @param reviewReason why (for a rejection)
 */
public record Observation(String id, LatLon observer, long fromNs, long toNs, What what, int count, double bearingDeg,
                          double bearingSigmaDeg, double minKm, double maxKm, Heading heading, String weapon, String text,
                          Review review, String reviewedBy, String reviewReason) {

    /** What the monitor saw or heard. */
    public enum What { EXPLOSION, PROJECTILE_IN_FLIGHT, BURST, SHOTS, ILLUMINATION_FLARE, MUZZLE_FLASH }

    /** Fire coming towards the observer's side, leaving it, or not determined. */
    public enum Heading { INCOMING, OUTGOING, UNDETERMINED }

    /** Review states: a rejected observation is kept (never edited) but not used. */
    public enum Review { UNVERIFIED, VERIFIED, REJECTED }

    /**
     * The observation as an event with an honest uncertainty region: at the middle of the band along the bearing;
     * the covariance has a radial σ of band width/√12 (uniform over the band) and a cross-range σ of distance × the
     * bearing's σ. An outgoing observation of fire (shots, muzzle flashes, outgoing bursts) is a launch: its position
     * is the origin of the round; an explosion is an impact; the rest are unclassified.
     */
    public Event toEvent() {
        double[] o = new double[2];
        TheatreProjection.forward(observer.lon(), observer.lat(), o);
        double mid = (minKm + maxKm) / 2 * 1000;
        double theta = Math.toRadians(bearingDeg);
        double ux = Math.sin(theta);
        double uy = Math.cos(theta);
        double x = o[0] + ux * mid;
        double y = o[1] + uy * mid;
        double sr = Math.max(50, (maxKm - minKm) * 1000 / Math.sqrt(12));
        double st = Math.max(50, mid * Math.toRadians(bearingSigmaDeg));
        // covariance = R diag(sr², st²) Rᵀ with the radial axis u = (ux, uy) and the cross axis (uy, -ux)
        double cxx = sr * sr * ux * ux + st * st * uy * uy;
        double cyy = sr * sr * uy * uy + st * st * ux * ux;
        double cxy = (sr * sr - st * st) * ux * uy;
        double[] ll = new double[2];
        TheatreProjection.inverse(x, y, ll);
        KindHint kind = what == What.EXPLOSION ? KindHint.IMPACT
                : heading == Heading.OUTGOING && (what == What.SHOTS || what == What.MUZZLE_FLASH || what == What.BURST)
                ? KindHint.LAUNCH : KindHint.UNKNOWN;
        return new Event("o:" + id, fromNs + (toNs - fromNs) / 2, new LatLon(ll[1], ll[0]), x, y, cxx, cxy, cyy, kind, null,
                List.of(id), 0, Math.sqrt(cxx + cyy), null);
    }
}
