package org.garant.geo;

/** Which side of the contact line a point is on. */
public enum Side {
    /** Inside Ukraine's internationally recognised borders and not occupied (nor in a known grey zone). */
    UKRAINE_HELD,
    /** Inside Ukraine and inside the occupied area. */
    OCCUPIED,
    /** Inside Ukraine, in territory whose control is unknown or contested (only where the source says so). */
    GREY_ZONE,
    /** Outside Ukraine's internationally recognised borders (including the sea). */
    OUTSIDE
}
