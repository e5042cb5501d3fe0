package org.garant.monitor.sense;

/**
 * One sensor's measurement of one sound, as the network delivers it: no round, event or truth id.
 *
 * @param id              unique detection id
 * @param sensorId        the sensor that made it
 * @param arrivalNs       arrival time, nanoseconds since the Unix epoch (UTC)
 * @param bearingDeg      azimuth from the sensor towards the source, degrees clockwise from grid north of the
 *                        theatre projection; NaN when the sensor reports none
 * @param bearingSigmaDeg its standard deviation, degrees (NaN with no bearing)
 * @param kindHint        the sensor's classification
 * @param amplitude       received level, dB (relative)
 */
public record Detection(String id, String sensorId, long arrivalNs, double bearingDeg, double bearingSigmaDeg,
                        KindHint kindHint, double amplitude) implements java.io.Serializable {
    public boolean hasBearing() {
        return !Double.isNaN(bearingDeg);
    }
}
