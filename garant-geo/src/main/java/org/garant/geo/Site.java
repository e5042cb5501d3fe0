package org.garant.geo;

/**
 * A place that may host the reassurance force or that the monitors protect: a city, base or port.
 *
 * @param name          the site's name (English transliteration)
 * @param kind          {@code CITY}, {@code AIR_BASE}, {@code PORT}, {@code BASE}
 * @param population    inhabitants (0 when not a settlement or unknown)
 * @param position      where it is
 * @param oblast        the oblast (region) it is in, or empty when unknown
 * @param controlStatus the control status the source gives (e.g. "Ukraine", "Russia", "Contested"), or empty
 */
public record Site(String name, String kind, long population, LatLon position, String oblast, String controlStatus) {
    public Site {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a site needs a name");
        }
        if (population < 0) {
            throw new IllegalArgumentException("population of " + name + " is negative: " + population);
        }
        kind = kind == null || kind.isBlank() ? "CITY" : kind;
        oblast = oblast == null ? "" : oblast;
        controlStatus = controlStatus == null ? "" : controlStatus;
    }
}
