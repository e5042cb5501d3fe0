package org.garant.monitor.sense;

import org.garant.geo.LatLon;
import org.garant.geo.TheatreProjection;

/**
 * A fixed sensor of the monitoring network. Immutable.
 *
 * @param id              unique id, e.g. {@code A-0042}
 * @param position        where it stands
 * @param kind            what it is
 * @param clockSigmaS     standard deviation of its arrival-time error, seconds (clock and pick error together)
 * @param rangeM          distance beyond which it detects nothing, metres
 * @param pdNear          probability of detecting a blast close by; it falls as (1 − (r/range)²) with distance r
 * @param falseAlarmsPerHour rate of false detections (Poisson)
 * @param bearingSigmaDeg standard deviation of the bearing it reports, degrees; NaN when it reports none
 * @param x               projected easting in the theatre projection, metres (derived)
 * @param y               projected northing, metres (derived)
 */
public record Sensor(String id, LatLon position, SensorKind kind, double clockSigmaS, double rangeM, double pdNear,
                     double falseAlarmsPerHour, double bearingSigmaDeg, double x, double y) implements java.io.Serializable {
    public Sensor {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("a sensor needs an id");
        }
        if (!(clockSigmaS > 0) || !(rangeM > 0) || !(pdNear >= 0 && pdNear <= 1) || !(falseAlarmsPerHour >= 0)) {
            throw new IllegalArgumentException("sensor " + id + ": clock sigma and range must be positive, pd in [0, 1],"
                    + " false-alarm rate non-negative");
        }
    }

    public static Sensor of(String id, LatLon position, SensorKind kind, double clockSigmaS, double rangeM, double pdNear,
                            double falseAlarmsPerHour, double bearingSigmaDeg) {
        double[] xy = new double[2];
        TheatreProjection.forward(position.lon(), position.lat(), xy);
        return new Sensor(id, position, kind, clockSigmaS, rangeM, pdNear, falseAlarmsPerHour, bearingSigmaDeg, xy[0], xy[1]);
    }

    public boolean reportsBearing() {
        return !Double.isNaN(bearingSigmaDeg);
    }

    /** Probability of detecting a source at distance {@code r} metres. */
    public double probabilityOfDetection(double r) {
        if (r >= rangeM) {
            return 0;
        }
        double q = r / rangeM;
        return pdNear * (1 - q * q);
    }
}
