package org.garant.monitor.verify;

import org.garant.geo.LatLon;

/**
 * A weapon of a class seen at a place and time (by a patrol or in imagery). Immutable.
 *
 * @param weapon the class, one of {@link SightingClass}
 * @param count  how many were seen (≥ 1)
 * @param source who saw it (patrol id, imagery provider), free text
 */
public record Sighting(String id, long timeNs, LatLon position, SightingClass weapon, int count, String source) {
    public Sighting {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, was " + count);
        }
    }
}
