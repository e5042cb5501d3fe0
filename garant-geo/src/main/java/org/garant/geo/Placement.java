package org.garant.geo;

/**
 * Where a point stands relative to the contact line: its side and its distance to the line in metres (never
 * negative; {@link Double#NaN} when the theatre has no contact line). Immutable.
 */
public record Placement(Side side, double distanceM) {
    public double distanceKm() {
        return distanceM / 1000.0;
    }
}
