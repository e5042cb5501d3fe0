package org.garant.monitor.sense;

import java.util.List;
import org.garant.geo.LatLon;

/**
 * A located happening fused from detections. Immutable.
 *
 * @param id            event id
 * @param timeNs        estimated time of the blast at the source, ns since the epoch
 * @param position      estimated position
 * @param x             projected easting, metres
 * @param y             projected northing, metres
 * @param cxx           position covariance, m² (east–east)
 * @param cxy           covariance east–north, m²
 * @param cyy           covariance north–north, m²
 * @param kind          launch, impact or unknown (majority of the detections' hints)
 * @param weaponClass   the class estimated by launch–impact pairing, or null
 * @param detectionIds  the detections it was fused from
 * @param residualRmsS  root-mean-square time residual of those detections, seconds
 * @param crlbSigmaM    √trace of the Cramér–Rao bound of the position for this geometry and noise, metres
 * @param pairedWith    the id of the launch (for an impact) or impact (for a launch) it is paired with, or null
 */
public record Event(String id, long timeNs, LatLon position, double x, double y, double cxx, double cxy, double cyy,
                    KindHint kind, WeaponClass weaponClass, List<String> detectionIds, double residualRmsS,
                    double crlbSigmaM, String pairedWith) implements java.io.Serializable {

    public int sensors() {
        return detectionIds.size();
    }

    /** Semi-major axis, semi-minor axis (1σ, metres) and orientation (degrees from north) of the error ellipse. */
    public double[] ellipse() {
        double tr = cxx + cyy;
        double det = cxx * cyy - cxy * cxy;
        double disc = Math.sqrt(Math.max(0, tr * tr / 4 - det));
        double l1 = tr / 2 + disc;
        double l2 = Math.max(0, tr / 2 - disc);
        double angle = Math.toDegrees(0.5 * Math.atan2(2 * cxy, cyy - cxx));
        return new double[] {Math.sqrt(l1), Math.sqrt(l2), (angle + 360) % 180};
    }

    /** Circular error probable (50 %), metres, by the usual approximation 0.5887·(σmajor + σminor). */
    public double cep50M() {
        double[] e = ellipse();
        return 0.5887 * (e[0] + e[1]);
    }

    public Event withPairing(WeaponClass w, String other) {
        return new Event(id, timeNs, position, x, y, cxx, cxy, cyy, kind, w, detectionIds, residualRmsS, crlbSigmaM, other);
    }
}
