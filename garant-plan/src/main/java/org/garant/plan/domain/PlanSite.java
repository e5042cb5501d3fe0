package org.garant.plan.domain;

import org.garant.geo.LatLon;

/**
 * A place that may host units. {@code distanceKm} is its distance to the contact line from the theatre (0 outside
 * Ukraine's occupied-line picture is not meaningful for staging sites, which carry their real distance too).
 *
 * @param capacity personnel the site can host
 */
public record PlanSite(String id, String name, SiteKind kind, boolean inUkraine, String oblast, int capacity,
                       LatLon position, double distanceKm) {
    public PlanSite {
        if (capacity < 0) {
            throw new IllegalArgumentException("site " + id + ": capacity must not be negative");
        }
    }
}
