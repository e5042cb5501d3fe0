package org.garant.geo;

/**
 * A WGS84 position in decimal degrees. Latitude in [-90, 90], longitude in [-180, 180]; both finite.
 * Immutable and thread-safe. Exchange order elsewhere (GeoJSON) is longitude first; this record is named so that
 * the order can never be confused.
 */
public record LatLon(double lat, double lon) implements java.io.Serializable {

    public LatLon {
        if (!Double.isFinite(lat) || lat < -90 || lat > 90) {
            throw new IllegalArgumentException("latitude " + lat + " is out of range: it must be between -90 and 90");
        }
        if (!Double.isFinite(lon) || lon < -180 || lon > 180) {
            throw new IllegalArgumentException("longitude " + lon + " is out of range: it must be between -180 and 180");
        }
    }

    /** The MGRS grid reference of this position at 1 m precision, e.g. {@code 36UUA2342234526}. */
    public String mgrs() {
        return Mgrs.format(this);
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%.5f, %.5f", lat, lon);
    }
}
