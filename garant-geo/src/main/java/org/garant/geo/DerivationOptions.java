package org.garant.geo;

/**
 * The documented knobs of contact-line derivation (see docs/ARCHITECTURE.md, "Deriving the contact line").
 *
 * @param borderToleranceKm parts of the occupied area's boundary within this distance of Ukraine's international
 *                          border or coast are border or coast, not contact line. The default, 3 km, absorbs the
 *                          difference between the generalised Natural Earth outline and the sources' own borders
 *                          and coasts (measured: up to about 2 km) while cutting at most 3 km off a line's end where
 *                          it meets the border.
 * @param minPartKm         after merging, line parts shorter than this are slivers (leftovers of coasts and
 *                          borders drawn differently by the two sources) and are removed.
 * @param gapClosingM       hairline gaps narrower than twice this between touching occupied polygons are closed
 *                          (a morphological closing) before the boundary is taken, so they cannot become line.
 * @param lineSnapKm        for a contact line given directly: a line end within this distance of the border or
 *                          coast is extended to it, so that the line splits Ukraine into its two sides.
 */
public record DerivationOptions(double borderToleranceKm, double minPartKm, double gapClosingM, double lineSnapKm) {
    public static final DerivationOptions DEFAULT = new DerivationOptions(3.0, 3.0, 100.0, 25.0);

    public DerivationOptions {
        if (!(borderToleranceKm >= 0) || !(minPartKm >= 0) || !(gapClosingM >= 0) || !(lineSnapKm >= 0)) {
            throw new IllegalArgumentException("derivation options must be non-negative");
        }
    }
}
