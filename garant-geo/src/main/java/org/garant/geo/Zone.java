package org.garant.geo;

import org.locationtech.jts.geom.Geometry;

/**
 * A zone measured from the contact line: everything within {@code widthKm} of the line, split into the part on
 * the Ukraine-held side and the part on the occupied side (both clipped to Ukraine). Geometries in lon/lat, areas
 * in km² computed in the equal-area theatre projection. Immutable.
 *
 * @param name     the zone's name: "buffer zone" or a weapon class
 * @param widthKm  distance from the contact line, on each side
 */
public record Zone(String name, double widthKm, Geometry ukraineSide, Geometry occupiedSide,
                   double ukraineSideKm2, double occupiedSideKm2) {
}
